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
    path("templates/", views.template_list, name="template_list"),
    path(
        "templates/new/<slug:slug>/<str:language>/",
        views.template_create,
        name="template_create",
    ),
    path("templates/<uuid:template_uuid>/", views.template_edit, name="template_edit"),
    path("agreements/<uuid:agreement_uuid>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<uuid:agreement_uuid>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<uuid:agreement_uuid>/sign/", views.agreement_sign, name="agreement_sign"),
    path("agreements/<uuid:agreement_uuid>/scan/", views.agreement_scan, name="agreement_scan"),
    path(
        "agreements/<uuid:agreement_uuid>/agreement.pdf",
        views.agreement_pdf,
        name="agreement_pdf",
    ),
    path(
        "agreements/<uuid:agreement_uuid>/agreement.docx",
        views.agreement_docx,
        name="agreement_docx",
    ),
    path(
        "agreements/<uuid:agreement_uuid>/<slug:action>/",
        views.agreement_action,
        name="agreement_action",
    ),
    path("<uuid:partnership_uuid>/", views.detail, name="detail"),
    path("<uuid:partnership_uuid>/recruitment/", views.recruitment, name="recruitment"),
    path("<uuid:partnership_uuid>/visit/", views.visit, name="visit"),
    path("<uuid:partnership_uuid>/agreement/new/", views.agreement_create, name="agreement_create"),
    path(
        "<uuid:partnership_uuid>/<slug:action>/",
        views.transition,
        name="transition",
    ),
]
