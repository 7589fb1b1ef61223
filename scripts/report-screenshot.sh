#!/usr/bin/env bash
# scripts/report-screenshot.sh: a PNG of a report page, as a browser shows it.
#
#   scripts/report-screenshot.sh REPORT.html OUT.png [HEIGHT]
#
# Why: the report (`gazet report`, crates/gazet/src/report) is a page meant
# to be looked at; its tests check the markup, this shows whether labels
# overlap, charts are clipped or colours are unreadable. Make a page from
# the sample data with
#   cargo run -p gazet --example report_sample -- /tmp/report.html
#
# What it does: renders the page in headless Chromium (Debian's, at
# /usr/bin/chromium or $CHROMIUM; `apt-get install -y chromium`), 1200
# pixels wide and HEIGHT pixels high (default 5200: the whole sample page),
# with a throwaway profile and no network use of its own, and writes OUT.png.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 REPORT.html OUT.png [HEIGHT]" >&2
    exit 2
fi
report=$1
out=$2
height=${3:-5200}
chromium=${CHROMIUM:-/usr/bin/chromium}

if [ ! -f "$report" ]; then
    echo "$0: no such file: $report" >&2
    exit 1
fi
if [ ! -x "$chromium" ]; then
    echo "$0: no Chromium at $chromium (apt-get install -y chromium, or set CHROMIUM)" >&2
    exit 1
fi
case $height in
    '' | *[!0-9]*) echo "$0: HEIGHT must be a number of pixels: $height" >&2; exit 2 ;;
esac

abs_report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
mkdir -p "$(dirname "$out")"
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# Chromium writes the screenshot and exits; its chatter goes to a log that
# is shown only when it fails.
log=$profile/chromium.log
if ! "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1200,"$height" --screenshot="$abs_out" \
    "file://$abs_report" >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
if [ ! -s "$abs_out" ]; then
    cat "$log" >&2
    echo "$0: Chromium wrote no screenshot" >&2
    exit 1
fi
echo "$abs_out"
