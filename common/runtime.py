"""How the Python process that serves the app is tuned: the WSGI module, the benchmarks and the
test workers all call this, so that what is measured is what runs."""

import gc


def tune_garbage_collection():
    """Run the cyclic garbage collector far less often, once the app is loaded.

    By default it runs after every 700 allocations of container objects, and a page or a tile
    allocates tens of thousands: in-process, a small city page took 19.7 ms with the default and
    15.5 ms with this (docs/performance.md). Most of what a request leaves behind is freed by
    reference counting anyway; cycles wait a little longer, at the cost of some megabytes.
    `gc.freeze()` moves what start-up created (models, URL patterns, templates) out of the
    collector's sight: it lives as long as the process.
    """
    gc.set_threshold(100_000, 50, 100)
    gc.freeze()
