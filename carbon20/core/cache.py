"""The cache in Redis, forgiving of Redis being away.

The cache holds nothing the platform cannot do without (the API's rate-limit counters), so
when Redis is down a read answers "not cached" and a write is dropped, logged once per call,
instead of failing the request: pages and the API keep working, unthrottled until Redis is
back.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class ForgivingRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except _UNAVAILABLE:
            logger.warning("Cache unavailable: get %s answered as not cached", key)
            return default

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except _UNAVAILABLE:
            logger.warning("Cache unavailable: set %s dropped", key)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except _UNAVAILABLE:
            logger.warning("Cache unavailable: add %s dropped", key)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except _UNAVAILABLE:
            logger.warning("Cache unavailable: delete %s dropped", key)
            return False
