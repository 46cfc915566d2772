from django.urls import path

from carbon20.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/kpis.csv", views.export_csv, name="export_csv"),
    path("<slug:slug>/kpis.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/reports/", views.request_report, name="request_report"),
    path(
        "<slug:slug>/reports/<uuid:report_uuid>/",
        views.programme_report,
        name="programme_report",
    ),
    path(
        "<slug:slug>/reports/<uuid:report_uuid>/report.pdf",
        views.programme_report_file,
        name="programme_report_file",
    ),
]
