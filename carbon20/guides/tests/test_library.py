"""The guide library: the defaults every programme gets, versions that never change once a
partnership has used them, bad input refused with nothing saved, and who reads and writes
which page and download."""

import importlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from carbon20.guides import defaults, services, text
from carbon20.guides.kinds import SECTIONS, GuideKind
from carbon20.guides.models import Guide, GuideVersion
from carbon20.guides.tests.conftest import library_state, programme_guide
from carbon20.partnerships.tests.conftest import make_partnership, make_visit
from testsupport.fixtures import client_for


def _form(version_or_guide, **changes) -> dict:
    latest = (
        version_or_guide.latest_version if isinstance(version_or_guide, Guide) else version_or_guide
    )
    data = {"title": latest.title, "body": latest.body}
    data.update(changes)
    return data


# --- the defaults --------------------------------------------------------------------------


def test_a_new_programme_has_every_default_in_both_languages(programme):
    guides = Guide.objects.filter(programme=programme, municipality=None)
    assert sorted(guides.values_list("kind", "language")) == sorted(
        (kind, language) for kind in GuideKind.values for language in ("da", "en")
    )
    assert all(guide.latest_version.number == 1 for guide in guides)


@pytest.mark.parametrize("kind", defaults.KINDS)
@pytest.mark.parametrize("language", defaults.LANGUAGES)
def test_each_default_passes_its_own_rules_and_holds_its_sections(kind, language):
    title, body = defaults.read_default(kind, language)
    assert title
    text.validate_body(body, kind)
    keys = [key for key, _heading, _text in text.split(body)[1]]
    assert sorted(keys) == sorted(SECTIONS[kind])


def test_the_data_migration_and_the_signal_install_the_same_texts(programme):
    version = programme_guide(programme, GuideKind.SCREENING, "en").latest_version
    assert (version.title, version.body) == defaults.read_default("screening", "en")


def test_the_data_migration_gives_an_existing_programme_its_missing_guides(programme):
    from django.apps import apps

    migration = importlib.import_module("carbon20.guides.migrations.0002_default_guides")
    screening = programme_guide(programme, GuideKind.SCREENING, "da")
    screening.versions.all().delete()
    screening.delete()
    kept = programme_guide(programme).latest_version
    migration.install(apps, None)
    assert Guide.objects.filter(programme=programme, municipality=None).count() == 12
    restored = programme_guide(programme, GuideKind.SCREENING, "da").latest_version
    assert (restored.number, restored.title) == (1, defaults.read_default("screening", "da")[0])
    # A guide the programme already has keeps its versions.
    assert programme_guide(programme).latest_version == kept


# --- versions in use are never changed --------------------------------------------------------


def test_a_version_used_by_a_visit_is_refused_a_change_and_stays_as_it_was(
    first_meeting, partnership_a, officer_a, coordinator
):
    version = first_meeting.latest_version
    make_visit(partnership_a, officer_a, guide_version=version)
    assert version.is_in_use
    before = (version.title, version.body)
    with pytest.raises(ValidationError) as refused:
        services.correct_version(
            version=version, title="Ændret", body=version.body, user=coordinator
        )
    assert refused.value.messages[0].startswith("Version 1 bruges af et partnerskab")
    version.refresh_from_db()
    assert (version.title, version.body) == before


def test_the_page_refuses_to_correct_a_version_in_use_and_publishes_nothing(
    first_meeting, partnership_a, officer_a, coordinator
):
    version = first_meeting.latest_version
    make_visit(partnership_a, officer_a, guide_version=version)
    url = reverse("guides:guide_edit", args=[first_meeting.uuid])
    client = client_for(coordinator)
    assert "not used yet" not in client.get(url).content.decode()
    response = client.post(url, {**_form(first_meeting, title="Ændret"), "correct": ""})
    assert response.status_code == 200
    assert "bruges af et partnerskab" in str(response.context["form"].non_field_errors())
    assert first_meeting.versions.count() == 1
    version.refresh_from_db()
    assert version.title != "Ændret"


def test_a_change_publishes_a_new_version_and_the_used_one_stays(
    first_meeting, partnership_a, officer_a, coordinator
):
    used = first_meeting.latest_version
    make_visit(partnership_a, officer_a, guide_version=used)
    response = client_for(coordinator).post(
        reverse("guides:guide_edit", args=[first_meeting.uuid]),
        {**_form(first_meeting, title="Guide, anden udgave"), "publish": ""},
    )
    assert response.status_code == 302
    assert list(first_meeting.versions.values_list("number", "title")) == [
        (2, "Guide, anden udgave"),
        (1, used.title),
    ]


