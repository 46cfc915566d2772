from django.urls import path

from carbon20.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
]
