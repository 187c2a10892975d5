//! Snapshot files in insta's format, and what moved between two snapshots.
//!
//! `forecast test` keeps one snapshot per (model, scenario): a `.snap` file
//! with insta's header (`source`, `expression`, `input_file`) and a JSON
//! body, so that `cargo insta review --workspace-root DIR` reviews the
//! `.snap.new` files it leaves behind, as it does the Rust tests' own. The
//! diff is structural: it names each value that moved by its place in the
//! report (`outcomes.war.mean`, `indicators.collapse_by.2016.p95`), not by
//! line numbers.

use forecast_core::{ModelResult, Plan};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// A snapshot: insta's metadata and the snapshotted text.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub source: String,
    pub expression: String,
    pub input_file: Option<String>,
    pub content: String,
}

/// A YAML scalar in double quotes (JSON string syntax is valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn unquoted(s: &str) -> String {
    let s = s.trim();
    if s.starts_with('"') {
        serde_json::from_str(s).unwrap_or_else(|_| s.to_string())
    } else {
        s.to_string()
    }
}

impl Snapshot {
    /// The file's text.
    pub fn render(&self) -> String {
        let mut out = format!(
            "---\nsource: {}\nexpression: {}\n",
            quoted(&self.source),
            quoted(&self.expression)
        );
        if let Some(input) = &self.input_file {
            out.push_str(&format!("input_file: {}\n", quoted(input)));
        }
        out.push_str("---\n");
        out.push_str(self.content.trim_end());
        out.push('\n');
        out
    }

    /// Reads a snapshot file's text.
    pub fn parse(text: &str) -> Result<Snapshot, String> {
        let rest = text
            .strip_prefix("---\n")
            .ok_or("it does not start with insta's `---` header line")?;
        let end = rest
            .find("\n---\n")
            .ok_or("its header has no closing `---` line")?;
        let (header, content) = (&rest[..end], &rest[end + 5..]);
        let mut snap = Snapshot {
            source: String::new(),
            expression: String::new(),
            input_file: None,
            content: content.trim_end().to_string(),
        };
        for line in header.lines() {
            if let Some((key, value)) = line.split_once(':') {
                match key.trim() {
                    "source" => snap.source = unquoted(value),
                    "expression" => snap.expression = unquoted(value),
                    "input_file" => snap.input_file = Some(unquoted(value)),
                    _ => {}
                }
            }
        }
        Ok(snap)
    }
}

/// The snapshot of one model's result on one scenario: the scenario as
/// sampled (its file by name only, so that the snapshot does not depend on
/// how the path was spelt) and the model's result as the JSON report gives
/// it, without where the plugin came from.
pub fn of_result(file: &Path, plan: &Plan, result: &ModelResult) -> Snapshot {
    let sc = &plan.scenario;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let body = json!({
        "scenario": {
            "file": name,
            "id": sc.id,
            "start_year": sc.start_year,
            "horizon": sc.horizon,
            "seed": plan.seed,
            "samples": plan.samples,
            "sampling": plan.sampling,
        },
        "model": forecast_report::model_result(result, sc.start_year),
    });
    let path = file.display().to_string().replace('\\', "/");
    Snapshot {
        source: "forecast test".into(),
        expression: format!("{} on {path}", result.model.id),
        input_file: Some(path),
        content: serde_json::to_string_pretty(&body).expect("a JSON value prints"),
    }
}

/// The pending file beside a snapshot, as insta names it.
pub fn pending_path(snap: &Path) -> PathBuf {
    let mut name = snap.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

/// One value that moved.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Where in the report, e.g. `outcomes.war.mean`.
    pub path: String,
    /// `None` when the value is new.
    pub old: Option<Value>,
    /// `None` when the value is gone.
    pub new: Option<Value>,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<Value>| match v {
            None => "(none)".to_string(),
            Some(Value::String(s)) => quoted(s),
            // A whole entry came or went: say so, not its every number.
            Some(Value::Object(_) | Value::Array(_)) => "(an entry)".to_string(),
            Some(v) => v.to_string(),
        };
        write!(
            f,
            "{}: {} -> {}",
            self.path,
            show(&self.old),
            show(&self.new)
        )?;
        if let (Some(Value::Number(a)), Some(Value::Number(b))) = (&self.old, &self.new)
            && let (Some(a), Some(b)) = (a.as_f64(), b.as_f64())
        {
            write!(f, " ({:+.3e})", b - a)?;
        }
        Ok(())
    }
}

