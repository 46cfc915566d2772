"""The cache in Redis, forgiving of Redis being away.

The cache holds nothing the platform cannot do without (the API's rate-limit counters), so
when Redis is down a read answers "not cached" and a write is dropped, logged once per call,
instead of failing the request: pages and the API keep working, unthrottled until Redis is
back.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client makes a new redis-py client for every command, which builds its
    table of response callbacks each time, a cost on every cached read of every page; one
    client per connection pool does the same work (redis-py clients are thread-safe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except _UNAVAILABLE:
            logger.warning("Cache unavailable: get %s answered as not cached", key)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except _UNAVAILABLE:
            logger.warning("Cache unavailable: get_many %s answered as not cached", keys)
            return {}

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
