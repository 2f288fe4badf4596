#!/usr/bin/env python3
"""Measures the AUC ladder of a psd-synth data set (the calibration recipe of Docs/synthetic-data.md).

    python3 Scripts/synth_ladder.py DIR [--folds 5] [--seed 0]

Three scores on the training applicants, each out-of-fold with stratified K-fold CV:
  1. LightGBM on the application fields alone,
  2. LightGBM on the application fields plus per-applicant aggregates of the six side tables,
  3. the true default probability (true_pd.csv) - the best achievable ranking.
Also prints the positive rate and row counts.
"""
import argparse
import sys
import warnings

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold


def categorise(df):
    for c in df.columns:
        if df[c].dtype == object or str(df[c].dtype).startswith("str") or str(df[c].dtype) == "string":
            df[c] = df[c].astype("category")
    return df


def side_aggregates(d):
    bureau = pd.read_csv(f"{d}/bureau.csv")
    balance = pd.read_csv(f"{d}/bureau_balance.csv")
    prev = pd.read_csv(f"{d}/previous_application.csv")
    pos = pd.read_csv(f"{d}/POS_CASH_balance.csv")
    ins = pd.read_csv(f"{d}/installments_payments.csv")
    cc = pd.read_csv(f"{d}/credit_card_balance.csv")

    # bureau_balance -> per bureau credit -> per applicant
    balance["DPD_STATUS"] = balance.STATUS.isin(["1", "2", "3", "4", "5"]).astype(float)
    balance["STATUS_NUM"] = pd.to_numeric(balance.STATUS, errors="coerce")
    bb = balance.groupby("SK_ID_BUREAU").agg(BB_MONTHS=("MONTHS_BALANCE", "size"),
                                              BB_DPD_SHARE=("DPD_STATUS", "mean"),
                                              BB_MAX_STATUS=("STATUS_NUM", "max"))
    bureau = bureau.join(bb, on="SK_ID_BUREAU")
    bureau["ACTIVE"] = (bureau.CREDIT_ACTIVE == "Active").astype(float)
    bureau["BAD"] = bureau.CREDIT_ACTIVE.isin(["Bad debt", "Sold"]).astype(float)
    bureau["MICRO"] = (bureau.CREDIT_TYPE == "Microloan").astype(float)
    b = bureau.groupby("SK_ID_CURR").agg(
        B_COUNT=("SK_ID_BUREAU", "size"), B_ACTIVE=("ACTIVE", "sum"), B_BAD=("BAD", "sum"),
        B_MICRO=("MICRO", "sum"), B_DAYS_CREDIT_MEAN=("DAYS_CREDIT", "mean"),
        B_DAYS_CREDIT_MAX=("DAYS_CREDIT", "max"), B_DAY_OVERDUE_MAX=("CREDIT_DAY_OVERDUE", "max"),
        B_MAX_OVERDUE_MAX=("AMT_CREDIT_MAX_OVERDUE", "max"),
        B_MAX_OVERDUE_MEAN=("AMT_CREDIT_MAX_OVERDUE", "mean"),
        B_SUM_MEAN=("AMT_CREDIT_SUM", "mean"), B_DEBT_SUM=("AMT_CREDIT_SUM_DEBT", "sum"),
        B_OVERDUE_SUM=("AMT_CREDIT_SUM_OVERDUE", "sum"), B_PROLONG=("CNT_CREDIT_PROLONG", "sum"),
        B_BB_DPD_SHARE=("BB_DPD_SHARE", "mean"), B_BB_MAX_STATUS=("BB_MAX_STATUS", "max"),
        B_BB_MONTHS=("BB_MONTHS", "sum"))
    b["B_DEBT_RATIO"] = b.B_DEBT_SUM / (b.B_SUM_MEAN * b.B_COUNT + 1)

    prev["REFUSED"] = (prev.NAME_CONTRACT_STATUS == "Refused").astype(float)
    prev["APPROVED"] = (prev.NAME_CONTRACT_STATUS == "Approved").astype(float)
    prev["APP_CREDIT_RATIO"] = prev.AMT_APPLICATION / prev.AMT_CREDIT.replace(0, np.nan)
    for c in ["DAYS_FIRST_DRAWING", "DAYS_FIRST_DUE", "DAYS_LAST_DUE_1ST_VERSION", "DAYS_LAST_DUE", "DAYS_TERMINATION"]:
        prev.loc[prev[c] == 365243, c] = np.nan
    p = prev.groupby("SK_ID_CURR").agg(
        P_COUNT=("SK_ID_PREV", "size"), P_REFUSED=("REFUSED", "sum"), P_REFUSED_SHARE=("REFUSED", "mean"),
        P_APPROVED=("APPROVED", "sum"), P_CREDIT_MEAN=("AMT_CREDIT", "mean"),
        P_ANNUITY_MEAN=("AMT_ANNUITY", "mean"), P_APP_CREDIT=("APP_CREDIT_RATIO", "mean"),
        P_DAYS_DECISION_MAX=("DAYS_DECISION", "max"), P_CNT_PAYMENT_MEAN=("CNT_PAYMENT", "mean"))

    pos_a = pos.groupby("SK_ID_CURR").agg(POS_MONTHS=("MONTHS_BALANCE", "size"), POS_DPD_MAX=("SK_DPD", "max"),
                                          POS_DPD_MEAN=("SK_DPD", "mean"), POS_DPD_DEF_MEAN=("SK_DPD_DEF", "mean"))

    ins["DPD"] = (ins.DAYS_ENTRY_PAYMENT - ins.DAYS_INSTALMENT).clip(lower=0)
    ins["DBD"] = (ins.DAYS_INSTALMENT - ins.DAYS_ENTRY_PAYMENT).clip(lower=0)
    ins["LATE"] = (ins.DPD > 0).astype(float)
    ins["PAY_RATIO"] = ins.AMT_PAYMENT / ins.AMT_INSTALMENT.replace(0, np.nan)
    ins["MISSED"] = ins.AMT_PAYMENT.isna().astype(float)
    i = ins.groupby("SK_ID_CURR").agg(I_COUNT=("SK_ID_PREV", "size"), I_DPD_MEAN=("DPD", "mean"),
                                       I_DPD_MAX=("DPD", "max"), I_DBD_MEAN=("DBD", "mean"),
                                       I_LATE_SHARE=("LATE", "mean"), I_PAY_RATIO=("PAY_RATIO", "mean"),
                                       I_PAY_RATIO_MIN=("PAY_RATIO", "min"), I_MISSED=("MISSED", "sum"))

    cc["UTIL"] = cc.AMT_BALANCE / cc.AMT_CREDIT_LIMIT_ACTUAL.replace(0, np.nan)
    c = cc.groupby("SK_ID_CURR").agg(C_MONTHS=("MONTHS_BALANCE", "size"), C_UTIL_MEAN=("UTIL", "mean"),
                                      C_UTIL_MAX=("UTIL", "max"), C_DPD_MAX=("SK_DPD", "max"),
                                      C_DPD_MEAN=("SK_DPD", "mean"), C_BALANCE_MEAN=("AMT_BALANCE", "mean"),
                                      C_DRAW_MEAN=("AMT_DRAWINGS_CURRENT", "mean"))
    return [b, p, pos_a, i, c]


