"""Compares two feature tables written by the benchmark pipelines (psd, pandas, polars), row by
SK_ID_CURR and column by name. inf counts as missing (psd gives missing for x/0, pandas inf).
Usage: python3 Scripts/bench_features_compare.py A.csv B.csv"""
import sys

import numpy as np
import pandas as pd

a = pd.read_csv(sys.argv[1]).set_index("SK_ID_CURR")
b = pd.read_csv(sys.argv[2]).set_index("SK_ID_CURR")
print("shapes", a.shape, b.shape)
only_a = sorted(set(a.columns) - set(b.columns))
only_b = sorted(set(b.columns) - set(a.columns))
print("only in A:", len(only_a), only_a[:15])
print("only in B:", len(only_b), only_b[:15])
b = b.loc[a.index]
bad = []
for c in a.columns:
    if c not in b.columns:
        continue
    x = pd.to_numeric(a[c], errors="coerce").to_numpy(float).copy()
    y = pd.to_numeric(b[c], errors="coerce").to_numpy(float).copy()
    x[np.isinf(x)] = np.nan
    y[np.isinf(y)] = np.nan
    same = (np.isnan(x) & np.isnan(y)) | np.isclose(x, y, rtol=1e-6, atol=1e-9)
    if not same.all():
        bad.append((c, int((~same).sum())))
print("columns compared:", len(set(a.columns) & set(b.columns)), "differing:", len(bad), bad[:30])
sys.exit(1 if bad or only_a or only_b else 0)
