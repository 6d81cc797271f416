"""Rate limits as token buckets. Live events are limited per participant, never per address, because a venue
puts every phone behind one; only failed logins and failed join codes are counted per address."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """A token bucket per key: `rate` events per second on average, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[object, _Bucket] = {}
        self._lock = threading.Lock()

    def check(self, key: object) -> float:
        """0 if the event may go ahead (and count it); otherwise the seconds to wait before retrying."""
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(float(self.burst), now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return round((1 - bucket.tokens) / self.rate, 2)

    def blocked(self, key: object) -> float:
        """Like check(), without counting: the seconds to wait if the bucket is empty, else 0."""
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                return 0.0
            tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            return 0.0 if tokens >= 1 else round((1 - tokens) / self.rate, 2)

    def forget(self, key: object) -> None:
        with self._lock:
            self._buckets.pop(key, None)
