from django.urls import path

from carbon20.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("start/<uuid:company_uuid>/", views.start, name="start"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_form, name="meeting_create"),
    path("meetings/<uuid:meeting_uuid>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:meeting_uuid>/edit/", views.meeting_form, name="meeting_edit"),
    path("meetings/<uuid:meeting_uuid>/send/", views.meeting_send, name="meeting_send"),
    path(
        "meetings/<uuid:meeting_uuid>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
    path("<uuid:partnership_uuid>/", views.detail, name="detail"),
    path("<uuid:partnership_uuid>/recruitment/", views.recruitment, name="recruitment"),
    path("<uuid:partnership_uuid>/visit/", views.visit, name="visit"),
    path("<uuid:partnership_uuid>/guides/<slug:kind>/", views.step_guide, name="step_guide"),
    path(
        "<uuid:partnership_uuid>/guides/<slug:kind>.pdf",
        views.step_guide_pdf,
        name="step_guide_pdf",
    ),
    path(
        "<uuid:partnership_uuid>/guides/<slug:kind>.docx",
        views.step_guide_docx,
        name="step_guide_docx",
    ),
    path(
        "<uuid:partnership_uuid>/<slug:action>/",
        views.transition,
        name="transition",
    ),
]
