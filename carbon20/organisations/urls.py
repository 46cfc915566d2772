from django.urls import path

from carbon20.organisations import views

app_name = "organisations"

urlpatterns = [
    path("companies/", views.company_list, name="company_list"),
    path("companies/new/", views.company_create, name="company_create"),
    path("companies/<uuid:company_uuid>/", views.company_detail, name="company_detail"),
    path("companies/<uuid:company_uuid>/edit/", views.company_edit, name="company_edit"),
    path("companies/<uuid:company_uuid>/sites/new/", views.site_create, name="site_create"),
    path(
        "companies/<uuid:company_uuid>/sites/<uuid:site_uuid>/edit/",
        views.site_edit,
        name="site_edit",
    ),
    path(
        "companies/<uuid:company_uuid>/contacts/new/",
        views.contact_create,
        name="contact_create",
    ),
    path(
        "companies/<uuid:company_uuid>/contacts/<uuid:contact_uuid>/edit/",
        views.contact_edit,
        name="contact_edit",
    ),
    path("municipalities/", views.municipality_list, name="municipality_list"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("programmes/<slug:slug>/edit/", views.programme_edit, name="programme_edit"),
]
