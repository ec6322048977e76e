"""A small fixed-window counter in the cache, for actions that cost somebody else something
(a password-reset e-mail, an invitation): `allow("reset-ip", address, limit=5, per=3600)`.

The cache is shared between the app's processes when CACHES points at a shared backend; with the
default local-memory cache each process counts on its own, which still bounds the rate.
"""

import hashlib

from django.core.cache import cache


def allow(scope, key, *, limit, per):
    """Count one more action for (scope, key); False once `limit` were counted within `per` s."""
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    name = f"ratelimit:{scope}:{digest}"
    cache.add(name, 0, timeout=per)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=per)
        count = 1
    return count <= limit


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")
