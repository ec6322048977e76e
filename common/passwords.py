"""Django's password-reset flow, rate-limited: per address (too many: HTTP 429) and per e-mail
address (too many: the same answer as always, but no more e-mails, so that nobody can tell which
addresses have accounts or flood somebody's inbox)."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils.translation import gettext as _

from common.ratelimit import allow, client_address

RESETS_PER_ADDRESS = 5
RESETS_PER_EMAIL = 3
WINDOW_SECONDS = 3600


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request, *args, **kwargs):
        if not allow(
            "reset-address", client_address(request), limit=RESETS_PER_ADDRESS, per=WINDOW_SECONDS
        ):
            return HttpResponse(
                _("Too many requests. Please try again later."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if not allow("reset-email", email, limit=RESETS_PER_EMAIL, per=WINDOW_SECONDS):
            return super(auth_views.PasswordResetView, self).form_valid(form)
        return super().form_valid(form)
