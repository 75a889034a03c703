#!/usr/bin/env bash
# Leave-one-out restoration score on the corpus documents: for each document, the channel model is learned from
# the OTHER two documents (plus the training half of the book-OCR pairs at half weight, as the shipped model is),
# the document is restored with it, and ../shared/eval/score.py scores it against its gold; then `vnocr eval`
# judges the changes by their confidence.
# Usage: scripts/seeds-loo.sh [extra `vnocr process` flags]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
bin=${VNOCR:-target/release/vnocr}
[ -x "$bin" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stems=$(cd corpus && ls *.ocr.txt | sed 's/\.ocr\.txt$//')
for held in $stems; do
  pairs=()
  for s in $stems; do
    [ "$s" = "$held" ] || pairs+=("corpus/$s.ocr.txt" "corpus/$s.gold.txt")
  done
  "$bin" train-channel --pairs "${pairs[@]}" --tsv "$shared/pairs/hcmus-ocr-correction-pairs/test_pairs.tsv" --tsv-weight 0.5 \
    -o "$work/$held.channel.bin" >/dev/null
  "$bin" process --channel "$work/$held.channel.bin" "$@" --out "$work" "corpus/$held.ocr.txt" >/dev/null
done
mkdir -p "$work/gold"
for s in $stems; do cp "corpus/$s.gold.txt" "$work/gold/"; done
python3 "$shared/eval/score.py" text-dir "$work" "$work/gold"
echo
"$bin" eval --hyp "$work" --gold "$work/gold" --only text | sed -n '/^Changes by confidence/,$p'
