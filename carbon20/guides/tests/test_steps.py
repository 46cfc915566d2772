"""The guides at every step: each step's guide opened through its partnership by the right
role only, the version a step follows recorded with it, the review's missing items, and the
forms and documents following their guide's sections."""

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from carbon20.actionplans.documents import render_plan_pdf
from carbon20.actionplans.models import ActionPlan
from carbon20.followups.tests.conftest import make_partnership as make_follow_up_partnership
from carbon20.followups.tests.conftest import plan_follow_ups
from carbon20.guides import services
from carbon20.guides.kinds import GuideKind
from carbon20.guides.models import Guide
from carbon20.guides.selectors import in_force_for
from carbon20.guides.tests.conftest import programme_guide
from carbon20.partnerships import workflow
from carbon20.partnerships.models import Step
from carbon20.screening import services as screening
from carbon20.screening.models import TechnicalReview
from carbon20.screening.tests.factories import (
    add_baseline,
    add_measure,
    make_factor_set,
    make_partnership_at_step_4,
)
from testsupport.fixtures import client_for

# The rendered documents are kept here to be looked at (pdftoppm), as the other apps' are.
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"

STEP_KINDS = ["first_meeting", "screening", "screening_report", "action_plan", "follow_up"]
READS = {
    "officer_a": set(STEP_KINDS),
    "coordinator": set(STEP_KINDS),
    "company_user": {"action_plan", "follow_up"},
    "consultant": {"screening", "screening_report"},
    "officer_b": set(),
    "no_role_user": set(),
}


@pytest.fixture
def at_step_4(company_a, officer_a, programme, consultant):
    partnership = make_partnership_at_step_4(company_a, officer_a, programme, make_factor_set())
    screening.assign_consultant(partnership=partnership, consultant=consultant, user=officer_a)
    partnership.refresh_from_db()
    return partnership


def _publish(programme, kind, body_edit, user, language="da"):
    guide = programme_guide(programme, kind, language)
    return services.publish_version(
        guide=guide,
        title=guide.latest_version.title + " (2)",
        body=body_edit(guide.latest_version.body),
        user=user,
    )


def _reorder(body: str, order: list[str], renames: dict[str, str]) -> str:
    """The body with its sections in `order`, headings renamed by key."""
    parts = re.split(r"(?m)^(?=## )", body)
    intro, sections = parts[0], parts[1:]
    by_key = {re.search(r"\{#(\w+)\}", section)[1]: section for section in sections}
    for key, heading in renames.items():
        by_key[key] = re.sub(r"^## .*?\{#", f"## {heading} {{#", by_key[key])
    return intro + "".join(by_key[key].rstrip("\n") + "\n\n" for key in order)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- each step's guide through its partnership: right role, wrong role, other tenant ------


@pytest.mark.parametrize("persona", list(READS))
def test_each_step_guide_and_its_downloads_by_role(request, persona, at_step_4):
    client = client_for(request.getfixturevalue(persona))
    for kind in STEP_KINDS:
        expected = 200 if kind in READS[persona] else 404
        for name in ("step_guide", "step_guide_pdf", "step_guide_docx"):
            url = reverse(f"partnerships:{name}", args=[at_step_4.uuid, kind])
            assert client.get(url).status_code == expected, (persona, kind, name)


def test_a_consultant_not_assigned_reads_no_guide_of_the_partnership(at_step_4, consultancy):
    from testsupport.fixtures import make_user

    other = make_user("other-consultant@example.org", "consultant", partner=consultancy)
    url = reverse("partnerships:step_guide", args=[at_step_4.uuid, "screening"])
    assert client_for(other).get(url).status_code == 404


@pytest.mark.parametrize(
    "query", ["model/", "budget/", "screening/?language=de", "screening/?language="]
)
def test_unknown_kinds_and_languages_are_404(at_step_4, officer_a, query):
    url = reverse("partnerships:detail", args=[at_step_4.uuid]) + "guides/" + query
    expected = 200 if query.endswith("language=") else 404
    assert client_for(officer_a).get(url).status_code == expected


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("officer_a", ["first_meeting", "agreement", *STEP_KINDS[1:]]),
        ("company_user", ["action_plan", "follow_up"]),
        ("consultant", ["screening", "screening_report"]),
    ],
)
def test_the_partnership_page_links_the_guides_the_role_reads(request, persona, links, at_step_4):
    html = client_for(request.getfixturevalue(persona)).get(at_step_4.get_absolute_url())
    found = re.findall(r'data-testid="step-guide-([a-z_]+)"', html.content.decode())
    assert found == links


