from django.urls import path

from carbon20.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("companies/", views.companies, name="companies"),
    path("programmes/<slug:slug>/model/", views.model_page, name="model"),
    path("companies/<uuid:company_uuid>/", views.company, name="company"),
]
