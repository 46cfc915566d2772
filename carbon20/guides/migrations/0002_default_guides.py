"""Every programme that exists gets the product's default guides as version 1; programmes
made later get them when they are created (guides.signals)."""

from django.db import migrations

from carbon20.guides.defaults import KINDS, LANGUAGES, read_default


def install(apps, schema_editor):
    Programme = apps.get_model("organisations", "Programme")
    Guide = apps.get_model("guides", "Guide")
    GuideVersion = apps.get_model("guides", "GuideVersion")
    for programme in Programme.objects.all():
        for kind in KINDS:
            for language in LANGUAGES:
                guide, created = Guide.objects.get_or_create(
                    programme=programme, municipality=None, kind=kind, language=language
                )
                if created:
                    title, body = read_default(kind, language)
                    GuideVersion.objects.create(guide=guide, number=1, title=title, body=body)


class Migration(migrations.Migration):
    dependencies = [("guides", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
