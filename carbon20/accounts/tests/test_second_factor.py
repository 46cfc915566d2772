"""Two-factor login: required roles enrol, others verify, recovery codes work once, an
administrator's reset is audited, a company user may choose."""

import re
import time

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from carbon20.accounts import second_factor
from carbon20.accounts.models import User
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _password_login(email: str):
    client = client_for(None)
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _enrol(client):
    page = client.get(reverse("accounts:two_factor"))
    assert "<svg" in page.text
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(
        reverse("accounts:two_factor"), {"token": second_factor.code_for(device), "enrol": "1"}
    )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.text)
    return device, codes


def test_officer_is_sent_to_enrolment_and_then_reaches_the_start_page(officer_a):
    client = _password_login(officer_a.email)
    home = client.get(reverse("home:home"))
    assert home["Location"].startswith(reverse("accounts:two_factor"))
    _device, codes = _enrol(client)
    assert len(codes) == second_factor.RECOVERY_CODE_COUNT
    assert client.get(reverse("home:home")).status_code == 200


def test_wrong_code_is_refused_with_a_message(officer_a):
    client = _password_login(officer_a.email)
    client.get(reverse("accounts:two_factor"))
    response = client.post(reverse("accounts:two_factor"), {"token": "000000", "enrol": "1"})
    assert "The code is not valid" in response.text or "Koden er ikke gyldig" in response.text
    assert client.get(reverse("home:home")).status_code == 302


def test_enrolled_user_verifies_with_a_code_and_a_recovery_code_works_once(officer_a):
    client = _password_login(officer_a.email)
    device, codes = _enrol(client)
    second = _password_login(officer_a.email)
    wrong = second.post(reverse("accounts:two_factor"), {"token": "123"})
    assert wrong.status_code == 200
    # A wrong code makes the devices wait before the next try; the test does not wait.
    _unthrottle(officer_a)
    ok = second.post(reverse("accounts:two_factor"), {"token": codes[0]})
    assert ok.status_code == 302
    assert second.get(reverse("home:home")).status_code == 200
    third = _password_login(officer_a.email)
    # The spent recovery code works no more.
    assert third.post(reverse("accounts:two_factor"), {"token": codes[0]}).status_code == 200
    _unthrottle(officer_a)
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    later = second_factor.code_for(device, at=time.time() + 30)
    assert third.post(reverse("accounts:two_factor"), {"token": later}).status_code == 302


def test_company_user_owes_no_second_factor_but_may_set_one_up(company_user):
    client = _password_login(company_user.email)
    assert client.get(reverse("home:home")).status_code == 200
    enrol = client.get(reverse("accounts:two_factor") + "?enrol=1")
    assert "<svg" in enrol.text


def test_admin_reset_removes_the_devices_and_is_audited(admin_user_verified, officer_a):
    TOTPDevice.objects.create(user=officer_a, name="authenticator", confirmed=True)
    response = admin_user_verified.post(
        reverse("accounts:user_detail", args=[officer_a.uuid]), {"reset-second-factor": "1"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer_a).exists()
    entry = LogEntry.objects.filter(object_pk=str(officer_a.pk)).latest("timestamp")
    assert "second_factor_reset" in entry.changes


def test_officer_cannot_reset_anothers_second_factor(officer_a, officer_b):
    TOTPDevice.objects.create(user=officer_b, name="authenticator", confirmed=True)
    response = client_for(officer_a).post(
        reverse("accounts:user_detail", args=[officer_b.uuid]), {"reset-second-factor": "1"}
    )
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=officer_b).exists()


def test_reset_unverifies_the_existing_session(officer_a):
    client = client_for(officer_a)
    assert client.get(reverse("home:home")).status_code == 200
    admin = User.objects.create_superuser("root@test.dk", PASSWORD)
    second_factor.reset(account=officer_a, by=admin)
    assert client.get(reverse("home:home")).status_code == 302


@pytest.fixture
def admin_user_verified(db):
    admin = User.objects.create_superuser("admin@test.dk", PASSWORD)
    return client_for(admin)


def _unthrottle(user) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


def test_demo_code_is_shown_only_on_a_debug_demo_installation(settings, muni_a):
    from carbon20.accounts.models import Membership, Role

    demo = User.objects.create_user("officer@test.demo", PASSWORD)
    Membership.objects.create(user=demo, role=Role.OFFICER, municipality=muni_a)
    TOTPDevice.objects.create(user=demo, name="authenticator", confirmed=True)
    client = _password_login(demo.email)
    assert 'data-testid="demo-code"' not in client.get(reverse("accounts:two_factor")).text
    settings.DEBUG = True
    shown = client.get(reverse("accounts:two_factor")).text
    assert second_factor.current_code(demo) in shown


def test_demo_staff_accounts_are_enrolled_and_their_keys_printed(db, settings):
    from django.core.management import call_command

    from carbon20.accounts.demo import demo_logins

    settings.DEMO_MODE = True
    call_command("load_demo", verbosity=0)
    rows = {email: key for _role, email, key in demo_logins()}
    assert rows["officer@albertslund.demo"] and rows["admin@carbon20.demo"]
    assert rows["company@moebelsnedkeri.demo"] == ""


def test_a_session_from_before_two_factor_login_owes_it_too(officer_a):
    client = client_for(officer_a, verified=False)
    session = client.session
    del session[second_factor.REQUIRED]
    session.save()
    response = client.get(reverse("home:home"))
    assert response["Location"].startswith(reverse("accounts:two_factor"))
