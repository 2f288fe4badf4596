#!/usr/bin/env python3
"""Every psd-vs-peer comparison of issue 21, side by side in one run (Scripts/bench_all.sh).

Rounds are interleaved: each round runs every task once, and within a task psd and its peers take
turns going first, so a busy spell on the shared machine hits every tool alike. Each timed run is a
fresh process under /usr/bin/time -v (wall, CPU, peak RSS); the 1-minute load average is read
before and after it. The summary takes medians over the rounds (at least 3 for a published table).

What is timed, per task (the same work on both sides; each side's own statement time where the
task is one step of a longer process):
  load-file    psd `x = load F` statement time / polars and pandas `read_csv` call (file: 2 M x 20,
               294 MB, Scripts/bench_csv_gen.py); ratio against the faster peer
  load-tables  the seven raw tables of DATA, summed load times / polars `read_csv` of each, summed
  write-wide   psd `save` statement / polars `write_csv` call, the full feature table of DATA
  write-mixed  the same on application_train.csv (categories and missing values)
  pipeline     whole process: Scripts/bench_features.psd / Scripts/bench_features_polars.py
  gbdt         Scripts/bench_models.py on the feature table (500 trees; training time of each side)
  gbdt-dense   Scripts/bench_models.py on a dense 200 k x 100 table (Scripts/bench_dense_gen.py)
  treeshap     Scripts/bench_shap.py: 1 row and 10,000 rows of a 500-tree model, psd vs shap
  study        whole process: the seven raw tables to the scored export, Scripts/bench_features.psd +
               Scripts/bench_study.psd / Scripts/bench_study_peer.py (as Scripts/bench_study.sh)

usage: Scripts/bench_all.py --data DIR [--rounds 3] [--only a,b] [--write-doc] [--quick]
--write-doc rewrites the block between the bench_all markers in Docs/benchmarks.md: the rows this run
measured replace the rows of the same work, the others stay, each row saying when and at which commit
it was measured (so `--only` can re-measure a few rows without a whole session of GBDT and study runs).
--quick is for checking the harness itself on small data (it says so in the table's heading).
Not a test: timings on a shared 2-core machine are noisy; the load averages are in the table.
"""
import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PSD = os.path.join(ROOT, ".build", "release", "psd")
DOC = os.path.join(ROOT, "Docs", "benchmarks.md")
BEGIN, END = "<!-- bench_all:begin -->", "<!-- bench_all:end -->"
TABLES = ["application_train", "application_test", "bureau", "bureau_balance", "previous_application",
          "POS_CASH_balance", "installments_payments", "credit_card_balance"]

# polars' fastest correct read: its default type inference (the first 100 rows), and a full-scan
# inference only for a file where the default fails (a column whose later rows do not fit).
POLARS_READ = """
import sys, time, polars as pl
total = 0.0
frames = []  # every table kept, as psd's script keeps x0 ... x7
for path in sys.argv[1:]:
    t = time.perf_counter()
    try:
        df = pl.read_csv(path)
    except Exception:
        df = pl.read_csv(path, infer_schema_length=None)
    total += time.perf_counter() - t
    frames.append(df)
print("BENCH_SECONDS", total)
"""
PANDAS_READ = """
import sys, time, pandas as pd
total = 0.0
frames = []  # every table kept, as psd's script keeps x0 ... x7
for path in sys.argv[1:]:
    t = time.perf_counter(); df = pd.read_csv(path, low_memory=False); total += time.perf_counter() - t
    frames.append(df)
print("BENCH_SECONDS", total)
"""
POLARS_WRITE = """
import sys, time, polars as pl
df = pl.read_csv(sys.argv[1], infer_schema_length=None)
t = time.perf_counter(); df.write_csv(sys.argv[2]); print("BENCH_SECONDS", time.perf_counter() - t)
"""


def seconds_text(s):
    return f"{s * 1000:.3g} ms" if s < 0.1 else f"{s:.3g} s" if s < 100 else f"{s:.0f} s"


def load_average():
    return os.getloadavg()[0]


