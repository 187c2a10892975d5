//! Reading a table back whole, column by column: for the analysis commands
//! and for checking what was written.

use crate::{DIGEST_KEY, FileFormat, RUN_KEY, TableError, digest};
use parquet::column::reader::ColumnReader;
use parquet::file::reader::{FileReader, SerializedFileReader};
use std::fs::File;
use std::path::Path;

/// One column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    Text(Vec<String>),
    Integer(Vec<u64>),
    /// NaN where the table has no value.
    Number(Vec<f64>),
}

/// A table read back: its columns by name, in order, and the identity of
/// the run that wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<(String, Column)>,
    /// What the writer was given as the run's identity.
    pub run: String,
}

impl Table {
    pub fn rows(&self) -> usize {
        match self.columns.first() {
            Some((_, Column::Text(v))) => v.len(),
            Some((_, Column::Integer(v))) => v.len(),
            Some((_, Column::Number(v))) => v.len(),
            None => 0,
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// A numeric column's values.
    pub fn numbers(&self, name: &str) -> Option<&[f64]> {
        match self.column(name)? {
            Column::Number(v) => Some(v),
            _ => None,
        }
    }
}

/// Reads a table written by [`crate::TableWriter`] (Parquet, or CSV for a
/// `.csv` path, with its sidecar), checks its values against its checksum
/// and returns it with the identity of its run.
pub fn read(path: &Path) -> Result<Table, TableError> {
    let fail = |message: String| TableError::Read {
        path: path.to_path_buf(),
        message,
    };
    if path.is_dir() {
        return Err(fail("it is a folder, not a file".into()));
    }
    let (columns, stored) = match FileFormat::of(path) {
        FileFormat::Csv => {
            let stored = read_sidecar(path).map_err(fail)?;
            (read_csv(path).map_err(fail)?, stored)
        }
        FileFormat::Parquet => read_parquet(path).map_err(|e| fail(e.to_string()))?,
        FileFormat::Ema => {
            return Err(fail(
                "it is an archive for EMA Workbench (ema_workbench.load_results); save the table as .parquet or .csv to read it here".into(),
            ));
        }
    };
    let [Some(run), Some(expected)] = stored else {
        return Err(fail(format!(
            "it carries no record of the run that wrote it ({RUN_KEY}, {DIGEST_KEY}): it was not written by `forecast --save`, or by an older version; save it again"
        )));
    };
    let found = checksum(&run, &columns).map_err(fail)?;
    if found != expected {
        return Err(fail(format!(
            "its values do not match its checksum (SHA-256 {} stored, {} read): the file is damaged or was edited; save it again",
            &expected[..12.min(expected.len())],
            &found[..12]
        )));
    }
    Ok(Table { columns, run })
}

/// A table's stored identity and checksum, if it has them.
type Stored = [Option<String>; 2];

/// The identity and checksum of a CSV table, from its sidecar.
fn read_sidecar(path: &Path) -> Result<Stored, String> {
    let sidecar = crate::sidecar(path);
    let text = std::fs::read_to_string(&sidecar).map_err(|e| {
        format!(
            "its sidecar `{}`, which holds the run's identity and the checksum, cannot be read ({e}); keep it beside the CSV",
            sidecar.display()
        )
    })?;
    let fields: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("its sidecar `{}` is not JSON: {e}", sidecar.display()))?;
    Ok([RUN_KEY, DIGEST_KEY].map(|k| fields[k].as_str().map(String::from)))
}

/// The checksum of columns read back, as the writer computed it.
fn checksum(run: &str, columns: &[(String, Column)]) -> Result<String, String> {
    let shape = "its columns are not model, sample, seed and numbers";
    let [
        (_, Column::Text(models)),
        (_, Column::Integer(samples)),
        (_, Column::Integer(seeds)),
        rest @ ..,
    ] = columns
    else {
        return Err(shape.into());
    };
    let numbers: Vec<&[f64]> = rest
        .iter()
        .map(|(_, c)| match c {
            Column::Number(v) => Ok(&v[..]),
            _ => Err(shape.to_string()),
        })
        .collect::<Result<_, _>>()?;
    let mut digest = digest::Rows::new(run, columns.iter().map(|(n, _)| n.as_str()));
    let mut row = Vec::with_capacity(numbers.len());
    for (i, model) in models.iter().enumerate() {
        row.clear();
        row.extend(numbers.iter().map(|c| c.get(i).copied()));
        let (sample, seed) = (samples.get(i), seeds.get(i));
        digest.row(model, *sample.unwrap_or(&0), *seed.unwrap_or(&0), &row);
    }
    Ok(digest.finish())
}

/// The columns of a Parquet table, and its identity and checksum.
fn read_parquet(path: &Path) -> parquet::errors::Result<(Vec<(String, Column)>, Stored)> {
    let file = File::open(path)?;
    let reader = SerializedFileReader::new(file)?;
    let metadata = reader.metadata().file_metadata();
    let stored = [RUN_KEY, DIGEST_KEY].map(|k| {
        metadata
            .key_value_metadata()?
            .iter()
            .find(|kv| kv.key == k)?
            .value
            .clone()
    });
    let schema = metadata.schema_descr_ptr();
    let mut columns: Vec<(String, Column)> = schema
        .columns()
        .iter()
        .map(|c| {
            let empty = match c.physical_type() {
                parquet::basic::Type::BYTE_ARRAY => Column::Text(Vec::new()),
                parquet::basic::Type::INT64 => Column::Integer(Vec::new()),
                _ => Column::Number(Vec::new()),
            };
            (c.name().to_string(), empty)
        })
        .collect();
    for g in 0..reader.num_row_groups() {
        let group = reader.get_row_group(g)?;
        let rows = group.metadata().num_rows() as usize;
        for (k, (_, column)) in columns.iter_mut().enumerate() {
            let (mut defs, mut reps) = (Vec::new(), Vec::new());
            match (group.get_column_reader(k)?, column) {
                (ColumnReader::ByteArrayColumnReader(mut r), Column::Text(out)) => {
                    let mut values = Vec::new();
                    r.read_records(rows, None, None, &mut values)?;
                    out.extend(
                        values
                            .iter()
                            .map(|v| String::from_utf8_lossy(v.data()).into_owned()),
                    );
                }
                (ColumnReader::Int64ColumnReader(mut r), Column::Integer(out)) => {
                    let mut values = Vec::new();
                    r.read_records(rows, None, None, &mut values)?;
                    out.extend(values.iter().map(|&v| v as u64));
                }
                (ColumnReader::DoubleColumnReader(mut r), Column::Number(out)) => {
                    let mut values = Vec::new();
                    let optional = schema.column(k).max_def_level() > 0;
                    if optional {
                        r.read_records(rows, Some(&mut defs), Some(&mut reps), &mut values)?;
                        let mut present = values.into_iter();
                        out.extend(defs.iter().map(|&d| {
                            if d > 0 {
                                present.next().unwrap_or(f64::NAN)
                            } else {
                                f64::NAN
                            }
                        }));
                    } else {
                        r.read_records(rows, None, None, &mut values)?;
                        out.extend(values);
                    }
                }
                _ => {
                    return Err(parquet::errors::ParquetError::General(format!(
                        "column {k} has a type this table does not use"
                    )));
                }
            }
        }
    }
    Ok((columns, stored))
}

/// The columns of a CSV table.
fn read_csv(path: &Path) -> Result<Vec<(String, Column)>, String> {
    let text = forecast_core::text::read_text(path).map_err(|e| e.to_string())?;
    let format = |message: String| message;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| format("the file is empty".into()))?
        .split(',')
        .collect();
    if header.get(..3) != Some(&["model", "sample", "seed"][..]) {
        return Err(format(
            "the header does not start with model,sample,seed".into(),
        ));
    }
    let mut model = Vec::new();
    let mut integers = [Vec::new(), Vec::new()];
    let mut numbers = vec![Vec::new(); header.len() - 3];
    for (n, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() != header.len() {
            return Err(format(format!(
                "line {}: {} fields for {} columns",
                n + 2,
                fields.len(),
                header.len()
            )));
        }
        model.push(fields[0].trim_matches('"').to_string());
        for (k, out) in integers.iter_mut().enumerate() {
            out.push(
                fields[k + 1]
                    .parse::<u64>()
                    .map_err(|e| format(format!("line {}: {e}", n + 2)))?,
            );
        }
        for (out, f) in numbers.iter_mut().zip(&fields[3..]) {
            out.push(if f.is_empty() {
                f64::NAN
            } else {
                f.parse::<f64>()
                    .map_err(|e| format(format!("line {}: {e}", n + 2)))?
            });
        }
    }
    let [samples, seeds] = integers;
    let mut columns = vec![
        ("model".to_string(), Column::Text(model)),
        ("sample".into(), Column::Integer(samples)),
        ("seed".into(), Column::Integer(seeds)),
    ];
    columns.extend(
        header[3..]
            .iter()
            .zip(numbers)
            .map(|(h, v)| (h.to_string(), Column::Number(v))),
    );
    Ok(columns)
}
