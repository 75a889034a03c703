#!/usr/bin/env bash
# The texts of `vnocr bench` (clean text under each noise profile, and the clean text itself) restored document by
# document, as an archive's files are, instead of as one file: the document caches (word and pair) then see one
# document each. A document starts at a line whose first 200 characters hold the national motto and a "Số" label
# (as in examples/common). Prints `vnocr eval`'s line for each profile.
# Usage: scripts/bench-per-document.sh ADMIN_HOLDOUT [extra `vnocr batch` flags]
set -euo pipefail
holdout=$(realpath "${1:?usage: $0 ADMIN_HOLDOUT [batch flags]}")
shift
cd "$(dirname "$0")/.."
bin=$(realpath "${VNOCR:-target/release/vnocr}")
[ -x "$bin" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" bench --text "$holdout" --profile all --out "$work/b" > /dev/null
python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
clean = open(f"{work}/b/clean.txt", encoding="utf-8").read().split("\n")
head = lambda l: l[:200]
starts = [i for i, l in enumerate(clean) if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in head(l) and "Số" in head(l)]
if not starts or starts[0] != 0:
    starts.insert(0, 0)
ranges = list(zip(starts, starts[1:] + [len(clean)]))
for profile in ["strip", "seeds", "tesseract", "clean"]:
    src = f"{work}/b/clean.txt" if profile == "clean" else f"{work}/b/{profile}.noisy.txt"
    lines = open(src, encoding="utf-8").read().split("\n")
    assert len(lines) == len(clean), profile
    os.makedirs(f"{work}/in-{profile}")
    for k, (a, b) in enumerate(ranges):
        # Every document but the last ends with the newline that separated it from the next.
        end = "\n" if b < len(clean) else ""
        open(f"{work}/in-{profile}/d{k:04d}.txt", "w", encoding="utf-8").write("\n".join(lines[a:b]) + end)
print(f"{len(ranges)} documents")
PY
for profile in strip seeds tesseract clean; do
    "$bin" batch "$work/in-$profile" --out "$work/out-$profile" --quiet "$@" > /dev/null
    for f in "$work/in-$profile"/*.txt; do cat "$work/out-$profile/$(basename "$f")"; done > "$work/$profile.txt"
    echo "$profile $("$bin" eval --hyp "$work/$profile.txt" --gold "$work/b/clean.txt" --only text | head -n 1)"
done
