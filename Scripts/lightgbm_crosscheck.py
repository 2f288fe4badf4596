"""Cross-check of psd's LightGBM export: psd trains a GBDT on the bundled sample and saves it with
`save m "model.txt" format=lightgbm`; lightgbm (PyPI) loads that file and must predict psd's own
scores to 1e-12 (raw log-odds and probability).

    python3 Scripts/lightgbm_crosscheck.py [--psd .build/debug/psd] [--fixture]

--fixture also copies the exported model and LightGBM's predictions into
Tests/PSDModelsTests/Fixtures/LightGBM (psd_export.txt, psd_export.input.csv, psd_export.expected.csv),
which the Swift tests read back.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import lightgbm as lgb
import numpy as np
import pandas as pd

warnings.filterwarnings("ignore", message=".*float_precision.*")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "PSDModelsTests", "Fixtures", "LightGBM")
ROWS = 400

ap = argparse.ArgumentParser()
ap.add_argument("--psd", default=os.path.join(ROOT, ".build", "debug", "psd"))
ap.add_argument("--fixture", action="store_true")
args = ap.parse_args()

work = tempfile.mkdtemp(prefix="psd-lgb-")
script = f"""
app = load "{ROOT}/Examples/data/application_train.csv"
app = select app [SK_ID_CURR, TARGET, EXT_SOURCE_1, EXT_SOURCE_2, EXT_SOURCE_3, AMT_CREDIT, AMT_ANNUITY, DAYS_BIRTH, DAYS_EMPLOYED, OWN_CAR_AGE, NAME_EDUCATION_TYPE, CODE_GENDER, OCCUPATION_TYPE, ORGANIZATION_TYPE]
m = train gbdt on app target=TARGET exclude=[SK_ID_CURR] trees=40 rate=0.1 leaves=15 min_leaf=20 cat_min_rows=20 balance=weights seed=3
save m "{work}/model.txt" format=lightgbm
s = score m on app
save s "{work}/scores.csv"
"""
with open(os.path.join(work, "export.psd"), "w") as f:
    f.write(script)
subprocess.run([args.psd, os.path.join(work, "export.psd")], check=True, cwd=ROOT)

scores = pd.read_csv(os.path.join(work, "scores.csv"), float_precision="round_trip",
                     keep_default_na=False, na_values=[""])
booster = lgb.Booster(model_file=os.path.join(work, "model.txt"))
x = scores[booster.feature_name()].copy()
# Category columns as pandas categoricals; predict() maps them to codes through pandas_categorical.
for c in x.columns:
    if x[c].dtype == object or str(x[c].dtype) in ("str", "string"):
        x[c] = x[c].astype("category")
prob = booster.predict(x)
raw = booster.predict(x, raw_score=True)
gap = np.abs(prob - scores["PD"].to_numpy()).max()
logit = np.log(scores["PD"] / (1 - scores["PD"]))
print(f"lightgbm {lgb.__version__} on psd's export: {booster.num_trees()} trees, {len(x)} rows, "
      f"largest |PD(lightgbm) - PD(psd)| = {gap:.3g}, raw-score gap via logit {np.abs(raw - logit).max():.3g}")
ok = gap <= 1e-12
if args.fixture:
    shutil.copy(os.path.join(work, "model.txt"), os.path.join(FIXTURES, "psd_export.txt"))
    rows = scores[["SK_ID_CURR"] + booster.feature_name()].iloc[:ROWS]
    rows.to_csv(os.path.join(FIXTURES, "psd_export.input.csv"), index=False)
    with open(os.path.join(FIXTURES, "psd_export.expected.csv"), "w") as f:
        f.write("SK_ID_CURR,RAW,PD\n")
        for i in range(ROWS):
            f.write(f"{int(scores['SK_ID_CURR'][i])},{float(raw[i])!r},{float(prob[i])!r}\n")
    print("wrote the psd_export fixtures")
shutil.rmtree(work)
sys.exit(0 if ok else 1)
