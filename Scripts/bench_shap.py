#!/usr/bin/env python3
"""TreeSHAP benchmark: psd vs shap's TreeExplainer on the same 500-tree LightGBM model.

Trains LightGBM (500 trees, 31 leaves, rate 0.05, min 20 rows a leaf, 2 threads) on a credit-like
table, dumps it as JSON, and explains 1 row and 10,000 rows with
  - shap.TreeExplainer(booster).shap_values(X)  (for LightGBM, shap calls LightGBM's C++ TreeSHAP)
  - psd's TreeSHAP (Scripts/bench_shap/main.swift, release build) on the same trees,
then checks the two give the same contributions. Timings are the best of several runs.

usage: Scripts/bench_shap.py [--rows 100000] [--features 60] [--explain 10000] [--csv FILE --target TARGET]
                            [--reuse] [--json OUT] [--algorithm2 (also time psd without pattern tables)]
Data and model go to /work/data/bench_shap/ (outside the repo).
"""
import argparse, json, os, subprocess, sys, time
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--rows", type=int, default=100_000)
ap.add_argument("--features", type=int, default=60)
ap.add_argument("--explain", type=int, default=10_000)
ap.add_argument("--trees", type=int, default=500)
ap.add_argument("--repeats", type=int, default=5)
ap.add_argument("--csv", help="a feature table (numeric columns) instead of the generated one")
ap.add_argument("--target", default="TARGET")
ap.add_argument("--out", default="/work/data/bench_shap")
ap.add_argument("--reuse", action="store_true", help="reuse the model saved by a previous run")
ap.add_argument("--json", help="also write the timings here (for Scripts/bench_all.py)")
ap.add_argument("--algorithm2", action="store_true",
                help="also time psd without pattern tables (Algorithm 2 alone, the code before Fast TreeSHAP)")
args = ap.parse_args()
os.makedirs(args.out, exist_ok=True)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

import lightgbm as lgb
import shap

if args.csv:
    import pandas as pd
    df = pd.read_csv(args.csv)
    y = df[args.target].to_numpy()
    df = df.drop(columns=[c for c in [args.target, "SK_ID_CURR"] if c in df]).select_dtypes("number")
    X = df.to_numpy(dtype=np.float64)
    source = f"{args.csv} ({X.shape[0]} rows x {X.shape[1]} numeric features)"
else:
    # Credit-like: skewed amounts, bounded scores, counts, 15 % missing in a third of the
    # columns, an 8 % default rate driven by a few features non-linearly.
    rng = np.random.default_rng(0)
    n, p = args.rows, args.features
    X = np.empty((n, p))
    for j in range(p):
        kind = j % 3
        if kind == 0: X[:, j] = rng.lognormal(11, 0.6, n)
        elif kind == 1: X[:, j] = rng.beta(2, 2, n)
        else: X[:, j] = rng.poisson(2, n)
    for j in range(0, p, 3):
        X[rng.random(n) < 0.15, j] = np.nan
    z = (-2.8 - 2.2 * (X[:, 1] - 0.5) - 1.6 * (X[:, 4] - 0.5) + 0.35 * np.nan_to_num(X[:, 2] - 2)
         + 0.4 * np.log(np.nan_to_num(X[:, 0], nan=60000) / 60000) + 0.6 * (X[:, 7] > 0.8)
         + 0.5 * np.isnan(X[:, 3]))
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    source = f"generated credit-like table ({n} rows x {p} features, {y.mean():.1%} defaults)"

n = X.shape[0]
train, rest = np.arange(n) < int(n * 0.8), np.arange(n) >= int(n * 0.8)
params = dict(objective="binary", num_leaves=31, learning_rate=0.05, min_data_in_leaf=20,
              max_bin=255, num_threads=2, verbose=-1, seed=0)
model_path = os.path.join(args.out, "lgbm.json")
t = time.perf_counter()
if args.reuse and os.path.exists(os.path.join(args.out, "lgbm.txt")):
    booster = lgb.Booster(model_file=os.path.join(args.out, "lgbm.txt"))
else:
    booster = lgb.train(params, lgb.Dataset(X[train], y[train]), num_boost_round=args.trees)
    booster.save_model(os.path.join(args.out, "lgbm.txt"))
train_s = time.perf_counter() - t
with open(model_path, "w") as f:
    json.dump(booster.dump_model(), f)

Xe = np.ascontiguousarray(X[rest][: args.explain])
rows_path = os.path.join(args.out, "rows.f64")
Xe.astype(np.float64).tofile(rows_path)

def best(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times)

def timed_all(fn):
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c

t = time.perf_counter()
explainer = shap.TreeExplainer(booster)
shap_prepare = time.perf_counter() - t
x1 = Xe[:1]
shap_values = explainer.shap_values(Xe)

# psd, release build of the helper.
subprocess.run(["swift", "build", "-c", "release", "--product", "psd-bench-shap"], cwd=root, check=True,
               stdout=subprocess.DEVNULL)