/// Two numbers that moved, short where short tells them apart.
fn shown(a: f64, b: f64) -> (String, String) {
    let short = |x: f64| format!("{}", format!("{x:.6e}").parse::<f64>().unwrap_or(x));
    match short(a) == short(b) {
        true => (a.to_string(), b.to_string()),
        false => (short(a), short(b)),
    }
}

fn number(v: &Option<Value>) -> Option<f64> {
    v.as_ref().and_then(Value::as_f64)
}

/// What moved, for a person: one line per outcome (each statistic that
/// moved), one per indicator (how many values moved, and the largest
/// move), then the explanation and anything else.
pub fn summarize(changes: &[Change]) -> Vec<String> {
    let section = |c: &Change| c.path.split('.').nth(1).unwrap_or("").to_string();
    let mut lines = Vec::new();
    // model.outcomes.ID.STAT and model.indicators.NAME.years.Y.STAT, grouped
    // by ID or NAME in the order they first appear.
    let group = |what: &str, key: fn(&str) -> &str| {
        let mine: Vec<&Change> = changes.iter().filter(|c| section(c) == what).collect();
        let mut keys: Vec<&str> = Vec::new();
        for c in &mine {
            if !keys.contains(&key(&c.path)) {
                keys.push(key(&c.path));
            }
        }
        keys.into_iter()
            .map(|k| {
                (
                    k,
                    mine.iter().copied().filter(|c| key(&c.path) == k).collect(),
                )
            })
            .collect::<Vec<(&str, Vec<&Change>)>>()
    };
    for (outcome, moved) in group("outcomes", outcome_of) {
        let parts: Vec<String> = moved
            .iter()
            .map(|c| {
                let stat = c.path.rsplit('.').next().unwrap_or("");
                match (number(&c.old), number(&c.new)) {
                    (Some(a), Some(b)) => {
                        let (a, b) = shown(a, b);
                        format!("{stat} {a} -> {b}")
                    }
                    _ => c.to_string(),
                }
            })
            .collect();
        lines.push(format!("{outcome}: {}", parts.join(", ")));
    }
    for (indicator, moved) in group("indicators", indicator_of) {
        if let [whole] = moved.as_slice()
            && whole.path.ends_with(&format!("indicators.{indicator}"))
        {
            lines.push(match (&whole.old, &whole.new) {
                (None, _) => format!("{indicator}: new"),
                (_, None) => format!("{indicator}: no longer emitted"),
                _ => whole.to_string(),
            });
            continue;
        }
        let size = |c: &Change| match (number(&c.old), number(&c.new)) {
            (Some(a), Some(b)) => (b - a).abs(),
            _ => f64::INFINITY,
        };
        let largest = moved
            .iter()
            .max_by(|a, b| size(a).total_cmp(&size(b)))
            .expect("a group is never empty");
        let at = largest
            .path
            .split_once(".years.")
            .map_or(largest.path.as_str(), |(_, r)| r);
        let what = match (number(&largest.old), number(&largest.new)) {
            (Some(a), Some(b)) => {
                let (a, b) = shown(a, b);
                format!("{at} {a} -> {b}")
            }
            _ => largest.to_string(),
        };
        lines.push(format!(
            "{indicator}: {} values moved, the most {what}",
            moved.len()
        ));
    }
    lines.extend(
        changes
            .iter()
            .filter(|c| !["outcomes", "indicators"].contains(&section(c).as_str()))
            .map(|c| c.to_string()),
    );
    lines
}

/// The outcome part of a path `model.outcomes.ID.STAT`.
fn outcome_of(path: &str) -> &str {
    path.split('.').nth(2).unwrap_or(path)
}

/// The indicator part of a path `model.indicators.NAME.years.Y.STAT`.
fn indicator_of(path: &str) -> &str {
    let rest = path.split_once("indicators.").map_or(path, |(_, r)| r);
    rest.split_once(".years").map_or(rest, |(name, _)| name)
}

/// Keys that name an element of a list better than its index.
const LABELS: [&str; 5] = ["outcome", "indicator", "year", "id", "name"];

