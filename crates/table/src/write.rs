//! Writing the table as the run goes: rows are buffered into row groups of
//! bounded size (Parquet) or written through (CSV), so memory does not grow
//! with the samples.

use crate::{DIGEST_KEY, FileFormat, RUN_KEY, TableError, digest};
use forecast_core::{Forecast, ModelSpec, Plan};
use forecast_vocab::OUTCOMES;
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// About this many values are buffered per Parquet row group (16 MB).
const GROUP_VALUES: usize = 1 << 21;

/// A Parquet row group being filled, column by column.
struct Group {
    models: Vec<ByteArray>,
    samples: Vec<i64>,
    seeds: Vec<i64>,
    /// Parameters then outcomes: never null.
    required: Vec<Vec<f64>>,
    /// Indicator values and their definition levels (0 null, 1 present).
    optional: Vec<(Vec<f64>, Vec<i16>)>,
}

impl Group {
    fn new(required: usize, optional: usize) -> Group {
        Group {
            models: Vec::new(),
            samples: Vec::new(),
            seeds: Vec::new(),
            required: vec![Vec::new(); required],
            optional: vec![(Vec::new(), Vec::new()); optional],
        }
    }

    fn rows(&self) -> usize {
        self.samples.len()
    }

    fn clear(&mut self) {
        self.models.clear();
        self.samples.clear();
        self.seeds.clear();
        self.required.iter_mut().for_each(Vec::clear);
        for (v, d) in &mut self.optional {
            v.clear();
            d.clear();
        }
    }
}

enum Out {
    Parquet {
        writer: Box<SerializedFileWriter<BufWriter<File>>>,
        group: Group,
        rows_per_group: usize,
    },
    Csv(BufWriter<File>),
    Ema(Box<crate::ema::EmaWriter>),
}

/// Writes the experiments table of one run. Feed it every block of
/// forecasts in order ([`TableWriter::block`]) and [`TableWriter::finish`]
/// it; the first error is kept and returned by `finish`, so that a run is
/// not torn down halfway by a full disk.
pub struct TableWriter<'p> {
    path: PathBuf,
    plan: &'p Plan,
    models: Vec<String>,
    /// Indicator columns: (name, first column, years), in first-declared order.
    indicators: Vec<(String, usize)>,
    index: HashMap<String, usize>,
    years: usize,
    out: Out,
    error: Option<TableError>,
    /// One row's values, reused.
    row: Vec<Option<f64>>,
    /// The identity of the run, kept with the table.
    run: String,
    /// The checksum of what was written so far.
    digest: digest::Rows,
}

impl<'p> TableWriter<'p> {
    /// Creates the file for a run of `plan` by `models` (in run order);
    /// with `indicators`, a column per indicator and year. `run` is the
    /// run's identity, kept with the table and returned by [`crate::read`].
    pub fn create(
        path: &Path,
        plan: &'p Plan,
        models: &[ModelSpec],
        indicators: bool,
        run: String,
    ) -> Result<TableWriter<'p>, TableError> {
        let io = |source| TableError::Io {
            path: path.to_path_buf(),
            source,
        };
        let years = plan.scenario.horizon as usize;
        let mut names: Vec<String> = Vec::new();
        if indicators {
            for m in models {
                for i in &m.indicators {
                    if !names.contains(&i.name) {
                        names.push(i.name.clone());
                    }
                }
            }
        }
        let indicators: Vec<(String, usize)> = names.iter().map(|n| (n.clone(), years)).collect();
        let header = header(plan, &indicators);
        let parquet_error = |e: parquet::errors::ParquetError| TableError::Parquet {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let create = || File::create(path).map(BufWriter::new).map_err(io);
        let out = match FileFormat::of(path) {
            FileFormat::Ema => {
                let parameters: Vec<String> =
                    plan.uncertain.iter().map(|u| u.name.clone()).collect();
                Out::Ema(Box::new(crate::ema::EmaWriter::create(
                    path,
                    &parameters,
                    &plan.scenario.id,
                    &names,
                )?))
            }
            FileFormat::Csv => {
                let mut file = create()?;
                let fields: Vec<String> = header.iter().map(|h| csv_field(h)).collect();
                writeln!(file, "{}", fields.join(",")).map_err(io)?;
                Out::Csv(file)
            }
            FileFormat::Parquet => {
                let schema = schema(plan, &header).map_err(parquet_error)?;
                let props = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .set_created_by(format!("forecast {}", env!("CARGO_PKG_VERSION")))
                    .build();
                let writer =
                    SerializedFileWriter::new(create()?, Arc::new(schema), Arc::new(props))
                        .map_err(parquet_error)?;
                let required = plan.uncertain.len() + OUTCOMES.len();
                Out::Parquet {
                    writer: Box::new(writer),
                    group: Group::new(required, indicators.len() * years),
                    rows_per_group: (GROUP_VALUES / header.len()).clamp(1024, 1 << 16),
                }
            }
        };
        let digest = digest::Rows::new(&run, header.iter().map(String::as_str));
        Ok(TableWriter {
            run,
            digest,
            path: path.to_path_buf(),
            plan,
            models: models.iter().map(|m| m.id.clone()).collect(),
            index: names.into_iter().enumerate().map(|(k, n)| (n, k)).collect(),
            indicators,
            years,
            out,
            error: None,
            row: Vec::new(),
        })
    }

