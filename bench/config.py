"""What every part of the live load benchmark shares: where things are, its timeouts, and one run's plan."""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
FLASK = str(Path(PYTHON).with_name("flask"))
PG_URL = "postgresql://postgres@127.0.0.1:5432/"
PG_DB = "bench_live"
REDIS_URL = "redis://127.0.0.1:6379/5"
MARKER = re.compile(r"#(\d+) w(\d+) @(\d+\.\d+)")
CONNECT_TIMEOUT = 30.0  # one phone's connect, seconds
CALL_TIMEOUT = 10.0  # one acknowledgement, seconds
DRAIN = 5.0  # seconds after the last edit during which phones may still receive it
SETTLE = 2.0  # seconds after the last connect, so the presence wave is over before measuring
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """One measurement: a target (ours or bare) at one N."""
    target: str
    mode: str
    phones: int
    writers: int
    rate: float
    duration: float
    servers: int
    database: str
    op: str
    generators: int
    profile: bool = False
