"""The seeded reference factor sets cite their sources in Danish, as the pages they are shown
on do (0003 wrote them in English). Only texts still exactly as 0003 wrote them change, so a
coordinator's own wording is kept. The texts are written out here, like 0003's, so that the
migration keeps producing the same rows whatever the code later becomes."""

from importlib import import_module

from django.db import migrations

SEED = import_module("carbon20.energy.migrations.0003_seed_reference_factor_sets")

# Whole notes first, then the phrases the sources are built from; order matters.
NOTES = {
    SEED.BIOGENIC_NOTE: (
        "Biogen CO2: opgøres som memopost, ikke i scope 1 (IPCC 2006 bind 2 kap. 2; "
        "GHG Protocol). HB2016 angiver den som biogen og giver ingen faktor."
    ),
    "Old national average; district heating factors are specific to each network.": (
        "Gammelt landsgennemsnit; fjernvarmefaktorer er specifikke for hvert fjernvarmenet."
    ),
    "CO2 only, no biofuel blending.": "Kun CO2, uden iblanding af biobrændstof.",
    "Location-based (GHG Protocol scope 2).": "Lokationsbaseret (GHG Protocol scope 2).",
    "Proxy for the location-based declaration; DK2 only.": (
        "Stedfortræder for den lokationsbaserede deklaration; kun DK2."
    ),
}
PHRASES = [
    (
        "HB2016 energy-labelling handbook, table Brændværdier og CO2-emissionsfaktorer (B)",
        "HB2016 Håndbog for energikonsulenter, tabellen Brændværdier og CO2-emissionsfaktorer (B)",
    ),
    ("Grønlands Statistik 2020, IPCC emission factors (B)", "Grønlands Statistik 2020, IPCC-emissionsfaktorer (B)"),
    (", national average, 200 % method, ", ", landsgennemsnit, 200 %-metoden, "),
    (", national average, ", ", landsgennemsnit, "),
    (": biogenic.", ": biogen."),
    (", CO2e without grid loss (A)", ", CO2e uden nettab (A)"),
    (
        ", unweighted hourly mean ",
        ", uvægtet gennemsnit af timeværdierne for ",
    ),
    (" (B data, proxy value)", " (B-data, stedfortrædende værdi)"),
    ("0.204 ", "0,204 "),
    ("0.266 ", "0,266 "),
    ("0.234 ", "0,234 "),
    ("0.065 ", "0,065 "),
    ("0.197 ", "0,197 "),
    ("72.967 ", "72,967 "),
    ("0.2626812 ", "0,2626812 "),
    ("69.3 ", "69,3 "),
    ("0.24948 ", "0,24948 "),
]


def danish_source(text: str) -> str:
    for english, danish in PHRASES:
        text = text.replace(english, danish)
    return text


def _seeded():
    for spec in SEED.reference_sets():
        for carrier, _value, _scope, source, note in spec["factors"]:
            yield spec["name"], spec["year"], carrier, source, note


def translate(apps, schema_editor):
    EmissionFactor = apps.get_model("energy", "EmissionFactor")
    for name, year, carrier, source, note in _seeded():
        rows = EmissionFactor.objects.filter(
            factor_set__name=name, factor_set__year=year, carrier=carrier
        )
        rows.filter(source=source).update(source=danish_source(source))
        if note in NOTES:
            rows.filter(note=note).update(note=NOTES[note])


def untranslate(apps, schema_editor):
    EmissionFactor = apps.get_model("energy", "EmissionFactor")
    for name, year, carrier, source, note in _seeded():
        rows = EmissionFactor.objects.filter(
            factor_set__name=name, factor_set__year=year, carrier=carrier
        )
        rows.filter(source=danish_source(source)).update(source=source)
        if note in NOTES:
            rows.filter(note=NOTES[note]).update(note=note)


class Migration(migrations.Migration):
    dependencies = [("energy", "0003_seed_reference_factor_sets")]

    operations = [migrations.RunPython(translate, untranslate)]