    fn parquet_error(&self, e: parquet::errors::ParquetError) -> TableError {
        TableError::Parquet {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Adds the rows of one block: `forecasts` of samples `first..` by the
    /// model at `model` in run order.
    pub fn block(&mut self, model: usize, first: u32, forecasts: &[Forecast]) {
        if self.error.is_some() {
            return;
        }
        for (k, f) in forecasts.iter().enumerate() {
            if let Err(e) = self.write_row(model, first + k as u32, f) {
                self.error = Some(e);
                return;
            }
        }
    }

    fn write_row(&mut self, model: usize, sample: u32, f: &Forecast) -> Result<(), TableError> {
        let plan = self.plan;
        let seed = plan.call_seed(sample);
        self.row.clear();
        self.row
            .extend(plan.uncertain.iter().map(|u| Some(u.draw(sample))));
        self.row.extend(f.outcomes.iter().map(|&p| Some(p)));
        let fixed = self.row.len();
        self.row
            .resize(fixed + self.indicators.len() * self.years, None);
        for (name, values) in f.indicators.iter() {
            if let Some(&k) = self.index.get(&**name) {
                let at = fixed + k * self.years;
                for (t, &v) in values.iter().enumerate().take(self.years) {
                    self.row[at + t] = Some(v);
                }
            }
        }
        self.digest
            .row(&self.models[model], sample.into(), seed, &self.row);
        match &mut self.out {
            Out::Ema(ema) => {
                let parameters = plan.uncertain.len();
                let (drawn, rest) = self.row.split_at(parameters);
                let (outcomes, indicators) = rest.split_at(OUTCOMES.len());
                ema.row(
                    &self.models[model],
                    sample,
                    drawn,
                    outcomes,
                    indicators,
                    self.years,
                )?;
            }
            Out::Csv(file) => {
                let mut line = format!("{},{sample},{seed}", csv_field(&self.models[model]));
                for v in &self.row {
                    line.push(',');
                    if let Some(v) = v {
                        line.push_str(&v.to_string());
                    }
                }
                writeln!(file, "{line}").map_err(|source| TableError::Io {
                    path: self.path.clone(),
                    source,
                })?;
            }
            Out::Parquet {
                group,
                rows_per_group,
                ..
            } => {
                group
                    .models
                    .push(ByteArray::from(self.models[model].as_str()));
                group.samples.push(sample as i64);
                group.seeds.push(seed as i64);
                let (required, optional) = self.row.split_at(fixed);
                for (col, v) in group.required.iter_mut().zip(required) {
                    col.push(v.unwrap_or(f64::NAN));
                }
                for ((values, levels), v) in group.optional.iter_mut().zip(optional) {
                    match v {
                        Some(v) => {
                            values.push(*v);
                            levels.push(1);
                        }
                        None => levels.push(0),
                    }
                }
                if group.rows() >= *rows_per_group {
                    self.flush()?;
                }
            }
        }
        Ok(())
    }

    /// Writes the buffered rows as a row group.
    fn flush(&mut self) -> Result<(), TableError> {
        let Out::Parquet { writer, group, .. } = &mut self.out else {
            return Ok(());
        };
        if group.rows() == 0 {
            return Ok(());
        }
        let r = write_group(writer, group);
        group.clear();
        r.map_err(|e| self.parquet_error(e))
    }

    /// Closes the file; the first error of the run, if any.
    pub fn finish(mut self) -> Result<(), TableError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.flush()?;
        let path = self.path.clone();
        let digest = self.digest.finish();
        match self.out {
            Out::Ema(ema) => ema.finish(self.run, digest),
            Out::Csv(mut file) => {
                let io = |path: &Path, source| TableError::Io {
                    path: path.to_path_buf(),
                    source,
                };
                file.flush().map_err(|e| io(&path, e))?;
                let sidecar = crate::sidecar(&path);
                let fields = serde_json::json!({ RUN_KEY: self.run, DIGEST_KEY: digest });
                std::fs::write(&sidecar, format!("{fields:#}\n")).map_err(|e| io(&sidecar, e))
            }
            Out::Parquet { mut writer, .. } => {
                let error = |e: parquet::errors::ParquetError| TableError::Parquet {
                    path: path.clone(),
                    message: e.to_string(),
                };
                writer.append_key_value_metadata(KeyValue::new(RUN_KEY.into(), self.run));
                writer.append_key_value_metadata(KeyValue::new(DIGEST_KEY.into(), digest));
                writer.close().map(|_| ()).map_err(error)
            }
        }
    }
}

fn write_group(
    writer: &mut SerializedFileWriter<BufWriter<File>>,
    group: &Group,
) -> parquet::errors::Result<()> {
    let mut rg = writer.next_row_group()?;
    let mut k = 0usize;
    while let Some(mut col) = rg.next_column()? {
        match k {
            0 => {
                col.typed::<ByteArrayType>()
                    .write_batch(&group.models, None, None)?;
            }
            1 => {
                col.typed::<Int64Type>()
                    .write_batch(&group.samples, None, None)?;
            }
            2 => {
                col.typed::<Int64Type>()
                    .write_batch(&group.seeds, None, None)?;
            }
            _ if k - 3 < group.required.len() => {
                col.typed::<DoubleType>()
                    .write_batch(&group.required[k - 3], None, None)?;
            }
            _ => {
                let (values, levels) = &group.optional[k - 3 - group.required.len()];
                col.typed::<DoubleType>()
                    .write_batch(values, Some(levels), None)?;
            }
        }
        col.close()?;
        k += 1;
    }
    rg.close()?;
    Ok(())
}

/// Column names, in order.
fn header(plan: &Plan, indicators: &[(String, usize)]) -> Vec<String> {
    let mut h = vec!["model".to_string(), "sample".into(), "seed".into()];
    h.extend(plan.uncertain.iter().map(|u| u.name.clone()));
    h.extend(OUTCOMES.iter().map(|o| o.id.to_string()));
    for (name, years) in indicators {
        for t in 0..*years {
            h.push(format!("{name}@{}", plan.scenario.start_year + t as i32));
        }
    }
    h
}

/// The Parquet schema: `model` text, `sample` and `seed` integers (the
/// seed unsigned), parameters and outcomes required doubles, indicators
/// optional ones.
fn schema(plan: &Plan, header: &[String]) -> parquet::errors::Result<Type> {
    let column = |name: &str, physical, repetition, logical: Option<LogicalType>| {
        Type::primitive_type_builder(name, physical)
            .with_repetition(repetition)
            .with_logical_type(logical)
            .build()
            .map(Arc::new)
    };
    let unsigned = LogicalType::Integer(parquet::basic::IntType {
        bit_width: 64,
        is_signed: false,
    });
    let mut fields = vec![
        column(
            "model",
            PhysicalType::BYTE_ARRAY,
            Repetition::REQUIRED,
            Some(LogicalType::String),
        )?,
        column("sample", PhysicalType::INT64, Repetition::REQUIRED, None)?,
        column(
            "seed",
            PhysicalType::INT64,
            Repetition::REQUIRED,
            Some(unsigned),
        )?,
    ];
    let required = 3 + plan.uncertain.len() + OUTCOMES.len();
    for (k, name) in header.iter().enumerate().skip(3) {
        let repetition = if k < required {
            Repetition::REQUIRED
        } else {
            Repetition::OPTIONAL
        };
        fields.push(column(name, PhysicalType::DOUBLE, repetition, None)?);
    }
    Type::group_type_builder("experiments")
        .with_fields(fields)
        .build()
}

/// A CSV field, quoted when it must be.
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
