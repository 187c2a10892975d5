# Everyday recipes. `just --list` shows them. `just` itself: `pip install rust-just`.

# The toolchains plugins are built with, into project-local folders:
# the Rust wasm32-wasip2 target; componentize-py, wasm-tools and zig in
# .tools/venv; componentize-qjs in tools/node_modules (see tools/setup).
setup:
    tools/setup

# Build the forecast binary (and, through crates/builtin, the Rust plugins).
build:
    rustup target add wasm32-wasip2
    cargo build --release --locked

# Compare the built-in models on the baseline scenario.
compare *ARGS: build
    cargo run --release --locked -- compare scenarios/korea-2006.toml {{ARGS}}

# The explorer in the browser on a scenario: open the address it prints.
explore SCENARIO="scenarios/korea-2006.toml" *ARGS: build
    cargo run --release --locked -q -- explore {{SCENARIO}} {{ARGS}}

# The whole test suite, as CI runs it (README.md's test command).
test:
    tools/setup && cargo test --release --workspace --locked

# Build the Python, JavaScript and C plugins into their build/ folders.
plugins: setup
    PATH="$PWD/.tools/bin:$PATH" plugins/base-rates/build.sh
    PATH="$PWD/.tools/bin:$PATH" plugins/status-quo/build.sh
    PATH="$PWD/.tools/bin:$PATH" make -s -C plugins/collapse-c

# Compare every model, built-in and in other languages, on a scenario.
compare-all SCENARIO="scenarios/korea-2006.toml": plugins build
    cargo run --release --locked -q -- compare {{SCENARIO}} \
        --plugin plugins/base-rates/build/base-rates.wasm \
        --plugin plugins/status-quo/build/status-quo.wasm

# Score every model, built-in and in other languages, against what happened.
score SCENARIO="scenarios/korea-2006.toml": plugins build
    cargo run --release --locked -q -- score {{SCENARIO}} \
        --plugin plugins/base-rates/build/base-rates.wasm \
        --plugin plugins/status-quo/build/status-quo.wasm

# Back-test every model, built-in and in other languages, on rolling
# origins against the yearly record, uncalibrated and calibrated.
backtest: plugins build
    cargo run --release --locked -q -- backtest scenarios/history-1990-2026.toml records/dprk.toml \
        --plugin plugins/base-rates/build/base-rates.wasm \
        --plugin plugins/status-quo/build/status-quo.wasm
    cargo run --release --locked -q -- backtest scenarios/history-1990-2026.toml records/dprk.toml --calibrate \
        --plugin plugins/base-rates/build/base-rates.wasm \
        --plugin plugins/status-quo/build/status-quo.wasm

# Regenerate the C bindings of the contract (plugins/sdk/c/bindings) after
# a change to wit/model.wit; a test fails until they are current.
c-bindings:
    cargo run --release --locked -q -p forecast-bindgen-c

# Review snapshot changes after a model or output change (cargo install cargo-insta).
review: setup
    cargo insta test --release --workspace --review

# Regenerate every snapshot (CLI, plugins, template) after a deliberate
# change of results; review `git diff` before committing.
snapshots: setup
    tools/refresh-snapshots

# Benchmarks: the contract's cost (native against plugin), samples/s, cold
# and warm start, the per-call overhead measured interleaved, the same
# skeleton model in each language, and the warm `forecast compare` end to
# end. The language benchmark uses the plugins the tests build (run `just
# test` first).
bench:
    cargo bench -p forecast-host --bench contract
    cargo bench -p forecast-host --bench overhead
    cargo bench -p forecast-host --bench languages
    cargo bench --bench cli
    cargo bench --bench memory

# Formatting and lints.
lint:
    cargo fmt --all --check
    cargo clippy --release --workspace --all-targets -- -D warnings

# Regenerate VOCABULARY.md and the other languages' tables of shared priors
# (plugins/sdk/*) from crates/vocab; a test fails until they are current.
vocabulary: build
    cargo run --release --locked -q -- vocabulary > VOCABULARY.md
    cargo run --release --locked -q -- vocabulary --format python > plugins/sdk/python/forecast_priors.py
    cargo run --release --locked -q -- vocabulary --format js > plugins/sdk/js/forecast-priors.js
    cargo run --release --locked -q -- vocabulary --format c > plugins/sdk/c/forecast_priors.h

# What CI runs.
ci:
    bash .ci/run

# Regenerate the example pictures of README.md (docs/images/); needs chromium.
pictures:
    tools/pictures
