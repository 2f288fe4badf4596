#!/usr/bin/env python3
"""Loads Home Credit CSV files into PostgreSQL with COPY: one table per file, named after it.

Column types follow psd's CSV reader: integers -> bigint, numbers with a decimal -> float8,
true/false -> boolean, anything else -> text; an empty field is NULL.

With several DSNs (shards) every row goes to shard SK_ID_CURR mod N, so all rows of one client
live on one shard (bureau_balance follows its bureau credit's client). That is the partitioning
psd's pushed-down aggregate and join rely on.

    warehouse_load.py --data Examples/data DSN [DSN ...]
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile

INT = re.compile(r"^[+-]?\d+$")
FLOAT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def column_types(path):
    """SQL types of the file's columns, inferred from every value as psd's reader does."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        ints = [True] * len(header)
        numbers = [True] * len(header)
        bools = [True] * len(header)
        seen = [False] * len(header)
        for row in reader:
            for i, v in enumerate(row):
                if v == "":
                    continue
                seen[i] = True
                if ints[i] and not INT.match(v):
                    ints[i] = False
                if numbers[i] and not (INT.match(v) or FLOAT.match(v)):
                    numbers[i] = False
                if bools[i] and v not in ("true", "false"):
                    bools[i] = False
    types = []
    for i in range(len(header)):
        if not seen[i]:
            types.append("double precision")  # all missing: psd reads a float column of NaN
        elif bools[i]:
            types.append("boolean")
        elif ints[i]:
            types.append("bigint")
        elif numbers[i]:
            types.append("double precision")
        else:
            types.append("text")
    return header, types


def psql(dsn, *args, stdin=None):
    subprocess.run(["psql", "-X", "-q", "-v", "VERBOSITY=terse", "-c", "SET client_min_messages = warning", "-v", "ON_ERROR_STOP=1", "-d", dsn, *args], check=True, stdin=stdin)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("dsns", nargs="+")
    a = ap.parse_args()
    files = sorted(f for f in os.listdir(a.data) if f.endswith(".csv"))
    n = len(a.dsns)
    bureau_client = {}
    if n > 1 and "bureau.csv" in files:
        with open(os.path.join(a.data, "bureau.csv"), newline="") as f:
            r = csv.DictReader(f)
            for row in r:
                bureau_client[row["SK_ID_BUREAU"]] = int(row["SK_ID_CURR"])
    for name in files:
        path = os.path.join(a.data, name)
        table = name[:-4]
        header, types = column_types(path)
        columns = ", ".join(f'"{h}" {t}' for h, t in zip(header, types))
        create = f'DROP TABLE IF EXISTS "{table}"; CREATE TABLE "{table}" ({columns});'
        if n == 1:
            psql(a.dsns[0], "-c", create)
            with open(path, "rb") as f:
                psql(a.dsns[0], "-c", f'\\copy "{table}" FROM STDIN WITH (FORMAT csv, HEADER true)', stdin=f)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            outs = [open(os.path.join(tmp, f"{k}.csv"), "w", newline="") for k in range(n)]
            writers = [csv.writer(o) for o in outs]
            with open(path, newline="", encoding="utf-8") as f:
                r = csv.reader(f)
                head = next(r)
                if "SK_ID_CURR" in head:
                    key = head.index("SK_ID_CURR")
                    shard = lambda row: int(row[key]) % n
                elif "SK_ID_BUREAU" in head:
                    key = head.index("SK_ID_BUREAU")
                    shard = lambda row: bureau_client.get(row[key], 0) % n
                else:
                    sys.exit(f"{name}: no SK_ID_CURR or SK_ID_BUREAU column to shard by")
                for row in r:
                    writers[shard(row)].writerow(row)
            for o in outs:
                o.close()
            for k, dsn in enumerate(a.dsns):
                psql(dsn, "-c", create)
                with open(os.path.join(tmp, f"{k}.csv"), "rb") as f:
                    psql(dsn, "-c", f'\\copy "{table}" FROM STDIN WITH (FORMAT csv)', stdin=f)
        print(f"loaded {table} into {n} shards", file=sys.stderr)
    for dsn in a.dsns:
        psql(dsn, "-c", "ANALYZE")


if __name__ == "__main__":
    main()
