//! `forecast new`: a new plugin from a template, in any of four languages.

use crate::error::{CliError, Outcome};
use crate::templates::{self, Lang};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Start a new model plugin: a working skeleton with its build recipe.
///
/// Writes a folder with the contract (wit/model.wit), a model with one
/// declared parameter, the build recipe of its language, a README, an
/// example scenario and a passing snapshot test (`forecast test`). The
/// skeleton builds and runs as it is; the README says what to change.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The model's id: lowercase letters, digits and dashes (`my-model`).
    #[arg(value_name = "NAME")]
    name: String,
    /// The language to write it in.
    #[arg(long, value_enum)]
    lang: Lang,
    /// Where to write it (default: ./NAME). Must not exist, or be empty.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Rust: the path of the forecast SDK crate (crates/sdk of a checkout of
    /// this project) the plugin depends on (default: the checkout this
    /// binary was built from).
    #[arg(long, value_name = "PATH")]
    sdk: Option<PathBuf>,
}

/// Names a Rust crate cannot take: keywords, and crates every program sees.
const RUST_RESERVED: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "crate",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "struct",
    "super",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try",
    "gen",
    "core",
    "std",
    "alloc",
    "proc_macro",
    "test",
];

fn valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The SDK path a Rust scaffold depends on, absolute.
fn sdk_path(given: Option<&Path>) -> Result<PathBuf, CliError> {
    let path = given.map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/sdk"),
        Path::to_path_buf,
    );
    match path.join("Cargo.toml").is_file() {
        true => Ok(std::path::absolute(&path)?),
        false => Err(CliError::Usage {
            message: format!("no forecast SDK crate at {}", path.display()),
            hint: "give the path of crates/sdk in a checkout of forecast with --sdk".into(),
        }),
    }
}

/// The command that builds a scaffold, and the plugin file it makes.
fn build_steps(lang: Lang, id: &str) -> (&'static str, String) {
    let ident = id.replace('-', "_");
    match lang {
        Lang::Rust => (
            "cargo build --release --target wasm32-wasip2",
            format!("target/wasm32-wasip2/release/{ident}.wasm"),
        ),
        Lang::Python => ("./build.sh", format!("build/{id}.wasm")),
        Lang::Js => ("npm install && npm run build", format!("build/{id}.wasm")),
        Lang::C => ("make", format!("build/{id}.wasm")),
    }
}

pub fn run(args: Args) -> Result<Outcome, CliError> {
    let id = args.name.as_str();
    if !valid_id(id) {
        return Err(CliError::Usage {
            message: format!("`{id}` is not a model id"),
            hint: "use lowercase letters, digits and single dashes, starting with a letter (e.g. `my-model`)".into(),
        });
    }
    if args.lang == Lang::Rust && RUST_RESERVED.contains(&id.replace('-', "_").as_str()) {
        return Err(CliError::Usage {
            message: format!("`{id}` cannot name a Rust crate (a keyword or a standard crate)"),
            hint: "choose another id, e.g. `my-model`".into(),
        });
    }
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from(id));
    let existed = dir.exists();
    if existed && !dir.is_dir() {
        return Err(CliError::Usage {
            message: format!("{} exists and is not a folder", dir.display()),
            hint: "choose another --dir".into(),
        });
    }
    if std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(CliError::Usage {
            message: format!("{} already exists and is not empty", dir.display()),
            hint: "choose another --dir, or remove it".into(),
        });
    }
    let sdk = match args.lang {
        Lang::Rust => sdk_path(args.sdk.as_deref())?.display().to_string(),
        _ => String::new(),
    };
    let write = |file: &templates::File| -> std::io::Result<()> {
        let path = dir.join(templates::fill(file.path, id, &sdk));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, templates::fill(file.text, id, &sdk))?;
        #[cfg(unix)]
        if file.executable {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
        }
        Ok(())
    };
    if let Err(e) = templates::files(args.lang).try_for_each(write) {
        // Leave no half-written scaffold behind.
        if !existed {
            let _ = std::fs::remove_dir_all(&dir);
        }
        return Err(CliError::Usage {
            message: format!("cannot write into {}: {e}", dir.display()),
            hint: "choose a --dir you can write to".into(),
        });
    }
    let (build, wasm) = build_steps(args.lang, id);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "created {} ({:?} plugin `{id}`)",
        dir.display(),
        args.lang
    )?;
    if forecast_builtin::BUILTIN
        .iter()
        .any(|(builtin, _)| *builtin == id)
    {
        writeln!(
            out,
            "note: `{id}` is a built-in model's id: loaded with --plugin, this one replaces it"
        )?;
    }
    writeln!(out, "next, in {}:", dir.display())?;
    writeln!(out, "  {build:<48} # build {wasm}")?;
    writeln!(
        out,
        "  forecast test {wasm:<34} # conformance checks and snapshots"
    )?;
    writeln!(
        out,
        "  forecast compare scenarios/example.toml --plugin {wasm}"
    )?;
    writeln!(out, "then read README.md there to make the model your own")?;
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_words_joined_by_dashes() {
        for ok in ["m", "my-model", "base-rates2"] {
            assert!(valid_id(ok), "{ok}");
        }
        for bad in ["", "My", "-m", "m-", "a--b", "a_b", "1m", "a b"] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn every_template_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for lang in [Lang::Rust, Lang::Python, Lang::Js, Lang::C] {
            let mut stack: Vec<PathBuf> = templates::folders(lang)
                .iter()
                .map(|f| root.join(f))
                .collect();
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap().flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                        continue;
                    }
                    let source = p.strip_prefix(root).unwrap().to_str().unwrap();
                    assert!(
                        templates::files(lang).any(|f| f.source == source),
                        "{source} is a {lang:?} template file but src/templates.rs does not embed it"
                    );
                }
            }
        }
    }
}
