#!/bin/sh
# regen_check.sh regenerates the built-in ATT&CK catalog into a
# temporary file and fails when it differs from the committed one.
# It reads the generator's arguments from the go:generate line in
# default.go, so the two cannot drift apart. When the source bundle is
# absent (the shared data folder is not checked out next to the module),
# it says so and exits 0.
set -eu
cd "$(dirname "$0")"

line=$(grep '^//go:generate go run gen.go ' default.go)
in=$(printf '%s\n' "$line" | sed -n 's/.* -in \([^ ]*\).*/\1/p')
out=$(printf '%s\n' "$line" | sed -n 's/.* -out \([^ ]*\).*/\1/p')
if [ -z "$in" ] || [ -z "$out" ]; then
	echo "regen_check: cannot read -in and -out from: $line" >&2
	exit 2
fi
if [ ! -f "$in" ]; then
	echo "regen_check: $in not found; skipping"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run gen.go -in "$in" -out "$tmp/$out"
if ! diff -u "$out" "$tmp/$out"; then
	echo "regen_check: $out is stale; run: go generate ./internal/attack/" >&2
	exit 1
fi
echo "regen_check: $out is up to date"