def test_a_version_nobody_used_yet_may_be_corrected(first_meeting, coordinator):
    response = client_for(coordinator).post(
        reverse("guides:guide_edit", args=[first_meeting.uuid]),
        {**_form(first_meeting, title="Rettet titel"), "correct": ""},
    )
    assert response.status_code == 302
    assert list(first_meeting.versions.values_list("number", "title")) == [(1, "Rettet titel")]


# --- bad input: refused with the reason, nothing saved -------------------------------------


@pytest.mark.parametrize(
    ("body_change", "reason"),
    [
        (
            lambda body: body + "\n{{ company_secret }}\n",
            "Ukendt pladsholder: {{ company_secret }}",
        ),
        (lambda body: body + "\n<script>alert(1)</script>\n", "HTML er ikke tilladt"),
        (lambda body: body + '\n<img src=x onerror="alert(1)">\n', "<img>"),
        (lambda body: body.replace("{#next_steps}", ""), "Manglende afsnit: {#next_steps}"),
        (lambda body: body + "\n## Ekstra {#budget}\n", "Ukendt afsnit: {#budget}"),
        (lambda body: body + "\n## Igen {#visit}\n", "mere end én gang: {#visit}"),
    ],
)
def test_bad_guide_text_is_refused_with_the_reason_and_nothing_saved(
    first_meeting, coordinator, body_change, reason
):
    before = library_state()
    response = client_for(coordinator).post(
        reverse("guides:guide_edit", args=[first_meeting.uuid]),
        {
            **_form(first_meeting, body=body_change(first_meeting.latest_version.body)),
            "publish": "",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert reason in " ".join(message for messages in errors.values() for message in messages)
    assert library_state() == before


def test_the_service_refuses_bad_text_without_the_form(first_meeting, coordinator):
    with pytest.raises(ValidationError):
        services.publish_version(
            guide=first_meeting, title="x", body="<script>x</script>", user=coordinator
        )
    assert first_meeting.versions.count() == 1


def test_the_sanitiser_still_strips_what_markdown_itself_makes():
    html = text.render("Se [her](javascript:alert(1)) og ![billede](x.png)\n", {})
    assert "<a" not in html and "<img" not in html and "javascript" not in html


def test_an_officer_writes_the_own_version_of_their_municipality(first_meeting, officer_a, muni_a):
    response = client_for(officer_a).post(
        reverse("guides:guide_adopt", args=[first_meeting.uuid]),
        {**_form(first_meeting, title="Albertslunds guide"), "municipality": muni_a.pk},
    )
    assert response.status_code == 302
    own = Guide.objects.get(municipality=muni_a, kind=GuideKind.FIRST_MEETING, language="da")
    assert own.latest_version.title == "Albertslunds guide"


def test_a_municipality_version_for_another_municipality_is_refused(
    first_meeting, officer_a, muni_b
):
    before = library_state()
    response = client_for(officer_a).post(
        reverse("guides:guide_adopt", args=[first_meeting.uuid]),
        {**_form(first_meeting), "municipality": muni_b.pk},
    )
    assert response.status_code == 200
    assert "kun skrive en udgave for en kommune" in str(response.context["form"].errors)
    assert library_state() == before


def test_a_municipality_outside_the_programme_is_refused_by_the_service(first_meeting, officer_a):
    from carbon20.organisations.models import Municipality

    outside = Municipality.objects.exclude(programmes=first_meeting.programme).first()
    with pytest.raises(ValidationError) as refused:
        services.adopt_for_municipality(
            guide=first_meeting,
            municipality=outside,
            title="x",
            body=first_meeting.latest_version.body,
            user=officer_a,
        )
    assert "municipality" in refused.value.message_dict
    assert not Guide.objects.filter(municipality=outside).exists()


def test_the_steps_use_the_municipality_version_where_there_is_one(
    first_meeting, officer_a, muni_a, company_a, programme
):
    own = services.adopt_for_municipality(
        guide=first_meeting,
        municipality=muni_a,
        title="Albertslunds guide",
        body=first_meeting.latest_version.body,
        user=officer_a,
    )
    from carbon20.guides.selectors import in_force_for

    partnership = make_partnership(company_a, officer_a, programme)
    assert in_force_for(partnership, GuideKind.FIRST_MEETING) == own


# --- who reads and writes: every page and download --------------------------------------------


def _municipality_version(first_meeting, officer, municipality) -> Guide:
    return services.adopt_for_municipality(
        guide=first_meeting,
        municipality=municipality,
        title="Egen guide",
        body=first_meeting.latest_version.body,
        user=officer,
    ).guide


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("officer_a", 200),
        ("consultant", 404),
        ("company_user", 404),
        ("no_role_user", 404),
    ],
)
def test_the_library_page(request, persona, status, programme):
    response = client_for(request.getfixturevalue(persona)).get(reverse("guides:library"))
    assert response.status_code == status


