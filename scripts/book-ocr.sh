#!/usr/bin/env bash
# CER before and after restoration on the unseen half of the real book-OCR pairs
# (../shared/pairs/hcmus-ocr-correction-pairs, subset book_ocr_line, odd rows: the shipped channel model learned
# from the even rows only). Usage: scripts/book-ocr.sh [extra `vnocr restore` flags]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
bin=${VNOCR:-target/release/vnocr}
[ -x "$bin" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$shared/pairs/hcmus-ocr-correction-pairs/test_pairs.tsv" "$work" <<'PY'
import csv, sys
csv.field_size_limit(1 << 30)
rows = [r for r in csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter="\t")][1:]
book = [r for r in rows if r and r[0] == "book_ocr_line"]
test = book[1::2]
with open(f"{sys.argv[2]}/book.ocr.txt", "w", encoding="utf-8") as o, \
     open(f"{sys.argv[2]}/book.gold.txt", "w", encoding="utf-8") as g:
    for r in test:
        o.write(" ".join(r[1].split()) + "\n")
        g.write(" ".join(r[2].split()) + "\n")
PY
"$bin" restore "$@" "$work/book.ocr.txt" > "$work/book.restored.txt"
echo "before: $(python3 "$shared/eval/score.py" text "$work/book.ocr.txt" "$work/book.gold.txt")"
echo "after:  $(python3 "$shared/eval/score.py" text "$work/book.restored.txt" "$work/book.gold.txt")"