def timed(cmd, cwd=None, env=None):
    """One fresh process under /usr/bin/time -v: wall, CPU, peak RSS (MB), stdout, loads."""
    # Every run starts with nothing of an earlier run left to write back (polars does not sync
    # its files), so no run pays for another's writeback.
    os.sync()
    before = load_average()
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        run = subprocess.run(["/usr/bin/time", "-v", "-o", t.name] + cmd, cwd=cwd, env=env,
                             capture_output=True, text=True)
        report = t.read()
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")

    def field(name):
        m = re.search(re.escape(name) + r":\s*(\S+)", report)
        return m.group(1) if m else "0"

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
    wall_s = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
    return {"wall": wall_s, "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
            "rss_mb": int(field("Maximum resident set size (kbytes)")) / 1024, "out": run.stdout + run.stderr,
            "load": (before, load_average())}


def psd_statement_times(output):
    """The '(N s)' lines `set timer=true` prints, in order."""
    return [float(x) for x in re.findall(r"^\((\d+(?:\.\d+)?) s\)", output, re.M)]


def bench_seconds(output):
    return float(re.search(r"BENCH_SECONDS (\S+)", output).group(1))


def psd_script(lines, cwd=None):
    with tempfile.NamedTemporaryFile("w", suffix=".psd", delete=False) as f:
        f.write("\n".join(["set timer=true"] + lines) + "\n")
    try:
        return timed([PSD, f.name], cwd=cwd)
    finally:
        os.unlink(f.name)


def py(code, *args, threads=True):
    env = dict(os.environ)
    if threads:
        env["POLARS_MAX_THREADS"] = "2"
    return timed([sys.executable, "-c", code, *args], env=env)


class Task:
    """A comparison: `sides` maps a tool to a function returning one run's measurement."""

    def __init__(self, name, work, goal, sides, check=None):
        self.name, self.work, self.goal, self.sides, self.check = name, work, goal, sides, check
        self.runs = {tool: [] for tool in sides}


