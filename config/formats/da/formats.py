# Danish conventions on top of Django's own "da" formats: imports and officers write
# dd-mm-yyyy as often as dd.mm.yyyy, and browsers' date inputs send ISO dates.
# The one date format of the pages (`local_date`): "1. dec. 2026", with Django's Danish month
# abbreviations in lower case and with their full stop ("M" would print "1. Dec 2026").
DATE_FORMAT = "j. N Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "j. N Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