/// A list element's label: its identifying field, else its index.
fn label(v: &Value, index: usize) -> String {
    LABELS.iter().find_map(|k| v.get(k)).map_or_else(
        || index.to_string(),
        |l| match l {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
    )
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The values that differ between two reports, keys in alphabetical order
/// (as the JSON holds them), list entries in order. Lists of
/// labelled objects (outcomes, indicators, years) are matched by label, so a
/// value that moved is named where it lives; numbers compare by their bits.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut changes = Vec::new();
    walk("", old, new, &mut changes);
    changes
}

fn walk(path: &str, old: &Value, new: &Value, out: &mut Vec<Change>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                // The label of a labelled object is its name, not a change.
                if LABELS.contains(&k.as_str()) && b.get(k) == Some(va) {
                    continue;
                }
                match b.get(k) {
                    Some(vb) => walk(&join(path, k), va, vb, out),
                    None => out.push(Change {
                        path: join(path, k),
                        old: Some(va.clone()),
                        new: None,
                    }),
                }
            }
            for (k, vb) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                out.push(Change {
                    path: join(path, k),
                    old: None,
                    new: Some(vb.clone()),
                });
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            let la: Vec<String> = a.iter().enumerate().map(|(i, v)| label(v, i)).collect();
            let lb: Vec<String> = b.iter().enumerate().map(|(i, v)| label(v, i)).collect();
            for (va, l) in a.iter().zip(&la) {
                match lb.iter().position(|m| m == l) {
                    Some(j) => walk(&join(path, l), va, &b[j], out),
                    None => out.push(Change {
                        path: join(path, l),
                        old: Some(va.clone()),
                        new: None,
                    }),
                }
            }
            for (vb, l) in b.iter().zip(&lb).filter(|(_, l)| !la.contains(l)) {
                out.push(Change {
                    path: join(path, l),
                    old: None,
                    new: Some(vb.clone()),
                });
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) => x.to_bits() == y.to_bits(),
                _ => a == b,
            };
            if !same {
                out.push(Change {
                    path: path.to_string(),
                    old: Some(old.clone()),
                    new: Some(new.clone()),
                });
            }
        }
        _ if old == new => {}
        _ => out.push(Change {
            path: path.to_string(),
            old: Some(old.clone()),
            new: Some(new.clone()),
        }),
    }
}

/// The scenarios to test: those named, else scenarios/*.toml, sorted.
pub fn scenario_files(named: &[PathBuf]) -> Result<Vec<PathBuf>, crate::Error> {
    if !named.is_empty() {
        return Ok(named.to_vec());
    }
    let dir = Path::new("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            crate::Error::usage(
                format!("no scenario given, and cannot read {}/: {e}", dir.display()),
                "name scenario files, or run from a directory with scenarios/*.toml",
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(crate::Error::usage(
            format!(
                "no scenario given, and {}/ holds no .toml file",
                dir.display()
            ),
            "name scenario files, or add one to scenarios/",
        ));
    }
    Ok(files)
}

/// How one scenario's snapshot compared.
pub enum Verdict {
    Same,
    Stored,
    New,
    Moved(Vec<Change>),
}

