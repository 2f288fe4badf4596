#!/usr/bin/env bash
# Stops the servers Scripts/warehouse-up.sh started (by the pid each wrote in postmaster.pid)
# and removes their folder. Safe to run twice, and on a half-started folder.
set -uo pipefail
dir=${1:?usage: warehouse-down.sh FOLDER (printed by warehouse-up.sh)}
case "$dir" in */psd-warehouse.*) ;; *) echo "warehouse-down: '$dir' is not a warehouse-up folder" >&2; exit 2 ;; esac
for name in single shard1 shard2; do
  pidfile="$dir/$name/postmaster.pid"
  [ -f "$pidfile" ] || continue
  pid=$(head -1 "$pidfile")
  kill -INT "$pid" 2>/dev/null || continue   # fast shutdown
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
done
rm -rf "$dir"
