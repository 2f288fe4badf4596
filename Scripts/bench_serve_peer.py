"""The peer of the scoring-API benchmark (Scripts/bench_serve.sh): the stack the public projects
built from the same brief use, done as well as they allow. FastAPI + uvicorn, a LightGBM model with
the same features, trees, leaves and rate as psd's, shap's TreeExplainer (exact TreeSHAP) for the
top 4 reasons, the decision at the threshold psd stored (no 0.5, no caller threshold).

    python3 Scripts/bench_serve_peer.py train REFERENCE.csv TREES OUT.pkl
    PEER_MODEL=OUT.pkl PEER_THRESHOLD=0.15 uvicorn bench_serve_peer:app --app-dir Scripts --workers 2
"""
import os
import pickle
import sys

import numpy as np
import pandas as pd


def train(reference, trees, out):
    import lightgbm as lgb
    df = pd.read_csv(reference)
    y = df["TARGET"].astype(int)
    x = df.drop(columns=["TARGET", "SK_ID_CURR"])
    categories = {}
    for c in x.columns:
        if not pd.api.types.is_numeric_dtype(x[c]):
            x[c] = x[c].astype("category")
            categories[c] = list(x[c].cat.categories)
    model = lgb.LGBMClassifier(n_estimators=trees, learning_rate=0.05, num_leaves=15, min_child_samples=20,
                               class_weight="balanced", verbose=-1, n_jobs=1)
    model.fit(x, y)
    with open(out, "wb") as f:
        pickle.dump({"model": model, "columns": list(x.columns), "categories": categories}, f)


if len(sys.argv) > 1 and sys.argv[1] == "train":
    train(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    sys.exit(0)

from fastapi import FastAPI, HTTPException  # noqa: E402
from pydantic import BaseModel  # noqa: E402
import shap  # noqa: E402

with open(os.environ["PEER_MODEL"], "rb") as f:
    saved = pickle.load(f)
MODEL = saved["model"]
COLUMNS = saved["columns"]
CATEGORIES = saved["categories"]
THRESHOLD = float(os.environ["PEER_THRESHOLD"])
EXPLAINER = shap.TreeExplainer(MODEL)
app = FastAPI()


class Application(BaseModel):
    features: dict[str, float | str | None]


@app.post("/v1/score")
def score(application: Application):
    unknown = [k for k in application.features if k not in CATEGORIES and k not in COLUMNS]
    if unknown:
        raise HTTPException(422, detail=[{"field": k, "message": "unknown feature"} for k in unknown])
    row = pd.DataFrame([[application.features.get(c) for c in COLUMNS]], columns=COLUMNS)
    for c, levels in CATEGORIES.items():
        row[c] = pd.Categorical(row[c], categories=levels)
    for c in COLUMNS:
        if c not in CATEGORIES:
            row[c] = pd.to_numeric(row[c])
    pd_ = float(MODEL.predict_proba(row)[0, 1])
    values = EXPLAINER.shap_values(row)
    values = np.asarray(values[1] if isinstance(values, list) else values).reshape(-1)[: len(COLUMNS)]
    refused = pd_ >= THRESHOLD
    order = np.argsort(-np.abs(values))
    reasons = []
    for i in order:
        if (values[i] > 0) == refused and values[i] != 0:
            v = row.iloc[0, i]
            reasons.append({"feature": COLUMNS[i], "value": None if pd.isna(v) else (v if isinstance(v, str) else float(v)),
                            "contribution": float(values[i]),
                            "direction": "raises_risk" if values[i] > 0 else "lowers_risk"})
            if len(reasons) == 4:
                break
    return {"probability_default": pd_, "decision": "refused" if refused else "granted", "threshold": THRESHOLD,
            "margin": pd_ - THRESHOLD, "reasons": reasons}