/// Compares `snap` with the snapshot stored at `path`, storing it when
/// accepting, and leaving it pending beside the old one when it differs.
/// An error is a sentence about this scenario's snapshot.
pub fn compare_snapshot(path: &Path, snap: &Snapshot, accept: bool) -> Result<Verdict, String> {
    let write = |p: &Path, text: String| {
        std::fs::create_dir_all(p.parent().unwrap_or(Path::new(".")))
            .and_then(|()| std::fs::write(p, text))
            .map_err(|e| format!("cannot write {}: {e}", p.display()))
    };
    let pending = pending_path(path);
    let stored = match std::fs::read_to_string(path) {
        Ok(text) => match Snapshot::parse(&text) {
            Ok(old) => Some(old),
            // An unreadable snapshot is replaced when accepting.
            Err(_) if accept => None,
            Err(e) => {
                return Err(format!(
                    "the snapshot {} is unreadable ({e}); delete it, or store a new one with --accept",
                    path.display()
                ));
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let verdict = match &stored {
        Some(old) if old.content == snap.content => Verdict::Same,
        _ if accept => {
            write(path, snap.render())?;
            Verdict::Stored
        }
        None => Verdict::New,
        Some(old) => {
            let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
            Verdict::Moved(match (parse(&old.content), parse(&snap.content)) {
                (Some(a), Some(b)) => diff(&a, &b),
                // A stored text that is not a report: a hand edit.
                _ => vec![],
            })
        }
    };
    match verdict {
        Verdict::New | Verdict::Moved(_) => write(&pending, snap.render())?,
        // A passing or accepted snapshot leaves nothing pending.
        _ => {
            let _ = std::fs::remove_file(&pending);
        }
    }
    Ok(verdict)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_snapshot_reads_back_what_it_wrote() {
        let s = Snapshot {
            source: "forecast test".into(),
            expression: "m on \"korea\": x".into(),
            input_file: Some("scenarios/korea-2006.toml".into()),
            content: "{\n  \"a\": 1\n}".into(),
        };
        let text = s.render();
        assert!(
            text.starts_with("---\nsource: \"forecast test\"\n"),
            "{text}"
        );
        assert_eq!(Snapshot::parse(&text).unwrap(), s);
        // insta's own unquoted style reads too.
        let insta = "---\nsource: tests/cli.rs\nexpression: json\n---\nbody\n";
        let parsed = Snapshot::parse(insta).unwrap();
        assert_eq!(
            (parsed.source.as_str(), parsed.content.as_str()),
            ("tests/cli.rs", "body")
        );
        assert!(Snapshot::parse("no header").is_err());
        assert_eq!(
            pending_path(Path::new("s/m@k.snap")),
            Path::new("s/m@k.snap.new")
        );
    }

    #[test]
    fn the_diff_names_what_moved_by_label() {
        let old = json!({
            "outcomes": [{"outcome": "war", "mean": 0.1}, {"outcome": "freeze", "mean": 0.9}],
            "indicators": [{"indicator": "collapse_by", "years": [{"year": 2007, "mean": 0.01}]}],
            "explanation": ["a", "b"],
        });
        let mut new = old.clone();
        new["outcomes"][0]["mean"] = json!(0.12);
        new["indicators"][0]["years"][0]["mean"] = json!(0.02);
        new["explanation"][1] = json!("c");
        new["samples"] = json!(5);
        let changes: Vec<String> = diff(&old, &new).iter().map(|c| c.to_string()).collect();
        assert_eq!(
            changes,
            [
                "explanation.1: \"b\" -> \"c\"",
                "indicators.collapse_by.years.2007.mean: 0.01 -> 0.02 (+1.000e-2)",
                "outcomes.war.mean: 0.1 -> 0.12 (+2.000e-2)",
                "samples: (none) -> 5",
            ]
        );
        assert!(diff(&old, &old).is_empty());
        let model = json!({ "model": old.clone() });
        let mut moved = model.clone();
        moved["model"]["outcomes"][0]["mean"] = json!(0.12);
        moved["model"]["indicators"][0]["years"][0]["mean"] = json!(0.02);
        moved["model"]["explanation"][1] = json!("c");
        assert_eq!(
            summarize(&diff(&model, &moved)),
            [
                "war: mean 0.1 -> 0.12",
                "collapse_by: 1 values moved, the most 2007.mean 0.01 -> 0.02",
                "model.explanation.1: \"b\" -> \"c\"",
            ]
        );
        // A whole indicator that came is named, not printed.
        let mut added = model.clone();
        added["model"]["indicators"]
            .as_array_mut()
            .unwrap()
            .push(json!({"indicator": "unification_by", "years": [{"year": 2007, "mean": 0.1}]}));
        assert_eq!(summarize(&diff(&model, &added)), ["unification_by: new"]);
        // A move in the last bit shows in full.
        assert_eq!(
            shown(0.1, 0.1f64.next_up()),
            ("0.1".to_string(), "0.10000000000000002".to_string())
        );
        // A reordered list of labelled entries is not a change.
        let mut swapped = old.clone();
        swapped["outcomes"] =
            json!([{"outcome": "freeze", "mean": 0.9}, {"outcome": "war", "mean": 0.1}]);
        assert!(diff(&old, &swapped).is_empty());
    }
}
