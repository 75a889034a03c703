#!/usr/bin/env bash
# Instructions (valgrind's callgrind: the same count on every run of the same binary and input, whatever else the
# machine is doing) that `vnocr restore` spends on the first LINES lines (default 400) of the held-out admin tail
# under `seeds`-profile OCR noise (seed 1), for each vnocr binary given (default: target/release/vnocr). The way
# to compare two builds on a machine whose speed drifts; wall-clock figures come from `vnocr bench` and
# `vnocr batch`.
#
#   scripts/instructions.sh ADMIN_HOLDOUT [LINES] [BIN...]
set -euo pipefail
holdout=${1:?usage: $0 ADMIN_HOLDOUT [LINES] [BIN...]}
lines=${2:-400}
shift $(($# < 2 ? $# : 2))
root=$(cd "$(dirname "$0")/.." && pwd)
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=("$root/target/release/vnocr")
command -v valgrind > /dev/null || { echo "$0: needs valgrind" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -n "$lines" "$holdout" > "$tmp/clean.txt"
syllables=$("${bins[0]}" bench --text "$tmp/clean.txt" --profile seeds --seed 1 --out "$tmp/b" 2> /dev/null |
    awk '$1 == "seeds" { print $2 }')
input="$tmp/b/seeds.noisy.txt"
for bin in "${bins[@]}"; do
    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$bin" restore "$input" > "$tmp/out.txt" 2> "$tmp/cg.err"
    ir=$(grep -o 'Collected : [0-9]*' "$tmp/cg.err" | grep -o '[0-9]*$')
    echo "$bin: $ir instructions, $((ir / syllables)) per syllable ($syllables syllables, $lines lines; output $(md5sum < "$tmp/out.txt" | cut -c1-12))"
done
