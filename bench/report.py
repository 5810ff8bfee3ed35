"""Writes bench/RESULTS.md, bench/results.svg and bench/growth.svg from a finished Bench run.

A run also saves its raw figures (every round) as RESULTS.json beside RESULTS.md; `python3 bench/report.py
RESULTS.json [OUT.md]` writes the report again from them."""
import datetime
import math
import os
import platform
import statistics
import json
import subprocess
import sys
import types

import chart


def _cmd(args):
    try:
        return subprocess.run(args, capture_output=True, text=True).stdout.strip() or \
            subprocess.run(args, capture_output=True, text=True).stderr.strip()
    except OSError:
        return "?"


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024 // 1024
    java = _cmd(["java", "-version"]).splitlines()[0]
    return (f"{os.cpu_count()} cores ({cpu}), {mem} GiB, {platform.system()} {platform.release()}, {java}, "
            f"{_cmd(['wrk', '--version']).splitlines()[0].split(' Copyright')[0]}")


def _fmt(v, digits=1):
    return "—" if v is None else f"{v:,.{digits}f}"


def _value(row, metrics):
    return metrics.get("mibps") if row["unit"] == "MiB/s" else metrics.get("rps")


def ratio_spread(depot, peer):
    """Depot / peer: the median, lowest and highest of the per-round ratios (round i of Depot over round i of the
    peer, taken in alternation) when both have rounds, else the ratio of the two figures (min = max = it)."""
    d, p = depot.get("rounds") or [], peer.get("rounds") or []
    pairs = [(_value(depot, a), _value(peer, b)) for a, b in zip(d, p)] if len(d) == len(p) else []
    ratios = sorted(a / b for a, b in pairs if a and b)
    if ratios:
        return statistics.median(ratios), ratios[0], ratios[-1]
    dv, pv = _value(depot, depot["metrics"]), _value(peer, peer["metrics"])
    if dv and pv:
        return dv / pv, dv / pv, dv / pv
    return None


def _spread(row):
    """Half the range of a system's per-round throughput, relative to its median: ±x %."""
    values = [_value(row, r) for r in row.get("rounds") or []]
    values = [v for v in values if v]
    median = _value(row, row["metrics"])
    if len(values) < 2 or not median:
        return ""
    return f"±{50 * (max(values) - min(values)) / median:.0f} %"


def _load_line(bench):
    """The machine's 1-minute load average during the run: with 2 cores, much above 2 means other programs took
    CPU from the systems measured, and the figures (a peer's more than Depot's) say less."""
    load = getattr(bench, "load", None)
    if not load:
        return "- Load: not recorded"
    return (f"- Load (1-minute load average, every process on the machine): {load[0]:.1f} at the start, "
            f"{max(load):.1f} at most, {load[-1]:.1f} at the end; {os.cpu_count()} cores")


def _ratio_text(r):
    median, low, high = r
    if low == high:
        return f"{median:.2f}×"
    return f"{median:.2f}× ({low:.2f}–{high:.2f})"


