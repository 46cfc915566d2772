from django.urls import path

from carbon20.actionplans import views

app_name = "actionplans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("partnership/<uuid:partnership_uuid>/start/", views.plan_start, name="start"),
    path("<uuid:plan_uuid>/", views.plan_detail, name="plan"),
    path("<uuid:plan_uuid>/least-cost/", views.least_cost, name="least_cost"),
    path("<uuid:plan_uuid>/from-measures/", views.from_measures, name="from_measures"),
    path("<uuid:plan_uuid>/actions/add/", views.action_add, name="action_add"),
    path(
        "<uuid:plan_uuid>/actions/<uuid:action_uuid>/edit/", views.action_edit, name="action_edit"
    ),
    path(
        "<uuid:plan_uuid>/actions/<uuid:action_uuid>/status/",
        views.action_status,
        name="action_status",
    ),
    path("<uuid:plan_uuid>/approve/", views.approve, name="approve"),
    path("<uuid:plan_uuid>/plan.pdf", views.plan_pdf, name="plan_pdf"),
]
