#!/usr/bin/env bash
# Restoration of lines printed in capitals (headings, subjects), which OCR damages differently from running text:
# the lines of the admin corpus with at least 20 letters, 95% of them capitals, without "Số" or "CỘNG HÒA" (the
# header's lines; 807 lines), corrupted under the `seeds` noise profile (seed 1) and restored by `vnocr bench`.
# Most of these lines are in the language model's training text: the figure compares versions of the restorer's
# rules (case, codes, words in capitals), not the model.
# Usage: scripts/caps-lines.sh [extra `vnocr bench` flags]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${VNOCR:-target/release/vnocr}
[ -x "$bin" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xz -dc ../shared/corpora/admin.txt.xz | python3 -c '
import sys
for line in sys.stdin:
    line = line.strip()
    letters = [c for c in line if c.isalpha()]
    if 20 < len(letters) < 300 and sum(c.isupper() for c in letters) >= 0.95 * len(letters) \
            and "CỘNG HÒA" not in line and "Số" not in line:
        print(line)
' > "$work/caps.txt"
"$bin" bench --text "$work/caps.txt" --profile seeds --seed 1 "$@"
