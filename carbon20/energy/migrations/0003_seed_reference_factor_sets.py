"""Seed the reference emission factor sets from shared/reference-data/REFERENCE.md §1.

Only values that file gives are used, each with its source. The data is written out here,
not imported from the app, so that the migration keeps producing the same rows whatever the
code later becomes. Water and waste have no factor in the reference data, so no set holds
them: a calculation with water or waste records says so until a coordinator adds a set.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

HB2016_URL = (
    "https://hbemo.dk/haandbog-for-energikonsulenter-hb2016-2018/vejledende-tekniske-"
    "anvisninger-i-tabelform/braendsel/braendvaerdier-og-co2-emissionsfaktorer"
)
HB2016 = f"HB2016 energy-labelling handbook, table Brændværdier og CO2-emissionsfaktorer (B): {HB2016_URL}"
ENERGINET_2015_URL = (
    "http://energinet.dk/DA/KLIMA-OG-MILJOE/Miljoedeklarationer/Sider/"
    "Miljoedeklarering-af-1-kWh-el.aspx"
)
STAT_GL_URL = "https://stat.gl/publ/da/EN/202202/metoder/Metode%20og%20beregningsfaktorer.htm"
STAT_GL = f"Grønlands Statistik 2020, IPCC emission factors (B): {STAT_GL_URL}"
EDS_URL = "https://www.energidataservice.dk/tso-electricity/DeclarationGridEmission"
BIOGENIC_NOTE = (
    "Biogenic CO2: reported as a memo item, not in scope 1 (IPCC 2006 Vol. 2 Ch. 2; "
    "GHG Protocol). HB2016 marks it biogenic and gives no factor."
)
KG_PER_KWH_PER_KG_PER_GJ = Decimal("0.0036")

# (carrier, kg CO2e per kWh, scope, source, note)
HB2016_FUELS = [
    ("natural_gas", Decimal("0.204"), 1, f"Naturgas 0.204 kg CO2/kWh. {HB2016}", ""),
    ("heating_oil", Decimal("0.266"), 1, f"Fyringsgasolie 0.266 kg CO2/kWh. {HB2016}", ""),
    ("lpg", Decimal("0.234"), 1, f"LPG (flaskegas) 0.234 kg CO2/kWh. {HB2016}", ""),
    ("wood_pellets", Decimal("0"), 1, f"Træpiller: biogenic. {HB2016}", BIOGENIC_NOTE),
    ("wood_chips", Decimal("0"), 1, f"Træflis: biogenic. {HB2016}", BIOGENIC_NOTE),
]
HB2016_DISTRICT_HEATING = (
    "district_heating",
    Decimal("0.065"),
    2,
    f"Fjernvarme, national average, 200 % method, 0.065 kg CO2/kWh. {HB2016}",
    "Old national average; district heating factors are specific to each network.",
)
TRANSPORT_FUELS = [
    (
        "diesel",
        Decimal("72.967") * KG_PER_KWH_PER_KG_PER_GJ,
        1,
        f"Gas-/dieselolie 72.967 kg CO2/GJ (= 0.2626812 kg/kWh). {STAT_GL}",
        "CO2 only, no biofuel blending.",
    ),
    (
        "petrol",
        Decimal("69.3") * KG_PER_KWH_PER_KG_PER_GJ,
        1,
        f"Motorbenzin 69.3 kg CO2/GJ (= 0.24948 kg/kWh). {STAT_GL}",
        "CO2 only, no biofuel blending.",
    ),
]

OTHER_CARRIERS_NOTE = (
    "Other carriers: district heating and heating fuels from HB2016 (B, c. 2016, CO2 only); "
    "diesel and petrol from Grønlands Statistik / IPCC 2006 (B). No newer Danish values "
    "for them were found (ENS's standard factor list: NOT FOUND)."
)

DK2_PROXY_G_PER_KWH = {
    2020: "88.4",
    2021: "73.9",
    2022: "63.9",
    2023: "39.2",
    2024: "40.7",
    2025: "40.5",
}


def reference_sets():
    yield {
        "name": "HB2016 energimærkning (erstatning for ENS' standardfaktorer)",
        "year": 2016,
        "method": "national_average",
        "source_url": HB2016_URL,
        "reliability": "B",
        "reliability_note": (
            "Energy-labelling handbook values from about 2016, used as a substitute until "
            "Energistyrelsen's current standard factor list is obtained. CO2 only, not CO2e. "
            "Electricity and district heating are old national averages (district heating "
            "200 % method). The handbook gives no diesel or petrol factor."
        ),
        "factors": [
            ("electricity", Decimal("0.197"), 2, f"El, national average, 0.197 kg CO2/kWh. {HB2016}", ""),
            HB2016_DISTRICT_HEATING,
            *HB2016_FUELS,
        ],
    }
    for method, label, co2e in (("energinet_125", "125 %", "0.195"), ("energinet_200", "200 %", "0.233")):
        yield {
            "name": f"Energinet miljødeklaration 2015, {label}",
            "year": 2015,
            "method": method,
            "source_url": ENERGINET_2015_URL,
            "reliability": "B",
            "reliability_note": (
                f"Electricity: Energinet's environmental declaration of 1 kWh for 2015, {label} "
                f"method, {Decimal(co2e) * 1000:.0f} g CO2e/kWh without grid loss (A). "
                + OTHER_CARRIERS_NOTE
            ),
            "factors": [
                (
                    "electricity",
                    Decimal(co2e),
                    2,
                    f"Energinet miljødeklaration 2015, {label}, CO2e without grid loss (A): "
                    f"{ENERGINET_2015_URL}",
                    "Location-based (GHG Protocol scope 2).",
                ),
                HB2016_DISTRICT_HEATING,
                *HB2016_FUELS,
                *TRANSPORT_FUELS,
            ],
        }
    for year, grams in DK2_PROXY_G_PER_KWH.items():
        yield {
            "name": f"Energinet DK2 timeværdier {year} (foreløbig, ikke officiel)",
            "year": year,
            "method": "energinet_125",
            "source_url": EDS_URL,
            "reliability": "C",
            "reliability_note": (
                f"Electricity: {grams} g/kWh, the unweighted mean of Energinet's hourly "
                "DeclarationGridEmission for DK2 (East Denmark), 125 % method, in "
                f"{year}. It is NOT the official, consumption-weighted miljødeklaration "
                "(not found for 2019–2024), and DK1 is not included: replace this set "
                "when the official value is obtained. " + OTHER_CARRIERS_NOTE
            ),
            "factors": [
                (
                    "electricity",
                    Decimal(grams) / 1000,
                    2,
                    f"Energi Data Service, DeclarationGridEmission, DK2, 125 %, unweighted "
                    f"hourly mean {year} (B data, proxy value): {EDS_URL}",
                    "Proxy for the location-based declaration; DK2 only.",
                ),
                HB2016_DISTRICT_HEATING,
                *HB2016_FUELS,
                *TRANSPORT_FUELS,
            ],
        }


def seed(apps, schema_editor):
    FactorSet = apps.get_model("energy", "FactorSet")
    EmissionFactor = apps.get_model("energy", "EmissionFactor")
    now = timezone.now()
    for spec in reference_sets():
        factors = spec.pop("factors")
        factor_set, created = FactorSet.objects.get_or_create(
            name=spec["name"],
            year=spec["year"],
            defaults={**spec, "is_published": True, "published_at": now},
        )
        if not created:
            continue
        EmissionFactor.objects.bulk_create(
            EmissionFactor(
                factor_set=factor_set,
                carrier=carrier,
                kg_co2e_per_unit=value,
                scope=scope,
                source=source,
                note=note,
            )
            for carrier, value, scope, source, note in factors
        )


def unseed(apps, schema_editor):
    FactorSet = apps.get_model("energy", "FactorSet")
    names = [spec["name"] for spec in reference_sets()]
    FactorSet.objects.filter(name__in=names, programme__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("energy", "0002_canonical_quantity_six_decimals")]

    operations = [migrations.RunPython(seed, unseed)]
