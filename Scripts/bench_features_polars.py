"""Scripts/bench_features.psd in polars: the same features, for Scripts/bench_features.sh.
Usage: python3 Scripts/bench_features_polars.py DATA_DIR [OUT.csv]  (OUT: the result, for cross-checks)"""
import os
import sys
import time

import polars as pl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_features_spec as S  # noqa: E402

started = time.time()
DATA = sys.argv[1]


def load(name):
    return pl.read_csv(os.path.join(DATA, name), infer_schema_length=10000)


def aggregate(df, spec):
    key, prefix, _, _ = spec
    df = df.filter(pl.col(key).is_not_null())
    cats = {c for c, t in df.schema.items() if t == pl.String}
    exprs = [pl.len().alias(prefix + "COUNT")]
    for col, funcs in S.plan(df.columns, lambda c: c in cats, spec):
        for f in funcs:
            if f == "shares":
                levels = df.get_column(col).drop_nulls().unique(maintain_order=True).to_list()
                for v in levels:
                    exprs.append(pl.col(col).eq_missing(v).mean().alias(f"{prefix}{col}_{S.sanitized(v)}_SHARE"))
                if df.get_column(col).null_count() > 0:
                    exprs.append(pl.col(col).is_null().mean().alias(f"{prefix}{col}_MISSING_SHARE"))
            else:
                # psd and pandas skip NaN (0/0) like a missing value; polars would propagate it.
                c = pl.col(col).fill_nan(None) if df.schema[col].is_float() else pl.col(col)
                e = c.drop_nulls().n_unique() if f == "nunique" else getattr(c, f)()
                exprs.append(e.alias(f"{prefix}{col}_{f.upper()}"))
    return df.group_by(key, maintain_order=True).agg(exprs)


# --- applications
train = load("application_train.csv")
test = load("application_test.csv").with_columns(pl.lit(None, dtype=pl.Float64).alias("TARGET"))
app = pl.concat([train.with_columns(pl.col("TARGET").cast(pl.Float64)), test.select(train.columns)],
                how="vertical_relaxed")
app = app.filter(pl.col("CODE_GENDER") != "XNA")
app = app.with_columns(
    pl.when(pl.col("DAYS_EMPLOYED") == 365243).then(None).otherwise(pl.col("DAYS_EMPLOYED")).alias("DAYS_EMPLOYED"),
    pl.when(pl.col("ORGANIZATION_TYPE") == "XNA").then(None).otherwise(pl.col("ORGANIZATION_TYPE")).alias("ORGANIZATION_TYPE"))
app = app.with_columns(
    (pl.col("DAYS_EMPLOYED") / pl.col("DAYS_BIRTH")).alias("DAYS_EMPLOYED_PERC"),
    (pl.col("AMT_INCOME_TOTAL") / pl.col("AMT_CREDIT")).alias("INCOME_CREDIT_PERC"),
    (pl.col("AMT_INCOME_TOTAL") / pl.col("CNT_FAM_MEMBERS")).alias("INCOME_PER_PERSON"),
    (pl.col("AMT_ANNUITY") / pl.col("AMT_INCOME_TOTAL")).alias("ANNUITY_INCOME_PERC"),
    (pl.col("AMT_ANNUITY") / pl.col("AMT_CREDIT")).alias("PAYMENT_RATE"))
app = app.with_columns([  # codes in first-seen order, as pandas.factorize and psd's encode codes
    pl.col(c).replace_strict({v: i for i, v in enumerate(app.get_column(c).drop_nulls().unique(maintain_order=True))},
                             default=None, return_dtype=pl.Int64).alias(c)
    for c in S.FACTORIZED])
text_columns = [c for c, t in app.schema.items() if t == pl.String]
app = app.with_columns([pl.col(c).eq(v).cast(pl.UInt8).fill_null(0).alias(f"{c}_{S.sanitized(v)}")
                        for c in text_columns
                        for v in app.get_column(c).drop_nulls().unique(maintain_order=True).to_list()]
                       ).drop(text_columns)

# --- bureau
bb = aggregate(load("bureau_balance.csv"), S.BB)
bureau = load("bureau.csv").join(bb, on="SK_ID_BUREAU", how="left").drop("SK_ID_BUREAU")
frames = {"buro": aggregate(bureau, S.BURO),
          "active": aggregate(bureau.filter(pl.col("CREDIT_ACTIVE") == "Active"), S.ACTIVE),
          "closed": aggregate(bureau.filter(pl.col("CREDIT_ACTIVE") == "Closed"), S.CLOSED)}
del bureau, bb

# --- previous applications
prev = load("previous_application.csv")
prev = prev.with_columns([pl.when(pl.col(c) == 365243).then(None).otherwise(pl.col(c)).alias(c)
                          for c in S.PREV_SENTINEL_COLUMNS])
prev = prev.with_columns((pl.col("AMT_APPLICATION") / pl.col("AMT_CREDIT")).alias("APP_CREDIT_PERC")).drop("SK_ID_PREV")
frames["prev"] = aggregate(prev, S.PREV)
frames["approved"] = aggregate(prev.filter(pl.col("NAME_CONTRACT_STATUS") == "Approved"), S.APPROVED)
frames["refused"] = aggregate(prev.filter(pl.col("NAME_CONTRACT_STATUS") == "Refused"), S.REFUSED)
del prev

# --- POS, instalments, credit cards
frames["pos"] = aggregate(load("POS_CASH_balance.csv"), S.POS)
ins = load("installments_payments.csv").with_columns(
    (pl.col("AMT_PAYMENT") / pl.col("AMT_INSTALMENT")).alias("PAYMENT_PERC"),
    (pl.col("AMT_INSTALMENT") - pl.col("AMT_PAYMENT")).alias("PAYMENT_DIFF"),
    (pl.col("DAYS_ENTRY_PAYMENT") - pl.col("DAYS_INSTALMENT")).clip(lower_bound=0).fill_null(0).alias("DPD"),
    (pl.col("DAYS_INSTALMENT") - pl.col("DAYS_ENTRY_PAYMENT")).clip(lower_bound=0).fill_null(0).alias("DBD"))
frames["instal"] = aggregate(ins, S.INSTAL)
del ins
frames["cc"] = aggregate(load("credit_card_balance.csv").drop("SK_ID_PREV"), S.CC)

# --- joins
data = app
for name in S.JOIN_ORDER:
    data = data.join(frames[name], on="SK_ID_CURR", how="left")
print(f"data: {data.height} rows x {data.width} columns")
print(f"polars {pl.__version__}: {time.time() - started:.2f} s")
if len(sys.argv) > 2:
    data.write_csv(sys.argv[2])
