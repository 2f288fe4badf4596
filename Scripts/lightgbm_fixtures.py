"""Makes the LightGBM fixtures psd's import tests check against (Tests/PSDModelsTests/Fixtures/LightGBM).

    python3 Scripts/lightgbm_fixtures.py          # needs lightgbm==4.7.0, pandas, numpy

Each model is trained by lightgbm (PyPI) on the bundled sample (Examples/data/application_train.csv)
and saved as NAME.txt; NAME.expected.csv holds, for the first ROWS applicants, LightGBM's own raw score,
probability and pred_contrib (one column per feature, then the expected value), printed with 17
significant digits so the Swift test compares exact doubles; NAME.input.csv holds those rows as LightGBM saw them
(SK_ID_CURR and the model's columns: some AMT_CREDIT values are blanked to test NaN on a feature
that had none in training). The models cover every decision kind
psd's reader must reproduce: NaN missing values (missing type NaN), features without missing values in
training (type None: NaN is read as 0), zero_as_missing (type Zero), pandas categoricals (bitsets),
integer-coded categoricals on a numeric column, and a monotone constraint.
Scripts/lightgbm_shap_fixtures.py then adds shap's TreeExplainer values (NAME.shap.csv) for the
same models.
"""
import os
import sys
import warnings

import lightgbm as lgb
import numpy as np
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "PSDModelsTests", "Fixtures", "LightGBM")
ROWS = 400

NUMERIC = ["EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3", "AMT_CREDIT", "AMT_ANNUITY", "DAYS_BIRTH",
           "DAYS_EMPLOYED", "OWN_CAR_AGE", "AMT_REQ_CREDIT_BUREAU_YEAR", "CNT_CHILDREN"]
CATEGORICAL = ["NAME_EDUCATION_TYPE", "CODE_GENDER", "NAME_INCOME_TYPE", "OCCUPATION_TYPE"]


warnings.filterwarnings("ignore", message=".*float_precision.*")


def load():
    # Exact decimal parsing (round_trip) and only the empty field missing: as psd reads the file.
    return pd.read_csv(os.path.join(ROOT, "Examples", "data", "application_train.csv"),
                       float_precision="round_trip", keep_default_na=False, na_values=[""])


def fmt(x):
    return repr(float(x)) if np.isfinite(x) else "nan"


def write(name, booster, x):
    path = os.path.join(OUT, name + ".txt")
    booster.save_model(path)
    # Predict with the model as read back from the file: what psd reads.
    b = lgb.Booster(model_file=path)
    raw = b.predict(x, raw_score=True)
    prob = b.predict(x)
    contrib = b.predict(x, pred_contrib=True)
    names = b.feature_name()
    rows = x.copy()
    rows.insert(0, "SK_ID_CURR", ids)
    rows.to_csv(os.path.join(OUT, name + ".input.csv"), index=False)
    with open(os.path.join(OUT, name + ".expected.csv"), "w") as f:
        f.write(",".join(["SK_ID_CURR", "RAW", "PD"] + ["PHI_" + n for n in names] + ["PHI_BASE"]) + "\n")
        for i in range(len(raw)):
            cells = [str(int(ids[i])), fmt(raw[i]), fmt(prob[i])] + [fmt(v) for v in contrib[i]]
            f.write(",".join(cells) + "\n")
    print(f"{name}: {b.num_trees()} trees, {os.path.getsize(path)} bytes")


data = load()
ids = data["SK_ID_CURR"].to_numpy()[:ROWS]
y = data["TARGET"].to_numpy()
common = dict(objective="binary", num_leaves=15, learning_rate=0.1, min_data_in_leaf=20, verbose=-1,
              seed=7, deterministic=True, force_row_wise=True, num_threads=1)

# 1. Numbers with and without missing values in training: missing types NaN and None.
x = data[NUMERIC].copy()
x.loc[x.index[:ROWS:7], "AMT_CREDIT"] = np.nan  # NaN at predict time on a feature trained without any
train_x = data[NUMERIC]
b = lgb.train(common, lgb.Dataset(train_x, y), num_boost_round=25)
write("numeric_missing", b, x.iloc[:ROWS])

# 2. zero_as_missing: missing type Zero (NaN and |x| <= 1e-35 take the default side).
b = lgb.train(dict(common, zero_as_missing=True), lgb.Dataset(train_x, y), num_boost_round=20)
write("zero_missing", b, x.iloc[:ROWS])

# 3. pandas categoricals (pandas_categorical maps labels to codes) and a monotone constraint.
xc = data[NUMERIC + CATEGORICAL].copy()
for c in CATEGORICAL:
    xc[c] = xc[c].astype("category")
mono = [1 if c == "EXT_SOURCE_3" else 0 for c in xc.columns]
mono = [-m for m in mono]  # a higher score means a lower default risk
params = dict(common, monotone_constraints=mono, min_data_per_group=20, cat_smooth=5, max_cat_to_onehot=4)
b = lgb.train(params, lgb.Dataset(xc, y), num_boost_round=30)
write("categorical", b, xc.iloc[:ROWS])

# 4. An integer-coded categorical on a plain numeric column (no pandas_categorical).
xi = data[NUMERIC + ["REGION_RATING_CLIENT_W_CITY", "WEEKDAY_APPR_PROCESS_START"]].copy()
days = {d: i for i, d in enumerate(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"])}
xi["WEEKDAY_APPR_PROCESS_START"] = xi["WEEKDAY_APPR_PROCESS_START"].map(days).astype(float)
b = lgb.train(dict(common, min_data_per_group=10, cat_smooth=1, max_cat_to_onehot=2),
              lgb.Dataset(xi, y, categorical_feature=["REGION_RATING_CLIENT_W_CITY"]), num_boost_round=15)
write("integer_categorical", b, xi.iloc[:ROWS])
print("lightgbm", lgb.__version__, file=sys.stderr)
