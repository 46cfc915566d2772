from django.conf import settings
from django.urls import path

from carbon20.home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]

if settings.BENCH:
    from carbon20.home.bench_support import floor

    urlpatterns.append(path("bench/floor", floor, name="bench_floor"))
