from django.urls import path

from reuse_projects.views import (
    applications,
    calls,
    documents,
    feeds,
    home,
    organisations,
    projects,
    reports,
)

app_name = "reuse_projects"
urlpatterns = [
    path("me/", home.me, name="me"),
    path("signup/", organisations.signup, name="signup"),
    path(
        "organisations/register/", organisations.organisation_register, name="organisation_register"
    ),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("invitations/<str:token>/", organisations.invitation_accept, name="invitation_accept"),
    path(
        "organisations/<int:pk>/verify/",
        organisations.organisation_verify,
        name="organisation_verify",
    ),
    path("calls/", calls.open_calls, name="open_calls"),
    path("calls/feed/", feeds.calls_feed, name="calls_feed"),
    path("calls/subscriptions/", calls.subscriptions, name="call_subscriptions"),
    path("calls/new/", calls.call_new, name="call_new"),
    path("calls/<int:pk>/", calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", calls.call_edit, name="call_edit"),
    path("calls/<int:pk>/publish/", calls.call_publish, name="call_publish"),
    path("calls/<int:pk>/review/", calls.call_review, name="call_review"),
    path("calls/<int:pk>/amend/", calls.call_amend, name="call_amend"),
    path("calls/<int:pk>/extend/", calls.call_extend, name="call_extend"),
    path("calls/<int:pk>/close/", calls.call_close, name="call_close"),
    path("calls/<int:pk>/cancel/", calls.call_cancel, name="call_cancel"),
    path("calls/<int:pk>/commission/", calls.call_commission, name="call_commission"),
    path("calls/<int:pk>/decide/", calls.call_decide, name="call_decide"),
    path("calls/<int:pk>/apply/", applications.application_new, name="application_new"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/submit/", applications.application_submit, name="application_submit"
    ),
    path(
        "applications/<int:pk>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    # /projects/<id>/ is the public project page (maps); this is the concession's working page.
    path("concessions/<int:pk>/", projects.project_detail, name="project_detail"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/acknowledge/", reports.report_acknowledge, name="report_acknowledge"),
    path("documents/add/<slug:kind>/<int:pk>/", documents.document_upload, name="document_upload"),
    path("documents/<int:pk>/", documents.document_download, name="document_download"),
    path("documents/<int:pk>/thumbnail/", documents.document_thumbnail, name="document_thumbnail"),
]
