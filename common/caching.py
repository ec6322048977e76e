"""The shared cache as the public read path uses it: a cache that cannot be reached is a miss.

With read replicas, a public request reads from a replica while the database cache writes to the
primary; when the primary is down (or Redis is), the page must still be served, only uncached.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import RedisError
except ImportError:  # redis is needed only with REDIS_URL
    CACHE_ERRORS = (DatabaseError, OSError)
else:
    CACHE_ERRORS = (DatabaseError, OSError, RedisError)


def cache_get(key):
    try:
        return cache.get(key)
    except CACHE_ERRORS as error:
        logger.warning("shared cache unavailable for a read: %s", error.__class__.__name__)
        return None


def cache_set(key, value, timeout):
    try:
        cache.set(key, value, timeout)
    except CACHE_ERRORS as error:
        logger.warning("shared cache unavailable for a write: %s", error.__class__.__name__)
