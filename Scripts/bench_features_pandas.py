"""Scripts/bench_features.psd in pandas: the same features, for Scripts/bench_features.sh.
Usage: python3 Scripts/bench_features_pandas.py DATA_DIR [OUT.csv]  (OUT: the result, for cross-checks)"""
import os
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_features_spec as S  # noqa: E402

started = time.time()
DATA = sys.argv[1]


def load(name):
    return pd.read_csv(os.path.join(DATA, name))


def aggregate(df, spec):
    key, prefix, _, _ = spec
    df = df[df[key].notna()]
    cats = {c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])}
    g = df.groupby(key, sort=False)
    parts = [g.size().rename(prefix + "COUNT")]
    numeric = {}
    for col, funcs in S.plan(df.columns, lambda c: c in cats, spec):
        for f in funcs:
            if f == "shares":
                dummies = pd.get_dummies(df[col], dtype=np.uint8)
                dummies.columns = [f"{prefix}{col}_{S.sanitized(v)}_SHARE" for v in dummies.columns]
                if df[col].isna().any():
                    dummies[f"{prefix}{col}_MISSING_SHARE"] = df[col].isna().astype(np.uint8)
                dummies[key] = df[key].values
                parts.append(dummies.groupby(key, sort=False).mean())
            else:
                numeric.setdefault(col, []).append(f)
    if numeric:
        agg = g.agg(numeric)
        agg.columns = [f"{prefix}{c}_{f.upper()}" for c, f in agg.columns]
        parts.append(agg)
    return pd.concat(parts, axis=1)


# --- applications
train = load("application_train.csv")
test = load("application_test.csv")
test["TARGET"] = np.nan
app = pd.concat([train, test[train.columns]], ignore_index=True)
app = app[app["CODE_GENDER"] != "XNA"]
app["DAYS_EMPLOYED"] = app["DAYS_EMPLOYED"].replace(365243, np.nan)
app["ORGANIZATION_TYPE"] = app["ORGANIZATION_TYPE"].replace("XNA", np.nan)
app["DAYS_EMPLOYED_PERC"] = app["DAYS_EMPLOYED"] / app["DAYS_BIRTH"]
app["INCOME_CREDIT_PERC"] = app["AMT_INCOME_TOTAL"] / app["AMT_CREDIT"]
app["INCOME_PER_PERSON"] = app["AMT_INCOME_TOTAL"] / app["CNT_FAM_MEMBERS"]
app["ANNUITY_INCOME_PERC"] = app["AMT_ANNUITY"] / app["AMT_INCOME_TOTAL"]
app["PAYMENT_RATE"] = app["AMT_ANNUITY"] / app["AMT_CREDIT"]
for c in S.FACTORIZED:
    app[c], _ = pd.factorize(app[c])
text_columns = [c for c in app.columns if not pd.api.types.is_numeric_dtype(app[c])]
app = pd.concat([app.drop(columns=text_columns)]
                + [pd.get_dummies(app[c], dtype=np.uint8).rename(columns=lambda v, c=c: f"{c}_{S.sanitized(v)}")
                   for c in text_columns], axis=1)

# --- bureau
bb = aggregate(load("bureau_balance.csv"), S.BB)
bureau = load("bureau.csv").join(bb, on="SK_ID_BUREAU").drop(columns=["SK_ID_BUREAU"])
frames = {"buro": aggregate(bureau, S.BURO),
          "active": aggregate(bureau[bureau["CREDIT_ACTIVE"] == "Active"], S.ACTIVE),
          "closed": aggregate(bureau[bureau["CREDIT_ACTIVE"] == "Closed"], S.CLOSED)}
del bureau, bb

# --- previous applications
prev = load("previous_application.csv")
prev[S.PREV_SENTINEL_COLUMNS] = prev[S.PREV_SENTINEL_COLUMNS].replace(365243, np.nan)
prev["APP_CREDIT_PERC"] = prev["AMT_APPLICATION"] / prev["AMT_CREDIT"]
prev = prev.drop(columns=["SK_ID_PREV"])
frames["prev"] = aggregate(prev, S.PREV)
frames["approved"] = aggregate(prev[prev["NAME_CONTRACT_STATUS"] == "Approved"], S.APPROVED)
frames["refused"] = aggregate(prev[prev["NAME_CONTRACT_STATUS"] == "Refused"], S.REFUSED)
del prev

# --- POS, instalments, credit cards
frames["pos"] = aggregate(load("POS_CASH_balance.csv"), S.POS)
ins = load("installments_payments.csv")
ins["PAYMENT_PERC"] = ins["AMT_PAYMENT"] / ins["AMT_INSTALMENT"]
ins["PAYMENT_DIFF"] = ins["AMT_INSTALMENT"] - ins["AMT_PAYMENT"]
ins["DPD"] = (ins["DAYS_ENTRY_PAYMENT"] - ins["DAYS_INSTALMENT"]).clip(lower=0).fillna(0)
ins["DBD"] = (ins["DAYS_INSTALMENT"] - ins["DAYS_ENTRY_PAYMENT"]).clip(lower=0).fillna(0)
frames["instal"] = aggregate(ins, S.INSTAL)
del ins
frames["cc"] = aggregate(load("credit_card_balance.csv").drop(columns=["SK_ID_PREV"]), S.CC)

# --- joins
data = app
for name in S.JOIN_ORDER:
    data = data.join(frames[name], on="SK_ID_CURR")
print(f"data: {data.shape[0]} rows x {data.shape[1]} columns")
print(f"pandas {pd.__version__}: {time.time() - started:.2f} s")
if len(sys.argv) > 2:
    data.to_csv(sys.argv[2], index=False)
