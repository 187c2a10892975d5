//! The table's checksum: SHA-256 over the run's identity, the header and
//! every row's values as the writer gave them, stored with the table (Parquet: the footer's
//! key-value metadata; CSV: the sidecar) and recomputed from what a read
//! decodes. A flipped bit that changes any name or value, a row cut off or
//! appended, fails the read with the file's name.
//!
//! Why not Parquet's page CRCs: the `parquet` crate (60.x) writes none
//! (`column/page.rs`), and a CRC covers one page's bytes, not the file.

use sha2::{Digest, Sha256};

/// A checksum being computed, row by row.
pub struct Rows(Sha256);

impl Rows {
    /// Starts with the run's identity and the column names, in order.
    pub fn new<'a>(run: &str, header: impl IntoIterator<Item = &'a str>) -> Rows {
        let mut h = Sha256::new();
        text(&mut h, run);
        for name in header {
            text(&mut h, name);
        }
        Rows(h)
    }

    /// Adds a row: its model, sample and seed, then each value (`None`, or
    /// NaN, where the table has none).
    pub fn row(&mut self, model: &str, sample: u64, seed: u64, values: &[Option<f64>]) {
        let h = &mut self.0;
        text(h, model);
        h.update(sample.to_le_bytes());
        h.update(seed.to_le_bytes());
        for v in values {
            match v.filter(|v| !v.is_nan()) {
                Some(v) => {
                    h.update([1]);
                    h.update(v.to_bits().to_le_bytes());
                }
                None => h.update([0]),
            }
        }
    }

    /// The checksum, in hex.
    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

fn text(h: &mut Sha256, s: &str) {
    h.update((s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}
