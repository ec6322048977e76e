from django.urls import path, re_path

from open_data import views

app_name = "open_data"

FORMAT = r"(?P<file_format>csv|geojson|gpkg)"

urlpatterns = [
    path("registers/", views.registers, name="registers"),
    path("cities/<slug:slug>/register/", views.municipal_register, name="register"),
    re_path(r"^catalogue\.(?P<file_format>jsonld|rdf)$", views.catalogue_view, name="catalogue"),
    re_path(
        rf"^exports/(?P<name>assets|reuse-projects)\.{FORMAT}$",
        views.public_export_view,
        name="export",
    ),
    re_path(rf"^staff/exports/assets\.{FORMAT}$", views.staff_export_view, name="staff-export"),
    path("imports/", views.import_upload, name="imports"),
    path("imports/<int:pk>/", views.import_run_detail, name="import-run"),
    path("imports/<int:pk>/report.csv", views.import_run_report, name="import-report"),
    path("imports/<int:pk>/commit/", views.import_run_commit_view, name="import-commit"),
]