binary = os.path.join(root, ".build", "release", "psd-bench-shap")
prefix = os.path.join(args.out, "psd")

# The machine is shared: psd and shap runs alternate, and each keeps its best.
load_start = os.getloadavg()[0]
psd = None
old = None
shap_one, shap_all, shap_cpu = float("inf"), float("inf"), float("inf")
for _ in range(args.repeats):
    res = subprocess.run([binary, model_path, rows_path, str(X.shape[1]), prefix, "1"],
                         check=True, capture_output=True, text=True)
    run = json.loads(res.stdout)
    if psd is None: psd = run
    else:
        for k in ("one_row_s", "one_row_serial_s", "one_row_serial_cpu_s", "all_rows_s", "all_rows_cpu_s",
                  "prepare_s"):
            psd[k] = min(psd[k], run[k])
    if args.algorithm2:
        res = subprocess.run([binary, model_path, rows_path, str(X.shape[1]), prefix + "_a2", "1", "none"],
                             check=True, capture_output=True, text=True)
        run = json.loads(res.stdout)
        old = run if old is None else {k: min(v, run[k]) if k.endswith("_s") else v for k, v in old.items()}
    shap_one = min(shap_one, best(lambda: explainer.shap_values(x1), 20))
    w, c = timed_all(lambda: explainer.shap_values(Xe))
    shap_all, shap_cpu = min(shap_all, w), min(shap_cpu, c)
phi = np.fromfile(prefix + ".f64").reshape(Xe.shape[0], X.shape[1] + 1)

max_diff = float(np.max(np.abs(phi[:, :-1] - shap_values)))
base_diff = float(abs(phi[0, -1] - explainer.expected_value))
raw = booster.predict(Xe, raw_score=True)
additivity = float(np.max(np.abs(phi.sum(axis=1) - raw)))

def tree_depth(node):
    if "leaf_value" in node: return 0
    return 1 + max(tree_depth(node["left_child"]), tree_depth(node["right_child"]))
depths = [tree_depth(t["tree_structure"]) for t in booster.dump_model()["tree_info"]]

print(f"data: {source}")
print(f"model: LightGBM {lgb.__version__}, {booster.num_trees()} trees, 31 leaves, depth max {max(depths)} "
      f"(mean {np.mean(depths):.1f}); {'loaded' if args.reuse else 'trained'} in {train_s:.1f}s; shap {shap.__version__}")
print(f"{'':28}{'psd':>12}{'shap':>12}{'shap/psd':>10}")
print(f"{'prepare explainer':28}{psd['prepare_s']*1e3:>10.2f}ms{shap_prepare*1e3:>10.2f}ms{shap_prepare/psd['prepare_s']:>10.1f}")
print(f"{'explain 1 row':28}{psd['one_row_s']*1e3:>10.3f}ms{shap_one*1e3:>10.3f}ms{shap_one/psd['one_row_s']:>10.1f}")
print(f"{'  (1 thread, median, wall)':28}{psd['one_row_serial_s']*1e3:>10.3f}ms")
print(f"{'  (1 thread, median, CPU)':28}{psd['one_row_serial_cpu_s']*1e3:>10.3f}ms")
print(f"{'explain %d rows' % Xe.shape[0]:28}{psd['all_rows_s']:>11.3f}s{shap_all:>11.3f}s{shap_all/psd['all_rows_s']:>10.2f}")
print(f"{'  (CPU time, both threads)':28}{psd['all_rows_cpu_s']:>11.3f}s{shap_cpu:>11.3f}s{shap_cpu/psd['all_rows_cpu_s']:>10.2f}")
if old:
    print(f"psd with Algorithm 2 alone: prepare {old['prepare_s']*1e3:.2f}ms, 1 row {old['one_row_s']*1e3:.3f}ms "
          f"(1 thread: median {old['one_row_serial_s']*1e3:.3f}ms wall, {old['one_row_serial_cpu_s']*1e3:.3f}ms CPU), "
          f"{Xe.shape[0]} rows {old['all_rows_s']:.3f}s ({old['all_rows_cpu_s']:.3f}s CPU)")
print(f"load average at the start: {load_start:.1f}, at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
print(f"max |psd - shap| contribution: {max_diff:.2e}; base value difference: {base_diff:.2e}; "
      f"max |base + sum - raw score| (psd): {additivity:.2e}")
if args.json:
    with open(args.json, "w") as f:
        json.dump({"psd_one_row_s": psd["one_row_s"], "shap_one_row_s": shap_one,
                   "psd_one_row_serial_s": psd["one_row_serial_s"],
                   "psd_one_row_serial_cpu_s": psd["one_row_serial_cpu_s"],
                   "psd_all_rows_s": psd["all_rows_s"], "shap_all_rows_s": shap_all,
                   "psd_all_rows_cpu_s": psd["all_rows_cpu_s"], "shap_all_rows_cpu_s": shap_cpu,
                   "rows": int(Xe.shape[0]), "max_abs_difference": max_diff}, f, indent=2)
