"""Benchmarks: `make bench` or `.venv/bin/python -m bench [name ...]`.

Each module bench/bench_<name>.py defines run(options) returning rows of
{"benchmark", "value", "unit", "note"}; this prints them as one table. Benchmarks run against the
database in DATABASE_URL and clean up after themselves.
"""

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main():
    import django

    django.setup()
    # As config/wsgi.py runs the app under gunicorn: the in-process measurements see the same
    # garbage collection.
    from common.runtime import tune_garbage_collection

    tune_garbage_collection()
    here = Path(__file__).parent
    available = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", choices=available + [[]], help="default: all")
    parser.add_argument(
        "--data",
        default=os.environ.get("BENCH_DATA", "../shared/data/real"),
        help="folder with the full real data files",
    )
    options = parser.parse_args()
    rows = []
    # A module with DEFAULT = False (the load test) runs only when named.
    default = [
        name
        for name in available
        if getattr(importlib.import_module(f"bench.bench_{name}"), "DEFAULT", True)
    ]
    for name in options.names or default:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"running {name} ...", file=sys.stderr)
        rows.extend(module.run(options))
    widths = [
        max(
            len(str(r[k]))
            for r in rows + [dict.fromkeys(("benchmark", "value", "unit", "note"), k)]
        )
        for k in ("benchmark", "value", "unit", "note")
    ]
    header = ("benchmark", "value", "unit", "note")
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(str(row[k]).ljust(w) for k, w in zip(header, widths, strict=True)))


if __name__ == "__main__":
    main()
