"""Map tiles answered early in the middleware, as WhiteNoise answers static files."""

from django.conf import settings

from common.csp import settings_policy
from common.middleware import DATABASE_UNAVAILABLE, database_unavailable_response
from maps.urls import TILE_ROUTE


class MapTileMiddleware:
    """Answers a map tile before the sessions, languages, CSRF tokens, users and messages of the
    middleware after it: a tile uses none of them, and they took a third of a zoom-12 tile's time
    in the app (bench national: 1.46-1.50x a plain ST_AsMVT through the whole chain, 1.16-1.17x
    from here). A map asks for dozens of tiles at each move.

    What a tile needs runs before it (config/settings.py): the security headers, the NUL and body
    checks, and the database routing (public tiles read from a replica). The host is checked
    here, as CommonMiddleware checks it for every other request (a 400 for a host not in
    ALLOWED_HOSTS); bad tile numbers get the view's 400 and a database error the 503 every view
    gets. The tile keeps the headers every response carries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The tiles' own route (maps/urls.py, included at the root), not the whole URL
        # configuration: resolving a tile's path through it took 30 microseconds.
        match = TILE_ROUTE.resolve(request.path_info.removeprefix("/"))
        if match is not None:
            return self.tile(request, match)
        return self.get_response(request)

    def tile(self, request, match):
        request.get_host()  # DisallowedHost: Django answers 400
        request.resolver_match = match
        try:
            response = match.func(request, *match.args, **match.kwargs)
        except DATABASE_UNAVAILABLE as error:
            return database_unavailable_response(request, error)
        response.setdefault("Content-Length", str(len(response.content)))
        response.setdefault("Content-Security-Policy", settings_policy())
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
