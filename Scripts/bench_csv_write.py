#!/usr/bin/env python3
"""CSV write throughput: psd `save` (new writer and, optionally, an older psd binary) against
polars `DataFrame.write_csv`, on the same tables, interleaved.

Each run is a fresh process under /usr/bin/time -v (peak RSS). What is timed:
  * psd: a script `set timer=true` / `x = load "T"` / `save x "OUT"`; the time is the `save`
    statement's own wall time as psd prints it (the last "(N s)" line), so the load is not in it.
  * polars: `pl.read_csv(T, infer_schema_length=None)` first (not timed), then
    `time.perf_counter()` around `df.write_csv(OUT)` only. POLARS_MAX_THREADS=2.
MB/s is each tool's own output size over its write time; the ratio compares write times for the
same table (polars' time / psd's time; above 1 means psd is faster). After the runs, the outputs
of the old and the new psd are compared with `cmp` (they must be byte-identical).

Not a test. Prints a Markdown table for Docs/benchmarks.md.
  python3 Scripts/bench_csv_write.py --psd NEW_PSD [--old-psd OLD_PSD] --table T.csv [--table ...]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

POLARS = """
import sys, time, os, polars as pl
df = pl.read_csv(sys.argv[1], infer_schema_length=None)
t = time.perf_counter()
df.write_csv(sys.argv[2])
print("WRITE", time.perf_counter() - t, df.height, df.width, os.path.getsize(sys.argv[2]))
"""


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v: (wall s, max RSS MB, CPU s, stdout, stderr, load before)."""
    load = open("/proc/loadavg").read().split()[0]
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    cpu = sum(float(re.search(p + r" time \(seconds\): (\S+)", proc.stderr).group(1)) for p in ("User", "System"))
    return wall, rss, cpu, proc.stdout, proc.stderr, float(load)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--psd", required=True)
    ap.add_argument("--old-psd")
    ap.add_argument("--table", action="append", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out-dir", default=None, help="where outputs go (default: a temporary folder)")
    args = ap.parse_args()
    out_dir = args.out_dir or tempfile.mkdtemp(prefix="csvw-")
    env = dict(os.environ, POLARS_MAX_THREADS="2")
    tools = [("psd (new writer)", "new"), ("psd (old writer, dfa9ebc)", "old"), ("polars write_csv", "polars")]
    if not args.old_psd:
        tools = [t for t in tools if t[1] != "old"]
    rows = []
    for table in args.table:
        name = os.path.basename(table)
        results = {key: {"t": [], "rss": [], "cpu": [], "wall": [], "load": [], "bytes": 0} for _, key in tools}
        for _ in range(args.rounds):
            for _, key in tools:
                out = os.path.join(out_dir, f"{key}-{name}")
                if os.path.exists(out):
                    os.unlink(out)
                if key == "polars":
                    cmd = [sys.executable, "-c", POLARS, table, out]
                else:
                    script = os.path.join(out_dir, f"{key}.psd")
                    with open(script, "w") as f:
                        f.write(f'set timer=true\nx = load "{table}"\nsave x "{out}"\n')
                    cmd = [args.psd if key == "new" else args.old_psd, script]
                wall, rss, cpu, so, se, load = timed(cmd, env)
                if key == "polars":
                    t = float(re.search(r"WRITE (\S+)", so).group(1))
                else:
                    t = float(re.findall(r"\((\d+\.\d+) s\)", se)[-1])
                r = results[key]
                r["t"].append(t)
                r["rss"].append(rss)
                r["cpu"].append(cpu)
                r["wall"].append(wall)
                r["load"].append(load)
                r["bytes"] = os.path.getsize(out)
                print(f"  {name} {key}: write {t:.2f} s, {r['bytes'] / 1e6 / t:.0f} MB/s, RSS {rss:.0f} MB, load {load}",
                      file=sys.stderr, flush=True)
        identical = "—"
        if args.old_psd:
            same = subprocess.run(["cmp", os.path.join(out_dir, f"new-{name}"), os.path.join(out_dir, f"old-{name}")]).returncode == 0
            identical = "identical" if same else "DIFFERENT"
        polars_t = statistics.median(results["polars"]["t"])
        for label, key in tools:
            r = results[key]
            t = statistics.median(r["t"])
            rows.append(f"| {name} | {label} | {t:.2f} ({min(r['t']):.2f}–{max(r['t']):.2f}) | {r['bytes'] / 1e6:.0f} | "
                        f"{r['bytes'] / 1e6 / t:.0f} | {polars_t / t:.2f}× | {statistics.median(r['cpu']):.1f} | "
                        f"{max(r['rss']):.0f} | {min(r['load']):.1f}–{max(r['load']):.1f} | "
                        f"{identical if key != 'polars' else '—'} |")
        for _, key in tools:
            os.unlink(os.path.join(out_dir, f"{key}-{name}"))
    print("| table | writer | write s, median (min–max) | output MB | MB/s (median) | speed vs polars (time ratio) | process CPU s | peak RSS MB | load avg at start | old vs new output (cmp) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---|---|")
    print("\n".join(rows))
    print(f"\n(rounds: {args.rounds}, tools interleaved in each round; load average: {open('/proc/loadavg').read().strip()})")


if __name__ == "__main__":
    main()
