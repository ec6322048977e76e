"""Map tiles answered early in the middleware, as WhiteNoise answers static files."""

from django.conf import settings
from django.urls import Resolver404, resolve

from common.csp import settings_policy
from common.middleware import DATABASE_UNAVAILABLE, database_unavailable_response


class MapTileMiddleware:
    """Answers a map tile before the sessions, languages, CSRF tokens, users and messages of the
    middleware after it: a tile uses none of them, and they took a third of a zoom-12 tile's time
    in the app (bench national: 1.46-1.50x a plain ST_AsMVT through the whole chain, 1.16-1.17x
    from here). A map asks for dozens of tiles at each move.

    What a tile needs runs before it (config/settings.py): the security headers, the NUL and body
    checks, and the database routing (public tiles read from a replica). The view checks the
    host (request.get_host()) and answers bad tile numbers with a 400; a database error gets the
    503 every view gets. The tile keeps the headers every response carries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Every tile's path ends so (maps/urls.py); which view it is, the URLs say.
        if request.path_info.endswith(".pbf"):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and match.view_name == "maps:tile":
                return self.tile(request, match)
        return self.get_response(request)

    def tile(self, request, match):
        request.resolver_match = match
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except DATABASE_UNAVAILABLE as error:
            return database_unavailable_response(request, error)
        response.setdefault("Content-Length", str(len(response.content)))
        response.setdefault("Content-Security-Policy", settings_policy())
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
