#!/usr/bin/env bash
# bench/run.sh measures mdlint end to end on a real library and runs the
# same tree through rumdl and markdownlint-cli2 in the same session,
# alternating the tools run by run, then prints medians and ratios.
# "mdlint-again" is mdlint run a second time right after each measured
# run: on a VM that hands freed memory back to its host, the measured
# run (after rumdl's seconds) pays for its memory's first touch and the
# second does not. The ratios are against the measured runs.
#
# usage: bench/run.sh [LIBRARY] [RUNS] [--no-markdownlint]
#   LIBRARY  default ../shared/corpus/CIM2
#   RUNS     runs per tool (default 5; markdownlint-cli2 runs once: it
#            takes minutes)
# Needs Go, npm (the npm registry) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
lib=${1:-../shared/corpus/CIM2}
runs=${2:-5}
with_mdl=1
[ "${3:-}" = "--no-markdownlint" ] && with_mdl=0
[ -d "$lib" ] || { echo "bench: library $lib not found" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install -y time)" >&2; exit 2; }

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
echo "installing rumdl and markdownlint-cli2 into $tools ..." >&2
npm install --prefix "$tools" --no-audit --no-fund --silent \
	markdownlint-cli2@0.24.1 @rumdl/cli-linux-x64@0.2.77 >&2
go build -o "$tools/mdlint" ./cmd/mdlint
rumdl="$tools/node_modules/@rumdl/cli-linux-x64/rumdl"
mdl="$tools/node_modules/.bin/markdownlint-cli2"

# one run: prints "seconds maxrss_kb"
measure() {
	/usr/bin/time -o "$tools/time.txt" -f '%e %M' "$@" >/dev/null 2>&1 || true
	tail -1 "$tools/time.txt"
}

declare -A times mems
for ((i = 1; i <= runs; i++)); do
	for tool in mdlint rumdl; do
		case $tool in
		mdlint) r=$(measure "$tools/mdlint" --format json "$lib") ;;
		rumdl) r=$(measure "$rumdl" check --no-cache "$lib") ;;
		esac
		times[$tool]+="${r% *} "
		mems[$tool]+="${r#* } "
		echo "run $i $tool: ${r% *} s, ${r#* } KB" >&2
		if [ $tool = mdlint ]; then
			# the same again at once: what a run costs when the memory the
			# one before freed is still the process's to reuse (see
			# docs/performance.md, "Why a run after a pause is slower")
			r=$(measure "$tools/mdlint" --format json "$lib")
			times[mdlint-again]+="${r% *} "
			mems[mdlint-again]+="${r#* } "
			echo "run $i mdlint again: ${r% *} s, ${r#* } KB" >&2
		fi
	done
done
if [ $with_mdl = 1 ]; then
	r=$(cd "$lib" && measure "$mdl" "**/*.md")
	times[markdownlint-cli2]="${r% *}"
	mems[markdownlint-cli2]="${r#* }"
	echo "run 1 markdownlint-cli2: ${r% *} s, ${r#* } KB" >&2
fi

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
base=$(echo "${times[mdlint]}" | median)
echo
echo "library: $lib ($(find "$lib" -name '*.md' | wc -l) pages), $(nproc) cores, runs: $runs"
printf '%-20s %10s %12s %8s\n' tool "median s" "max RSS MB" "x mdlint"
for tool in mdlint mdlint-again rumdl markdownlint-cli2; do
	[ -n "${times[$tool]:-}" ] || continue
	t=$(echo "${times[$tool]}" | median)
	m=$(echo "${mems[$tool]}" | median)
	printf '%-20s %10.3f %12.0f %8.1f\n' "$tool" "$t" "$((m / 1024))" "$(awk -v t="$t" -v b="$base" 'BEGIN {print t / b}')"
done
