"""The cache is shared by every worker: a table of the database by default, Redis with REDIS_URL."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cache_of(**env):
    clean = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    clean.update(DEBUG="true", **env)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; c = s.CACHES['default']; "
            "print(c['BACKEND'], c['LOCATION'])",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.split()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["django.core.cache.backends.db.DatabaseCache", "registry_cache"]),
        (
            {"REDIS_URL": "redis://cache.internal:6379/1"},
            ["django.core.cache.backends.redis.RedisCache", "redis://cache.internal:6379/1"],
        ),
    ],
)
def test_the_cache_is_shared_by_every_worker(env, expected):
    assert cache_of(**env) == expected
