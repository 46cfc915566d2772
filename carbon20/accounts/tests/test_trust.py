"""Sessions, passwords, reset, headers, throttles, audit log and GDPR (issue 11, part A)."""

import csv
import io
import re
import time
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from carbon20.accounts import audit
from carbon20.accounts.middleware import LAST_SEEN
from carbon20.accounts.models import User
from carbon20.api import services as api_services
from carbon20.home import gdpr
from carbon20.organisations.models import ContactPerson
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("admin@test.dk", "correct-horse-battery")


def test_session_ends_after_the_idle_limit(settings, officer_a):
    client = client_for(officer_a)
    assert client.get(reverse("home:home")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_MINUTES * 60 - 1
    session.save()
    response = client.get(reverse("home:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_session_cookie_lasts_the_idle_limit(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 <= 60 * 60


@pytest.mark.parametrize("password", ["kort-kode1", "password1234", "123456789012345"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(email="someone@test.dk"))


def test_a_long_uncommon_password_is_accepted():
    validate_password("grøn-omstilling-i-albertslund", User(email="someone@test.dk"))


def test_password_reset_answers_the_same_and_is_rate_limited(settings, officer_a):
    settings.PASSWORD_RESET_RATE = 2
    url = reverse("accounts:password_reset")
    known = client_for(None).post(url, {"email": officer_a.email}, REMOTE_ADDR="192.0.2.1")
    unknown = client_for(None).post(url, {"email": "nobody@test.dk"}, REMOTE_ADDR="192.0.2.2")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    for _ in range(3):
        response = client_for(None).post(url, {"email": officer_a.email}, REMOTE_ADDR="192.0.2.3")
        assert response["Location"] == known["Location"]
    # Two per address: the first was mailed, one more, then nothing.
    assert len(mail.outbox) == 2


def test_pages_carry_csp_with_nonce_permissions_policy_and_no_store(officer_a):
    response = client_for(officer_a).get(reverse("home:home"))
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert "Server" not in response


def test_public_page_has_headers_but_may_be_cached():
    response = client_for(None).get(reverse("public:privacy"))
    assert response.status_code == 200
    assert "Permissions-Policy" in response
    assert "Content-Security-Policy" in response
    assert response.get("Cache-Control") != "no-store"
    assert reverse("public:privacy") in client_for(None).get(reverse("public:home")).text


def test_privacy_page_in_both_languages():
    client = client_for(None)
    assert "Privatliv" in client.get(reverse("public:privacy")).text
    client.cookies["carbon20_language"] = "en"
    assert "Privacy" in client.get(reverse("public:privacy")).text


def test_api_answers_are_no_store_and_docs_page_inline_script_has_the_nonce(officer_a):
    _token, secret = api_services.create_token(user=officer_a, name="t")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/municipalities/")["Cache-Control"] == "no-store"
    docs = client_for(officer_a).get(reverse("api:docs"))
    nonce = re.search(r"'nonce-([^']+)'", docs["Content-Security-Policy"]).group(1)
    tags = re.findall(r"<(?:script|style)[^>]*>", docs.text)
    assert tags and all(f'nonce="{nonce}"' in tag for tag in tags)


def test_anonymous_api_calls_are_throttled_per_address(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "3/minute",
        },
    }
    from rest_framework.settings import api_settings

    api_settings.reload()
    try:
        bad = APIClient(REMOTE_ADDR="192.0.2.50")
        bad.credentials(HTTP_AUTHORIZATION="Bearer guessed")
        statuses = [bad.get("/api/v1/municipalities/").status_code for _ in range(4)]
        assert statuses == [401, 401, 401, 429]
        other = APIClient(REMOTE_ADDR="192.0.2.51")
        assert other.get("/api/v1/municipalities/").status_code == 401
    finally:
        api_settings.reload()


def test_api_throttle_is_shared_by_two_processes_through_redis(officer_a):
    """Two app processes are two Redis clients of one server: a token's budget is one."""
    import uuid

    from django.core.cache.backends.redis import RedisCache
    from django.test import RequestFactory
    from rest_framework.request import Request

    from carbon20.api.throttling import TokenRateThrottle

    prefix = f"test-{uuid.uuid4().hex}"
    token, _secret = api_services.create_token(user=officer_a, name="t")

    def process():
        throttle = TokenRateThrottle()
        throttle.cache = RedisCache("redis://127.0.0.1:6379/5", {"KEY_PREFIX": prefix})
        throttle.num_requests, throttle.duration = 3, 60
        return throttle

    first, second = process(), process()
    request = Request(RequestFactory().get("/api/v1/municipalities/"))
    request.user, request.auth = officer_a, token
    answers = [
        first.allow_request(request, None),
        second.allow_request(request, None),
        first.allow_request(request, None),
        second.allow_request(request, None),
    ]
    assert answers == [True, True, True, False]
    first.cache.delete(first.get_cache_key(request, None))


def test_cache_url_selects_redis(monkeypatch):
    import importlib

    import config.settings as project_settings

    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/5")
    try:
        reloaded = importlib.reload(project_settings)
        assert reloaded.CACHES["default"]["BACKEND"].endswith("RedisCache")
        assert reloaded.AXES_HANDLER.endswith("AxesCacheHandler")
    finally:
        monkeypatch.delenv("CACHE_URL")
        importlib.reload(project_settings)


def test_changes_to_audited_models_are_logged_with_the_actor(officer_a, company_a):
    client = client_for(officer_a)
    contact = company_a.contacts.first()
    client.post(
        reverse("organisations:contact_edit", args=[company_a.uuid, contact.uuid]),
        {"name": "Ny Kontakt", "title": "", "email": "ny@a.example.dk", "phone": ""},
    )
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE, object_pk=str(contact.pk)
    ).latest("timestamp")
    assert entry.actor == officer_a
    assert entry.changes_dict["name"] == ["Kontakt A", "Ny Kontakt"]


def test_every_audited_model_that_exists_is_registered():
    from auditlog.registry import auditlog
    from django.apps import apps

    for label, _excluded in audit.AUDITED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        assert auditlog.contains(model), label


def test_viewing_contacts_is_logged(officer_a, company_a):
    client_for(officer_a).get(company_a.get_absolute_url())
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == officer_a
    assert entry.object_repr.startswith("Kontakt A")


def test_audit_log_is_append_only(company_a):
    entry = LogEntry.objects.filter(object_pk=str(company_a.pk)).first()
    entry.object_repr = "forged"
    with pytest.raises(Exception, match="never changed"):
        entry.save()
    with pytest.raises(Exception, match="time is up"):
        entry.delete()


def test_audit_page_is_for_administrators_only(admin, officer_a, company_a):
    assert client_for(officer_a).get(reverse("accounts:audit_log")).status_code == 404
    page = client_for(admin).get(reverse("accounts:audit_log"), {"text": "Albertslund"})
    assert page.status_code == 200
    assert "Albertslund Testfabrik" in page.text


def test_audit_export_is_formula_safe(admin, muni_a):
    from testsupport.fixtures import make_company

    make_company(muni_a, "=HYPERLINK(1)")
    response = client_for(admin).get(reverse("accounts:audit_log"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    objects = [row[5] for row in rows[1:]]
    assert any(cell.startswith("'=HYPERLINK(1)") for cell in objects)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_retention_deletes_only_old_entries(settings, company_a):
    settings.AUDIT_RETENTION_DAYS = 10
    before = LogEntry.objects.count()
    assert audit.delete_expired(now=timezone.now() + timedelta(days=11)) == before
    assert audit.delete_expired() == 0


def test_officer_exports_a_contact_but_not_another_municipalitys(officer_a, officer_b, company_a):
    contact = company_a.contacts.first()
    url = reverse("home:person_export", args=["contact", contact.uuid])
    response = client_for(officer_a).get(url)
    assert response.json()["email"] == "kontakt@a.example.dk"
    csv_text = client_for(officer_a).get(url, {"format": "csv"}).content.decode()
    assert "kontakt@a.example.dk" in csv_text
    assert client_for(officer_b).get(url).status_code == 404
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=officer_a).exists()


def test_user_exports_own_data_and_only_admin_exports_others(officer_a, officer_b, admin):
    mine = client_for(officer_a).get(reverse("home:my_data_export"))
    assert mine.json()["email"] == officer_a.email
    url = reverse("home:person_export", args=["user", officer_b.uuid])
    assert client_for(officer_a).get(url).status_code == 404
    assert client_for(admin).get(url).json()["email"] == officer_b.email


def test_erasing_a_contact_pseudonymises_and_keeps_the_company(officer_a, officer_b, company_a):
    contact = company_a.contacts.first()
    url = reverse("home:person_erase", args=["contact", contact.uuid])
    assert client_for(officer_b).post(url).status_code == 404
    assert client_for(officer_a).post(url).status_code == 302
    contact.refresh_from_db()
    assert contact.name.startswith("Slettet person ")
    assert contact.email == contact.phone == ""
    assert ContactPerson.objects.filter(company=company_a).count() == 1


def test_erasing_a_user_keeps_signature_hash_and_figures(partnership_with_signature, admin):
    from carbon20.partnerships.models import TimelineEvent

    signature, user = partnership_with_signature
    partnership = signature.agreement.partnership
    event = TimelineEvent.objects.create(
        partnership=partnership,
        actor=user,
        kind=TimelineEvent.Kind.SIGNATURE,
        text="Signed by Hanne Hansen",
        data={"name": "Hanne Hansen"},
    )
    agreement_before = (
        type(signature.agreement).objects.filter(pk=signature.agreement.pk).values()[0]
    )
    gdpr.erase_user(account=user, by=admin)
    signature.refresh_from_db()
    user.refresh_from_db()
    event.refresh_from_db()
    assert signature.name.startswith("Slettet person ")
    assert signature.pdf_sha256 == "0" * 64 and signature.title == "Direktør"
    assert "Hanne" not in event.text and "Hanne" not in str(event.data)
    agreement_after = (
        type(signature.agreement).objects.filter(pk=signature.agreement.pk).values()[0]
    )
    assert agreement_after == agreement_before
    entries = LogEntry.objects.filter(object_pk=str(user.pk), content_type__model="user")
    assert entries.filter(changes__icontains="erased").exists()
    # The erasure copies no name into the log.
    assert not entries.filter(timestamp__gte=event.at, changes__icontains="Hanne").exists()
    assert user.first_name.startswith("Slettet person ") and not user.is_active
    assert not user.has_usable_password()


def test_stale_leads_lose_their_contacts_data(settings, officer_a, company_a, company_b, programme):
    from carbon20.followups.tests.conftest import make_partnership
    from carbon20.partnerships.models import Partnership, Step

    settings.LEAD_RETENTION_MONTHS = 1
    lead = make_partnership(company_a, programme, officer_a, step=Step.RECRUITMENT)
    make_partnership(company_b, programme, officer_a, step=Step.RECRUITMENT)
    Partnership.objects.filter(pk=lead.pk).update(updated_at=timezone.now() - timedelta(days=60))
    assert gdpr.erase_stale_leads() == 1
    assert company_a.contacts.get().name.startswith("Slettet person ")
    # A recent lead keeps its contact.
    assert company_b.contacts.get().name == "Kontakt B"


@pytest.fixture
def partnership_with_signature(company_a, programme, officer_a):
    from carbon20.agreements.models import AgreementSignature
    from carbon20.followups.tests.conftest import make_factor_set, make_partnership, sign_agreement
    from carbon20.partnerships.models import Step
    from testsupport.fixtures import make_user

    partnership = make_partnership(company_a, programme, officer_a, step=Step.AGREEMENT)
    agreement = sign_agreement(partnership, make_factor_set(name="F"))
    signer = make_user("signer@test.dk")
    signer.first_name, signer.last_name = "Hanne", "Hansen"
    signer.save()
    signature = AgreementSignature.objects.create(
        agreement=agreement,
        party=AgreementSignature.Party.COMPANY,
        user=signer,
        name="Hanne Hansen",
        title="Direktør",
        pdf_sha256="0" * 64,
    )
    return signature, signer


def test_roles_and_users_are_audited_with_before_and_after(admin, officer_a, muni_b):
    client = client_for(admin)
    client.post(
        reverse("accounts:user_detail", args=[officer_a.uuid]),
        {"add-membership": "1", "role": "officer", "municipality": muni_b.pk},
    )
    created = LogEntry.objects.get(
        action=LogEntry.Action.CREATE, content_type__model="membership", actor=admin
    )
    assert created.changes_dict["role"][1] == "officer"
    client.post(reverse("accounts:user_detail", args=[officer_a.uuid]), {"active": "false"})
    changed = LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE, object_pk=str(officer_a.pk), actor=admin
    ).latest("timestamp")
    assert changed.changes_dict["is_active"] == ["True", "False"]
    assert "password" not in changed.changes_dict


def test_viewing_a_user_page_is_logged(admin, officer_a):
    client_for(admin).get(reverse("accounts:user_detail", args=[officer_a.uuid]))
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(officer_a.pk), actor=admin
    ).exists()
