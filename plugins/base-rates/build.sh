#!/bin/sh
# Builds the base-rates plugin: a WebAssembly component exporting
# forecast:model/model@0.2.0 (world `plugin` of ../../wit/model.wit).
#
#   ./build.sh                 # -> build/base-rates.wasm
#   ./build.sh path/to/x.wasm  # -> that file
#
# Needs `componentize-py` (0.25) on PATH. Paths are relative to this
# script's folder, so it runs from anywhere.
set -eu

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
case "${1:-}" in
  "") out="$here/build/base-rates.wasm" ;;
  /*) out="$1" ;;
  *) out="$(pwd)/$1" ;;
esac
mkdir -p "$(dirname -- "$out")"

command -v componentize-py >/dev/null 2>&1 || {
  echo "build.sh: componentize-py is not on PATH (pip install componentize-py==0.25.1)" >&2
  exit 1
}

cd "$here"
# No --stub-wasi: the host provides WASI 0.2 (all of it empty), and with real
# WASI stdio a model's print() or an error's traceback reaches the log that
# `forecast --verbose` shows instead of trapping (see README.md).
componentize-py -d ../../wit -w plugin componentize app \
  -p . -p ../sdk/python \
  -o "$out"
echo "built $out" >&2
