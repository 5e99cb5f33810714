"""config.cache.SharedRedisCache: Django's Redis cache, with one client per connection pool."""

from __future__ import annotations

import threading
import uuid

import pytest

from config.cache import SharedRedisCache

pytestmark = pytest.mark.redis


def _cache(location: str) -> SharedRedisCache:
    return SharedRedisCache(location, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_one_client_serves_every_call_and_the_cache_behaves_like_djangos(redis_url):
    cache = _cache(redis_url)
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client
    assert cache._cache.get_client("any-key", write=False) is client

    cache.set("counter", 1, 30)
    assert cache.incr("counter") == 2
    cache.set_many({"a": {"unit": "Phòng Nội vụ"}, "b": [1, 2]}, 30)
    assert cache.get_many(["a", "b", "missing"]) == {"a": {"unit": "Phòng Nội vụ"}, "b": [1, 2]}
    assert cache.add("a", "other", 30) is False
    cache.delete_many(["a", "b", "counter"])
    assert cache.get("a") is None and cache.get("counter", "gone") == "gone"
    assert cache._cache.get_client() is client


def test_what_one_worker_writes_the_others_read(redis_url):
    """Two cache objects (two threads, or two app servers) see each other's writes."""
    prefix = f"test-{uuid.uuid4().hex}"
    writer = SharedRedisCache(redis_url, {"KEY_PREFIX": prefix})
    seen: list = []

    def read() -> None:
        reader = SharedRedisCache(redis_url, {"KEY_PREFIX": prefix})
        seen.append(reader.get("dashboard"))

    writer.set("dashboard", "v1", 30)
    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    writer.delete("dashboard")
    assert seen == ["v1"]
