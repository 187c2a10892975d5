# Everyday recipes. `just --list` shows them. `just` itself: `pip install rust-just`.

# Install what the build needs: the WebAssembly target the plugins compile to.
setup:
    rustup target add wasm32-wasip2

# Build the forecast binary (and, through crates/builtin, the plugins).
build: setup
    cargo build --release --locked

# Compare the built-in models on the baseline scenario.
compare *ARGS: build
    cargo run --release --locked -- compare scenarios/korea-2006.toml {{ARGS}}

# The whole test suite, as CI runs it.
test: setup
    cargo test --release --workspace --locked

# Review snapshot changes after a model or output change (cargo install cargo-insta).
review: setup
    cargo insta test --release --workspace --review

# Benchmarks: the contract's cost (native against plugin), samples/s, cold
# and warm start, and the warm `forecast compare` end to end.
bench: setup
    cargo bench -p forecast-host --bench contract
    cargo bench --bench cli

# Formatting and lints.
lint:
    cargo fmt --all --check
    cargo clippy --release --workspace --all-targets -- -D warnings

# Regenerate VOCABULARY.md from crates/vocab.
vocabulary: build
    cargo run --release --locked -q -- vocabulary > VOCABULARY.md

# What CI runs.
ci:
    bash .ci/run
