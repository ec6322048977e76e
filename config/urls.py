from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from common.accounts import api_token
from common.i18n import set_language
from common.openapi import ServedSchemaGenerator
from common.passwords import PasswordResetView
from common.views import healthz

api_v1 = [
    path("", include("assets_registry.api_urls")),
    path("", include("reuse_projects.api_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("me/api-token/", api_token, name="api-token"),
    path("api/v1/", include(api_v1)),
    path(
        "api/schema/",
        SpectacularAPIView.as_view(generator_class=ServedSchemaGenerator),
        name="schema",
    ),
    # The split view serves Swagger UI's set-up as a script file, not inline (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # The public maps first: their tiles and layers are most of the traffic, and Django tries the
    # patterns in order (no pattern of theirs overlaps another app's, as the permission matrix
    # checks for every URL).
    path("", include("maps.urls")),
    path("", include("staff.urls")),
    path("", include("reuse_projects.urls")),
    path("", include("assets_registry.urls")),
    path("", include("open_data.urls")),
    path("", include("evaluation.urls")),
]