def write(bench, out_path, svg_path):
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    by_scenario = {}
    for r in bench.results:
        by_scenario.setdefault(r["scenario"], []).append(r)
    elapsed = getattr(bench, "elapsed", None)
    date = getattr(bench, "date", None) or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Benchmark results", "",
             f"Produced by `bench/run{' --quick' if bench.quick else ''}` on {date}"
             + (f" in {elapsed / 60:.0f} minutes" if elapsed else "") + ". "
             "Every system runs on this one machine, on loopback; the load generator shares its cores.", "",
             f"- Machine: {machine()}",
             f"- Runs: {bench.rounds} alternating round(s) of {bench.seconds} s per system and scenario with a peer "
             f"(the order flips every round), {getattr(bench, 'measure_rounds', bench.rounds)} for Depot alone, each "
             f"after at least {bench.warm} s of unmeasured warm-up (Depot's goes on while its JIT compiles); medians "
             "shown. Depot / peer is the median of the per-round ratios (round i of Depot over round i of the peer), "
             "with the lowest and highest in brackets; ± is half the range of a system's per-round throughput."
             + _other_rounds(bench),
             f"- CPU: {getattr(bench, 'pinning', 'not pinned')}",
             _load_line(bench),
             "- Versions: " + ", ".join(f"{s.name} {s.version}" for s in bench.servers.values()), "",
             "![Depot relative to its peers](results.svg)", ""]
    lines += ["## Start and memory", "",
              "Depot's start is the median of five restarts on the data of a first start (with the fastest and slowest "
              "in brackets; that first one, on empty data, also creates the database and the admin user); the peers "
              "start once, on empty data.", "",
              "| system | start → first 200 | first start, empty data | RSS after start | RSS after the run | "
              f"the same, {1 if getattr(bench, 'quick', False) else 15} s later |",
              "|---|---|---|---|---|---|"]
    for name, s in bench.servers.items():
        first_start = getattr(s, "first_start_seconds", None)
        first = f"{first_start:.2f} s" if first_start else "—"
        restarts = getattr(s, "restart_seconds", None)
        start = f"{s.start_seconds:.2f} s" + (f" ({min(restarts):.2f}–{max(restarts):.2f}, median of {len(restarts)})"
                                              if restarts and len(restarts) > 1 else "")
        lines.append(f"| {name} | {start} | {first} | {s.rss_start / 1024:.0f} MiB | "
                     f"{bench.rss_after.get(name, 0) / 1024:.0f} MiB | {_mib(getattr(bench, 'rss_idle', {}), name)} |")
    lines += ["", "## Scenarios", "",
              "| scenario | system | throughput | ± | MiB/s | p50 | p99 | Depot / peer (lowest–highest round) |",
              "|---|---|---|---|---|---|---|---|"]
    ratios = []
    for scenario, rows in by_scenario.items():
        depot = next((r for r in rows if r["system"].startswith("depot")), None)
        for r in rows:
            m = r["metrics"]
            value = _value(r, m)
            ratio = ""
            if depot is not None and r is not depot and r["unit"] in ("req/s", "MiB/s", "publishes/s", "files/s",
                                                                            "packages/s"):
                spread = ratio_spread(depot, r)
                if spread:
                    ratio = _ratio_text(spread)
                    peer = r["system"]
                    ratios.append((scenario if peer.startswith("depot") else f"{scenario} vs {peer}", *spread))
            lines.append(f"| {scenario} | {r['system']} | {_fmt(value)} {r['unit']} | {_spread(r)} | "
                         f"{_fmt(m.get('mibps'))} | {_fmt(m.get('p50'), 2)} ms | {_fmt(m.get('p99'), 2)} ms | "
                         f"{ratio} |".replace("— ms", "—"))
    lines += [""] + [f"- {n}" for n in bench.notes]
    growth_svg = os.path.join(os.path.dirname(os.path.abspath(svg_path)), "growth.svg")
    if bench.growth:
        lines += growth_section(bench)
        with open(growth_svg, "w") as f:
            f.write(growth_chart(bench.growth))
    timings = getattr(bench, "timings", {})
    if timings:
        lines += ["", "## Time", "", "Seconds per group of scenarios, set-up included: " +
                  ", ".join(f"{k} {v:.0f}" for k, v in timings.items()) + "."]
    lines += ["", "## Reading", "", READING, ""]
    with open(out_path, "w") as f:
        f.write("\n".join(lines))
    panels = [chart.bars("Depot throughput relative to the peer (higher is better)", ratios, "×", reference=1.0,
                         note="bar: median of the per-round ratios; whisker: lowest to highest round"),
              chart.bars("Start to first 200 (seconds)", [(n, s.start_seconds) for n, s in bench.servers.items()],
                         "s", color="#6a8d3a"),
              chart.bars("Resident memory after the run (MiB)",
                         [(n, bench.rss_after.get(n, 0) / 1024) for n in bench.servers], "MiB", color="#8e5ea2")]
    with open(svg_path, "w") as f:
        f.write(chart.page(panels, title="Depot beside its peers: throughput ratios, start time and memory",
                           desc="Depot / peer, median of the per-round ratios (lowest–highest): " + "; ".join(
                               f"{name} {_ratio_text(r)}" for name, *r in ratios)))


def growth_verdict(points):
    """Compares how p99 (and p50) grew from the smallest to the largest n with how log n grew. A p99 taken on a busy
    machine moves with other programs' load; when p50 stayed within log n while p99 did not, the verdict says so."""
    first, last = points[0], points[-1]

    def ratio(key):
        return last[key] / first[key] if first[key] else float("inf")

    grew, grew50 = ratio("p99"), ratio("p50")
    log_growth = math.log(last["n"]) / math.log(first["n"])
    allowed = 1.5 * log_growth  # what log n grew by, with room for a busy machine's noise
    if grew50 > allowed:
        verdict = "**faster than log n**"
    elif grew > allowed:
        verdict = "p99 only (p50 within log n): noise?"
    elif max(grew, grew50) <= 1.5:
        verdict = "flat"
    else:
        verdict = "within log n"
    return grew, grew50, log_growth, last["n"] / first["n"], verdict


