"""The results as tables and a plot."""
from __future__ import annotations

import sys
from pathlib import Path


COLUMNS = [("mode", "{}"), ("target", "{}"), ("phones", "{}"), ("servers", "{}"), ("database", "{}"),
           ("generators", "{}"),
           ("connect_all_s", "{:.1f}"), ("connect_cpu_s", "{:.1f}"), ("ack_p50_ms", "{:.0f}"),
           ("ack_p99_ms", "{:.0f}"), ("e2s_p50_ms", "{:.0f}"), ("e2s_p95_ms", "{:.0f}"),
           ("e2s_p99_ms", "{:.0f}"), ("e2s_max_ms", "{:.0f}"),
           ("acked_ok", "{}"), ("delivered_pct", "{:.2f}"), ("errors", "{}"), ("disconnects", "{}"),
           ("server_log_errors", "{}"), ("rss_idle_mb", "{:.0f}"), ("rss_peak_mb", "{:.0f}"),
           ("server_cpu_pct", "{:.0f}"), ("cpu_ms_per_edit", "{:.1f}"),
           ("cpu_us_per_delivery", "{:.0f}"), ("gen_cpu_pct", "{:.0f}"), ("gen_lag_p99_ms", "{:.0f}"),
           ("machine_busy_pct", "{:.0f}"), ("load1", "{:.1f}"), ("flag", "{}")]


def _row(result: dict) -> list[str]:
    values = dict(result)
    values["delivered_pct"] = 100.0 * result["delivered"] / result["expected"] if result["expected"] else 0.0
    values["server_cpu_pct"] = 100 * result["server_cpu"]
    # CPU seconds are what the server itself spent: unlike delays, they hold on a busy shared machine.
    cpu_s = result["server_cpu"] * result["duration"]
    values["cpu_ms_per_edit"] = 1000 * cpu_s / result["acked_ok"] if result["acked_ok"] else float("nan")
    values["cpu_us_per_delivery"] = 1e6 * cpu_s / result["delivered"] if result["delivered"] else float("nan")
    values.setdefault("connect_cpu_s", float("nan"))
    values.setdefault("machine_busy_pct", float("nan"))
    values.setdefault("load1", float("nan"))
    values["gen_cpu_pct"] = 100 * result["gen_cpu_max"]
    values["flag"] = "GEN-SATURATED" if result["gen_saturated"] else "ok"
    return [fmt.format(values[name]) for name, fmt in COLUMNS]


def table(results: list[dict]) -> str:
    """The results as a Markdown table, one row per target and N."""
    lines = ["| " + " | ".join(name for name, _fmt in COLUMNS) + " |", "|" + " --- |" * len(COLUMNS)]
    lines += ["| " + " | ".join(_row(result)) + " |" for result in results]
    return "\n".join(lines)


def ratios(results: list[dict]) -> str:
    """ours / bare for the p99 edit-to-screen delay and the peak memory, at each mode, N and server count."""
    def key(result: dict) -> tuple:
        return result["mode"], result["phones"], result["servers"]

    lines = []
    for index, ours in enumerate(results):
        if ours["target"] != "ours":
            continue
        # The bare run measured right after this one (a run does ours, then bare), else the one before.
        after = (r for r in results[index + 1:] if r["target"] == "bare" and key(r) == key(ours))
        before = (r for r in reversed(results[:index]) if r["target"] == "bare" and key(r) == key(ours))
        other = next(after, None) or next(before, None)
        if other:
            lines.append(f"{ours['mode']} N={ours['phones']} servers={ours['servers']} {ours['database']}: "
                         f"p99 ours/bare = {ours['e2s_p99_ms']:.0f}/{other['e2s_p99_ms']:.0f} ms = "
                         f"{ours['e2s_p99_ms'] / other['e2s_p99_ms']:.2f}x; memory ours/bare = "
                         f"{ours['rss_peak_mb']:.0f}/{other['rss_peak_mb']:.0f} MB = "
                         f"{ours['rss_peak_mb'] / other['rss_peak_mb']:.2f}x; errors ours {ours['errors']}, "
                         f"bare {other['errors']}")
    return "\n".join(lines)


# (target, server processes) → line colour
COLOURS = {("ours", 1): "tab:red", ("bare", 1): "tab:blue",
           ("ours", 2): "tab:orange", ("bare", 2): "tab:cyan"}


def plot(results: list[dict], path: Path) -> None:
    """Edit-to-screen delay (p50, p99) against N, ours and bare, one panel per async mode."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): no plot", file=sys.stderr)
        return
    modes = sorted({r["mode"] for r in results})
    figure, axes = plt.subplots(1, len(modes), figsize=(5 * len(modes), 4), squeeze=False)
    for axis, mode in zip(axes[0], modes):
        for (target, servers), colour in COLOURS.items():
            rows = sorted((r for r in results if r["mode"] == mode and r["target"] == target
                           and r["servers"] == servers), key=lambda r: r["phones"])
            if not rows:
                continue
            name = f"{target} ×{servers}" if servers > 1 else target
            phones = [r["phones"] for r in rows]
            axis.plot(phones, [r["e2s_p50_ms"] for r in rows], "--o", color=colour, label=f"{name} p50")
            axis.plot(phones, [r["e2s_p99_ms"] for r in rows], "-o", color=colour, label=f"{name} p99")
        axis.set(title=mode, xlabel="phones (N)", ylabel="edit-to-screen delay (ms)", yscale="log")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    print(f"plot: {path}")
