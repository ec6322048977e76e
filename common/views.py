from django.db import connection
from django.http import JsonResponse
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT postgis_lib_version()")
            (postgis,) = cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(error)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "postgis": postgis})


# The switcher is on every page: without CSRF it needs no token there, so public pages set no
# cookie and stay cacheable. The worst a forged request can do is change someone's language.
set_language = csrf_exempt(i18n.set_language)
