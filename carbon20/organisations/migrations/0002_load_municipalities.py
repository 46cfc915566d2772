import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent.parent / "data" / "dk_municipalities_2007.csv"


def load(apps, schema_editor):
    Municipality = apps.get_model("organisations", "Municipality")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Municipality.objects.update_or_create(
                code=int(row["kommunekode"]),
                defaults={
                    "name": row["kommunenavn"],
                    "slug": slugify(row["kommunenavn"].replace("æ", "ae").replace("ø", "oe").replace("å", "aa").replace("Æ", "Ae").replace("Ø", "Oe").replace("Å", "Aa")),
                    "region": row["region"],
                    "region_code": int(row["regionskode"]),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
