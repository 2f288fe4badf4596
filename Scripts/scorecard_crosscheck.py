"""psd's binning, WoE, IV and scorecard against optbinning on the same data and the same bins.

Not a test: prints the figures quoted in Docs/scorecards.md.
    python3 Scripts/scorecard_crosscheck.py [PSD_BINARY]     (default: builds the release psd)

psd splits the bundled sample, bins the training part and trains a scorecard; it saves the two
parts, every feature's bins (exact edges) and the test PDs. optbinning then gets the same rows and
the same bins (user_splits, all fixed) and must give the same counts, WoE and IV per bin; its
Scorecard (LogisticRegression on WoE, pdo_odds scaling) on the card's characteristics must reach a
test AUC within 0.005 of psd's. Sign conventions: both use WoE = ln(%good / %bad) in the binning
table, so no mapping is needed there; optbinning's points use odds good:bad, as psd's.
"""
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import pandas as pd
    from optbinning import BinningProcess, OptimalBinning, Scorecard
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
except ImportError as e:
    sys.exit(f"{e}: pip install optbinning scikit-learn pandas (measured with optbinning 1.0.0, scikit-learn 1.9.1)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def psd_binary():
    if len(sys.argv) > 1:
        return sys.argv[1]
    subprocess.run(["swift", "build", "-c", "release", "--product", "psd"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "psd")


def run_psd(work):
    script = f"""
app = load "{ROOT}/Examples/data/application_train.csv"
app = replace app DAYS_EMPLOYED 365243 with missing
tr, te = split app ratio=0.8 stratify=TARGET seed=42
b = bin tr by TARGET exclude=[SK_ID_CURR]
iv b out="{work}/bins.csv"
sc = train scorecard on tr target=TARGET bins=b pdo=20 score=600 odds=50
scorecard sc out="{work}/card.csv"
evaluate sc on te
score sc on te id=SK_ID_CURR out="{work}/psd_te.csv"
save tr "{work}/tr.csv"
save te "{work}/te.csv"
"""
    path = os.path.join(work, "crosscheck.psd")
    with open(path, "w") as f:
        f.write(script)
    out = subprocess.run([psd_binary(), path], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("psd failed:\n" + out.stdout + out.stderr)
    return out.stdout


def user_splits(rows, dtype):
    """optbinning's user_splits for psd's bins of one feature (the Missing row left out)."""
    bins = rows[rows["BIN"] != "Missing"]
    if dtype == "numerical":
        return np.array(sorted(v for v in bins["LOWER"] if np.isfinite(v)), dtype=float)
    return [np.array(label.split(", "), dtype=object) for label in bins["BIN"]]


def optbinning_table(x, y, splits, dtype, name):
    """optbinning's binning table for fixed bins: rows per bin, then Special and Missing."""
    fixed = [True] * len(splits)
    ob = OptimalBinning(name=name, dtype=dtype, user_splits=splits, user_splits_fixed=fixed,
                        monotonic_trend=None, min_bin_size=None, max_n_prebins=max(2, len(splits) + 1))
    ob.fit(x, y)
    t = ob.binning_table.build()
    return ob, t.drop(index="Totals")


def main():
    work = tempfile.mkdtemp(prefix="psd-crosscheck-")
    psd_out = run_psd(work)
    tr = pd.read_csv(f"{work}/tr.csv")
    te = pd.read_csv(f"{work}/te.csv")
    bins = pd.read_csv(f"{work}/bins.csv", keep_default_na=False, na_values=[""])
    card = pd.read_csv(f"{work}/card.csv", keep_default_na=False, na_values=[""])
    y = tr["TARGET"].values

    # 1. Same bins: counts, WoE and IV per bin.
    worst_woe = worst_iv = worst_total = 0.0
    count_mismatches = 0
    checked = single = commas = 0
    params = {}
    for feature, rows in bins.groupby("FEATURE", sort=False):
        dtype = "numerical" if pd.api.types.is_numeric_dtype(tr[feature]) else "categorical"
        splits = user_splits(rows, dtype)
        if dtype == "categorical" and any("," in str(v) for v in tr[feature].dropna().unique()):
            commas += 1
            continue  # labels with commas cannot be told apart in the BIN text
        if len(splits) < (1 if dtype == "numerical" else 2):
            single += 1
            continue  # one bin: optbinning refuses empty user_splits
        x = tr[feature].values
        ob, t = optbinning_table(x, y, splits, dtype, feature)
        params[feature] = {"dtype": dtype, "user_splits": splits, "user_splits_fixed": [True] * len(splits),
                           "monotonic_trend": None, "min_bin_size": None}
        ours = rows[rows["BIN"] != "Missing"]
        theirs = t.iloc[: len(ours)]
        missing_ours = rows[rows["BIN"] == "Missing"].iloc[0]
        missing_theirs = t.loc[t["Bin"] == "Missing"].iloc[0]
        if len(t) != len(ours) + 2:
            count_mismatches += 1
            print(f"  {feature}: optbinning made {len(t) - 2} bins, psd {len(ours)}")
            continue
        ours_counts = list(ours["COUNT"]) + [missing_ours["COUNT"]]
        theirs_counts = list(theirs["Count"]) + [missing_theirs["Count"]]
        if ours_counts != [int(c) for c in theirs_counts]:
            count_mismatches += 1
            print(f"  {feature}: counts differ: psd {ours_counts}, optbinning {theirs_counts}")
            continue
        woe = np.abs(np.append(ours["WOE"].values, missing_ours["WOE"]) -
                     np.append(theirs["WoE"].astype(float).values, float(missing_theirs["WoE"])))
        iv = np.abs(np.append(ours["IV"].values, missing_ours["IV"]) -
                    np.append(theirs["IV"].astype(float).values, float(missing_theirs["IV"])))
        worst_woe = max(worst_woe, woe.max())
        worst_iv = max(worst_iv, iv.max())
        worst_total = max(worst_total, abs(rows["IV"].sum() - ob.binning_table.iv))
        checked += 1
    print(f"same bins: {checked} features of {bins['FEATURE'].nunique()} checked ({single} with a single bin and {commas} with commas in labels skipped), "
          f"{count_mismatches} with different counts")
    print(f"  largest |WoE difference| per bin {worst_woe:.2e}, |IV difference| per bin {worst_iv:.2e}, "
          f"per feature {worst_total:.2e}")

    # 2. The scorecard: optbinning's Scorecard on the card's characteristics and bins.
    features = list(dict.fromkeys(card["FEATURE"]))
    process = BinningProcess(features, categorical_variables=[f for f in features if params[f]["dtype"] == "categorical"],
                             binning_fit_params={f: {k: v for k, v in params[f].items() if k != "dtype"} for f in features})
    sc = Scorecard(binning_process=process, estimator=LogisticRegression(max_iter=1000),
                   scaling_method="pdo_odds", scaling_method_params={"pdo": 20, "odds": 50, "scorecard_points": 600})
    sc.fit(tr[features], y, metric_missing="empirical")
    their_pd = sc.predict_proba(te[features])[:, 1]
    psd_pd = pd.read_csv(f"{work}/psd_te.csv")
    assert (psd_pd["SK_ID_CURR"].values == te["SK_ID_CURR"].values).all()
    auc_psd = roc_auc_score(te["TARGET"], psd_pd["PD"])
    auc_ob = roc_auc_score(te["TARGET"], their_pd)
    print(f"scorecard on {len(features)} characteristics, test set {len(te)} rows ({int(te['TARGET'].sum())} defaults):")
    print(f"  test AUC psd {auc_psd:.4f}, optbinning Scorecard {auc_ob:.4f}, difference {auc_psd - auc_ob:+.4f}"
          f" ({'within' if abs(auc_psd - auc_ob) <= 0.005 else 'NOT within'} 0.005)")
    table = sc.table(style="detailed")
    table = table[table["Bin"] != "Special"]
    ours = card.copy()
    diffs = []
    for f in features:
        a = ours[ours["FEATURE"] == f]["POINTS"].values
        b = table[table["Variable"] == f]["Points"].values
        if len(a) == len(b):
            diffs.append(np.abs(a - b).max())
    print(f"  points per bin: largest |psd − optbinning| {max(diffs):.2f} points "
          f"(the two logistic fits differ: scikit-learn's C=1 penalises raw WoE coefficients, psd's l2=1 standardised ones)")
    corr = np.corrcoef(psd_pd["PD"], their_pd)[0, 1]
    print(f"  correlation of the test PDs {corr:.5f}")

    # 3. Each tool's own optimal binning (different pre-binning: quantiles vs CART), for interest.
    own = []
    for feature in features:
        dtype = params[feature]["dtype"]
        ob = OptimalBinning(name=feature, dtype=dtype, monotonic_trend="auto_asc_desc" if dtype == "numerical" else None,
                            max_n_bins=8, min_bin_size=0.05)
        ob.fit(tr[feature].values, y)
        ob.binning_table.build()
        own.append((feature, bins[bins["FEATURE"] == feature]["IV"].sum(), ob.binning_table.iv))
    print("own optimal binning of the card's characteristics (IV psd / optbinning):")
    for feature, a, b in own:
        print(f"  {feature:<28} {a:.4f} / {b:.4f}")
    print(f"work files in {work}")
    print("psd evaluate:\n" + "\n".join("  " + l for l in psd_out.splitlines() if "AUC" in l))


if __name__ == "__main__":
    main()