def test_the_library_lists_the_programme_guides_in_bounded_queries(
    django_assert_max_num_queries, officer_a, programme
):
    client = client_for(officer_a)
    # Session and user, the roles, the guides, their versions, the page's own lookups.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("guides:library"))
    assert response.content.decode().count('href="/guides/') == 12


def _urls(guide: Guide) -> list[str]:
    return [
        reverse("guides:guide_detail", args=[guide.uuid]),
        reverse("guides:guide_pdf", args=[guide.uuid, 1]),
        reverse("guides:guide_docx", args=[guide.uuid, 1]),
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("officer_a", 200),
        ("officer_b", 200),
        ("consultant", 404),
        ("company_user", 404),
        ("no_role_user", 404),
    ],
)
def test_a_programme_guide_and_its_downloads(request, persona, status, first_meeting):
    client = client_for(request.getfixturevalue(persona))
    for url in _urls(first_meeting):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("officer_a", 200), ("officer_b", 404), ("company_user", 404)],
)
def test_a_municipality_version_is_the_other_tenants_404(
    request, persona, status, first_meeting, officer_a, muni_a
):
    own = _municipality_version(first_meeting, officer_a, muni_a)
    client = client_for(request.getfixturevalue(persona))
    for url in _urls(own):
        assert client.get(url).status_code == status, url
    # Its officers write it; the coordinator reads it.
    edit = client.get(reverse("guides:guide_edit", args=[own.uuid])).status_code
    assert edit == (200 if persona == "officer_a" else 404)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("officer_a", 404), ("consultant", 404), ("company_user", 404)],
)
def test_only_the_coordinator_edits_the_programme_guide(request, persona, status, first_meeting):
    user = request.getfixturevalue(persona)
    url = reverse("guides:guide_edit", args=[first_meeting.uuid])
    before = GuideVersion.objects.count()
    client = client_for(user)
    assert client.get(url).status_code == status
    response = client.post(url, {**_form(first_meeting, title="Ny"), "publish": ""})
    assert response.status_code == (302 if status == 200 else 404)
    assert GuideVersion.objects.count() == before + (1 if status == 200 else 0)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("officer_a", 200), ("coordinator", 404), ("consultant", 404), ("company_user", 404)],
)
def test_only_officers_write_a_municipality_version(request, persona, status, first_meeting):
    url = reverse("guides:guide_adopt", args=[first_meeting.uuid])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == status


def test_an_unknown_version_or_guide_is_404(first_meeting, coordinator):
    client = client_for(coordinator)
    assert client.get(reverse("guides:guide_pdf", args=[first_meeting.uuid, 9])).status_code == 404
    detail = reverse("guides:guide_detail", args=[first_meeting.uuid])
    assert client.get(detail + "?version=x").status_code == 404
    assert client.get(detail + "?version=1").status_code == 200


def test_the_pdf_and_docx_are_the_guide_in_the_print_layout(first_meeting, coordinator):
    client = client_for(coordinator)
    pdf = client.get(reverse("guides:guide_pdf", args=[first_meeting.uuid, 1]))
    assert pdf["Content-Type"] == "application/pdf"
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Guide til det første møde med virksomheden" in pdf_text
    assert "Testprogram" in pdf_text  # the placeholder filled in, and the running header
    assert "{#" not in pdf_text and "{{" not in pdf_text
    docx = client.get(reverse("guides:guide_docx", args=[first_meeting.uuid, 1]))
    document = Document(io.BytesIO(docx.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Besøget og deltagerne",
        "Områder, der kan indgå",
        "Status for klimaarbejdet",
        "Interesser, potentiale og barrierer",
        "Partnerskabsaftalen",
        "Næste skridt",
    ]
