"""HTTP plumbing shared by the open layers, tiles and OGC API: CORS, caching, 304 answers, 400s."""

from functools import wraps

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_http_methods

from common.geo import ParameterError

CACHE_SECONDS = 60


def open_data_view(view):
    """GET/HEAD/OPTIONS only, open to every origin (other sites may use the layers), bad input 400.

    The data is public and read-only, so CORS is open and no credentials are involved.
    """

    @require_http_methods(["GET", "HEAD", "OPTIONS"])
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        else:
            try:
                response = view(request, *args, **kwargs)
            except ParameterError as error:
                response = error.response()
            except Http404 as error:
                response = JsonResponse({"error": "not found", "reason": str(error)}, status=404)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
        return response

    return wrapper


def not_modified(request, version):
    """A 304 when the client's copy matches `version` (a maps.layers.DataVersion), else None."""
    return get_conditional_response(
        request,
        etag=f'"{version.etag}"',
        last_modified=version.last_modified.timestamp() if version.last_modified else None,
    )


def cacheable(response, version, *, max_age=CACHE_SECONDS):
    response["ETag"] = f'"{version.etag}"'
    if version.last_modified is not None:
        response["Last-Modified"] = http_date(version.last_modified.timestamp())
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response
