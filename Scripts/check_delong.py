#!/usr/bin/env python3
"""Cross-check of psd's DeLong test (`compare`) against an independent implementation.

psd trains three models on the bundled sample (a GBDT, a monotone GBDT, a logistic regression),
writes each model's test-set PD and its own DeLong figures (`cmp, tests = compare ...`); this
script recomputes the AUCs and DeLong's covariance here from the PDs, with the O(m·n) pairwise
definition of the structural components (psd uses midranks, O(n log n)) and scipy's normal
distribution, and prints both side by side.

    python3 Scripts/check_delong.py [--psd .build/debug/psd] [--work /tmp/psd_delong]
"""
import argparse, os, subprocess, sys
import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.metrics import roc_auc_score

ap = argparse.ArgumentParser()
ap.add_argument("--psd", default=".build/debug/psd")
ap.add_argument("--work", default="/tmp/psd_delong")
args = ap.parse_args()
os.makedirs(args.work, exist_ok=True)
w = args.work
models = ["m", "mono", "lr"]
script = f"""app = load "Examples/data/application_train.csv"
app = replace app DAYS_EMPLOYED 365243 with missing
tr, te = split app ratio=0.7 stratify=TARGET seed=42
m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=200 rate=0.05 leaves=15 seed=42
mono = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=200 rate=0.05 leaves=15 seed=42 monotone=[EXT_SOURCE_3: -1, EXT_SOURCE_2: -1]
lr = train logistic on tr target=TARGET exclude=[SK_ID_CURR] l2=50
""" + "".join(f'score {k} on te id=SK_ID_CURR out="{w}/{k}.csv"\n' for k in models) + f"""save te "{w}/te.csv"
cmp, tests = compare [m, mono, lr] on te
save cmp "{w}/cmp.csv"
save tests "{w}/tests.csv"
"""
open(f"{w}/delong.psd", "w").write(script)
run = subprocess.run([args.psd, f"{w}/delong.psd"], capture_output=True, text=True)
if run.returncode != 0:
    sys.exit(run.stdout + run.stderr)

te = pd.read_csv(f"{w}/te.csv")[["SK_ID_CURR", "TARGET"]]
pds = []
for k in models:
    s = pd.read_csv(f"{w}/{k}.csv")
    pd_column = [c for c in s.columns if c.upper() in ("PD", "PROBABILITY", "SCORE")][0]
    pds.append(te.merge(s, on="SK_ID_CURR", how="left")[pd_column].to_numpy())
y = te["TARGET"].to_numpy() == 1

def delong(scores, y):
    """Structural components from their definition: psi(x, y) = 1 if x > y, 1/2 if equal."""
    k = len(scores)
    pos, neg = [s[y] for s in scores], [s[~y] for s in scores]
    m, n = y.sum(), (~y).sum()
    v10, v01 = [], []
    for a in range(k):
        psi = (pos[a][:, None] > neg[a][None, :]) + 0.5 * (pos[a][:, None] == neg[a][None, :])
        v10.append(psi.mean(axis=1))
        v01.append(psi.mean(axis=0))
    auc = np.array([v.mean() for v in v10])
    s = np.cov(np.array(v10)) / m + np.cov(np.array(v01)) / n
    return auc, s

auc, s = delong(pds, y)
cmp = pd.read_csv(f"{w}/cmp.csv")
tests = pd.read_csv(f"{w}/tests.csv")
print(f"test set: {len(y)} rows, {y.sum()} defaults")
print(f"{'model':6} {'AUC psd':>10} {'AUC here':>10} {'sklearn':>10} {'SE psd':>10} {'SE here':>10}")
worst = 0.0
for i, k in enumerate(models):
    row = cmp[cmp.MODEL == k].iloc[0]
    sk = roc_auc_score(y, pds[i])
    print(f"{k:6} {row.AUC:10.6f} {auc[i]:10.6f} {sk:10.6f} {row.AUC_SE:10.6f} {np.sqrt(s[i, i]):10.6f}")
    worst = max(worst, abs(row.AUC - auc[i]), abs(row.AUC_SE - np.sqrt(s[i, i])))
print(f"{'pair':10} {'var psd':>12} {'var here':>12} {'z psd':>9} {'z here':>9} {'p psd':>9} {'p here':>9}")
for _, t in tests.iterrows():
    a, b = models.index(t.MODEL_A), models.index(t.MODEL_B)
    var = s[a, a] + s[b, b] - 2 * s[a, b]
    z = (auc[a] - auc[b]) / np.sqrt(var)
    p = 2 * norm.sf(abs(z))
    print(f"{t.MODEL_A + '-' + t.MODEL_B:10} {t.VARIANCE:12.8f} {var:12.8f} {t.Z:9.5f} {z:9.5f} {t.P_VALUE:9.5f} {p:9.5f}")
    worst = max(worst, abs(t.VARIANCE - var), abs(t.Z - z), abs(t.P_VALUE - p))
print(f"largest absolute difference: {worst:.2e}")
sys.exit(0 if worst < 1e-6 else 1)
