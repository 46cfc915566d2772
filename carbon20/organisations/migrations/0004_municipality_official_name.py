from django.db import migrations, models

from carbon20.organisations.official_names import official_name


def fill(apps, schema_editor):
    """Every municipality gets its official name, and the municipal partners that the seed
    data named "<name> Kommune" (so "København Kommune") take it too."""
    Municipality = apps.get_model("organisations", "Municipality")
    Partner = apps.get_model("organisations", "Partner")
    for municipality in Municipality.objects.all():
        municipality.official_name = official_name(municipality.name)
        municipality.save(update_fields=["official_name"])
        # Partner names are unique: one already called by the official name is left alone.
        if not Partner.objects.filter(name=municipality.official_name).exists():
            Partner.objects.filter(
                municipality=municipality, name=f"{municipality.name} Kommune"
            ).update(name=municipality.official_name)


def unfill(apps, schema_editor):
    Municipality = apps.get_model("organisations", "Municipality")
    Partner = apps.get_model("organisations", "Partner")
    for municipality in Municipality.objects.all():
        Partner.objects.filter(municipality=municipality, name=municipality.official_name).update(
            name=f"{municipality.name} Kommune"
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_industry_code_validator")]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="official_name",
            field=models.CharField(
                blank=True,
                help_text="As the municipality writes it, e.g. Københavns Kommune.",
                max_length=100,
                verbose_name="official name",
            ),
        ),
        migrations.RunPython(fill, unfill),
    ]
