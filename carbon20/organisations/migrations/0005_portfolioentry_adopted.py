from django.db import migrations, models


def mark_adoptions(apps, schema_editor):
    """Before this field every entry granted the same; the first entry of a company is the
    municipality that registered it, every later one an adoption."""
    PortfolioEntry = apps.get_model("organisations", "PortfolioEntry")
    first_ids = {}
    for entry_id, company_id in PortfolioEntry.objects.order_by("added_at", "id").values_list(
        "id", "company_id"
    ):
        first_ids.setdefault(company_id, entry_id)
    PortfolioEntry.objects.exclude(id__in=list(first_ids.values())).update(adopted=True)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_municipality_official_name")]

    operations = [
        migrations.AddField(
            model_name="portfolioentry",
            name="adopted",
            field=models.BooleanField(
                default=False,
                help_text="Added to the portfolio after another municipality had registered it.",
                verbose_name="adopted",
            ),
        ),
        migrations.RunPython(mark_adoptions, migrations.RunPython.noop),
    ]
