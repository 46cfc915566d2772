"""One format for dates, money and years; the login form and the public pages' way in; the
municipalities' official names; Danish texts where Danish pages show stored data."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from carbon20.energy.models import EmissionFactor
from carbon20.organisations.demo import COMPANIES
from carbon20.organisations.models import Municipality
from testsupport.fixtures import client_for


def render(source: str, language: str = "da", **context) -> str:
    with translation.override(language):
        return Template("{% load formatting %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "1. dec. 2026"), ("en", "1 Dec 2026")],
)
def test_one_date_format(language, expected):
    assert render("{{ d|local_date }}", language, d=date(2026, 12, 1)) == expected


def test_danish_month_abbreviations_are_lower_case_with_a_full_stop():
    assert render("{{ d|local_date }}", d=date(2026, 2, 3)) == "3. feb. 2026"
    assert render("{{ d|local_date }}", d=date(2026, 5, 3)) == "3. maj 2026"


def test_time_stamps_show_the_local_day_and_time(settings):
    settings.TIME_ZONE = "Europe/Copenhagen"
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert render("{{ t|local_date }}", t=moment) == "1. dec. 2026"
    assert render("{{ t|local_datetime }}", t=moment) == "1. dec. 2026 00:30"
    assert render("{{ t|local_datetime }}", "en", t=moment) == "1 Dec 2026 00:30"


def test_empty_values_print_nothing():
    assert render("{{ d|local_date }}|{{ m|dkk }}|{{ y|year }}", d=None, m=None, y=None) == "||"


def test_one_money_format():
    assert render("{{ m|dkk }}", m=Decimal("1234567.49")) == "1.234.567"
    assert render("{{ m|dkk }}", "en", m=Decimal("1234567.5")) == "1,234,568"


def test_years_never_get_a_thousands_separator():
    assert render("{{ y|year }}", y=2016) == "2016"
    # Without the filter Django's localisation would print "2.016".
    assert render("{{ y }}", y=2016) == "2.016"


def test_no_template_prints_a_date_or_money_its_own_way():
    """Every page and document uses the filters above (PDF layouts included)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in [*root.glob("*/templates/**/*.*"), *(root.parent / "templates").glob("**/*.*")]:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\|date:"([^"]*)"', text):
            if match.group(1) != "Y":
                offenders.append(f"{path.name}: {match.group(0)}")
        for match in re.finditer(r"\.(dkk_saved_per_year|investment|cost_dkk)\|floatformat", text):
            offenders.append(f"{path.name}: {match.group(0)}")
    assert offenders == []


def test_login_field_is_an_email_field_and_public_pages_offer_login(db):
    client = client_for(None)
    login = client.get(reverse("accounts:login")).content.decode()
    field = re.search(r'<input[^>]*name="username"[^>]*>', login).group(0)
    assert 'type="email"' in field and 'autocomplete="username"' in field
    public = client.get(reverse("public:home")).content.decode()
    assert f'href="{reverse("accounts:login")}"' in public and ">Log ind<" in public
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in public


def test_signed_in_users_get_no_login_link(officer_a):
    html = client_for(officer_a).get(reverse("public:home")).content.decode()
    assert 'data-testid="login-link"' not in html


def test_all_98_municipalities_have_their_official_name(db):
    names = dict(Municipality.objects.values_list("name", "official_name"))
    assert len(names) == 98
    assert names["København"] == "Københavns Kommune"
    assert names["Bornholm"] == "Bornholms Regionskommune"
    assert names["Frederiksberg"] == "Frederiksberg Kommune"
    others = {n: o for n, o in names.items() if n not in ("København", "Bornholm")}
    assert all(official == f"{name} Kommune" for name, official in others.items())


def test_municipality_shows_its_official_name_on_danish_pages(db):
    copenhagen = Municipality.objects.get(name="København")
    with translation.override("da"):
        assert copenhagen.display_name == "Københavns Kommune"
    with translation.override("en"):
        assert copenhagen.display_name == "København Municipality"


def test_demo_industry_texts_are_danish():
    english = re.compile(r"\b(Manufacture|Retail|sale|of|and|activities)\b")
    assert [text for _n, _c, text, *_rest in COMPANIES if english.search(text)] == []


def test_seeded_factor_sources_are_danish(db):
    english = re.compile(r"national average|biogenic|without grid loss|unweighted|handbook")
    sources = list(EmissionFactor.objects.values_list("source", "note"))
    assert sources
    assert [s for s in sources if english.search(s[0]) or english.search(s[1])] == []
    assert any("landsgennemsnit" in source for source, _note in sources)
