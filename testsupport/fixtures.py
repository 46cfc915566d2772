"""Test personas shared by every app's tests.

officer_a works for municipality A (Albertslund); officer_b for municipality B (Herning) and
must see nothing of A; coordinator reads the programme that spans both; consultant belongs to
a consultancy; company_user belongs to company_a, a company in A's portfolio.
"""

import itertools
from collections.abc import Iterator
from contextlib import suppress
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from carbon20.accounts.models import Membership, Role, User
from carbon20.core.demo import demo_cvr
from carbon20.organisations.models import (
    Company,
    ContactPerson,
    Municipality,
    Partner,
    PartnerType,
    PortfolioEntry,
    Programme,
    Site,
)


def _test_cvrs() -> Iterator[str]:
    # Serials from 500 000 up stay clear of the demo data's; a fixed-size pool ran dry when a
    # test built a thousand companies to compare query counts.
    for serial in range(500_000, 1_000_000):
        with suppress(ValueError):
            yield demo_cvr(serial)


_cvr_pool = _test_cvrs()
_p_numbers = itertools.count(9_100_000_000)


def next_cvr() -> str:
    return next(_cvr_pool)


def make_company(municipality: Municipality, name: str = "Testvirksomhed ApS", **fields) -> Company:
    company = Company.objects.create(
        cvr=fields.pop("cvr", None) or next_cvr(),
        name=name,
        address=fields.pop("address", "Testvej 1"),
        postcode=fields.pop("postcode", "2620"),
        city=fields.pop("city", municipality.name),
        municipality=municipality,
        **fields,
    )
    PortfolioEntry.objects.create(company=company, municipality=municipality)
    return company


def make_site(company: Company, **fields) -> Site:
    return Site.objects.create(
        company=company,
        p_number=fields.pop("p_number", str(next(_p_numbers))),
        address=fields.pop("address", company.address),
        postcode=fields.pop("postcode", company.postcode),
        city=fields.pop("city", company.city),
        municipality=fields.pop("municipality", company.municipality),
        **fields,
    )


def make_user(email: str, role: str | None = None, **target) -> User:
    user = User.objects.create_user(email, "correct-horse-battery", first_name=email.split("@")[0])
    if role:
        Membership.objects.create(user=user, role=role, **target)
    return user


def verify_second_factor(client: Client, user: User) -> None:
    """Give a logged-in test client's session the second factor, as the code page would:
    a confirmed authenticator device of the user, recorded in the session."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def client_for(user: User | None, *, verified: bool = True, client: Client | None = None) -> Client:
    """A test client logged in as `user`, with the second factor given unless told not to."""
    client = client or Client()
    if user is not None:
        client.force_login(user)
        if verified:
            verify_second_factor(client, user)
    return client


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Argon2 is made to be slow; thousands of test users would take minutes on two cores.
    # test_password_hashing checks the production setting itself.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs collectstatic; tests read static files from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # Login failures and rate limits count in the cache, which outlives a test's database
    # transaction: each test starts with none.
    cache.clear()


@pytest.fixture
def muni_a(db) -> Municipality:
    return Municipality.objects.get(code=165)  # Albertslund


@pytest.fixture
def muni_b(db) -> Municipality:
    return Municipality.objects.get(code=657)  # Herning


@pytest.fixture
def programme(muni_a, muni_b, consultancy) -> Programme:
    programme = Programme.objects.create(
        name="Testprogram",
        slug="testprogram",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
        target_percent=Decimal("20"),
        funder_reference="TEST-1",
    )
    programme.municipalities.set([muni_a, muni_b])
    # Reviews go to the programme's partner consultancies only.
    programme.partners.set([consultancy])
    return programme


@pytest.fixture
def consultancy(db) -> Partner:
    return Partner.objects.create(name="Testrådgivning ApS", type=PartnerType.CONSULTANCY)


@pytest.fixture
def company_a(muni_a) -> Company:
    company = make_company(muni_a, "Albertslund Testfabrik ApS")
    make_site(company)
    ContactPerson.objects.create(
        company=company, municipality=muni_a, name="Kontakt A", email="kontakt@a.example.dk"
    )
    return company


@pytest.fixture
def company_b(muni_b) -> Company:
    company = make_company(muni_b, "Herning Testværk A/S", postcode="7400")
    ContactPerson.objects.create(company=company, municipality=muni_b, name="Kontakt B")
    return company


@pytest.fixture
def officer_a(muni_a) -> User:
    return make_user("officer.a@test.dk", Role.OFFICER, municipality=muni_a)


@pytest.fixture
def officer_b(muni_b) -> User:
    return make_user("officer.b@test.dk", Role.OFFICER, municipality=muni_b)


@pytest.fixture
def coordinator(programme) -> User:
    return make_user("coordinator@test.dk", Role.COORDINATOR, programme=programme)


@pytest.fixture
def consultant(consultancy) -> User:
    return make_user("consultant@test.dk", Role.CONSULTANT, partner=consultancy)


@pytest.fixture
def company_user(company_a) -> User:
    return make_user("company@test.dk", Role.COMPANY_USER, company=company_a)


@pytest.fixture
def no_role_user(db) -> User:
    return make_user("nobody@test.dk")


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("admin@test.dk", "correct-horse-battery")
