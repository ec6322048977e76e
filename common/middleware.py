from django.http import HttpResponseBadRequest


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path or the query string.

    PostgreSQL refuses NUL in text, so such a value would otherwise reach the database from any
    view that looks something up by a URL part or a filter, and fail there as a 500. Forms and
    the REST API already refuse NUL in what they read; this covers the URL once for every view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest("The address contains a NUL character.")
        return self.get_response(request)
