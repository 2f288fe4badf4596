"""Adds shap's TreeExplainer values to the LightGBM fixtures (Tests/PSDModelsTests/Fixtures/LightGBM).

    python3 Scripts/lightgbm_shap_fixtures.py     # needs shap (measured with 0.51.0), lightgbm==4.7.0, pandas

Reads each committed model (NAME.txt, made by Scripts/lightgbm_fixtures.py) and its input rows
(NAME.input.csv) as LightGBM saw them, and writes NAME.shap.csv for the first ROWS rows:

  SHAP_<feature>, SHAP_BASE    shap.TreeExplainer(booster).shap_values(x) and its expected_value,
                               the public API (for a LightGBM booster, shap asks LightGBM's C++
                               TreeSHAP: pred_contrib);
  SHAPI_<feature>, SHAPI_BASE  shap's own TreeSHAP (its C extension on the trees it parses from
                               dump_model()), for numeric_missing and integer_categorical; empty
                               for zero_missing (shap's parser knows no zero-as-missing splits)
                               and categorical (pandas categoricals), where shap's own values
                               differ from LightGBM's by 0.15 (measured with shap 0.51.0).

shap's own parser sends a missing value to the default side of every split, as LightGBM does for
missing type NaN; LightGBM reads NaN as 0 on a feature that had no missing values in training
(type None). The input rows where that differs are left out of the SHAPI_ columns (written as
empty), and the script says how many. Values print with 17 significant digits.
"""
import os
import sys
import warnings

import lightgbm as lgb
import numpy as np
import pandas as pd
import shap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, "Tests", "PSDModelsTests", "Fixtures", "LightGBM")
ROWS = 100
OWN = {"numeric_missing", "integer_categorical"}
warnings.filterwarnings("ignore")


def fmt(x):
    return repr(float(x)) if np.isfinite(x) else ""


def rows_with_type_none_nan(booster, x):
    """Rows holding NaN in a feature whose splits LightGBM decodes with missing type None."""
    names = booster.feature_name()
    none = set()
    for tree in booster.dump_model()["tree_info"]:
        stack = [tree["tree_structure"]]
        while stack:
            node = stack.pop()
            if "split_feature" not in node:
                continue
            if node.get("missing_type") == "None" and node.get("decision_type") == "<=":
                none.add(names[node["split_feature"]])
            stack += [node["left_child"], node["right_child"]]
    mask = np.zeros(len(x), dtype=bool)
    for f in none:
        mask |= x[f].isna().to_numpy()
    return mask


for name in ["numeric_missing", "zero_missing", "categorical", "integer_categorical"]:
    booster = lgb.Booster(model_file=os.path.join(DIR, name + ".txt"))
    names = booster.feature_name()
    data = pd.read_csv(os.path.join(DIR, name + ".input.csv"), float_precision="round_trip",
                       keep_default_na=False, na_values=[""]).iloc[:ROWS]
    x = data[names].copy()
    cat_columns = [c for c in names if x[c].dtype == object or str(x[c].dtype) in ("str", "string")]
    for c in cat_columns:
        x[c] = x[c].astype("category")
    # The rows must be those the fixture was made from: LightGBM's contributions match.
    expected = pd.read_csv(os.path.join(DIR, name + ".expected.csv"), float_precision="round_trip").iloc[:ROWS]
    contrib = booster.predict(x, pred_contrib=True)
    want = expected[["PHI_" + n for n in names] + ["PHI_BASE"]].to_numpy()
    assert np.array_equal(contrib, want), f"{name}: the input rows do not give the fixture's pred_contrib"

    explainer = shap.TreeExplainer(booster)
    api = np.asarray(explainer.shap_values(x))
    api_base = float(np.ravel(explainer.expected_value)[0])

    own = None
    skipped = 0
    if name in OWN:
        # Force shap's own algorithm: the C extension on the parsed trees.
        explainer.model.model_type = "internal"
        own = np.asarray(explainer.shap_values(x.to_numpy(dtype=float), check_additivity=False))
        own_base = float(np.ravel(explainer.expected_value)[0])
        differs = rows_with_type_none_nan(booster, x)
        skipped = int(differs.sum())
    with open(os.path.join(DIR, name + ".shap.csv"), "w") as f:
        f.write(",".join(["SK_ID_CURR"] + ["SHAP_" + n for n in names] + ["SHAP_BASE"]
                         + ["SHAPI_" + n for n in names] + ["SHAPI_BASE"]) + "\n")
        for i in range(len(x)):
            cells = [str(int(data["SK_ID_CURR"].iloc[i]))] + [fmt(v) for v in api[i]] + [fmt(api_base)]
            if own is not None and not differs[i]:
                cells += [fmt(v) for v in own[i]] + [fmt(own_base)]
            else:
                cells += [""] * (len(names) + 1)
            f.write(",".join(cells) + "\n")
    gap_api = np.abs(api - contrib[:, :-1]).max()
    line = f"{name}: {len(x)} rows; shap API vs pred_contrib {gap_api:.3g}"
    if own is not None:
        keep = ~differs
        gap_own = np.abs(own[keep] - contrib[keep, :-1]).max()
        line += f"; shap's own TreeSHAP vs pred_contrib {gap_own:.3g} on {keep.sum()} rows ({skipped} left out: NaN on a type-None feature)"
    print(line)
print("shap", shap.__version__, "lightgbm", lgb.__version__, file=sys.stderr)
