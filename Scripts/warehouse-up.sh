#!/usr/bin/env bash
# Starts the PostgreSQL servers the warehouse tests use, on loopback only, and loads the bundled
# synthetic tables into them with COPY:
#   - a single node on 127.0.0.1:${PSD_WH_PORT:-25401};
#   - a coordinator-free set of 2 shards on the next two ports, rows split by SK_ID_CURR mod 2.
# Data directories live in a fresh temporary folder. PostgreSQL refuses to run as root, so as
# root the servers run as the 'postgres' user. Clients authenticate with SCRAM; the password is
# random and written only to a 0600 passfile the DSNs point to (never into a DSN).
# Prints the folder; `source FOLDER/env.sh` sets PSD_WAREHOUSE_DSN and PSD_WAREHOUSE_SHARDS.
# PSD_WH_LAYOUT=single starts only the single node (the benchmark); an argument names the data folder.
# Stop with: bash Scripts/warehouse-down.sh FOLDER
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
port=${PSD_WH_PORT:-25401}
data=${1:-Examples/data}
for p in "$port" $((port + 1)) $((port + 2)); do
  if [ "$p" -lt 25400 ] || [ "$p" -gt 25499 ]; then echo "warehouse-up: port $p is outside 25400-25499" >&2; exit 2; fi
done
[ -x "$bin/initdb" ] || { echo "warehouse-up: no $bin/initdb (install postgresql: bash Scripts/install-deps.sh)" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/psd-warehouse.XXXXXX")
chmod 755 "$dir"
# A failure half-way stops whatever already started and removes the folder.
trap 'bash Scripts/warehouse-down.sh "$dir"; exit 1' ERR INT TERM
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  run_as=(runuser -u postgres --)
  chown postgres "$dir"
fi
password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
# The superuser's password, for initdb only (readable by the server's user), removed after.
printf '%s\n' "$password" > "$dir/initpw"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir/initpw"
chmod 600 "$dir/initpw"
printf '127.0.0.1:*:*:psd:%s\n' "$password" > "$dir/pgpass"
chmod 600 "$dir/pgpass"
dsns=()
names="single shard1 shard2"
[ "${PSD_WH_LAYOUT:-all}" = single ] && names=single
for name in $names; do
  case $name in single) p=$port ;; shard1) p=$((port + 1)) ;; shard2) p=$((port + 2)) ;; esac
  "${run_as[@]}" "$bin/initdb" -D "$dir/$name" -U psd --pwfile="$dir/initpw" -A scram-sha-256 \
    --no-sync -E UTF8 --locale=C >"$dir/$name.initdb.log" 2>&1
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/$name" -l "$dir/$name.log" -w -t 60 \
    -o "-p $p -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off" \
    start >/dev/null
  dsn="postgresql://psd@127.0.0.1:$p/postgres?passfile=$dir/pgpass"
  PGPASSFILE="$dir/pgpass" psql -X -q -d "$dsn" -c "CREATE DATABASE psd" >/dev/null
  dsns+=("postgresql://psd@127.0.0.1:$p/psd?passfile=$dir/pgpass")
done
rm -f "$dir/initpw"
python3 Scripts/warehouse_load.py --data "$data" "${dsns[0]}"
if [ ${#dsns[@]} -eq 3 ]; then
  python3 Scripts/warehouse_load.py --data "$data" "${dsns[1]}" "${dsns[2]}" 2>/dev/null
fi
cat > "$dir/env.sh" <<ENV
export PSD_WAREHOUSE_DSN='${dsns[0]}'
export PSD_WAREHOUSE_SHARDS='${dsns[*]:1}'
export PSD_WAREHOUSE_DIR='$dir'
ENV
trap - ERR INT TERM
echo "$dir"
