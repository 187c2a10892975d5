#!/bin/sh
# Builds the {{id}} model into a WebAssembly component.
#
#   ./build.sh [OUTPUT]        default OUTPUT: build/{{id}}.wasm (beside this script)
#
# Uses componentize-qjs (QuickJS): from PATH, else from ./node_modules
# (`npm install` here; `npm run build` puts it on PATH). The contract is
# wit/model.wit (world `plugin`), the helper forecast-model.js beside the
# sources. No bundling: componentize-qjs resolves the relative imports of
# component.js (./model.js, ./forecast-model.js) itself while it snapshots the
# initialised module. --stub-wasi turns every WASI import into a trap, so the
# component imports nothing (hence no Date: it traps); --sync embeds the
# runtime without component-model async, which the host does not enable.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/build/{{id}}.wasm"}
case $out in
/*) ;;
*) out="$(pwd)/$out" ;;
esac
qjs=$(command -v componentize-qjs || true)
[ -n "$qjs" ] || [ ! -x "$here/node_modules/.bin/componentize-qjs" ] || qjs="$here/node_modules/.bin/componentize-qjs"
if [ -z "$qjs" ]; then
    echo "build.sh: componentize-qjs not found: run \`npm install\` here (or put forecast's .tools/bin on PATH)" >&2
    exit 1
fi
mkdir -p "$(dirname "$out")"
"$qjs" \
    --wit "$here/wit" \
    --world plugin \
    --js "$here/component.js" \
    --module-root "$here" \
    --stub-wasi \
    --sync \
    --output "$out" >/dev/null
echo "built $out"
