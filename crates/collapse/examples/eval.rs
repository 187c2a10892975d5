//! Runs the `collapse` model natively on JSON lines from stdin, one forecast
//! per line, and prints one JSON line per forecast on stdout: the reference
//! that `benches/ema/check_port.py` holds the Python port to.
//!
//! ```sh
//! cargo build --release -p forecast-collapse --example eval
//! echo '{"start_year": 2007, "horizon": 20, "params": {"levers.us_pledge": 3}}' \
//!     | target/release/examples/eval
//! ```
//!
//! Input line: `{"start_year": int, "horizon": int, "params": {name: number
//! or [number per year]}}`; parameters left out take their declared
//! defaults. Output line: `{"outcomes": {id: p, ...}, "indicators": {id:
//! [..], ...}}`, or `{"error": "..."}`. Numbers read back to the same bits
//! (serde_json with `float_roundtrip`).

use forecast_collapse::{PARAMS, forecast};
use forecast_sdk::{ParamValue, Params};
use serde_json::{Map, Value, json};
use std::io::{self, BufRead, Write};

#[derive(serde::Deserialize)]
struct Line {
    #[serde(default = "default_start")]
    start_year: i32,
    #[serde(default = "default_horizon")]
    horizon: u32,
    #[serde(default)]
    params: Map<String, Value>,
}

fn default_start() -> i32 {
    2007
}

fn default_horizon() -> u32 {
    20
}

/// One forecast from one input line, as one output value.
fn eval(line: &str) -> Result<Value, String> {
    let line: Line = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let mut set = Vec::new();
    for (name, v) in &line.params {
        let value = match v {
            Value::Number(x) => ParamValue::Scalar(x.as_f64().unwrap_or(f64::NAN)),
            Value::Array(xs) => {
                ParamValue::Path(xs.iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect())
            }
            _ => return Err(format!("parameter `{name}` is neither a number nor a list")),
        };
        set.push((name.as_str(), value));
    }
    let mut input = Params::input(PARAMS, line.horizon, &set)?;
    input.start_year = line.start_year;
    input.explain = false;
    let out = forecast(&input)?;
    let ids = forecast_sdk::vocab::OUTCOMES.iter().map(|o| o.id);
    let outcomes: Map<String, Value> = ids
        .zip(out.outcomes.to_array())
        .map(|(id, p)| (id.to_string(), json!(p)))
        .collect();
    let indicators: Map<String, Value> = out
        .indicators
        .iter()
        .map(|s| (s.indicator.clone(), json!(s.values)))
        .collect();
    Ok(json!({ "outcomes": outcomes, "indicators": indicators }))
}

fn main() {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let line = line.expect("stdin is readable");
        if line.trim().is_empty() {
            continue;
        }
        let reply = eval(&line).unwrap_or_else(|e| json!({ "error": e }));
        writeln!(out, "{reply}").expect("stdout is writable");
    }
}
