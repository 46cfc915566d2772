from django.urls import path

from carbon20.followups import views

app_name = "followups"

urlpatterns = [
    path("partnership/<uuid:partnership_uuid>/", views.overview, name="overview"),
    path("partnership/<uuid:partnership_uuid>/close/", views.close, name="close"),
    path("<uuid:follow_up_uuid>/", views.detail, name="detail"),
]
