import re

import pytest
from django.apps import apps
from django.core.management import call_command

from carbon20.accounts.models import Role, User
from carbon20.organisations.models import Company, Municipality, Programme

pytestmark = pytest.mark.django_db(transaction=False)

CARBON20_MUNICIPALITIES = {
    "Albertslund",
    "Allerød",
    "Ballerup",
    "Herning",
    "Kolding",
    "København",
    "Næstved",
}


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin", "axes"}
    }


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)


def test_loading_twice_changes_nothing(demo, capsys):
    before = _row_counts()
    call_command("load_demo")
    assert _row_counts() == before
    assert "nothing changed" in capsys.readouterr().out


def test_demo_content(demo):
    """One load checked for everything the issue asks of the demo (loading is slow)."""
    programme = Programme.objects.get(slug="carbon-20")
    assert (programme.start_date.year, programme.end_date.year) == (2011, 2013)
    assert programme.target_percent == 20
    assert programme.funder_reference == "LIFE09 ENV/DK/000366"
    assert set(programme.municipalities.values_list("name", flat=True)) == CARBON20_MUNICIPALITIES

    assert Company.objects.count() >= 30
    covered = set(
        Municipality.objects.filter(registered_companies__isnull=False).values_list(
            "name", flat=True
        )
    )
    assert covered == CARBON20_MUNICIPALITIES

    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    for cvr in Company.objects.values_list("cvr", flat=True):
        assert re.fullmatch(r"0\d{7}", cvr), cvr
        assert sum(int(d) * w for d, w in zip(cvr, weights, strict=True)) % 11 == 0, cvr

    officers = User.objects.filter(memberships__role=Role.OFFICER)
    assert officers.values("memberships__municipality").distinct().count() >= 2
    for role in Role:
        assert User.objects.filter(memberships__role=role).exists(), role
    assert User.objects.filter(is_superuser=True, email="admin@carbon20.demo").exists()
    officer = User.objects.get(email="officer@albertslund.demo")
    assert officer.check_password("carbon20-demo")


def test_demo_shows_measured_savings_by_regression_and_degree_days(demo):
    from carbon20.agreements.models import Agreement
    from carbon20.energy.models import ProductionRecord, WeatherSeries
    from carbon20.followups import documented

    series = WeatherSeries.objects.get(code="0165")
    assert "syntetiske" in series.name and series.days.count() > 700
    assert ProductionRecord.objects.filter(unit="tonne").count() >= 12
    by_method = {}
    for agreement in Agreement.objects.signed().exclude(documentation_methods={}):
        result = documented.documented_result(agreement.partnership)
        for figure in result.figures:
            by_method.setdefault(figure.method, []).append(figure)
    [regression] = by_method["regression"]
    assert regression.savings is not None, regression.reasons
    assert regression.savings_percent > 5 and regression.uncertainty is not None
    assert regression.model is not None and regression.periods
    [normalised] = by_method["degree_days"]
    assert normalised.evidence == "normalised" and normalised.savings is not None, (
        normalised.reasons
    )
