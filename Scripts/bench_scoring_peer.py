"""The peer of `score m with ...` in Scripts/bench_scoring.sh: polars builds the same features
(Scripts/bench_features_polars.py, in this process) and LightGBM predicts the applications of
application_test.csv. Not a test.
  python3 Scripts/bench_scoring_peer.py DATA_DIR MODEL.txt OUT.csv         (timed run)
  BENCH_TRAIN_TREES=500 python3 Scripts/bench_scoring_peer.py DATA_DIR MODEL.txt   (setup: trains it)"""
import os
import runpy
import sys
import time

import lightgbm as lgb
import polars as pl

data_dir, model_path = sys.argv[1], sys.argv[2]
out_path = sys.argv[3] if len(sys.argv) > 3 else os.devnull
started = time.time()
sys.argv = [sys.argv[0], data_dir]
features = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_features_polars.py"))["data"]
built = time.time()
columns = [c for c in features.columns if c not in ("SK_ID_CURR", "TARGET")]


# Text columns as category codes of the whole frame (pyarrow is not installed, so no pandas
# categoricals): LightGBM reads them as numbers. Fine for timing; not a model comparison.
features = features.with_columns([pl.col(c).cast(pl.Categorical).to_physical()
                                  for c, t in features.schema.items() if t == pl.String])


def matrix(frame):
    return frame.select([pl.col(c).cast(pl.Float64) for c in columns]).to_numpy()


if os.environ.get("BENCH_TRAIN_TREES"):
    trees = int(os.environ["BENCH_TRAIN_TREES"])
    labelled = features.filter(pl.col("TARGET").is_not_null())
    booster = lgb.train({"objective": "binary", "learning_rate": 0.05, "num_leaves": 15, "verbose": -1,
                         "num_threads": 2}, lgb.Dataset(matrix(labelled), labelled["TARGET"].to_numpy()), trees)
    booster.save_model(model_path)
    print(f"trained {trees} trees on {labelled.height} rows in {time.time() - built:.1f} s")
    sys.exit(0)

new = features.filter(pl.col("TARGET").is_null())
booster = lgb.Booster(model_file=model_path)
pd_ = booster.predict(matrix(new), num_threads=2)
pl.DataFrame({"SK_ID_CURR": new["SK_ID_CURR"], "PD": pd_}).write_csv(out_path)
print(f"peer: features {built - started:.2f} s, predict {time.time() - built:.2f} s, {new.height} applications")
