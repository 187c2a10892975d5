#!/bin/sh
# Builds {{id}} into a WebAssembly component exporting
# forecast:model/model@0.2.0 (world `plugin` of wit/model.wit).
#
#   ./build.sh                 # -> build/{{id}}.wasm
#   ./build.sh path/to/x.wasm  # -> that file
#
# Needs componentize-py 0.25 on PATH (pip install componentize-py==0.25.1).
# The contract (wit/model.wit) and the helper (forecast_model.py) are copies
# from the forecast project, beside the sources: copy them again when the
# contract changes. Paths are relative to this script's folder.
set -eu

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
case "${1:-}" in
  "") out="$here/build/{{id}}.wasm" ;;
  /*) out="$1" ;;
  *) out="$(pwd)/$1" ;;
esac
mkdir -p "$(dirname -- "$out")"

command -v componentize-py >/dev/null 2>&1 || {
  echo "build.sh: componentize-py is not on PATH (pip install componentize-py==0.25.1)" >&2
  exit 1
}

cd "$here"
# No --stub-wasi: the host provides WASI (empty), so print() and tracebacks
# reach the log `forecast --verbose` shows; with stubs they would trap.
componentize-py -d wit -w plugin componentize app -p . -o "$out"
echo "built $out" >&2