def make_tasks(args):
    data = args.data
    paths = [os.path.join(data, t + ".csv") for t in TABLES if os.path.exists(os.path.join(data, t + ".csv"))]
    features = os.path.join(os.path.dirname(data), f"features_{os.path.basename(data)}.csv")
    if not os.path.exists(features):  # the study's features, saved once beside the data (atomic save)
        with tempfile.NamedTemporaryFile("w", suffix=".psd", delete=False) as f:
            f.write(open(os.path.join(HERE, "bench_features.psd")).read() + f'\nsave data "{features}"\n')
        subprocess.run([PSD, f.name], cwd=data, check=True, capture_output=True)
        os.unlink(f.name)  # psd's save is atomic: no half-written table is left behind
    scratch = args.scratch
    tasks = []

    def load_psd(files):
        def run():
            lines = [f'x{i} = load "{p}"' for i, p in enumerate(files)]
            r = psd_script(lines)
            times = psd_statement_times(r["out"])
            r["seconds"] = sum(times[-len(files):])
            return r
        return run

    def read_py(code, files):
        def run():
            r = py(code, *files)
            r["seconds"] = bench_seconds(r["out"])
            return r
        return run

    tasks.append(Task("load-file", f"CSV load, {os.path.basename(args.csv_file)} "
                      f"({os.path.getsize(args.csv_file) / 1e6:.0f} MB)",
                      "≥ 2× the faster of polars and pandas",
                      {"psd": load_psd([args.csv_file]), "polars": read_py(POLARS_READ, [args.csv_file]),
                       "pandas": read_py(PANDAS_READ, [args.csv_file])}))
    tasks.append(Task("load-tables", f"CSV load, the {len(paths)} raw tables of {os.path.basename(data)}",
                      "≥ 2× polars", {"psd": load_psd(paths), "polars": read_py(POLARS_READ, paths)}))

    def fresh_output(name):
        """A path with no file at it: replacing the last run's 1.4 GB output would put its
        deletion (page cache and extents freed, ~0.2-0.3 s) inside the next write's time, for
        psd's rename and polars' truncation alike."""
        out = os.path.join(scratch, name)
        if os.path.exists(out):
            os.unlink(out)
        return out

    def write_psd(table):
        def run():
            out = fresh_output("psd_out.csv")
            r = psd_script([f'x = load "{table}"', f'save x "{out}"'])
            r["seconds"] = psd_statement_times(r["out"])[-1]
            return r
        return run

    def write_polars(table):
        def run():
            r = py(POLARS_WRITE, table, fresh_output("polars_out.csv"))
            r["seconds"] = bench_seconds(r["out"])
            return r
        return run

    if os.path.exists(features):
        tasks.append(Task("write-wide", f"CSV write, {os.path.basename(features)}", "≥ 2× polars",
                          {"psd": write_psd(features), "polars": write_polars(features)}))
    train = os.path.join(data, "application_train.csv")
    tasks.append(Task("write-mixed", "CSV write, application_train.csv", "≥ 2× polars",
                      {"psd": write_psd(train), "polars": write_polars(train)}))

    def pipeline_psd():
        r = timed([PSD, os.path.join(HERE, "bench_features.psd")], cwd=data)
        r["seconds"] = r["wall"]
        return r

    def pipeline_polars():
        r = timed([sys.executable, os.path.join(HERE, "bench_features_polars.py"), data],
                  env=dict(os.environ, POLARS_MAX_THREADS="2"))
        r["seconds"] = r["wall"]
        return r

    tasks.append(Task("pipeline", "feature pipeline (load, aggregate 6 side tables, join), whole process",
                      "≤ 0.5× polars' time", {"psd": pipeline_psd, "polars": pipeline_polars}))

    # bench_models.py and bench_shap.py time both sides themselves (interleaved inside); one run
    # of the script gives one measurement of each side.
    def models(table, work):
        last = {}

        def side(tool):
            def run():
                if tool == "psd":  # runs first: one run of the script times both sides
                    r = timed([sys.executable, os.path.join(HERE, "bench_models.py"), "--table", table, "--work",
                               work, "--psd", PSD, "--trees", str(args.trees), "--skip-logistic"], cwd=ROOT)
                    last["res"], last["load"] = json.load(open(os.path.join(work, "results.json"))), r["load"]
                key = "psd_gbdt" if tool == "psd" else "lightgbm"
                res = last["res"]
                return {"seconds": res[key + "_seconds"], "auc": res[key + "_auc"], "rss_mb": None,
                        "load": last["load"]}
            return run
        return {"psd": side("psd"), "lightgbm": side("lightgbm")}

    if os.path.exists(features):
        tasks.append(Task("gbdt", f"GBDT training, {args.trees} trees, {os.path.basename(features)} (80 % split)",
                          "≤ 0.5× LightGBM's time, AUC within 0.002",
                          models(features, os.path.join(scratch, "models_wide")), check="auc"))
    dense = os.path.join(scratch, "dense.csv")
    if not os.path.exists(dense):
        subprocess.run([sys.executable, os.path.join(HERE, "bench_dense_gen.py"), dense] +
                       (["20000"] if args.quick else []), check=True, capture_output=True)
    tasks.append(Task("gbdt-dense", f"GBDT training, {args.trees} trees, dense continuous table",
                      "≤ 0.7× LightGBM's time", models(dense, os.path.join(scratch, "models_dense")), check="auc"))

    def shap_side(tool, which):
        state = args.shap_cache

        def run():
            if tool == "psd" and which == "one":
                out = os.path.join(scratch, "shap.json")
                r = timed([sys.executable, os.path.join(HERE, "bench_shap.py"), "--json", out,
                           "--out", os.path.join(scratch, "shap"), "--repeats", "3",
                           "--trees", str(args.trees)] + (["--rows", "20000", "--explain", "2000"] if args.quick else []),
                          cwd=ROOT)
                state["res"], state["load"] = json.load(open(out)), r["load"]
            key = {("psd", "one"): "psd_one_row_s", ("shap", "one"): "shap_one_row_s",
                   ("psd", "all"): "psd_all_rows_s", ("shap", "all"): "shap_all_rows_s"}[(tool, which)]
            return {"seconds": state["res"][key], "rss_mb": None, "load": state["load"]}
        return run

    tasks.append(Task("treeshap-1", f"TreeSHAP, 1 row, {args.trees}-tree model", "≥ 2× shap",
                      {"psd": shap_side("psd", "one"), "shap": shap_side("shap", "one")}))
    tasks.append(Task("treeshap-all", f"TreeSHAP, {2000 if args.quick else 10000:,} rows, {args.trees}-tree model",
                      "≥ 2× shap", {"psd": shap_side("psd", "all"), "shap": shap_side("shap", "all")}))
    def study_psd():
        with tempfile.NamedTemporaryFile("w", suffix=".psd", delete=False) as f:
            for name in ("bench_features.psd", "bench_study.psd"):
                f.write("".join(l for l in open(os.path.join(HERE, name)) if l.strip() != "print data"))
        r = timed([PSD, f.name], cwd=data)
        os.unlink(f.name)
        r["seconds"] = r["wall"]
        return r

    def study_peer():
        r = timed([sys.executable, os.path.join(HERE, "bench_study_peer.py"), data, scratch],
                  env=dict(os.environ, POLARS_MAX_THREADS="2"))
        r["seconds"] = r["wall"]
        return r

    tasks.append(Task("study", "the whole study (Scripts/bench_study.sh: 7 raw tables → features → split → "
                      "500 trees → threshold → explanations → scored export), whole process",
                      "< 60 s and < 6 GB", {"psd": study_psd, "polars+lightgbm+shap": study_peer},
                      check="absolute"))
    return tasks


