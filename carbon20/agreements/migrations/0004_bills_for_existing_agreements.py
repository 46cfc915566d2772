"""Existing agreements keep their meaning: each documented data kind is compared by bills
before and after, which is what their results did until methods could be chosen. The default
templates get a version that states the method (existing agreements keep the version they were
written from)."""

from pathlib import Path

from django.db import migrations

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "default_templates"
PLACEHOLDER = "{{ documentation_method }}"


def bills_for_existing(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    for agreement in Agreement.objects.filter(documentation_methods={}):
        agreement.documentation_methods = {kind: "bills" for kind in agreement.data_kinds}
        agreement.save(update_fields=["documentation_methods"])


def default_templates_state_the_method(apps, schema_editor):
    AgreementTemplate = apps.get_model("agreements", "AgreementTemplate")
    AgreementTemplateVersion = apps.get_model("agreements", "AgreementTemplateVersion")
    for template in AgreementTemplate.objects.filter(municipality__isnull=True):
        latest = template.versions.order_by("-number").first()
        if latest is None or PLACEHOLDER in latest.body:
            continue
        AgreementTemplateVersion.objects.create(
            template=template,
            number=latest.number + 1,
            title=latest.title,
            body=(TEMPLATE_DIR / f"{template.language}.md").read_text(encoding="utf-8"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_agreement_weather_series"),
        ("partnerships", "0002_default_agreement_templates"),
    ]

    operations = [
        migrations.RunPython(bills_for_existing, migrations.RunPython.noop),
        migrations.RunPython(default_templates_state_the_method, migrations.RunPython.noop),
    ]
