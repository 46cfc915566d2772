"""Another municipality's officer gets 404 on every page, document and action of a
partnership; readers and company users see only what their role grants."""

import pytest
from django.urls import reverse

from carbon20.agreements.models import AgreementTemplate
from carbon20.partnerships.models import Status, Step
from testsupport.fixtures import client_for


def _pages(partnership, agreement, meeting, template) -> list[str]:
    return [
        reverse("partnerships:detail", args=[partnership.uuid]),
        reverse("partnerships:recruitment", args=[partnership.uuid]),
        reverse("partnerships:visit", args=[partnership.uuid]),
        reverse("agreements:agreement_create", args=[partnership.uuid]),
        reverse("agreements:agreement_detail", args=[agreement.uuid]),
        reverse("agreements:agreement_edit", args=[agreement.uuid]),
        reverse("agreements:agreement_pdf", args=[agreement.uuid]),
        reverse("agreements:agreement_docx", args=[agreement.uuid]),
        reverse("partnerships:meeting_detail", args=[meeting.uuid]),
        reverse("partnerships:meeting_edit", args=[meeting.uuid]),
        reverse("agreements:template_edit", args=[template.uuid]),
    ]


def _actions(partnership, agreement, meeting) -> list[str]:
    return [
        *(
            reverse("partnerships:transition", args=[partnership.uuid, action])
            for action in ("select-for-visit", "pause", "resume", "withdraw")
        ),
        reverse("partnerships:visit", args=[partnership.uuid]),
        reverse("partnerships:recruitment", args=[partnership.uuid]),
        reverse("agreements:agreement_create", args=[partnership.uuid]),
        reverse("agreements:agreement_edit", args=[agreement.uuid]),
        reverse("agreements:agreement_action", args=[agreement.uuid, "send"]),
        reverse("agreements:agreement_action", args=[agreement.uuid, "new-version"]),
        reverse("agreements:agreement_sign", args=[agreement.uuid]),
        reverse("agreements:agreement_scan", args=[agreement.uuid]),
        reverse("partnerships:meeting_edit", args=[meeting.uuid]),
        reverse("partnerships:meeting_send", args=[meeting.uuid]),
        reverse("partnerships:meeting_attendance", args=[meeting.uuid]),
    ]


@pytest.fixture
def template_a(muni_a):
    return AgreementTemplate.objects.create(municipality=muni_a, language="da")


def _snapshot(partnership, agreement, meeting):
    partnership.refresh_from_db()
    agreement.refresh_from_db()
    return (
        partnership.step,
        partnership.status,
        partnership.timeline.count(),
        agreement.status,
        agreement.signatures.count(),
        meeting.invitations.filter(sent_at__isnull=False).count(),
        partnership.agreements.count(),
    )


def test_other_municipality_officer_gets_404_everywhere(
    officer_b, agreement_a, meeting_a, template_a
):
    partnership = agreement_a.partnership
    client = client_for(officer_b)
    for url in _pages(partnership, agreement_a, meeting_a, template_a):
        assert client.get(url).status_code == 404, url
    before = _snapshot(partnership, agreement_a, meeting_a)
    for url in _actions(partnership, agreement_a, meeting_a):
        assert client.post(url, {"reason": "x", "name": "B", "title": "B"}).status_code == 404, url
    assert (
        client.post(
            reverse("agreements:template_edit", args=[template_a.uuid]),
            {"title": "x", "body": "x"},
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("agreements:template_create", args=["albertslund", "en"])).status_code
        == 404
    )
    assert _snapshot(partnership, agreement_a, meeting_a) == before
    assert not AgreementTemplate.objects.filter(municipality__slug="albertslund", language="en")


def test_company_user_sees_own_partnership_but_no_officer_pages(
    company_user, sent_agreement_a, meeting_a, template_a, partnership_b
):
    agreement = sent_agreement_a
    partnership = agreement.partnership
    client = client_for(company_user)
    for url in (
        reverse("partnerships:detail", args=[partnership.uuid]),
        reverse("agreements:agreement_detail", args=[agreement.uuid]),
        reverse("agreements:agreement_pdf", args=[agreement.uuid]),
        reverse("agreements:agreement_docx", args=[agreement.uuid]),
    ):
        assert client.get(url).status_code == 200, url
    for url in (
        reverse("partnerships:pipeline"),
        reverse("partnerships:recruitment", args=[partnership.uuid]),
        reverse("partnerships:visit", args=[partnership.uuid]),
        reverse("agreements:agreement_edit", args=[agreement.uuid]),
        reverse("partnerships:meeting_list"),
        reverse("partnerships:meeting_detail", args=[meeting_a.uuid]),
        reverse("agreements:template_list"),
        reverse("partnerships:detail", args=[partnership_b.uuid]),
    ):
        assert client.get(url).status_code == 404, url
    before = _snapshot(partnership, agreement, meeting_a)
    for url in _actions(partnership, agreement, meeting_a):
        if url.endswith("/sign/"):
            continue
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    assert _snapshot(partnership, agreement, meeting_a) == before


def test_coordinator_reads_but_cannot_act(coordinator, sent_agreement_a, meeting_a):
    agreement = sent_agreement_a
    partnership = agreement.partnership
    client = client_for(coordinator)
    for url in (
        reverse("partnerships:pipeline"),
        reverse("partnerships:detail", args=[partnership.uuid]),
        reverse("agreements:agreement_detail", args=[agreement.uuid]),
        reverse("agreements:agreement_pdf", args=[agreement.uuid]),
        reverse("partnerships:meeting_detail", args=[meeting_a.uuid]),
    ):
        assert client.get(url).status_code == 200, url
    before = _snapshot(partnership, agreement, meeting_a)
    for url in _actions(partnership, agreement, meeting_a):
        expected = 403 if url.endswith("/sign/") else 404
        assert client.post(url, {"reason": "x"}).status_code == expected, url
    assert _snapshot(partnership, agreement, meeting_a) == before


def test_unassigned_consultant_and_no_role_user_see_nothing(
    consultant, no_role_user, agreement_a, meeting_a
):
    partnership = agreement_a.partnership
    for user in (consultant, no_role_user):
        client = client_for(user)
        for url in (
            reverse("partnerships:pipeline"),
            reverse("partnerships:detail", args=[partnership.uuid]),
            reverse("agreements:agreement_pdf", args=[agreement_a.uuid]),
            reverse("partnerships:meeting_detail", args=[meeting_a.uuid]),
        ):
            assert client.get(url).status_code == 404, (user, url)


def test_assigned_consultant_reads_the_partnership(consultant, agreement_a):
    partnership = agreement_a.partnership
    partnership.consultant = consultant
    partnership.save()
    client = client_for(consultant)
    assert client.get(reverse("partnerships:detail", args=[partnership.uuid])).status_code == 200
    assert (
        client.post(
            reverse("partnerships:transition", args=[partnership.uuid, "pause"]), {"reason": "x"}
        ).status_code
        == 404
    )
    partnership.refresh_from_db()
    assert (partnership.status, partnership.step) == (Status.ACTIVE, Step.AGREEMENT)


def test_anonymous_is_sent_to_login(agreement_a):
    response = client_for(None).get(reverse("agreements:agreement_pdf", args=[agreement_a.uuid]))
    assert response.status_code == 302 and "login" in response.url
