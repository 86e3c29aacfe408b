#!/usr/bin/env bash
# Refreshes the third-party browser builds in this folder from the npm registry, reproducibly.
#
# Each package is fetched at the version pinned below with `npm pack` (which checks the tarball against the
# integrity the registry records) into a temporary folder; the built files are copied unchanged, beside the
# package's licence and package.json; README.md and SHA256SUMS are then written anew from what was fetched.
# To move to a newer release: change the version here, run this script, run tests/api/test_workbench.py and
# tests/browser/test_workbench_page.py, and read the diff of README.md.
#
#   bash api/lexgraph_api/static/vendor/refresh.sh
set -euo pipefail

YASGUI=@zazuko/yasgui@4.6.2
# @zazuko/yasgui (a fork of Triply's YASGUI, same MIT licence) ships no licence file: the MIT text comes from
# the tarball of the upstream release it was forked from.
YASGUI_LICENCE=@triply/yasgui@4.2.28
SWAGGER_UI=swagger-ui-dist@5.35.0
# Redoc 2 is the major FastAPI's ReDoc page is written for; Redoc 3 adds usage telemetry (opt-out).
REDOC=redoc@2.5.4

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch SPEC KEY: the package's tarball, unpacked under $work/KEY/package, its `npm pack` record in $work/KEY.json
fetch() {
  (cd "$work" && npm pack --json --silent "$1" > "$2.json")
  mkdir -p "$work/$2"
  tar -xzf "$work/$(node -p "require('$work/$2.json')[0].filename")" -C "$work/$2"
}

# copy KEY TARGET FILE...: files of the unpacked package, byte for byte, into TARGET/
copy() {
  local key=$1 target=$2
  shift 2
  mkdir -p "$here/$target"
  for file in "$@"; do
    cp "$work/$key/package/$file" "$here/$target/$(basename "$file")"
  done
}

fetch "$YASGUI" yasgui
fetch "$YASGUI_LICENCE" yasgui-licence
fetch "$SWAGGER_UI" swagger-ui
fetch "$REDOC" redoc

rm -rf "$here/yasgui" "$here/swagger-ui" "$here/redoc"
copy yasgui yasgui build/yasgui.min.js build/yasgui.min.css package.json
cp "$work/yasgui-licence/package/LICENSE.txt" "$here/yasgui/LICENSE"
copy swagger-ui swagger-ui swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt swagger-ui.css favicon-32x32.png \
  LICENSE NOTICE package.json
copy redoc redoc bundles/redoc.standalone.js bundles/redoc.standalone.js.LICENSE.txt LICENSE package.json
# The one change to a copied file: Redoc's side menu shows Redocly's logo from Redocly's CDN (the image is not in
# the package). Its address is blanked, so nothing is fetched and the image's own error handler leaves it out.
redoc_logo='src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'
[ "$(grep -o "$redoc_logo" "$here/redoc/redoc.standalone.js" | wc -l)" = 1 ] || {
  echo "refresh.sh: Redoc's logo address is not where it was; look at the new release by hand" >&2
  exit 1
}
sed -i "s#$redoc_logo#src:\"\"#" "$here/redoc/redoc.standalone.js"
if grep -qE 'https://cdn\.' "$here/redoc/redoc.standalone.js"; then
  echo "refresh.sh: the Redoc bundle still names a CDN address" >&2
  exit 1
fi

# README.md: what is here and where it came from (the table is read by tests/api/test_workbench.py).
row() {  # KEY FOLDER: one table row from the `npm pack` record and the registry's tarball path
  node -e '
    const [record] = require(process.argv[1]);
    const tarball = new URL(process.argv[3]).pathname.replace(/^\//, "");
    console.log(`| ${process.argv[2]}/ | ${record.name} | ${record.version} | ${tarball} | ${record.integrity} |`);
  ' "$work/$1.json" "$2" "$(cd "$work" && npm view "$(node -p "require('$work/$1.json')[0].id")" dist.tarball)"
}
{
  cat <<'EOF'
# Vendored browser builds

The workbench (`/workbench`) and the API documentation (`/docs`, `/redoc`) load every script and style from
here, served by the service itself under `/static/vendor/`: nothing comes from a CDN and the pages make no
request off the machine (tests/browser/test_workbench_page.py watches for any).

Written by `refresh.sh`; do not edit by hand. Each file is copied unchanged from the package's npm tarball,
except one address blanked in `redoc/redoc.standalone.js` (below); `SHA256SUMS` lists them and the tests
check it. Tarballs are named by their path on the npm registry, and
their `integrity` is the one the registry records (`npm view NAME@VERSION dist.integrity`).

| folder | package | version | tarball | integrity |
| --- | --- | --- | --- | --- |
EOF
  row yasgui yasgui
  row swagger-ui swagger-ui
  row redoc redoc
  cat <<'EOF'

Licences (each folder holds its package's `LICENSE` and `package.json`):

- `yasgui/`: `@zazuko/yasgui`, MIT (Zazuko's fork of Triply's YASGUI). Its tarball has no licence file, so
  `LICENSE` is the MIT text of the upstream `@triply/yasgui` 4.2.28 tarball. The build bundles Yasqe, Yasr,
  CodeMirror 5, DataTables, jQuery, Papa Parse, SortableJS, lodash (MIT), Font Awesome's solid icons (CC BY 4.0)
  and DOMPurify (Apache-2.0 or MPL-2.0).
- `swagger-ui/`: `swagger-ui-dist`, Apache-2.0, with its `NOTICE`; `swagger-ui-bundle.js.LICENSE.txt` lists
  the licences of what the bundle includes.
- `redoc/`: `redoc`, MIT; `redoc.standalone.js.LICENSE.txt` lists what the bundle includes. Version 2 is the one
  FastAPI's ReDoc page is written for (version 3 adds usage telemetry). Its side menu loads Redocly's logo
  from Redocly's CDN (the image is not in the package): `refresh.sh` blanks that one address, so the image is
  left out and nothing is fetched.

How the pages keep to the machine: `static/js/workbench.js` points YASGUI at the local `/sparql` only (no
endpoint catalogue), completes prefixes from LexGraph's own list instead of prefix.cc, and leaves out the
class and property completers that ask Linked Open Vocabularies; `/docs` turns Swagger UI's validator badge off
and `/redoc` loads no web fonts (`api/lexgraph_api/routers/workbench.py`).

To refresh: change a pinned version in `refresh.sh`, run `bash api/lexgraph_api/static/vendor/refresh.sh`
(needs node and npm), then `pytest tests/api/test_workbench.py tests/browser/test_workbench_page.py`.
EOF
} > "$here/README.md"

(cd "$here" && find yasgui swagger-ui redoc -type f | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
echo "vendored: $(cd "$here" && wc -l < SHA256SUMS) files; see $here/README.md"
