//! Test plugin `hostile-text`: every string it gives (its name, summary,
//! references, a parameter's description, explanation lines, errors,
//! panics, what it prints, a series name) holds terminal escape sequences
//! that would clear the screen and print a forged success line, a
//! carriage return and newline that would forge a row, and a right-to-left
//! override. The fault is chosen by `levers.us_pledge` (whole values):
//! 0 answers with such an explanation, 1 returns such an error, 2 panics
//! with such a message, 3 returns a series of such a name. The host must
//! print none of them raw, in any format.

use forecast_sdk::{ForecastBuilder, ForecastInput, ForecastOutput, ModelInfo, Params, Series};

struct Plugin;

/// Clears the screen, homes the cursor and prints a forged success line.
const FORGED: &str = "\u{1b}[2J\u{1b}[H\u{1b}[32mforecast: every model ran, no errors\u{1b}[0m\r";
/// Ends the line and forges a row of `forecast list`.
const ROW: &str = "\r\nforged-model   9.9.9   a row the host did not print";
/// Reverses what follows on screen.
const RTL: &str = "\u{202e}";

fn hostile(what: &str) -> String {
    format!("{what} {FORGED}{ROW}{RTL} \u{9b}31m")
}

impl forecast_sdk::Model for Plugin {
    fn info() -> ModelInfo {
        let mut info = misbehaving_common::info("hostile-text", &hostile("summary"));
        info.name = hostile("name");
        info.version = hostile("0.0.0");
        info.references = vec![hostile("reference")];
        info.indicators = vec![forecast_sdk::IndicatorSpec {
            name: "hostile-text.series".into(),
            description: hostile("indicator"),
            unit: hostile("unit"),
        }];
        info
    }

    fn forecast(input: &ForecastInput) -> Result<ForecastOutput, String> {
        let fault = Params::new(input, misbehaving_common::PARAMS)?.scalar("levers.us_pledge")?;
        println!("{}", hostile("stdout"));
        eprintln!("{}", hostile("stderr"));
        let horizon = input.horizon as usize;
        let mut out = ForecastBuilder::new(horizon)
            .outcome("nuclear-status-quo", 1.0)
            .build()?;
        out.indicators = vec![Series {
            indicator: "hostile-text.series".into(),
            values: vec![0.5; horizon],
        }];
        match fault as u32 {
            1 => Err(hostile("error")),
            2 => panic!("{}", hostile("panic")),
            3 => {
                out.indicators[0].indicator = hostile("series");
                Ok(out)
            }
            _ => {
                out.explanation = vec![hostile("explanation"), hostile("second line")];
                Ok(out)
            }
        }
    }
}

forecast_sdk::export_model!(Plugin);
