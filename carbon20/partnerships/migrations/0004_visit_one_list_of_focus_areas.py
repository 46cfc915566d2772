"""A visit keeps one list of focus areas. The areas that were only discussed (the second
list the old form had) are kept: a visit without chosen areas takes them as its list, and
areas discussed beside the chosen ones are written into the visit's interests, in Danish,
the installation's language."""

from django.db import migrations

# The labels as the Danish catalogue has them, written out so the migration does not change
# when the code does.
LABELS = {
    "electricity": "El",
    "heat": "Varme",
    "supply": "Forsyning",
    "waste": "Affald",
    "water": "Vand",
    "transport": "Transport",
    "food": "Mad og kantine",
    "it": "IT og serverrum",
    "commuting": "Pendling",
    "products": "Produkter",
}


def keep_discussed_areas(apps, schema_editor):
    Visit = apps.get_model("partnerships", "Visit")
    for visit in Visit.objects.exclude(candidate_areas=[]):
        if not visit.focus_areas:
            visit.focus_areas = list(visit.candidate_areas)
            visit.save(update_fields=["focus_areas"])
            continue
        others = [area for area in visit.candidate_areas if area not in visit.focus_areas]
        if others:
            line = "Områder drøftet ved besøget, men ikke valgt: " + ", ".join(
                LABELS.get(area, area) for area in others
            )
            visit.interests = f"{visit.interests}\n\n{line}." if visit.interests else f"{line}."
            visit.save(update_fields=["interests"])


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0003_timeline_event_message")]

    operations = [
        migrations.RunPython(keep_discussed_areas, migrations.RunPython.noop),
        migrations.RemoveField(model_name="visit", name="candidate_areas"),
    ]
