#!/usr/bin/env python3
"""Writes the CSV load benchmark file: 2,000,000 rows x 20 mixed columns, ~300 MB.

Columns: SK_ID_CURR (int), AMT_0..AMT_13 (floats, 4 decimals, ~3 % empty), DAYS_BIRTH (int,
negative), CNT_CHILDREN (int, ~2 % empty), NAME_CONTRACT_TYPE (8 labels, ~1 % empty),
ORGANIZATION_CODE (4 labels like 'AB-12'), EXT_SCORE (float in [0,1], ~20 % empty).

usage: bench_csv_gen.py [OUT.csv] [ROWS]     (default /work/data/bench_2m.csv, 2000000)
"""
import sys

import numpy as np
import polars as pl


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "/work/data/bench_2m.csv"
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000_000
    rng = np.random.default_rng(42)

    def with_missing(values: np.ndarray, share: float) -> pl.Series:
        mask = rng.random(len(values)) < share
        return pl.Series(values).set(pl.Series(mask), None)

    cols = {"SK_ID_CURR": pl.Series(np.arange(100002, 100002 + rows, dtype=np.int64))}
    for k in range(14):
        cols[f"AMT_{k}"] = with_missing(np.round(rng.normal(50, 30, rows), 4), 0.03)
    cols["DAYS_BIRTH"] = pl.Series(-rng.integers(7000, 25000, rows))
    cols["CNT_CHILDREN"] = with_missing(rng.integers(0, 6, rows), 0.02)
    contract = np.array(["Cash loans", "Revolving loans", "Consumer", "Mortgage",
                         "Car loan", "Microloan", "Card", "Other"])
    cols["NAME_CONTRACT_TYPE"] = with_missing(contract[rng.integers(0, 8, rows)], 0.01)
    org = np.array(["AB-12", "CD-34", "EF-56", "GH-78"])
    cols["ORGANIZATION_CODE"] = pl.Series(org[rng.integers(0, 4, rows)])
    cols["EXT_SCORE"] = with_missing(np.round(rng.random(rows), 6), 0.2)
    frame = pl.DataFrame(cols)
    frame.write_csv(out)
    print(f"wrote {out}: {rows} rows x {frame.width} columns")


if __name__ == "__main__":
    main()
