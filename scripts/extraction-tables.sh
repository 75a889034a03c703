#!/usr/bin/env bash
# The extraction tables of docs/extract.md, each written to OUT/<name>.txt: `examples/extract_noisy_headers` on the
# documents of `admin` outside its held-out tail (the language model's training text) as pages under the seeds,
# tesseract, strip and clean profiles (page-*.txt) and as one-line paragraphs under the first three (line-*.txt),
# and on the held-out tail's documents as pages under the seeds profile (hold-seeds.txt). Every table ends with its
# field counts; the lines above them show each difference from what extraction reads in the clean text. A change
# to extraction or restoration is compared by diffing two OUT directories.
#
#   scripts/extraction-tables.sh OUT
set -euo pipefail
out=${1:?usage: $0 OUT}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=$root/../shared
cd "$root"
cargo build --release --quiet --example extract_noisy_headers
bin=target/release/examples/extract_noisy_headers
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xz -dc "$shared/corpora/admin.txt.xz" > "$tmp/admin.txt"
head -n -2516 "$tmp/admin.txt" > "$tmp/admin-train.txt"
tail -n 2516 "$tmp/admin.txt" > "$tmp/admin-holdout.txt"
# two at a time: the machine has two cores, and each run is single-threaded in its restorer's decoding
run() { "$bin" "$@" --show; }
for p in seeds tesseract strip clean; do
    run "$tmp/admin-train.txt" --profile $p --page > "$out/page-$p.txt" 2>&1 &
    [ $p = tesseract ] && wait
done
wait
for p in seeds tesseract strip; do
    run "$tmp/admin-train.txt" --profile $p > "$out/line-$p.txt" 2>&1 &
done
run "$tmp/admin-holdout.txt" --profile seeds --page > "$out/hold-seeds.txt" 2>&1
wait
for f in "$out"/*.txt; do
    echo "== $(basename "$f" .txt)"
    grep -A12 '^field ' "$f" | grep -v '^field'
done
