//! Reading a table back whole, column by column: for the analysis commands
//! and for checking what was written.

use crate::{FileFormat, TableError};
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

/// A table read back: its columns by name, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<(String, Column)>,
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
/// `.csv` path).
pub fn read(path: &Path) -> Result<Table, TableError> {
    match FileFormat::of(path) {
        FileFormat::Csv => read_csv(path),
        FileFormat::Parquet => read_parquet(path).map_err(|e| TableError::Parquet {
            path: path.to_path_buf(),
            message: e.to_string(),
        }),
    }
}

fn read_parquet(path: &Path) -> parquet::errors::Result<Table> {
    let file = File::open(path)?;
    let reader = SerializedFileReader::new(file)?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
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
    Ok(Table { columns })
}

fn read_csv(path: &Path) -> Result<Table, TableError> {
    let text = std::fs::read_to_string(path).map_err(|source| TableError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let format = |message: String| TableError::Format {
        path: path.to_path_buf(),
        message,
    };
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
    Ok(Table { columns })
}
