"""Agreement pages keep the paths they had under /partnerships/; only their names moved."""

from django.urls import path

from carbon20.agreements import views

app_name = "agreements"

urlpatterns = [
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
    path("<uuid:partnership_uuid>/agreement/new/", views.agreement_create, name="agreement_create"),
]
