from django.urls import path

from carbon20.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.review_list, name="list"),
    path(
        "partnership/<uuid:partnership_uuid>/assign/",
        views.assign_consultant,
        name="assign",
    ),
    path("<uuid:review_uuid>/", views.review_detail, name="review"),
    path("<uuid:review_uuid>/edit/", views.review_edit, name="edit"),
    path("<uuid:review_uuid>/baseline/", views.baseline_edit, name="baseline"),
    path(
        "<uuid:review_uuid>/baseline/from-records/",
        views.baseline_from_records,
        name="baseline_from_records",
    ),
    path("<uuid:review_uuid>/end-uses/", views.end_uses_edit, name="end_uses"),
    path("<uuid:review_uuid>/measures/add/", views.measure_add, name="measure_add"),
    path(
        "<uuid:review_uuid>/measures/<uuid:measure_uuid>/edit/",
        views.measure_edit,
        name="measure_edit",
    ),
    path(
        "<uuid:review_uuid>/measures/<uuid:measure_uuid>/delete/",
        views.measure_delete,
        name="measure_delete",
    ),
    path(
        "<uuid:review_uuid>/measures/template.xlsx",
        views.measure_template,
        name="measure_template",
    ),
    path("<uuid:review_uuid>/measures/import/", views.measure_import, name="measure_import"),
    path("<uuid:review_uuid>/issue/", views.issue, name="issue"),
    path("<uuid:review_uuid>/report.pdf", views.report_pdf, name="report_pdf"),
]
