"""Vector tiles at 1k, 20k and 100k assets: ST_AsMVT with PostgreSQL's JIT on and off, the endpoint
cold and cached, and a bounded wrk run. Same throwaway database and data as bench_layers.
"""

import math

from bench.bench_layers import (
    SCALES,
    app_server,
    create_municipalities,
    grow_to,
    median_ms,
    row,
    throwaway_database,
    wrk_requests_per_second,
)

# Palermo's centre, at a regional, a provincial, a city and a district zoom.
CENTRE = (13.35, 38.12)
ZOOMS = (6, 9, 12, 14)


def tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


def set_jit(enabled):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET jit = {'on' if enabled else 'off'}")


def measure_tiles(size, client):
    from django.core.cache import cache

    from maps import layers
    from maps.http import forget_recent

    layer = layers.asset_layer("http://127.0.0.1")
    rows = []
    for zoom in ZOOMS:
        z, x, y = tile_of(*CENTRE, zoom)
        tile = layers.vector_tile(layer, z, x, y)
        kind = "clustered" if z < layers.CLUSTER_BELOW_ZOOM else "points"
        prefix = f"{size:>7} assets: tile z{z} ({kind})"
        timings = {}
        for jit in (True, False):
            set_jit(jit)
            timings[jit] = median_ms(lambda z=z, x=x, y=y: layers.vector_tile(layer, z, x, y))
        set_jit(False)
        url = f"/tiles/assets/{z}/{x}/{y}.pbf"
        cold = median_ms(lambda url=url: (cache.clear(), forget_recent(), client.get(url)))
        cached = median_ms(lambda url=url: client.get(url))
        rows += [
            row(
                f"{prefix}, ST_AsMVT JIT on",
                f"{timings[True]:.1f}",
                "ms",
                f"{len(tile) / 1e3:.1f} kB",
            ),
            row(f"{prefix}, ST_AsMVT JIT off", f"{timings[False]:.1f}", "ms", "the app's setting"),
            row(f"{prefix}, endpoint (cache cleared)", f"{cold:.1f}", "ms"),
            row(f"{prefix}, endpoint (cached)", f"{cached:.1f}", "ms"),
        ]
    return rows


def run(options):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    with throwaway_database() as database:
        create_municipalities()
        current = 0
        for size in SCALES:
            grow_to(size, current)
            current = size
            rows += measure_tiles(size, client)
            z, x, y = tile_of(*CENTRE, 12)
            with app_server(database) as base:
                measured = wrk_requests_per_second(f"{base}/tiles/assets/{z}/{x}/{y}.pbf")
            if measured is not None:
                rps, errors = measured
                rows.append(
                    row(
                        f"{size:>7} assets: wrk tile z12",
                        f"{rps:.0f}",
                        "req/s",
                        f"gunicorn 2 workers, {errors} errors",
                    )
                )
    return rows
