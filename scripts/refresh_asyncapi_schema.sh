#!/usr/bin/env bash
# Re-fetch the official AsyncAPI 3.0.0 JSON Schema from the published npm package and verify it.
#
#   scripts/refresh_asyncapi_schema.sh          copy the pinned file into src/stele/schemas/asyncapi/
#   scripts/refresh_asyncapi_schema.sh --check  only verify that the vendored copy is the published one
#
# The pinned version and digest must match src/stele/schemas/asyncapi/PROVENANCE.md.
set -euo pipefail

PACKAGE="@asyncapi/specs"
VERSION="6.11.1"
FILE_IN_PACKAGE="schemas/3.0.0.json"
SHA256="d4571a420e6ffb7fcc7066c95a6db1202f299a3c51daa103d0706bf30f95e626"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest_dir="$root/src/stele/schemas/asyncapi"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
fetched="$work/package/$FILE_IN_PACKAGE"

actual="$(sha256sum "$fetched" | cut -d' ' -f1)"
if [[ "$actual" != "$SHA256" ]]; then
    echo "error: $PACKAGE@$VERSION $FILE_IN_PACKAGE has sha256 $actual, expected $SHA256" >&2
    exit 1
fi

if [[ "${1:-}" == "--check" ]]; then
    if cmp -s "$fetched" "$dest_dir/3.0.0.json"; then
        echo "ok: the vendored 3.0.0.json is $PACKAGE@$VERSION $FILE_IN_PACKAGE"
        exit 0
    fi
    echo "error: the vendored 3.0.0.json differs from $PACKAGE@$VERSION $FILE_IN_PACKAGE" >&2
    exit 1
fi

mkdir -p "$dest_dir"
cp "$fetched" "$dest_dir/3.0.0.json"
cp "$work/package/NOTICE" "$dest_dir/NOTICE"
echo "copied $PACKAGE@$VERSION $FILE_IN_PACKAGE (sha256 $SHA256)"
