#!/usr/bin/env python3
"""Dense control table for Scripts/bench_models.py: every feature a continuous number, so no
feature has a dominant bin and psd's GBDT keeps its column loop (see Docs/benchmarks.md).

    python3 Scripts/bench_dense_gen.py /work/data/dense/dense.csv [ROWS, default 200000]
    python3 Scripts/bench_models.py --table /work/data/dense/dense.csv --work /work/data/dense/run --skip-logistic
"""
import sys
import numpy as np
import pandas as pd

out = sys.argv[1] if len(sys.argv) > 1 else "dense.csv"
rng = np.random.default_rng(0)
n, k = (int(sys.argv[2]) if len(sys.argv) > 2 else 200_000), 100
X = rng.normal(size=(n, k)).round(4)
logit = -2.5 + X[:, :10] @ rng.normal(size=10) * 0.5   # ten informative features, 15 % defaults
y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
df = pd.DataFrame(X, columns=[f"F{i}" for i in range(k)])
df.insert(0, "TARGET", y)
df.insert(0, "SK_ID_CURR", np.arange(n))
df.to_csv(out, index=False)
print(f"wrote {out}: {n:,} rows x {k} features, {y.mean():.2%} defaults")
