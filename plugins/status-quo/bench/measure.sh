#!/bin/sh
# Builds the status-quo model with both JavaScript toolchains, three times
# each, and reports the median build time, the size and the imports of each
# component; the components stay in OUTDIR for the host to measure per call.
#
#   bench/measure.sh [OUTDIR]        default OUTDIR: build/bench (beside build.sh)
#
# Writes OUTDIR/status-quo-qjs.wasm (componentize-qjs, QuickJS: the chosen
# toolchain, as build.sh uses it) and OUTDIR/status-quo-cjs.wasm
# (@bytecodealliance/componentize-js, SpiderMonkey), and OUTDIR/summary.tsv.
#
# Toolchains: componentize-qjs from PATH (tools/setup installs it; put
# .tools/bin first on PATH). componentize-js is no longer in tools/package.json:
# the script fetches it once with npx (network needed the first time; npm's
# cache afterwards). Version 0.23.0 imports @bytecodealliance/preview2-shim at
# run time without depending on it, so the shim is fetched beside it. Set
# QJS=/path/to/componentize-qjs or CJS=/path/to/componentize-js to use other
# binaries.
#
# The same builds as build.sh: run from plugins/ so that ../sdk/js, which
# component.js imports, is inside each toolchain's module root (componentize-js
# resolves relative imports only under its working directory); no bundling.
# WASI: componentize-qjs --stub-wasi; componentize-js with every WASI feature
# disabled (-d stdio random clocks http fetch-event; its defaults import
# wasi:http, which the host refuses). Both then import nothing.
#
# Per call, with the host (one variant at a time: both have the id status-quo):
#   target/release/forecast compare scenarios/korea-2006.toml --plugin OUTDIR/status-quo-qjs.wasm
#   target/release/forecast compare scenarios/korea-2006.toml --plugin OUTDIR/status-quo-cjs.wasm
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
plugins=$(cd "$here/.." && pwd)
out=${1:-"$here/build/bench"}
mkdir -p "$out"
out=$(cd "$out" && pwd)
runs=${RUNS:-3}

QJS=${QJS:-$(command -v componentize-qjs || true)}
if [ -z "$QJS" ]; then
    echo "measure.sh: componentize-qjs is not on PATH (tools/setup, then put .tools/bin first on PATH)" >&2
    exit 1
fi
if [ -z "${CJS:-}" ]; then
    echo "measure.sh: fetching @bytecodealliance/componentize-js@0.23.0 with npx" >&2
    CJS=$(npx --yes \
        --package=@bytecodealliance/componentize-js@0.23.0 \
        --package=@bytecodealliance/preview2-shim@0.17.8 \
        -c 'command -v componentize-js')
fi

# The version in the package.json nearest above a (linked) binary.
version_of() {
    node -e 'const fs = require("fs"), path = require("path");
let d = path.dirname(fs.realpathSync(process.argv[1]));
while (d !== path.dirname(d) && !fs.existsSync(path.join(d, "package.json"))) d = path.dirname(d);
try { process.stdout.write(JSON.parse(fs.readFileSync(path.join(d, "package.json"))).version); } catch { process.stdout.write("?"); }' "$1"
}
now_ms() { node -e 'process.stdout.write(String(Date.now()))'; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

build_qjs() {
    "$QJS" --wit ../wit --world plugin --js status-quo/component.js --module-root . \
        --stub-wasi --sync --output "$1" >/dev/null
}
build_cjs() {
    "$CJS" status-quo/component.js --wit ../wit --world-name plugin \
        -d stdio random clocks http fetch-event --out "$1" >/dev/null
}

cd "$plugins"
printf 'toolchain\tversion\tbuild_ms_median\tbuild_ms_runs\tbytes\timports\tfile\n' >"$out/summary.tsv"
for variant in qjs cjs; do
    file="$out/status-quo-$variant.wasm"
    times=""
    i=0
    while [ "$i" -lt "$runs" ]; do
        rm -f "$file"
        t0=$(now_ms)
        "build_$variant" "$file"
        t1=$(now_ms)
        times="$times $((t1 - t0))"
        i=$((i + 1))
    done
    med=$(echo "$times" | median)
    bytes=$(wc -c <"$file" | tr -d ' ')
    imports=$(wasm-tools component wit "$file" | grep '^ *import ' | sed 's/^ *import //; s/;$//' | tr '\n' ' ')
    [ -n "$imports" ] || imports="none"
    wasm-tools validate "$file"
    case $variant in
    qjs) tool=componentize-qjs version=$(version_of "$QJS") ;;
    cjs) tool=componentize-js version=$(version_of "$CJS") ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$version" "$med" "$(echo $times | tr ' ' ',')" \
        "$bytes" "$imports" "$file" >>"$out/summary.tsv"
done
column -t -s "$(printf '\t')" "$out/summary.tsv" 2>/dev/null || cat "$out/summary.tsv"
