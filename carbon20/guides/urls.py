from django.urls import path

from carbon20.guides import views

app_name = "guides"

urlpatterns = [
    path("", views.library, name="library"),
    path("<uuid:guide_uuid>/", views.guide_detail, name="guide_detail"),
    path("<uuid:guide_uuid>/edit/", views.guide_edit, name="guide_edit"),
    path("<uuid:guide_uuid>/own-version/", views.guide_adopt, name="guide_adopt"),
    path("<uuid:guide_uuid>/v<int:number>.pdf", views.guide_pdf, name="guide_pdf"),
    path("<uuid:guide_uuid>/v<int:number>.docx", views.guide_docx, name="guide_docx"),
]
