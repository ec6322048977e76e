"""What a process loads before its first request: every gunicorn worker and every manage.py
command imports the URL configuration, so a library imported there is paid by all of them. The
heavy ones (plotting, PDF, data frames, folium) load on first use, in the views and exports that
need them."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Together about 0.7 s of start-up, before any of them is needed.
LOADED_ON_FIRST_USE = ("matplotlib", "reportlab", "pandas", "geopandas", "pyogrio", "folium")


def test_loading_the_urls_leaves_the_heavy_libraries_for_later():
    script = (
        "import json, sys, django; django.setup(); import config.urls; "
        f"print(json.dumps(sorted(m for m in {LOADED_ON_FIRST_USE!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"imported with the URLs (import them where they are used): {loaded}"
