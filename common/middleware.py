import base64
import binascii

from django.http import HttpResponseBadRequest, HttpResponseNotAllowed


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
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
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
