"""The live load benchmark (issue 5): many phones in one arena, some of them writing, against our server and
against the bare relay (bench/relay.py) under the same async mode.

    .venv/bin/python -m bench.live_load --async-mode eventlet --phones 50,200,500 --writers 10 --rate 2

For each N it starts the servers itself (127.0.0.1 only), connects N phones (python-socketio AsyncClient,
WebSocket), lets W writers edit their own shared vision item R times a second for --duration seconds, and
measures connect time, acknowledgement delay, edit-to-screen delay at every other phone, delivery, errors,
disconnects, the server's memory and CPU, and whether the load generator itself saturated. Everything
stops by itself: timeouts bound each phase and the servers are killed at the end. See bench/README.md.
"""
from __future__ import annotations

import argparse
import array
import asyncio
import collections
import json
import multiprocessing as mp
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from .config import CALL_TIMEOUT, CLK_TCK, DRAIN, OUT, SETTLE, Run
from .phones import WorkerPlan, WorkerResult, worker_main
from .report import plot, ratios, table
from .servers import (ServerWatch, log_errors, machine_ticks, prepare_ours, set_up_arena, spy, start_servers,
                      stop_servers, summarise_spies)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def measure(run: Run) -> dict:
    """Start the servers, run the phones, stop everything; the run's figures."""
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{run.target}-"))
    servers: list = []
    workers: list[mp.Process] = []
    try:
        if run.target == "ours":
            env, join_code, token = prepare_ours(run, workdir)
        else:
            env, join_code, token = {}, "BENCH1", ""
        servers = start_servers(run, env, workdir)
        urls = [url for _proc, url in servers]
        if run.target == "ours":
            items = asyncio.run(set_up_arena(urls[0], join_code, token, max(run.writers, 1)))
        else:
            items = [{"id": n + 1, "rev": 1} for n in range(max(run.writers, 1))]
        watch = ServerWatch([proc.pid for proc, _url in servers])
        rss_idle = watch.rss_kb()
        watch.start()
        result = _drive(run, urls, join_code, items, watch, workers)
        result.update(rss_idle_mb=rss_idle / 1024, server_log_errors=log_errors(workdir, run))
        return result
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join(timeout=10)
        stop_servers(servers)
        shutil.rmtree(workdir, ignore_errors=True)


