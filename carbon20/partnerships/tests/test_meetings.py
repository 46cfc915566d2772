from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from carbon20.partnerships.models import InformationMeeting, TimelineEvent
from testsupport.fixtures import client_for, make_company


def _meeting_data(programme, municipality, companies, **overrides):
    data = {
        "title": "Klimamøde",
        "municipality": municipality.pk,
        "programme": programme.pk,
        "starts_at": (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Rådhuset",
        "invited_companies": [company.pk for company in companies],
    }
    data.update(overrides)
    return data


def test_plan_invite_and_record_attendance(
    officer_a, programme, muni_a, company_a, partnership_a, django_capture_on_commit_callbacks
):
    client = client_for(officer_a)
    response = client.post(
        reverse("partnerships:meeting_create"), _meeting_data(programme, muni_a, [company_a])
    )
    assert response.status_code == 302
    meeting = InformationMeeting.objects.get()
    invitation = meeting.invitations.get()
    assert invitation.email == "kontakt@a.example.dk" and invitation.sent_at is None

    # The mails go once the request's changes are committed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partnerships:meeting_send", args=[meeting.uuid]))
    assert [message.to for message in mail.outbox] == [["kontakt@a.example.dk"]]
    assert "Klimamøde" in mail.outbox[0].body and "Rådhuset" in mail.outbox[0].body
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    # Sending again sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("partnerships:meeting_send", args=[meeting.uuid]))
    assert len(mail.outbox) == 1

    attendance = reverse("partnerships:meeting_attendance", args=[meeting.uuid])
    client.post(attendance, {"attended": [str(invitation.uuid)]})
    invitation.refresh_from_db()
    assert invitation.attended is None  # the meeting has not been held yet

    InformationMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=2)
    )
    client.post(attendance, {"attended": [str(invitation.uuid)]})
    invitation.refresh_from_db()
    assert invitation.attended is True
    texts = list(
        partnership_a.timeline.filter(kind=TimelineEvent.Kind.MEETING).values_list(
            "text", flat=True
        )
    )
    assert len(texts) == 2 and any(text.startswith("Deltog i informationsmødet") for text in texts)
    assert client.get(reverse("partnerships:meeting_list")).status_code == 200


def test_company_without_an_email_contact_cannot_be_invited(officer_a, programme, muni_a):
    silent = make_company(muni_a, "Uden Mail ApS")
    response = client_for(officer_a).post(
        reverse("partnerships:meeting_create"), _meeting_data(programme, muni_a, [silent])
    )
    assert response.status_code == 200
    assert response.context["form"].errors["invited_companies"]
    assert not InformationMeeting.objects.exists()


def test_other_municipality_company_cannot_be_invited(officer_a, programme, muni_a, company_b):
    response = client_for(officer_a).post(
        reverse("partnerships:meeting_create"), _meeting_data(programme, muni_a, [company_b])
    )
    assert response.context["form"].errors["invited_companies"]
    assert not InformationMeeting.objects.exists()


def test_meeting_in_another_municipality_is_refused(officer_a, programme, muni_b, company_a):
    response = client_for(officer_a).post(
        reverse("partnerships:meeting_create"), _meeting_data(programme, muni_b, [])
    )
    assert response.context["form"].errors["municipality"]
    assert not InformationMeeting.objects.exists()


def test_meeting_list_query_count_is_bounded(
    officer_a, programme, muni_a, django_assert_max_num_queries
):
    client = client_for(officer_a)
    url = reverse("partnerships:meeting_list")
    client.get(url)
    for count in (3, 30):
        InformationMeeting.objects.bulk_create(
            InformationMeeting(
                municipality=muni_a,
                programme=programme,
                title=f"Møde {index}",
                starts_at=timezone.now(),
                place="Rådhuset",
            )
            for index in range(count)
        )
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def _past_meeting(officer, programme, municipality, company):
    client = client_for(officer)
    client.post(
        reverse("partnerships:meeting_create"),
        _meeting_data(programme, municipality, [company]),
    )
    meeting = InformationMeeting.objects.get()
    InformationMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=1)
    )
    return meeting


def test_invitations_to_a_past_meeting_go_out_only_when_confirmed(
    officer_a, programme, muni_a, company_a, django_capture_on_commit_callbacks
):
    meeting = _past_meeting(officer_a, programme, muni_a, company_a)
    client = client_for(officer_a)
    page = client.get(reverse("partnerships:meeting_detail", args=[meeting.uuid])).content
    assert b'data-testid="meeting-passed"' in page and b'name="confirm_past"' in page

    send = reverse("partnerships:meeting_send", args=[meeting.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send, follow=True)
    assert mail.outbox == []
    assert meeting.invitations.get().sent_at is None
    warnings = [str(m) for m in response.context["messages"]]
    assert any("ingen invitationer blev sendt" in text for text in warnings)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(send, {"confirm_past": "on"})
    assert [message.to for message in mail.outbox] == [["kontakt@a.example.dk"]]
    assert meeting.invitations.get().sent_at is not None


def test_a_past_meeting_is_not_sent_by_the_wrong_role_or_the_other_tenant(
    officer_a,
    officer_b,
    company_user,
    programme,
    muni_a,
    company_a,
    django_capture_on_commit_callbacks,
):
    meeting = _past_meeting(officer_a, programme, muni_a, company_a)
    send = reverse("partnerships:meeting_send", args=[meeting.uuid])
    for user in (officer_b, company_user):
        with django_capture_on_commit_callbacks(execute=True):
            assert client_for(user).post(send, {"confirm_past": "on"}).status_code == 404
    assert mail.outbox == []
