from django.urls import path

from staff import views

app_name = "staff"
urlpatterns = [
    path("start/", views.landing, name="landing"),
    path("staff/assets/", views.asset_list, name="asset_list"),
    path("staff/assets/new/", views.asset_new, name="asset_new"),
    path("staff/assets/<int:pk>/", views.asset_detail, name="asset_detail"),
    path("staff/assets/<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("staff/assets/<int:pk>/status/", views.asset_record_status, name="asset_record_status"),
    path("staff/assets/<int:pk>/delete/", views.asset_delete, name="asset_delete"),
    path("staff/assets/<int:pk>/restore/", views.asset_restore, name="asset_restore"),
    path("staff/assets/<int:pk>/documents/", views.asset_document_add, name="asset_document_add"),
    path("staff/calls/", views.call_list, name="call_list"),
]