def test_the_guide_reads_in_danish_and_in_english(at_step_4, officer_a):
    client = client_for(officer_a)
    url = reverse("partnerships:step_guide", args=[at_step_4.uuid, "first_meeting"])
    danish = client.get(url).content.decode()
    assert "Guide til det første møde med virksomheden" in danish
    assert 'lang="da"' in danish and "?language=en" in danish
    english = client.get(url + "?language=en").content.decode()
    assert "Guide to the first meeting with the company" in english
    docx = client.get(
        reverse("partnerships:step_guide_docx", args=[at_step_4.uuid, "first_meeting"])
        + "?language=en"
    )
    headings = [
        p.text for p in Document(io.BytesIO(docx.content)).paragraphs if p.style.name == "Heading 2"
    ]
    assert headings[0] == "The visit and its participants"
    # The municipality's name fills the placeholder of the guide read through a partnership.
    pdf = client.get(
        reverse("partnerships:step_guide_pdf", args=[at_step_4.uuid, "screening"])
    ).content
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "guides-screening-guidelines.pdf").write_bytes(pdf)
    assert "Albertslund" in _pdf_text(pdf)
    english = client.get(
        reverse("partnerships:step_guide_pdf", args=[at_step_4.uuid, "follow_up"]) + "?language=en"
    ).content
    (ARTIFACTS / "guides-follow-up-guidance-en.pdf").write_bytes(english)
    assert "Guidance for following up on action plans" in _pdf_text(english)


# --- the version in force is recorded with the step ----------------------------------------


def test_the_review_keeps_the_guidelines_it_started_with(at_step_4, coordinator, officer_a):
    review = at_step_4.technical_review
    first = review.screening_guide_version
    assert first == programme_guide(at_step_4.programme, GuideKind.SCREENING).latest_version
    assert review.report_guide_version.guide.kind == GuideKind.SCREENING_REPORT
    assert first.is_in_use
    newer = _publish(at_step_4.programme, GuideKind.SCREENING, lambda body: body, coordinator)
    assert in_force_for(at_step_4, GuideKind.SCREENING) == newer
    page = client_for(officer_a).get(
        reverse("partnerships:step_guide", args=[at_step_4.uuid, "screening"])
    )
    assert page.context["version"] == first


def test_a_recorded_visit_keeps_the_first_meeting_guide(partnership_a, officer_a):
    workflow.select_for_visit(partnership_a, officer_a)
    response = client_for(officer_a).post(
        reverse("partnerships:visit", args=[partnership_a.uuid]),
        {
            "visit_date": "2026-10-01",
            "municipal_participants": "Officer A",
            "company_participants": "Direktør",
            "management_present": "on",
            "focus_areas": ["electricity"],
            "employee_involvement": "some",
            "energy_management": "informal",
            "agreement_walked_through": "on",
            "management_backing": "secured",
            "outcome": "agreement",
        },
    )
    assert response.status_code == 302
    visit = partnership_a.visits.get()
    assert visit.guide_version == in_force_for(partnership_a, GuideKind.FIRST_MEETING)


def test_the_visit_form_follows_the_municipality_version(
    partnership_a, officer_a, muni_a, programme
):
    guide = programme_guide(programme)
    order = ["next_steps", "visit", "areas", "climate_work", "interests", "agreement"]
    services.adopt_for_municipality(
        guide=guide,
        municipality=muni_a,
        title="Albertslunds mødeguide",
        body=_reorder(guide.latest_version.body, order, {"next_steps": "Aftal først det næste"}),
        user=officer_a,
    )
    workflow.select_for_visit(partnership_a, officer_a)
    html = (
        client_for(officer_a)
        .get(reverse("partnerships:visit", args=[partnership_a.uuid]))
        .content.decode()
    )
    assert re.findall(r'data-section="([a-z_]+)"', html) == order
    assert re.findall(r'<legend class="h3">([^<]+)</legend>', html)[0] == "Aftal først det næste"
    assert "Albertslunds mødeguide" in html


# --- the review's missing items --------------------------------------------------------------


def test_the_review_lists_what_the_guidelines_still_ask_and_refuses_to_issue(at_step_4, consultant):
    review = at_step_4.technical_review
    review.site_visit_date = date(2026, 4, 2)
    review.baseline_start, review.baseline_end = date(2025, 1, 1), date(2025, 12, 31)
    review.save()
    add_baseline(review, electricity=Decimal("250000"))
    add_measure(review, 1, obligation_assigned=None)
    add_measure(review, 2, savings={})
    client = client_for(consultant)
    page = client.get(review.get_absolute_url()).content.decode()
    missing = re.search(r'data-testid="missing-items".*?</ul>', page, re.S)[0]
    assert "Fordeling på anvendelser:</strong> fordelingen på anvendelser" in missing
    assert "tiltag 2: besparelsen pr. energiart pr. år" in missing
    assert "tiltag 1: om besparelsen er overdraget" in missing
    # The guidelines themselves stand beside the review and its form.
    assert "Retningslinjer for energiscreening" in page
    form_page = client.get(reverse("screening:edit", args=[review.uuid])).content.decode()
    assert 'data-testid="screening-guidelines"' in form_page
    response = client.post(reverse("screening:issue", args=[review.uuid]), {"confirm": "on"})
    assert response.status_code == 400
    error = str(response.context["issue_form"].non_field_errors())
    assert "fordelingen på anvendelser; tiltag 2" in error
    review.refresh_from_db()
    assert not review.is_issued and not review.report_pdf