def _plans(run: Run, urls: list[str], join_code: str, items: list[dict]) -> list[WorkerPlan]:
    writer_phones = {w * run.phones // run.writers: w for w in range(run.writers)}
    plans = []
    for index in range(run.generators):
        mine = [n for n in range(run.phones) if n * run.generators // run.phones == index]
        plans.append(WorkerPlan(index, mine, {n: w for n, w in writer_phones.items() if n in mine}, urls,
                                join_code, items, run.rate, run.duration, run.op))
    return plans


def _drive(run: Run, urls, join_code, items, watch: ServerWatch, workers: list) -> dict:
    ctx = mp.get_context("fork")
    go, start_at, out = ctx.Event(), ctx.Value("d", 0.0), ctx.Queue()
    connect_ticks = watch.ticks()
    spies = spy(run, watch.pids, "connect") if run.profile else []
    for plan in _plans(run, urls, join_code, items):
        workers.append(ctx.Process(target=worker_main, args=(plan, go, start_at, out), daemon=True))
        workers[-1].start()
    connected = sum(_receive(out, "ready", run.generators, 60 + run.phones * 0.2).values())
    connect_cpu = (watch.ticks() - connect_ticks) / CLK_TCK
    summarise_spies(spies, stop=True)
    time.sleep(SETTLE)
    rss_connected = watch.rss_kb()
    ticks0, machine0, start = watch.ticks(), machine_ticks(), time.monotonic() + 0.5
    start_at.value = start
    go.set()
    spies = spy(run, watch.pids, "write", run.duration) if run.profile else []
    time.sleep(max(0.0, start + run.duration - time.monotonic()))
    ticks1, machine1 = watch.ticks(), machine_ticks()
    server_cpu = (ticks1 - ticks0) / CLK_TCK / run.duration
    busy = (machine1[0] - machine0[0]) / max(1, machine1[1] - machine0[1])
    done = _receive(out, "done", run.generators, DRAIN + CALL_TIMEOUT + 60)
    watch.stop()
    summarise_spies(spies, stop=False)
    result = _summarise(run, list(done.values()), connected, server_cpu, rss_connected, watch)
    result.update(machine_busy_pct=100 * busy, load1=os.getloadavg()[0], connect_cpu_s=connect_cpu)
    return result


def _receive(out, kind: str, count: int, timeout: float) -> dict:
    got = {}
    deadline = time.monotonic() + timeout
    while len(got) < count:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SystemExit(f"load generators did not report '{kind}' within {timeout:.0f} s")
        try:
            message = out.get(timeout=left)
        except Exception:
            continue
        if message[0] == kind:
            got[message[1]] = message[2]
    return got


def _summarise(run: Run, results: list[WorkerResult], connected: int, server_cpu: float,
               rss_connected: int, watch: ServerWatch) -> dict:
    delays = array.array("d")
    for result in results:
        delays.frombytes(result.delays)
    delays_ms = [d * 1000 for d in delays]
    acks_ms = [a * 1000 for r in results for a in r.acks]
    seen: collections.Counter = collections.Counter()
    for result in results:
        seen.update(result.seen)
    acked = [key for r in results for key in r.acked]
    expected = len(acked) * (connected - 1)
    delivered = sum(min(seen.get(key, 0), connected - 1) for key in acked)
    connect_errors: dict = {}
    ack_errors: dict = {}
    for result in results:
        for key, value in result.connect_errors.items():
            connect_errors[key] = connect_errors.get(key, 0) + value
        for key, value in result.ack_errors.items():
            ack_errors[key] = ack_errors.get(key, 0) + value
    gen_cpu = max(r.cpu for r in results)
    gen_lag = max(r.loop_lag_p99 for r in results)
    return {
        **asdict(run),
        "connected": connected,
        "connect_all_s": max(r.connect_end for r in results) - min(r.connect_start for r in results),
        "connect_p99_ms": _pct([t * 1000 for r in results for t in r.connect_times], 0.99),
        "sent": sum(r.sent for r in results),
        "acked_ok": len(acked),
        "late_sends": sum(r.late_sends for r in results),
        "ack_p50_ms": _pct(acks_ms, 0.5), "ack_p99_ms": _pct(acks_ms, 0.99),
        "e2s_p50_ms": _pct(delays_ms, 0.5), "e2s_p95_ms": _pct(delays_ms, 0.95),
        "e2s_p99_ms": _pct(delays_ms, 0.99), "e2s_max_ms": max(delays_ms, default=float("nan")),
        "e2s_mean_ms": statistics.fmean(delays_ms) if delays_ms else float("nan"),
        "delivered": delivered, "expected": expected,
        "connect_errors": connect_errors, "ack_errors": ack_errors,
        "errors": sum(connect_errors.values()) + sum(ack_errors.values()),
        "disconnects": sum(r.disconnects for r in results),
        "rss_connected_mb": rss_connected / 1024, "rss_peak_mb": max(watch.peak_rss_kb, rss_connected) / 1024,
        "hwm_mb": watch.hwm_kb() / 1024,
        "server_cpu": server_cpu,
        "gen_cpu_max": gen_cpu, "gen_lag_p99_ms": gen_lag * 1000,
        "gen_saturated": gen_cpu > 0.85 or gen_lag > 0.05,
    }


def main(argv: list[str] | None = None) -> None:
    """Run the sweep the options ask for (or report earlier results) and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--async-mode", default="eventlet",
                        help="eventlet, gevent or threading; a comma list runs each")
    parser.add_argument("--phones", default="50,200,500", help="N, or a comma list for a sweep")
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--rate", type=float, default=2.0, help="changes per second per writer")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of writing")
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1, help="server processes")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--op", choices=("edit", "add"), default="edit",
                        help="edit: each writer edits its own shared vision item; add: new vision items")
    parser.add_argument("--targets", default="ours,bare", help="ours, bare or both")
    parser.add_argument("--profile", action="store_true",
                        help="py-spy the servers while the writers write (top functions printed)")
    parser.add_argument("--report", nargs="+", metavar="JSON",
                        help="print the tables and draw the plot of earlier results, run nothing")
    parser.add_argument("--generators", type=int, default=0,
                        help="load-generator processes (default: 1 below 500 phones, 2 from 500 on)")
    args = parser.parse_args(argv)
    if args.report:
        results = [r for path in args.report for r in json.loads(Path(path).read_text())]
        print(table(results))
        print(ratios(results))
        plot(results, OUT / "live_load-report.png")
        return
    if args.processes > 1 and args.database == "sqlite":
        parser.error("two server processes need --database postgresql")
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    results = []
    for mode in args.async_mode.split(","):
        for phones in (int(n) for n in args.phones.split(",")):
            for target in args.targets.split(","):
                run = Run(target, mode, phones, min(args.writers, phones), args.rate, args.duration,
                          args.processes, args.database if target == "ours" else "none", args.op,
                          args.generators or (2 if phones >= 500 else 1), args.profile)
                print(f"... {target} {mode} N={phones} servers={args.processes}", flush=True)
                results.append(measure(run))
                (OUT / f"live_load-{stamp}.json").write_text(json.dumps(results, indent=1))
    print(table(results))
    print(ratios(results))
    plot(results, OUT / f"live_load-{stamp}.png")


if __name__ == "__main__":
    main()
