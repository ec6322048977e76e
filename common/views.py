from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common import db


def cache_status():
    try:
        cache.set("healthz", "ok", 10)
        return "ok" if cache.get("healthz") == "ok" else "error: the value did not come back"
    except Exception as error:  # noqa: BLE001 - any cache failure means unhealthy
        return f"error: {error}"


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers and monitoring.

    With read replicas it also shows the primary, each replica's replication lag and whether
    public reads use it. 200 while the site can serve (read-only counts: public reads go on from
    a replica), 503 when no database answers.
    """
    try:
        with connections[db.PRIMARY].cursor() as cursor:
            cursor.execute("SELECT postgis_lib_version()")
            (postgis,) = cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any database failure means the primary is down
        connections[db.PRIMARY].close()
        if not db.replica_aliases():
            return JsonResponse({"status": "error", "database": str(error)}, status=503)
        postgis = None
    body = {"status": "ok", "database": "ok", "postgis": postgis, "cache": cache_status()}
    if body["cache"] != "ok":
        # Layers and tiles go through the cache: without it they fail.
        body["status"] = "error"
        return JsonResponse(body, status=503)
    if db.replica_aliases():
        body.update(db.database_status())
        if body["primary"] == "down":
            serving = any(r["status"] == "ok" for r in body["replicas"].values())
            body["status"] = "read-only" if serving else "error"
            body["database"] = "primary down"
            return JsonResponse(body, status=200 if serving else 503)
    return JsonResponse(body)
