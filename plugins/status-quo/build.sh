#!/bin/sh
# Builds the status-quo model into a WebAssembly component.
#
#   ./build.sh [OUTPUT]        default OUTPUT: build/status-quo.wasm (beside this script)
#
# Uses componentize-qjs (QuickJS) from PATH: tools/setup installs it into
# tools/node_modules and links it from .tools/bin; else from ./node_modules
# (`npm install` here; `npm run build` puts it on PATH). The contract is
# ../../wit (world `plugin`), the helper ../sdk/js/forecast-model.js. No bundling: component.js imports ./model.js
# and ../sdk/js/forecast-model.js, and componentize-qjs resolves those
# relative imports itself while it snapshots the initialised module; the
# module root is plugins/ so that ../sdk is inside it. --stub-wasi replaces
# every WASI import with a trap, so the component imports nothing (the model
# needs no clock, randomness or I/O); --sync embeds the runtime without
# component-model async, which the host does not enable.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/build/status-quo.wasm"}
case $out in
/*) ;;
*) out="$(pwd)/$out" ;;
esac
qjs=$(command -v componentize-qjs || true)
[ -n "$qjs" ] || [ ! -x "$here/node_modules/.bin/componentize-qjs" ] || qjs="$here/node_modules/.bin/componentize-qjs"
if [ -z "$qjs" ]; then
    echo "build.sh: componentize-qjs not found: run tools/setup and put .tools/bin first on PATH (or npm install here)" >&2
    exit 1
fi
mkdir -p "$(dirname "$out")"
"$qjs" \
    --wit "$here/../../wit" \
    --world plugin \
    --js "$here/component.js" \
    --module-root "$here/.." \
    --stub-wasi \
    --sync \
    --output "$out" >/dev/null
echo "built $out"
