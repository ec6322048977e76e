"""Languages: who reads what in which language.

Pages follow the browser, or the switcher's cookie; a logged-in user's choice is also stored, so
that their e-mails come in their language and a new device starts in it.
"""

from django.conf import settings
from django.middleware import locale
from django.utils import translation
from django.utils.translation import gettext_noop
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from common.models import LanguagePreference

# Month names of dates (`F`). Django's Italian catalogue capitalises them ("4 Marzo 2021"); Italian
# writes "4 marzo 2021". Listed here so that the project's catalogues, which win over Django's,
# carry them.
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)


def language_of(user, default=None):
    """The language to write to `user` in: their choice, else `default`, else the site's."""
    fallback = default or settings.LANGUAGE_CODE
    if user is None or not getattr(user, "pk", None):
        return fallback
    preference = LanguagePreference.objects.filter(user=user).values_list("language", flat=True)
    language = preference.first()
    return language if language in dict(settings.LANGUAGES) else fallback


def by_language(users, default=None):
    """{language: [users]} to send one message per language."""
    groups = {}
    for user in users:
        groups.setdefault(language_of(user, default), []).append(user)
    return groups


# The switcher is on every page: without CSRF it needs no token there, so public pages set no
# cookie and stay cacheable. The worst a forged request can do is change someone's language.
@csrf_exempt
@require_POST
def set_language(request):
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        LanguagePreference.objects.update_or_create(
            user=request.user, defaults={"language": language}
        )
    return response


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except for responses marked `language_neutral` (the open layers, tiles, OGC
    items and catalogue: codes, not words, cached by data version whatever the language): no
    `Vary: Accept-Language`, which made nginx and any CDN keep a copy of each tile for every
    distinct Accept-Language header, and no Content-Language."""

    def process_response(self, request, response):
        if getattr(response, "language_neutral", False):
            return response
        return super().process_response(request, response)


class UserLanguageMiddleware:
    """A logged-in user with no language cookie (a new browser) gets the language they chose
    before. After LocaleMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is signed in (API tokens are read by the views): the
        # session is not touched, so public responses to such visitors (layers, tiles) do not
        # vary on Cookie and a shared cache can keep one copy for all of them.
        if (
            settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.user.is_authenticated
        ):
            language = language_of(request.user, default=request.LANGUAGE_CODE)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
