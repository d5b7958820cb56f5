#!/usr/bin/env bash
# Instructions per operation of a bench/_icount-style script, from two valgrind runs (N and 3N
# iterations): deterministic where wall-clock timing on a shared machine is not.
# usage: scripts/icount.sh bench/file.ts name N  (the script reads argv[2] = name, argv[3] = N)
set -euo pipefail
file=$1; name=$2; n=$3
node scripts/run-ts.mjs "$file" "$name" 1 >/dev/null
f=$(ls -t node_modules/.cache/tcstring-run/$(basename "$file" .ts)-*.mjs | head -1)
count() { valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file=/dev/null node "$f" "$name" "$1" 2>&1 | sed -n 's/.*Collected : //p'; }
a=$(count "$n"); b=$(count $((3 * n)))
echo "$name: $(( (b - a) / (2 * n) )) instructions/op"
