"""`manage.py generate_scale`: fills an empty demo database, reuses its own data set, refuses
real data and installations that are not in demo mode."""

import pytest
from django.core.management import CommandError, call_command

from carbon20.home import scale
from carbon20.organisations.models import Company
from carbon20.partnerships.models import Partnership, Step


@pytest.mark.django_db
def test_generates_every_step_and_reuses_the_data_set(capsys):
    call_command("generate_scale", "--municipalities", "2", "--companies", "30", "--years", "1")
    out = capsys.readouterr().out
    assert "30 Company" in out and "ConsumptionRecord" in out
    assert Company.objects.count() == 30
    steps = set(Partnership.objects.values_list("step", flat=True))
    assert Step.FOLLOW_UP in steps and len(steps) >= 3
    call_command("generate_scale", "--reuse")
    assert "already generated" in capsys.readouterr().out
    with pytest.raises(CommandError, match="is there already"):
        call_command("generate_scale", "--companies", "5")
    with pytest.raises(CommandError, match="1–98 municipalities"):
        call_command("generate_scale", "--municipalities", "99")


@pytest.mark.django_db
def test_refuses_a_database_with_data_of_its_own(company_a):
    with pytest.raises(CommandError, match="did not make"):
        call_command("generate_scale", "--companies", "5")
    assert not Partnership.objects.exists()


@pytest.mark.django_db
def test_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(scale.RefusedError, match="CARBON20_DEMO"):
        scale.generate(scale.Spec(municipalities=1, companies=5))
