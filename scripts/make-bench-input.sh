#!/usr/bin/env bash
# Builds the throughput input of docs/batch.md: the corpus OCR documents replicated COPIES times into
# DIR/in/<copy>/<name>.ocr.txt (about 17,800 syllables per copy: 300 copies ≈ 5.3 M syllables), and the same
# documents as JSON Lines in DIR/in.jsonl ({"id": "<copy>/<name>", "text": …}) for `vnocr batch --jsonl`.
#
#   scripts/make-bench-input.sh DIR [COPIES]
set -euo pipefail
dir=${1:?usage: $0 DIR [COPIES]}
copies=${2:-300}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir/in"
: > "$dir/in.jsonl"
for ((i = 0; i < copies; i++)); do
    sub=$(printf '%04d' "$i")
    mkdir -p "$dir/in/$sub"
    for f in "$root"/corpus/*.ocr.txt; do
        cp "$f" "$dir/in/$sub/"
    done
done
python3 - "$root/corpus" "$copies" >> "$dir/in.jsonl" <<'PY'
import json, pathlib, sys
docs = sorted(pathlib.Path(sys.argv[1]).glob("*.ocr.txt"))
texts = [(d.name, d.read_text(encoding="utf-8")) for d in docs]
for i in range(int(sys.argv[2])):
    for name, text in texts:
        print(json.dumps({"id": f"{i:04d}/{name}", "text": text}, ensure_ascii=False))
PY
echo "$(find "$dir/in" -type f | wc -l) files, $(du -sh "$dir/in" | cut -f1); $(wc -l < "$dir/in.jsonl") JSONL records" >&2
