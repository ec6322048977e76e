import base64
import binascii
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse

from common import db

logger = logging.getLogger(__name__)


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path, the query string or a cookie.

    PostgreSQL refuses NUL in text, so such a value would otherwise reach the database from any
    view that looks something up by a URL part or a filter, and fail there as a 500. Forms and
    the REST API already refuse NUL in what they read; this covers the URL once for every view,
    the cookies and HTTP basic credentials, which are looked up in the database on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest("The address contains a NUL character.")
        if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
            return HttpResponseBadRequest("A cookie contains a NUL character.")
        if "\x00" in basic_credentials(request):
            return HttpResponseBadRequest("The credentials contain a NUL character.")
        return self.get_response(request)


def basic_credentials(request):
    """The decoded `user:password` of an HTTP basic Authorization header, else ""."""
    # From META: request.headers builds a mapping of every header first.
    scheme, _, value = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        return base64.b64decode(value.strip()).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return ""


class PageMethodsMiddleware:
    """Pages, layers and exports answer GET, HEAD, POST and OPTIONS only: any other method is a 405
    before a view runs.

    Django's function views and the admin treat PUT or DELETE like GET and render the whole page;
    nothing needs them outside the REST API, which checks its own methods (under /api/).
    """

    ALLOWED = ("GET", "HEAD", "POST", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ALLOWED and not request.path.startswith("/api/"):
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)


READ_ONLY_MESSAGE = (
    "The registry is read-only for a moment: its main database cannot be reached. "
    "Nothing was saved. Published maps, layers and registers are still available; "
    "please try your change again in a few minutes."
)


def read_only_response(request):
    if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
        response = JsonResponse({"detail": READ_ONLY_MESSAGE}, status=503)
    else:
        response = HttpResponse(READ_ONLY_MESSAGE, status=503, content_type="text/plain")
    response["Retry-After"] = "60"
    return response


class DatabaseRoutingMiddleware:
    """Pick the database this request reads from (common/db.py) and guard writes.

    Public reads go to a replica within the lag threshold, unless this browser wrote in the last
    REPLICA_PIN_SECONDS (the pin cookie). With the primary down every read goes to a replica,
    writes get a 503 that says why, and `request.database_read_only` lets pages tell staff.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias, request.database_read_only = self.route(request)
        if request.database_read_only and request.method not in db.SAFE_METHODS:
            return read_only_response(request)
        with db.reads_from(alias):
            response = self.get_response(request)
        if request.method not in db.SAFE_METHODS:
            # Read your own write: replicas may not have it yet, nor the proxy cache.
            response.set_cookie(
                db.PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def route(self, request):
        """(the alias to read from, whether the site is read-only)."""
        if not db.replica_aliases():
            return db.PRIMARY, False
        if not db.primary_is_up():
            return db.least_lagging_replica() or db.PRIMARY, True
        if db.is_public_read(request) and not db.is_pinned_to_primary(request):
            return db.usable_replica() or db.PRIMARY, False
        return db.PRIMARY, False

    def process_exception(self, request, exception):
        # The primary went away since the last check: say so now rather than with a 500.
        if (
            isinstance(exception, (OperationalError, InterfaceError))
            and db.replica_aliases()
            and not db.primary_is_up(fresh=True)
        ):
            return read_only_response(request)
        return None


# Room for a multipart body's other fields and boundaries around the largest allowed file.
MULTIPART_MARGIN = 1024 * 1024


def body_limit(request):
    """The largest body a request to this path may send (settings.REQUEST_BODY_LIMITS by path
    prefix; else uploads up to DOCUMENT_MAX_BYTES, other bodies up to
    DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    for prefix, limit in settings.REQUEST_BODY_LIMITS.items():
        if request.path.startswith(prefix):
            return limit + MULTIPART_MARGIN
    if request.content_type == "multipart/form-data":
        return settings.DOCUMENT_MAX_BYTES + MULTIPART_MARGIN
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def wants_json(request):
    return request.path.startswith(settings.JSON_ERROR_PATHS) or (
        "text/html" not in request.headers.get("Accept", "")
    )


def error_response(request, status, message, **headers):
    if wants_json(request):
        response = JsonResponse({"detail": message}, status=status)
    else:
        response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    for name, value in headers.items():
        response[name] = value
    return response


class RequestBodyLimitMiddleware:
    """Refuse a body over the limit from its Content-Length, before anything reads it: a 413
    (JSON for the API and the open-data endpoints), instead of reading 50 MB to find out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit():
            return error_response(request, 400, "Content-Length is not a number.")
        limit = body_limit(request)
        if int(length) > limit:
            return error_response(
                request, 413, f"The request body is larger than the {limit} bytes accepted here."
            )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A 503 with Retry-After, not a 500, while PostgreSQL cannot be reached; the next request
    reconnects (CONN_HEALTH_CHECKS), so the app recovers without a restart."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        return database_unavailable_response(request, exception)


# The errors of a database that cannot be reached (or of a connection it dropped).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable_response(request, exception):
    """The 503 of a view whose database went away (maps.middleware's tiles answer it too)."""
    logger.error("Database unavailable for %s: %s", request.path, exception)
    # Drop the broken connection now rather than on the next request's health check.
    connection.close_if_unusable_or_obsolete()
    return error_response(
        request,
        503,
        "The service is temporarily unavailable. Try again shortly.",
        **{"Retry-After": "30"},
    )
