"""Two real district heating suppliers with the declarations that the reference data
(shared/reference-data/REFERENCE.md, §1.3, reliability B) gives with their sources. The
values are written out here so that the migration keeps producing the same rows."""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

FYN = "https://www.fjernvarmefyn.dk/om-os/rapporter-og-opgoerelser/varedeklaration"
FYN_2023 = (
    "https://www.fjernvarmefyn.dk/om-os/rapporter-og-opgoerelser/"
    "varedeklaration-og-groen-omstillingsplan/"
)
HORSENS = "https://fjernvarmehorsens.dk/om-fjernvarme-horsens/miljoedeklaration.php"

SUPPLIERS = [
    (
        "Fjernvarme Fyn",
        461,
        "Odense",
        [
            (2019, Decimal("25.6"), FYN, "92 g/kWh as published."),
            (2020, Decimal("21.8"), FYN, "78 g/kWh as published."),
            (2023, Decimal("15.82"), FYN_2023, "56.95 kg/MWh; CO2 alone 15.32 kg/GJ."),
        ],
    ),
    (
        "Fjernvarme Horsens",
        615,
        "Horsens",
        [
            (
                2023,
                Decimal("18.6"),
                HORSENS,
                "Heating year 2022/23, counted as 2023; 66.8 g/kWh including network loss.",
            ),
        ],
    ),
]


def seed(apps, schema_editor):
    HeatSupplier = apps.get_model("energy", "HeatSupplier")
    HeatDeclaration = apps.get_model("energy", "HeatDeclaration")
    Municipality = apps.get_model("organisations", "Municipality")
    now = timezone.now()
    for name, code, area, declarations in SUPPLIERS:
        supplier, _created = HeatSupplier.objects.get_or_create(name=name, defaults={"area": area})
        supplier.municipalities.add(*Municipality.objects.filter(code=code))
        for year, value, url, note in declarations:
            HeatDeclaration.objects.get_or_create(
                supplier=supplier,
                year=year,
                version=1,
                defaults={
                    "kg_co2e_per_gj": value,
                    "method": "200",
                    "source_url": url,
                    "note": note,
                    "is_published": True,
                    "published_at": now,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("energy", "0005_heat_suppliers"),
        ("organisations", "0004_municipality_official_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
