"""The official names of the 98 municipalities (2007 reform), from the short names of
`data/dk_municipalities_2007.csv`: "<name> Kommune", except the two that differ."""

# Copenhagen takes the genitive; Bornholm is a regional municipality.
EXCEPTIONS = {
    "København": "Københavns Kommune",
    "Bornholm": "Bornholms Regionskommune",
}


def official_name(name: str) -> str:
    return EXCEPTIONS.get(name, f"{name} Kommune")