def selected(tasks, only):
    if not only:
        return tasks
    wanted = set(only.split(","))
    unknown = wanted - {t.name for t in tasks}
    if unknown:
        sys.exit(f"unknown task(s): {', '.join(sorted(unknown))}; tasks: {', '.join(t.name for t in tasks)}")
    return [t for t in tasks if t.name in wanted]


def run_rounds(tasks, rounds):
    for r in range(rounds):
        for task in tasks:
            tools = list(task.sides)
            # psd first in even rounds, last in odd ones; treeshap's and the models' psd side runs
            # the shared script, so it stays first.
            if r % 2 == 1 and not task.name.startswith(("treeshap", "gbdt")):
                tools.reverse()
            for tool in tools:
                m = task.sides[tool]()
                task.runs[tool].append(m)
                rss = "" if m.get("rss_mb") is None else f"  {m['rss_mb']:8.0f} MB"
                print(f"round {r + 1} {task.name:13} {tool:9} {seconds_text(m['seconds']):>10}{rss}"
                      f"  load {m['load'][0]:.1f}→{m['load'][1]:.1f}", flush=True)


def summary(tasks, args):
    measured = measured_text(args)
    rows = []
    for task in tasks:
        med = {tool: statistics.median(m["seconds"] for m in runs) for tool, runs in task.runs.items() if runs}
        peers = {t: s for t, s in med.items() if t != "psd"}
        fastest = min(peers, key=peers.get)
        ratio = med["psd"] / peers[fastest]
        rss = {tool: max((m["rss_mb"] or 0) for m in runs) for tool, runs in task.runs.items() if runs}
        loads = [x for runs in task.runs.values() for m in runs for x in m["load"]]
        if task.check == "absolute":  # the study: psd's own wall time and memory
            met = med["psd"] < 60 and rss["psd"] < 6 * 1024
        else:
            goal_ratio = float(re.search(r"(\d+(?:\.\d+)?)×", task.goal).group(1))
            # "≥ k× peer" goals are throughput (psd time ≤ 1/k of the peer's); "≤ k×" time ratios.
            met = ratio <= (1 / goal_ratio if task.goal.startswith("≥") else goal_ratio)
        extra = ""
        if task.check == "auc":
            d = statistics.median(m["auc"] for m in task.runs["psd"]) - statistics.median(
                m["auc"] for m in task.runs[fastest])
            extra = f"; AUC {d:+.4f}"
            met = met and (abs(d) <= 0.002 or "within" not in task.goal)
        mem = " / ".join(f"{t} {rss[t] / 1024:.2f} GB" for t in rss if rss[t]) or "—"
        times = ", ".join(f"{t} {seconds_text(s)}" for t, s in med.items())
        rows.append(f"| {task.work} | {times} | **{ratio:.2f}×** the time of {fastest} "
                    f"({1 / ratio:.2f}× its speed){extra} | {task.goal} | {'yes' if met else 'no'} | {mem} | "
                    f"{min(loads):.1f}–{max(loads):.1f} | {measured} |")
    return rows


