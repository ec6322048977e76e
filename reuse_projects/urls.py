from django.urls import path

from reuse_projects import views

app_name = "reuse_projects"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("signup/", views.signup, name="signup"),
    path("organisations/register/", views.organisation_register, name="organisation_register"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/verify/", views.organisation_verify, name="organisation_verify"),
    path("calls/", views.open_calls, name="open_calls"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/publish/", views.call_publish, name="call_publish"),
    path("calls/<int:pk>/review/", views.call_review, name="call_review"),
    path("calls/<int:pk>/decide/", views.call_decide, name="call_decide"),
    path("calls/<int:pk>/apply/", views.application_new, name="application_new"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path(
        "applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"
    ),
    # /projects/<id>/ is the public project page (maps); this is the concession's working page.
    path("concessions/<int:pk>/", views.project_detail, name="project_detail"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/acknowledge/", views.report_acknowledge, name="report_acknowledge"),
    path("documents/add/<slug:kind>/<int:pk>/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]