def test_the_api_refuses_the_issue_with_the_same_list(at_step_4, consultant):
    from carbon20.api.tests.conftest import token_client

    review = at_step_4.technical_review
    response = token_client(consultant).post(f"/api/v1/technical-reviews/{review.uuid}/issue/")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "transition_refused"
    assert "the date of the site visit" in body["detail"] or "datoen for besøget" in body["detail"]
    assert TechnicalReview.objects.get(pk=review.pk).status == TechnicalReview.State.DRAFT


def test_nothing_missing_once_every_question_is_answered(at_step_4, consultant):
    review = at_step_4.technical_review
    review.site_visit_date = date(2026, 4, 2)
    review.baseline_start, review.baseline_end = date(2025, 1, 1), date(2025, 12, 31)
    review.end_use_shares = {"lighting": "100"}
    review.save()
    add_baseline(review, electricity=Decimal("250000"))
    add_measure(review, 1, obligation_assigned=False)
    page = client_for(consultant).get(review.get_absolute_url()).content.decode()
    assert 'data-testid="nothing-missing"' in page
    screening.issue_review(review=review, user=consultant)
    assert TechnicalReview.objects.get(pk=review.pk).is_issued


# --- documents follow their guide --------------------------------------------------------------


def test_the_screening_report_follows_its_guidelines(
    company_a, officer_a, programme, consultant, coordinator
):
    order = ["measures", "summary", "method", "baseline", "end_uses"]
    _publish(
        programme,
        GuideKind.SCREENING_REPORT,
        lambda body: _reorder(body, order, {"measures": "Forslag til tiltag"}),
        coordinator,
    )
    partnership = make_partnership_at_step_4(company_a, officer_a, programme, make_factor_set())
    review = screening.assign_consultant(
        partnership=partnership, consultant=consultant, user=officer_a
    )
    review.site_visit_date = date(2026, 4, 2)
    review.baseline_start, review.baseline_end = date(2025, 1, 1), date(2025, 12, 31)
    review.end_use_shares = {"lighting": "60", "other": "40"}
    review.save()
    add_baseline(review, electricity=Decimal("250000"))
    add_measure(review, 1, description="LED-belysning")
    screening.issue_review(review=review, user=consultant)
    review.refresh_from_db()
    pdf = review.report_pdf.read()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "guides-screening-report.pdf").write_bytes(pdf)
    text = _pdf_text(pdf)
    headings = [
        "Forslag til tiltag",
        "Sammenfatning",
        "Metode og faktorer",
        "Basisforbrug og nøgletal",
        "Fordeling på anvendelser",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_the_plan_pdf_follows_the_plan_template(
    company_a, officer_a, programme, consultant, coordinator
):
    from carbon20.actionplans.tests.conftest import issued_review_at_step_5

    order = ["actions", "summary", "method", "abatement"]
    version = _publish(
        programme,
        GuideKind.ACTION_PLAN,
        lambda body: _reorder(body, order, {"actions": "Det gør vi"}),
        coordinator,
    )
    partnership, _review = issued_review_at_step_5(
        company_a, officer_a, programme, consultant, make_factor_set()
    )
    from carbon20.actionplans.services import start_plan

    plan = start_plan(partnership)
    assert plan.guide_version == version
    pdf = render_plan_pdf(ActionPlan.objects.get(pk=plan.pk))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "guides-action-plan.pdf").write_bytes(pdf)
    text = _pdf_text(pdf)
    headings = ["Det gør vi", "Planen set mod målet", "Metode og faktorer", "Omkostning pr. ton"]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_the_follow_up_form_follows_the_guidance(company_a, programme, officer_a):
    partnership = make_follow_up_partnership(company_a, programme, officer_a)
    follow_up = plan_follow_ups(partnership, date(2026, 1, 10))[0]
    html = (
        client_for(officer_a)
        .get(reverse("followups:detail", args=[follow_up.uuid]))
        .content.decode()
    )
    assert re.findall(r'data-section="([a-z_]+)"', html) == [
        "meeting",
        "actions",
        "consumption",
        "barriers",
        "help",
        "next",
    ]
    assert "Opfølgningsmødet" in html and "Nyt forbrugsdata" in html
    assert reverse("partnerships:step_guide", args=[partnership.uuid, "follow_up"]) in html
    assert Guide.objects.filter(kind=GuideKind.FOLLOW_UP).exists()
    assert partnership.step == Step.FOLLOW_UP


# --- the public model page -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title"),
    [("da", "Sådan forløber et klimapartnerskab"), ("en", "How a climate partnership works")],
)
def test_the_public_reads_the_model_page(client, programme, language, title):
    client.cookies["carbon20_language"] = language
    home = client.get(reverse("public:home")).content.decode()
    url = reverse("public:model", args=[programme.slug])
    assert url in home
    page = client.get(url).content.decode()
    assert title in page and "Testprogram" in page


def test_an_unknown_programme_has_no_model_page(client, db):
    assert client.get(reverse("public:model", args=["nowhere"])).status_code == 404
