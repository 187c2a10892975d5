//! How a back-test runs (its origins, leads, paths and calibration),
//! apart from the back-test itself so that the parts of a sharded one can
//! carry it.

/// How a back-test runs: its origins, leads, paths and calibration.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Protocol {
    /// The origins, years whose end a forecast is made at (none: every
    /// three years from 2006 to 2021).
    pub origins: Vec<i32>,
    /// The longest lead in years: each origin forecasts its next 1 to N years.
    pub leads: u32,
    /// Run on the paths as they actually moved after each origin, not held
    /// at the origin's values.
    pub conditional: bool,
    /// Calibrate each model at each origin on the record up to it (as
    /// `forecast calibrate --until ORIGIN`), then forecast with the
    /// posterior: the whole rolling-origin protocol.
    pub calibrate: bool,
}

impl Default for Protocol {
    /// The default origins, four leads, ex ante, uncalibrated.
    fn default() -> Self {
        Protocol {
            origins: Vec::new(),
            leads: 4,
            conditional: false,
            calibrate: false,
        }
    }
}

/// The default origins: 2006, 2009, ..., 2021.
fn default_origins() -> Vec<i32> {
    (2006..=2021).step_by(3).collect()
}

impl Protocol {
    /// The same protocol with its origins given: sorted, once each, and
    /// the default ones when none were given.
    pub fn resolved(&self) -> Protocol {
        let mut origins = if self.origins.is_empty() {
            default_origins()
        } else {
            self.origins.clone()
        };
        origins.sort_unstable();
        origins.dedup();
        Protocol {
            origins,
            ..self.clone()
        }
    }
}
