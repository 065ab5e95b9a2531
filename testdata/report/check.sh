#!/usr/bin/env bash
# Renders mdlint's HTML report in headless Chromium and checks it: the
# page loads from disk, the ATT&CK matrix has one column per tactic of
# the catalog and every technique cell of the report, the covered cells
# carry the expected distinct-rule counts, and a screenshot is written.
#
# Installs Debian's chromium with apt-get when it is missing (as root);
# otherwise says why it skips. REPORT_OUT names the folder to write the
# report, the dumped DOM and report.png into (default: a new temp dir).
set -euo pipefail
cd "$(dirname "$0")/../.."

browser=""
for b in chromium chromium-browser; do
	if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "check.sh: installing chromium with apt-get"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
		browser=chromium
	else
		echo "check.sh: SKIP: chromium is not installed and apt-get cannot install it (not root or no apt-get)"
		exit 0
	fi
fi

out="${REPORT_OUT:-$(mktemp -d)}"
mkdir -p "$out"
lib=testdata/rules/navigator-drift # Acme VPN: coverage and findings
go run ./cmd/mdlint report --html "$out/report" "$lib"
url="file://$(cd "$out/report" && pwd)/index.html"

run() { # run chromium with a fresh profile and no network chatter
	local profile
	profile=$(mktemp -d)
	"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" "$@" 2>>"$out/chromium.log"
	rm -rf "$profile"
}
run --dump-dom "$url" >"$out/dom.html"

fail() { echo "check.sh: FAIL: $*"; exit 1; }
count() { grep -o "$1" "$2" | wc -l | tr -d ' '; }

# one matrix column per tactic, in the order of the page
tactics=$(count '<th data-tactic="TA[0-9]*"' "$out/dom.html")
[ "$tactics" -eq 14 ] || fail "matrix has $tactics tactic columns, want 14"
# every technique cell of the report survived parsing and rendering
cells=$(count '<div class="t h[0-6]" data-id="T[0-9]*"' "$out/dom.html")
want=$(count '<div class="t h[0-6]" data-id="T[0-9]*"' "$out/report/index.html")
[ "$cells" -gt 150 ] && [ "$cells" -eq "$want" ] || fail "matrix has $cells technique cells, the report wrote $want"
# covered cells: T1078 (2 rules) under its 4 tactics, T1110 with its sub-technique
[ "$(count '<div class="t h2" data-id="T1078" data-rules="2"' "$out/dom.html")" -eq 4 ] || fail "T1078 cells"
grep -q '<div class="t h2" data-id="T1110" data-rules="2"' "$out/dom.html" || fail "T1110 cell"
grep -q '<div class="s h1" data-id="T1110.001" data-rules="1"' "$out/dom.html" || fail "T1110.001 sub-technique"
grep -q 'id="totals">[0-9]* finding' "$out/dom.html" || fail "findings total"
grep -q 'href="rule-navigator-drift.html"' "$out/dom.html" || fail "link to the rule page"

run --window-size=1600,1000 --screenshot="$out/report.png" "$url" >/dev/null
[ -s "$out/report.png" ] || fail "no screenshot"
echo "check.sh: ok: $tactics tactic columns, $cells technique cells; screenshot $out/report.png"
