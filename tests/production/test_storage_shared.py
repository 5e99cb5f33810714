"""More than one app server: the cache and the sessions are shared when Redis is configured,
and the README's tunables are environment variables."""

from __future__ import annotations

from tests.production.test_storage_s3 import settings_with_env


def test_without_redis_the_cache_is_per_process_and_sessions_stay_in_the_database():
    seen = settings_with_env(expr="[settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE]")
    assert seen == ["django.core.cache.backends.locmem.LocMemCache", "django.contrib.sessions.backends.db"]


def test_with_redis_every_worker_shares_the_cache_and_reads_sessions_from_it():
    expr = "[settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'], settings.SESSION_ENGINE]"
    seen = settings_with_env(expr=expr, REDIS_URL="redis://127.0.0.1:6379/3")
    assert seen == [
        "config.cache.SharedRedisCache",
        "redis://127.0.0.1:6379/3",
        "django.contrib.sessions.backends.cached_db",
    ]
    # a cache of its own, apart from the job broker
    seen = settings_with_env(
        expr=expr, REDIS_URL="redis://127.0.0.1:6379/3", CACHE_URL="redis://127.0.0.1:6379/4"
    )
    assert seen[1] == "redis://127.0.0.1:6379/4"


def test_dashboard_cache_seconds_is_an_environment_variable():
    expr = "settings.DONDOC['DASHBOARD_CACHE_SECONDS']"
    assert settings_with_env(expr=expr) == 60
    assert settings_with_env(expr=expr, DASHBOARD_CACHE_SECONDS="0") == 0