def growth_section(bench):
    series = {}
    for p in bench.growth:
        series.setdefault(p["series"], []).append(p)
    width = max(len(points) for points in series.values())
    lines = ["", "## Growth", "",
             "p99 of one request in ms (p50 in brackets), 4 connections, the median of "
             f"{getattr(bench, 'measure_rounds', 3)} round(s) of {bench.seconds} s after a warm-up, as the data grows. "
             "A line passes when it stays flat or grows no faster than log n: \"p99 grew\" is p99 at the largest n over p99 "
             "at the smallest (p50 likewise), beside what log n and n grew by over the same range; a line counts as "
             "faster than log n when its p50 grew by more than 1.5 times what log n grew (p50 is the steadier figure "
             "on a busy machine; p99 alone growing that fast is flagged as possible noise).", "",
             "![p99 as the data grows](growth.svg)", "",
             "| series | " + " | ".join({1: ["n"], 2: ["smaller", "larger"], 3: ["small", "medium", "large"]}.get(
                 width, [f"n{i + 1}" for i in range(width)])) + " | p99 grew | p50 grew | log n grew | n grew | |",
             "|---|" + "---|" * width + "---|---|---|---|---|"]
    slow = []
    for name, points in series.items():
        points = sorted(points, key=lambda p: p["n"])
        cells = []
        for p in points:
            size = f", {p['bytes'] / 1024:,.0f} KiB" if p.get("bytes") else ""
            cells.append(f"n = {p['n']:,}: **{p['p99']:.1f}** ({p['p50']:.1f}{size})")
        cells += [""] * (width - len(cells))
        grew, grew50, log_growth, n_growth, verdict = growth_verdict(points)
        if verdict != "flat" and verdict != "within log n":
            slow.append((name, verdict))
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {grew:.1f}× | {grew50:.1f}× | {log_growth:.1f}× | "
                     f"{n_growth:,.0f}× | {verdict} |")
    if slow:
        lines.append("")
    explained = {}  # one explanation for the series it covers (npm full and abbreviated share theirs)
    for name, verdict in slow:
        why = next((text for key, text in GROWTH_WHY.items() if name.startswith(key)), None)
        if verdict.startswith("p99 only"):
            why = ("p99 grew faster than log n but p50 did not: p99 on this machine moved with other programs' load "
                   "(see the load average above); a quieter run decides.")
        if why:
            explained.setdefault(why, []).append(name)
    for why, names in explained.items():
        lines.append(f"- {' and '.join(names)}: {why}")
    return lines


def growth_chart(growth):
    series = {}
    for p in growth:
        series.setdefault(p["series"], []).append((p["n"], p["p99"]))
    return chart.lines("p99 latency as the data grows", series, "n (packages, projects or versions; log scale)",
                       "p99 (ms)")


# Why a series grows faster than log n, shown under the growth table when it does (kept with bench/README.md).
GROWTH_WHY = {
    "package list, first page":
        "a page also counts the project's packages for X-Total, up to 10,001 rows (like GitLab, Depot does not "
        "count past 10,000): that count reads up to 10,000 index entries, so its cost grows with n up to 10,000 "
        "packages and is flat beyond (compare the 10,000 and 100,000 points). It is kept while no package changes, "
        "so a list read again between changes skips it.",
    "package list, name filter":
        "a substring match (`LOWER(name) LIKE '%x%'`) that no B-tree index serves reads every package of the "
        "project: linear in n. A trigram index (PostgreSQL's pg_trgm) or an FTS table on SQLite would answer it from "
        "an index.",
    "Maven group metadata":
        "every request lists the group's projects the caller may read (a check per project) and binds all their ids "
        "into the versions query (`project_id IN (…)`), both linear in the number of projects; caching the readable "
        "ids per principal and group, dropped on membership or project changes, would leave the indexed lookup.",
    "npm packument":
        "the document lists every version, so its size grows linearly with them (see the KiB in the table) and so "
        "does sending it; the change stamp that keys the cached rendering (COUNT, MAX, SUM over the package's rows) "
        "reads all n rows on every request too. A client's If-None-Match gets a 304 without the bytes.",
}


READING = """The reading of these figures is kept by hand in bench/README.md and summarised in the main README;
this file is regenerated by every run."""


def _mib(kib_by_system, name):
    return f"{kib_by_system[name] / 1024:.0f} MiB" if name in (kib_by_system or {}) else "—"


def _other_rounds(bench):
    """Names the scenarios with a peer that ran more (or fewer) rounds than the run's number."""
    counts = {}
    for r in bench.results:
        if r["system"] != "depot" and r["rounds"] and len(r["rounds"]) != bench.rounds:
            counts.setdefault(r["scenario"], len(r["rounds"]))
    return "".join(f" The {name}: {n} rounds." for name, n in counts.items())


def save(bench, path):
    """The run's raw figures, every round included, as JSON (read back by load())."""
    data = {k: getattr(bench, k, None) for k in ("quick", "rounds", "measure_rounds", "seconds", "warm", "pinning",
                                                  "load", "elapsed", "timings", "date",
                                                  "rss_after", "rss_idle", "results", "growth", "notes")}
    data["servers"] = {n: {"name": s.name, "version": s.version, "start_seconds": s.start_seconds,
                           "first_start_seconds": s.first_start_seconds,
                           "restart_seconds": getattr(s, "restart_seconds", None),
                           "rss_start": s.rss_start} for n, s in bench.servers.items()}
    with open(path, "w") as f:
        json.dump(data, f, indent=1)


def load(path):
    with open(path) as f:
        data = json.load(f)
    data["servers"] = {n: types.SimpleNamespace(**s) for n, s in data["servers"].items()}
    return types.SimpleNamespace(**data)


if __name__ == "__main__":
    source = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else source[:-len(".json")] + ".md"
    write(load(source), out, os.path.join(os.path.dirname(os.path.abspath(out)), "results.svg"))
