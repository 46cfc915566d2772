"""The partnership pages as people read them: DKFDS markup that the design system's script
and screen readers understand, the company named in its links, the visit as the guide, and
the timeline in the reader's language."""

import re
from datetime import date
from decimal import Decimal
from importlib import import_module

from django.urls import reverse
from django.utils import translation

from carbon20.organisations.models import Programme
from carbon20.partnerships import workflow
from carbon20.partnerships.forms import VisitForm
from carbon20.partnerships.models import TimelineEvent
from carbon20.partnerships.tests.conftest import make_partnership
from testsupport.fixtures import client_for, make_site


def page(user, url, language="da") -> str:
    client = client_for(user)
    client.cookies["carbon20_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_back_link_has_the_dkfds_arrow(agreement_a, officer_a):
    html = page(officer_a, reverse("agreements:agreement_detail", args=[agreement_a.uuid]))
    link = re.search(r'<a class="back-link"[^>]*>(.*?)</a>', html, re.S).group(1)
    assert 'aria-hidden="true"' in link and "#chevron-left" in link
    assert agreement_a.partnership.company.name in link


def test_done_steps_show_the_check_icon_with_text(agreement_a, officer_a):
    html = page(officer_a, agreement_a.partnership.get_absolute_url())
    steps = re.search(r'data-testid="step-indicator">(.*?)</ol>', html, re.S).group(1)
    assert "√" not in steps and "✓" not in steps
    assert steps.count("#check") == 2  # steps 1 and 2 are done
    assert '<span class="sr-only">Udført: 1</span>' in steps


def test_visits_are_a_dkfds_accordion_with_buttons(agreement_a, officer_a):
    html = page(officer_a, agreement_a.partnership.get_absolute_url())
    accordion = re.search(r'<ul class="accordion accordion-bordered">(.*?)</ul>', html, re.S)
    assert accordion, "the visits are not in a DKFDS accordion"
    button = re.search(r'<button class="accordion-button"[^>]*>', accordion.group(1)).group(0)
    controls = re.search(r'aria-controls="([^"]+)"', button).group(1)
    assert 'aria-expanded="false"' in button
    assert f'id="{controls}" aria-hidden="true" class="accordion-content"' in accordion.group(1)
    assert "<details" not in html


def test_agreement_table_scrolls_in_a_labelled_region(agreement_a, officer_a):
    html = page(officer_a, agreement_a.partnership.get_absolute_url())
    assert (
        '<div class="table--responsive-scroll" tabindex="0" role="region" '
        'aria-labelledby="agreements-heading">' in html
    )


def test_company_links_name_the_company_and_the_sign_button_keeps_its_colours(
    sent_agreement_a, company_user, company_a, officer_a, programme
):
    # The same company in a second programme, for its other site: two links, told apart.
    other_site = make_site(company_a, name="Lager Vest")
    second_programme = Programme.objects.create(
        name="Andet program",
        slug="andet-program",
        start_date=date(2026, 1, 1),
        end_date=date(2028, 12, 31),
        target_percent=Decimal("20"),
    )
    second_programme.municipalities.set([company_a.municipality])
    second = make_partnership(company_a, officer_a, second_programme, site=other_site)
    assert second.pk != sent_agreement_a.partnership_id
    html = page(company_user, reverse("home:home"))
    links = re.findall(r'<a href="/partnerships/[^"]+">([^<]+(?:<[^a][^>]*>[^<]*)*)</a>', html)
    texts = [t for t in links if "Klimapartnerskab for" in t]
    assert len(texts) == 2 and len(set(texts)) == 2
    assert all(company_a.name in t for t in texts)
    assert any("Lager Vest" in t for t in texts)
    sign = re.search(r'<p(?: class="[^"]*")?><a class="button button-primary"[^>]*>', html)
    assert sign and 'class="alert-text"' not in sign.group(0)


def test_visit_form_is_the_guide_with_one_list_of_focus_areas(partnership_a, officer_a):
    workflow.select_for_visit(partnership_a, officer_a)
    html = page(officer_a, reverse("partnerships:visit", args=[partnership_a.uuid]))
    assert html.count('name="focus_areas"') == 10
    assert "candidate_areas" not in html
    legends = re.findall(r'<legend class="h3">([^<]+)</legend>', html)
    # The fieldsets are the sections of the programme's first-meeting guide, under its headings.
    assert legends == [
        "Besøget og deltagerne",
        "Områder, der kan indgå",
        "Status for klimaarbejdet",
        "Interesser, potentiale og barrierer",
        "Partnerskabsaftalen",
        "Næste skridt",
    ]
    assert "Spørg, hvordan medarbejderne er inddraget" in html
    # Every field of the form sits in exactly one section.
    form = VisitForm(partnership=partnership_a)
    names = [name for _key, _legend, _hint, fields in VisitForm.SECTIONS for name in fields]
    assert sorted(names) == sorted(form.fields) and len(names) == len(set(names))


def test_visit_form_refuses_the_company_user(partnership_a, officer_a, company_user):
    workflow.select_for_visit(partnership_a, officer_a)
    url = reverse("partnerships:visit", args=[partnership_a.uuid])
    assert client_for(company_user).get(url).status_code in (403, 404)


def test_timeline_reads_in_the_readers_language(sent_agreement_a, officer_a):
    agreement_a = sent_agreement_a
    url = agreement_a.partnership.get_absolute_url()
    danish = page(officer_a, url, "da")
    english = page(officer_a, url, "en")
    assert "Aftale, version 1, sendt til underskrift." in danish
    assert "Agreement version 1 sent for signature." in english
    assert "Agreement version 1 sent for signature." not in danish
    assert "Selected for a visit." in english and "Recruited through: Business council" in english
    event = agreement_a.partnership.timeline.filter(kind=TimelineEvent.Kind.AGREEMENT).first()
    assert event.message == "Agreement version %(version)d sent for signature."
    assert event.data == {"version": 1}
    # The stored text is what the writer read, kept for the API.
    assert event.text == "Aftale, version 1, sendt til underskrift."


def test_timeline_dates_and_labels_follow_the_reader(partnership_a, officer_a):
    workflow.record_event(
        partnership_a,
        officer_a,
        TimelineEvent.Kind.NOTE,
        workflow.EventText("Not interested after the visit on %(date)s.", date=date(2026, 12, 1)),
    )
    event = partnership_a.timeline.first()
    assert event.data == {"date": {"date": "2026-12-01"}}
    with translation.override("en"):
        assert event.display_text == "Not interested after the visit on 1 Dec 2026."
    with translation.override("da"):
        assert event.display_text == "Ikke interesseret efter besøget den 1. dec. 2026."


def test_old_events_keep_their_stored_text(partnership_a, officer_a):
    event = TimelineEvent.objects.create(
        partnership=partnership_a, actor=officer_a, kind="note", text="Gammel tekst."
    )
    with translation.override("en"):
        assert event.display_text == "Gammel tekst."


def test_typed_reasons_stay_as_typed(partnership_a, officer_a):
    workflow.pause(partnership_a, officer_a, "  Ferie  ")
    event = partnership_a.timeline.first()
    assert (event.text, event.message, event.data) == ("Ferie", "", {})
    partnership_a.refresh_from_db()
    assert partnership_a.status_reason == "Ferie"


def test_the_other_municipality_sees_no_timeline(agreement_a, officer_b):
    response = client_for(officer_b).get(agreement_a.partnership.get_absolute_url())
    assert response.status_code == 404


class _StoredVisit:
    """A visit as the migration sees it, before the second list is dropped."""

    def __init__(self, candidate_areas, focus_areas, interests=""):
        self.candidate_areas, self.focus_areas, self.interests = (
            candidate_areas,
            focus_areas,
            interests,
        )
        self.saved: list[str] = []

    def save(self, update_fields):
        self.saved += update_fields


def test_migration_keeps_the_areas_discussed_at_a_visit():
    migration = import_module("carbon20.partnerships.migrations.0004_visit_one_list_of_focus_areas")
    only_discussed = _StoredVisit(["heat", "water"], [])
    both = _StoredVisit(["electricity", "waste"], ["electricity"], "Lavere regning")
    same = _StoredVisit(["electricity"], ["electricity"])

    class Visits:
        def exclude(self, **lookup):
            assert lookup == {"candidate_areas": []}
            return [only_discussed, both, same]

    class Apps:
        def get_model(self, app, name):
            assert (app, name) == ("partnerships", "Visit")
            return type("Visit", (), {"objects": Visits()})

    migration.keep_discussed_areas(Apps(), None)
    assert only_discussed.focus_areas == ["heat", "water"]
    assert both.focus_areas == ["electricity"]
    assert (
        both.interests == "Lavere regning\n\nOmråder drøftet ved besøget, men ikke valgt: Affald."
    )
    assert same.saved == []
