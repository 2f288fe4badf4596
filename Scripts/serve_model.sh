#!/usr/bin/env bash
# Trains the model the API examples, tests and benchmark serve, on the bundled sample, with psd:
#   bash Scripts/serve_model.sh OUTDIR [TREES] [small|all|bureau]
# writes OUTDIR/model.psdm, OUTDIR/clients.csv (the held-out applications: id + features + TARGET)
# and OUTDIR/reference.csv (the training rows). `small` (default) keeps 14 readable features,
# `all` every application column, `bureau` the 14 plus the applicant's credit-bureau lines
# aggregated (so a raw application carries bureau records). The model's recipe builds the
# features from the raw tables. Needs a built psd (PSD=path, default .build/debug/psd).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: Scripts/serve_model.sh OUTDIR [TREES] [small|all]}
trees=${2:-200}
features=${3:-small}
psd=${PSD:-.build/debug/psd}
mkdir -p "$out"
keep=""
side=""
if [ "$features" = small ] || [ "$features" = bureau ]; then
  keep='app = select app SK_ID_CURR TARGET EXT_SOURCE_1 EXT_SOURCE_2 EXT_SOURCE_3 AMT_INCOME_TOTAL AMT_CREDIT AMT_ANNUITY AMT_GOODS_PRICE DAYS_BIRTH DAYS_EMPLOYED CODE_GENDER NAME_CONTRACT_TYPE NAME_EDUCATION_TYPE NAME_INCOME_TYPE CREDIT_INCOME'
fi
if [ "$features" = bureau ]; then
  side='bureau = load "Examples/data/bureau.csv"
buro = aggregate bureau by SK_ID_CURR {AMT_CREDIT_SUM: mean max; AMT_CREDIT_SUM_DEBT: sum; CREDIT_ACTIVE: shares} prefix="BURO_"
app = join app buro on SK_ID_CURR kind=left'
fi
"$psd" <<PSD
app = load "Examples/data/application_train.csv"
app = replace app DAYS_EMPLOYED 365243 with missing
app = derive app CREDIT_INCOME = AMT_CREDIT / AMT_INCOME_TOTAL
$keep
$side
tr, rest = split app ratio=0.6 stratify=TARGET seed=42
va, te = split rest ratio=0.5 stratify=TARGET seed=42
m = train gbdt on tr target=TARGET exclude=[SK_ID_CURR] trees=$trees rate=0.05 leaves=15 balance=weights
m = calibrate m on va method=platt
m = threshold m on va cost fn=10 fp=1
save m "$out/model.psdm"
save te "$out/clients.csv"
save tr "$out/reference.csv"
PSD
