from django.conf import settings
from django.urls import path

from carbon20.home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("my-data/", views.my_data_export, name="my_data_export"),
    path(
        "people/<str:kind>/<uuid:person_uuid>/export/",
        views.person_export,
        name="person_export",
    ),
    path(
        "people/<str:kind>/<uuid:person_uuid>/erase/",
        views.person_erase,
        name="person_erase",
    ),
]

if settings.BENCH:
    from carbon20.home.bench_support import floor

    urlpatterns.append(path("bench/floor", floor, name="bench_floor"))
