"""The product's default agreement templates in Danish and English (version 1)."""

from pathlib import Path

from django.db import migrations

# The texts moved with the agreements app; this migration still writes them as version 1.
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "agreements" / "default_templates"
TITLES = {"da": "Partnerskabsaftale om klimapartnerskab", "en": "Climate partnership agreement"}


def create_defaults(apps, schema_editor):
    AgreementTemplate = apps.get_model("partnerships", "AgreementTemplate")
    AgreementTemplateVersion = apps.get_model("partnerships", "AgreementTemplateVersion")
    for language, title in TITLES.items():
        template, _created = AgreementTemplate.objects.get_or_create(
            municipality=None, language=language
        )
        if not template.versions.exists():
            AgreementTemplateVersion.objects.create(
                template=template,
                number=1,
                title=title,
                body=(TEMPLATE_DIR / f"{language}.md").read_text(encoding="utf-8"),
            )


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
