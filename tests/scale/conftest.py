"""Fixtures for the multi-process tests: this suite's own PostgreSQL database and redis-server, and a
cluster of server processes on them, torn down even when a test fails."""
from __future__ import annotations

import os

import pytest

from tests.backends import require, reset_schema

from .cluster import Cluster, RedisServer, redis_available, scale_database_url


@pytest.fixture(scope="session")
def scale_database() -> str:
    """`test_scale`, migrated and empty at the start of the session (tests add their own arenas)."""
    shared = os.environ.get("TEST_DATABASE_URL", "")
    require(shared.startswith("postgres"), "multi-process tests need PostgreSQL through TEST_DATABASE_URL")
    require(redis_available(), "multi-process tests need the redis-server binary")
    url = scale_database_url(shared)
    reset_schema(url)
    return url


@pytest.fixture
def redis(tmp_path) -> RedisServer:
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.kill()


@pytest.fixture
def cluster(tmp_path, scale_database, redis) -> Cluster:
    """Start processes with cluster.server(**env); each gets the shared database and the private Redis."""
    deployment = Cluster(tmp_path, scale_database, redis)
    yield deployment
    deployment.close()