def oof_auc(x, y, folds, seed):
    params = dict(n_estimators=2000, learning_rate=0.05, num_leaves=31, min_child_samples=40,
                  colsample_bytree=0.6, subsample=0.8, subsample_freq=1, reg_lambda=1.0,
                  verbose=-1, random_state=seed, n_jobs=2)
    if len(y) < 20000:
        # Small samples (the bundled one has ~240 defaulters): shallow, strongly regularised trees.
        params.update(learning_rate=0.02, num_leaves=4, min_child_samples=60, colsample_bytree=0.4,
                      reg_lambda=10.0)
    oof = np.zeros(len(y))
    for tr, va in StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y):
        m = lgb.LGBMClassifier(**params)
        m.fit(x.iloc[tr], y[tr], eval_set=[(x.iloc[va], y[va])], eval_metric="auc",
              callbacks=[lgb.early_stopping(100, verbose=False)])
        oof[va] = m.predict_proba(x.iloc[va])[:, 1]
    return roc_auc_score(y, oof)


def main():
    warnings.filterwarnings("ignore")
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    train = pd.read_csv(f"{a.dir}/application_train.csv")
    truth = pd.read_csv(f"{a.dir}/true_pd.csv").set_index("SK_ID_CURR").TRUE_PD
    y = train.TARGET.to_numpy()
    print(f"training applicants {len(train)}, positive rate {y.mean():.4%}")
    app = categorise(train.drop(columns=["TARGET"]).set_index("SK_ID_CURR"))
    app["DAYS_EMPLOYED"] = app.DAYS_EMPLOYED.replace(365243, np.nan)
    app["CREDIT_INCOME"] = app.AMT_CREDIT / app.AMT_INCOME_TOTAL
    app["ANNUITY_INCOME"] = app.AMT_ANNUITY / app.AMT_INCOME_TOTAL
    app["PAYMENT_RATE"] = app.AMT_ANNUITY / app.AMT_CREDIT
    app["CREDIT_GOODS"] = app.AMT_CREDIT / app.AMT_GOODS_PRICE
    auc_app = oof_auc(app, y, a.folds, a.seed)
    full = app
    for agg in side_aggregates(a.dir):
        full = full.join(agg)
    auc_full = oof_auc(full, y, a.folds, a.seed)
    auc_true = roc_auc_score(y, truth.loc[train.SK_ID_CURR].to_numpy())
    print(f"AUC application fields only     {auc_app:.4f}")
    print(f"AUC application + side tables   {auc_full:.4f}")
    print(f"AUC true default probability    {auc_true:.4f}")


if __name__ == "__main__":
    sys.exit(main())