def measured_text(args):
    """When, at which commit, on what and over how many rounds a row was measured."""
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    quick = "; QUICK MODE (harness check on small data, not a published figure)" if args.quick else ""
    return f"{when}, {commit}, `{args.data}`, {args.rounds} round(s){quick}"


HEADING = ("Rows as `Scripts/bench_all.sh` last measured them: medians of interleaved rounds, each row "
           "saying when, at which commit, on which data and over how many rounds (`--only` re-measures "
           "some rows and keeps the others as they were).")
HEADER = ["| work | medians | psd vs the fastest peer | goal | met? | peak RSS | load average | measured |",
          "|---|---|---|---|---|---|---:|---|"]


def table(rows):
    return "\n".join([HEADING, ""] + HEADER + rows)


def merged_rows(new_rows, order):
    """The block's rows with `new_rows` in place of the rows of the same work; the others kept
    (rows written before the `measured` column get the old block's heading as theirs)."""
    doc = open(DOC).read()
    if BEGIN not in doc or END not in doc:
        return new_rows
    block = doc.split(BEGIN, 1)[1].split(END, 1)[0]
    old = re.search(r"Last run of `Scripts/bench_all.sh`: (.*?), commit (\w+), data (`[^`]*`), (\d+) round", block)
    kept = {}
    for line in block.splitlines():
        if not line.startswith("| ") or line in HEADER or line.startswith("| work |"):
            continue
        cells = line.strip().strip("|").split(" | ")
        if len(cells) == 7 and old:
            line = line.rstrip() + f" {old.group(1)}, {old.group(2)}, {old.group(3)}, {old.group(4)} round(s) |"
        kept[cells[0].strip()] = line
    for line in new_rows:
        kept[line.strip().strip("|").split(" | ")[0].strip()] = line
    # The harness's task order first, then rows of tasks it no longer has.
    return [kept.pop(w) for w in order if w in kept] + list(kept.values())


def write_doc(text):
    doc = open(DOC).read()
    if BEGIN not in doc or END not in doc:
        sys.exit(f"{DOC} has no {BEGIN} ... {END} block to rewrite")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    tmp = DOC + ".tmp"
    with open(tmp, "w") as f:
        f.write(head + BEGIN + "\n" + text + "\n" + END + tail)
    os.replace(tmp, DOC)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="/work/data/scale1", help="psd-synth output (the seven raw tables)")
    ap.add_argument("--csv-file", default="/work/data/bench_2m.csv", help="the load benchmark file")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--trees", type=int, default=500)
    ap.add_argument("--only", help="comma-separated task names")
    ap.add_argument("--write-doc", action="store_true", help="rewrite the summary block of Docs/benchmarks.md")
    ap.add_argument("--quick", action="store_true", help="small inputs, to check the harness")
    args = ap.parse_args()
    args.data = os.path.abspath(args.data)
    args.scratch = tempfile.mkdtemp(prefix="bench_all.")
    args.shap_cache = {}
    # Build first: a stale release binary would be measured under the current commit's name.
    subprocess.run(["swift", "build", "-c", "release", "--product", "psd"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    if not os.path.exists(args.csv_file):
        subprocess.run([sys.executable, os.path.join(HERE, "bench_csv_gen.py"), args.csv_file] +
                       (["200000"] if args.quick else []), check=True)
    tasks = make_tasks(args)
    order = [t.work for t in tasks]
    tasks = selected(tasks, args.only)
    print(f"tasks: {', '.join(t.name for t in tasks)}; {args.rounds} round(s); load {load_average():.1f}", flush=True)
    run_rounds(tasks, args.rounds)
    rows = summary(tasks, args)
    print()
    print(table(rows))
    if args.write_doc:
        write_doc(table(merged_rows(rows, order)))
        print(f"\nwrote the summary block of {DOC}")
    subprocess.run(["rm", "-rf", args.scratch])


if __name__ == "__main__":
    main()
