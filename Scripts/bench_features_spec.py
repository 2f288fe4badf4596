"""The feature pipeline of Scripts/bench_features.psd, as data shared by the pandas and polars
versions (bench_features_pandas.py, bench_features_polars.py), so all three compute the same
features: per table, {column: [functions]}, a "*" entry for every other column, and a prefix.
Names follow psd: PREFIX + COL + "_" + FUNC.upper(), categorical shares PREFIX + COL + "_" +
level + "_SHARE" (+ "_MISSING_SHARE" when the column has missing values), size PREFIX + "COUNT".
"""

BB = ("SK_ID_BUREAU", "BB_", {"MONTHS_BALANCE": ["min", "max"], "STATUS": ["shares"]}, None)

_BUREAU_NUM = {
    "DAYS_CREDIT": ["min", "max", "mean", "var"],
    "DAYS_CREDIT_ENDDATE": ["min", "max", "mean"],
    "DAYS_CREDIT_UPDATE": ["mean"],
    "CREDIT_DAY_OVERDUE": ["max", "mean"],
    "AMT_CREDIT_MAX_OVERDUE": ["mean"],
    "AMT_CREDIT_SUM": ["max", "mean", "sum"],
    "AMT_CREDIT_SUM_DEBT": ["max", "mean", "sum"],
    "AMT_CREDIT_SUM_OVERDUE": ["mean"],
    "AMT_CREDIT_SUM_LIMIT": ["mean", "sum"],
    "AMT_ANNUITY": ["max", "mean"],
    "CNT_CREDIT_PROLONG": ["sum"],
    "BB_MONTHS_BALANCE_MIN": ["min"],
    "BB_MONTHS_BALANCE_MAX": ["max"],
    "BB_COUNT": ["mean", "sum"],
}
BURO = ("SK_ID_CURR", "BURO_", _BUREAU_NUM, ["mean", "shares"])
ACTIVE = ("SK_ID_CURR", "ACTIVE_", _BUREAU_NUM, None)
CLOSED = ("SK_ID_CURR", "CLOSED_", _BUREAU_NUM, None)

_PREV_NUM = {c: ["min", "max", "mean"] for c in [
    "AMT_ANNUITY", "AMT_APPLICATION", "AMT_CREDIT", "AMT_DOWN_PAYMENT", "AMT_GOODS_PRICE",
    "HOUR_APPR_PROCESS_START", "RATE_DOWN_PAYMENT", "DAYS_DECISION"]}
_PREV_NUM["APP_CREDIT_PERC"] = ["min", "max", "mean", "var"]
_PREV_NUM["CNT_PAYMENT"] = ["mean", "sum"]
PREV = ("SK_ID_CURR", "PREV_", _PREV_NUM, ["shares"])
APPROVED = ("SK_ID_CURR", "APPROVED_", _PREV_NUM, None)
REFUSED = ("SK_ID_CURR", "REFUSED_", _PREV_NUM, None)

POS = ("SK_ID_CURR", "POS_", {
    "MONTHS_BALANCE": ["max", "mean"],
    "SK_DPD": ["max", "mean"],
    "SK_DPD_DEF": ["max", "mean"],
    "NAME_CONTRACT_STATUS": ["shares"],
}, None)

INSTAL = ("SK_ID_CURR", "INSTAL_", {
    "NUM_INSTALMENT_VERSION": ["nunique"],
    "DPD": ["max", "mean", "sum"],
    "DBD": ["max", "mean", "sum"],
    "PAYMENT_PERC": ["max", "mean", "sum", "var"],
    "PAYMENT_DIFF": ["max", "mean", "sum", "var"],
    "AMT_INSTALMENT": ["max", "mean", "sum"],
    "AMT_PAYMENT": ["min", "max", "mean", "sum"],
    "DAYS_ENTRY_PAYMENT": ["max", "mean", "sum"],
}, None)

CC = ("SK_ID_CURR", "CC_", {}, ["min", "max", "mean", "sum", "var", "shares"])

PREV_SENTINEL_COLUMNS = ["DAYS_FIRST_DRAWING", "DAYS_FIRST_DUE", "DAYS_LAST_DUE_1ST_VERSION",
                         "DAYS_LAST_DUE", "DAYS_TERMINATION"]
FACTORIZED = ["CODE_GENDER", "FLAG_OWN_CAR", "FLAG_OWN_REALTY"]
JOIN_ORDER = ["buro", "active", "closed", "prev", "approved", "refused", "pos", "instal", "cc"]
NUMBER_ONLY = {"sum", "mean", "min", "max", "std", "var", "median"}


def sanitized(text):
    """psd's level-name rule: runs of characters other than [A-Za-z0-9_] become one '_'."""
    out, pending = [], False
    for ch in str(text):
        if ch.isascii() and (ch.isalnum() or ch == "_"):
            if pending and out:
                out.append("_")
            pending = False
            out.append(ch)
        else:
            pending = True
    return "".join(out) or "BLANK"


def plan(columns, is_categorical, spec):
    """(column, functions) pairs in psd's order: named entries, then '*' over the rest."""
    key, _, named, star = spec
    jobs = [(c, f) for c, f in named.items()]
    if star:
        for c in columns:
            if c == key or c in named:
                continue
            fits = [f for f in star if (f not in NUMBER_ONLY if is_categorical(c) else f != "shares")]
            if fits:
                jobs.append((c, fits))
    return jobs
