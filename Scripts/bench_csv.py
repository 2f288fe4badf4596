#!/usr/bin/env python3
"""CSV load benchmark: psd `load` against pandas.read_csv and polars.read_csv.

Each tool runs in a fresh process under /usr/bin/time -v (peak memory = max RSS), rounds
interleaved so machine noise hits every tool alike. psd runs a one-line script with
`set timer=true`, so both its statement time (the load alone) and the process wall time are
recorded; for pandas and polars the read call is timed inside the process (imports excluded).

usage: Scripts/bench_csv.py [--file F] [--psd PATH] [--runs N]
Prints a markdown table for Docs/benchmarks.md. Not a test: timings here are noisy (2 shared cores).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

PY_READ = {
    "pandas": "import time, pandas as pd\nt=time.perf_counter(); df=pd.read_csv({path!r}); print('READ', time.perf_counter()-t, len(df))",
    "polars": "import time, polars as pl\nt=time.perf_counter(); df=pl.read_csv({path!r}); print('READ', time.perf_counter()-t, df.height)",
}


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (wall s, max RSS MB, CPU s, stdout, stderr)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    cpu = sum(float(re.search(p + r" time \(seconds\): (\S+)", proc.stderr).group(1)) for p in ("User", "System"))
    return wall, rss, cpu, proc.stdout, proc.stderr


def typed_bytes(path):
    """Size of psd's typed columns for this file: float/int 8 B, int validity mask 1 B, category code 4 B."""
    import polars as pl
    df = pl.read_csv(path)
    total = 0
    for name, dtype in df.schema.items():
        if dtype == pl.String:
            total += 4 * df.height
        elif dtype == pl.Boolean:
            total += df.height
        else:
            total += 8 * df.height
            if dtype.is_integer() and df[name].null_count() > 0:
                total += df.height
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", default="/work/data/bench_2m.csv")
    ap.add_argument("--psd", default=os.path.join(HERE, "..", ".build", "release", "psd"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not os.path.exists(args.file):
        subprocess.run([sys.executable, os.path.join(HERE, "bench_csv_gen.py"), args.file], check=True)
    size_mb = os.path.getsize(args.file) / 1e6
    script = tempfile.NamedTemporaryFile("w", suffix=".psd", delete=False)
    script.write(f'set timer=true\nx = load "{args.file}"\n')
    script.close()
    script1 = tempfile.NamedTemporaryFile("w", suffix=".psd", delete=False)
    script1.write(f'set timer=true\nx = load "{args.file}" threads=1\n')
    script1.close()

    tools = {
        "psd load (2 threads)": ("psd", [args.psd, script.name]),
        "psd load (1 thread)": ("psd", [args.psd, script1.name]),
        "pandas read_csv": ("py", [sys.executable, "-c", PY_READ["pandas"].format(path=args.file)]),
        "polars read_csv (2 threads)": ("py", [sys.executable, "-c", PY_READ["polars"].format(path=args.file)]),
    }
    results = {name: {"read": [], "wall": [], "rss": [], "cpu": []} for name in tools}
    for _ in range(args.runs):
        for name, (kind, cmd) in tools.items():
            wall, rss, cpu, out, err = timed(cmd, env=dict(os.environ, POLARS_MAX_THREADS="2"))
            if kind == "psd":
                read = float(re.findall(r"\((\d+\.\d+) s\)", err)[-1])
            else:
                read = float(re.search(r"READ (\S+)", out).group(1))
            results[name]["read"].append(read)
            results[name]["wall"].append(wall)
            results[name]["rss"].append(rss)
            results[name]["cpu"].append(cpu)
    os.unlink(script.name)
    os.unlink(script1.name)

    typed_mb = typed_bytes(args.file) / 1e6
    polars = statistics.median(results["polars read_csv (2 threads)"]["read"])
    print(f"File: {args.file}, {size_mb:.1f} MB; psd typed columns {typed_mb:.1f} MB; {args.runs} runs per tool, interleaved; "
          f"load average before: {os.getloadavg()[0]:.1f}\n")
    polars_cpu = statistics.median(results["polars read_csv (2 threads)"]["cpu"])
    print("| tool | read s (median) | read s (best) | MB/s (median) | throughput vs polars | process wall s | process CPU s (user+sys) | CPU vs polars | max RSS MB | RSS / typed columns |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        med = statistics.median(r["read"])
        cpu = statistics.median(r["cpu"])
        print(f"| {name} | {med:.2f} | {min(r['read']):.2f} | {size_mb / med:.0f} | {polars / med:.2f}x | "
              f"{statistics.median(r['wall']):.2f} | {cpu:.2f} | {polars_cpu / cpu:.2f}x less | "
              f"{statistics.median(r['rss']):.0f} | {statistics.median(r['rss']) / typed_mb:.2f} |")
    print("\n(medians over the runs; wall/CPU/RSS are whole processes: Python start-up and imports included for pandas/polars)")


if __name__ == "__main__":
    main()
