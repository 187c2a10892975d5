//! What a hostile plugin, scenario or command line can do to the host:
//! nothing raw reaches the terminal, no file is written outside its
//! folder, no number overflows, and every fault gets a message that says
//! what happened and what to do (docs/security.md).

mod common;

use common::{forecast, root, stderr, stdout};

fn misbehaving(name: &str) -> &'static str {
    forecast_builtin::misbehaving(name).unwrap()
}

/// Writes `text` to `target/test-hostile/<name>` and returns its path.
fn file(name: &str, text: &str) -> String {
    let dir = root().join("target/test-hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// A small scenario that only the test plugins' one parameter reads.
fn pledge(id: &str, extra: &str) -> String {
    file(
        &format!("{}.toml", id.replace(['/', '.'], "_")),
        &format!(
            "id = {id:?}\ntitle = \"t\"\ndescription = \"d\"\nstart_year = 2007\nhorizon = 5\nseed = 1\nsamples = 20\n{extra}[levers]\nus_pledge = 0\n"
        ),
    )
}

/// Control characters that a terminal obeys: ESC, CR, the C1 CSI and the
/// right-to-left override, as they would reach it raw.
fn raw_control(text: &str) -> Option<char> {
    text.chars()
        .find(|c| matches!(c, '\u{1b}' | '\r' | '\u{9b}' | '\u{202e}'))
}

#[test]
fn a_plugins_strings_never_reach_the_terminal_raw() {
    let hostile = misbehaving("hostile-text");
    let scenario = pledge("pledge", "");
    let mut runs: Vec<Vec<String>> = Vec::new();
    for fault in 0..4 {
        let set = format!("levers.us_pledge={fault}");
        for format in ["table", "markdown", "csv", "json", "svg"] {
            runs.push(
                [
                    "compare",
                    &scenario,
                    "--plugin",
                    hostile,
                    "--set",
                    &set,
                    "--format",
                    format,
                    "--verbose",
                ]
                .map(String::from)
                .to_vec(),
            );
        }
        runs.push(
            ["run", hostile, &scenario, "--set", &set]
                .map(String::from)
                .to_vec(),
        );
    }
    let report = root().join("target/test-hostile/report.html");
    let report = report.to_str().unwrap();
    runs.extend(
        [
            vec!["list", "--plugin", hostile],
            vec!["inspect", hostile],
            vec!["test", hostile, "--no-snapshots", "--random-inputs", "8"],
            vec!["check", &scenario, "--plugin", hostile],
            vec!["report", &scenario, "--plugin", hostile, "--output", report],
        ]
        .into_iter()
        .map(|a| a.into_iter().map(String::from).collect()),
    );
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = forecast(&args);
        for (stream, text) in [("stdout", stdout(&o)), ("stderr", stderr(&o))] {
            assert_eq!(
                raw_control(&text),
                None,
                "`forecast {}` printed a raw control character on {stream}:\n{text}",
                args.join(" ")
            );
        }
    }
    let html = std::fs::read_to_string(report).unwrap();
    assert_eq!(raw_control(&html), None);
    assert!(html.contains("\\u{1b}[2J"), "kept, escaped, in the report");

    // Escaped, not lost: JSON keeps the text the plugin gave, written out.
    let o = forecast(&[
        "compare", &scenario, "--plugin", hostile, "--format", "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let explanation = json.to_string();
    assert!(
        explanation.contains(r"explanation \\u{1b}[2J\\u{1b}[H\\u{1b}[32mforecast: every model ran, no errors\\u{1b}[0m\\r\\r\\nforged-model"),
        "{explanation}"
    );
    // The forged row of `forecast list` stays inside the plugin's own row.
    let list = stdout(&forecast(&["list", "--plugin", hostile]));
    assert!(
        !list.lines().any(|l| l.starts_with("forged-model")),
        "{list}"
    );
}

#[test]
fn an_id_cannot_lead_a_file_out_of_its_folder() {
    let parts = root().join("target/test-hostile/parts");
    for id in ["../../ESCAPED", "/tmp/forecast-ESCAPED", ".hidden", "a/b"] {
        let scenario = pledge(id, "");
        for command in ["compare", "check"] {
            let o = forecast(
                &[
                    command,
                    &scenario,
                    "--shard",
                    "0/2",
                    "--parts",
                    parts.to_str().unwrap(),
                ][..if command == "check" { 2 } else { 6 }],
            );
            assert_eq!(o.status.code(), Some(2), "{id}: {}", stderr(&o));
            let err = stderr(&o);
            assert!(
                err.contains(":1:6: the id `"),
                "{id}: located at the id\n{err}"
            );
            assert!(err.contains("letters, digits and - _ . @ +"), "{err}");
        }
    }
    assert!(!root().join("ESCAPED.0-of-2.part").exists());
    assert!(!std::path::Path::new("/tmp/forecast-ESCAPED.0-of-2.part").exists());
}

#[test]
fn years_and_limits_are_bounded() {
    for (extra, expect) in [
        ("start_year = 2147483647", "start_year must be 1900 to 2200"),
        ("start_year = -5", "start_year must be 1900 to 2200"),
        ("horizon = 201", "horizon must be 1 to 200 years"),
    ] {
        let key = extra.split(" =").next().unwrap();
        let text = std::fs::read_to_string(pledge("years", "")).unwrap();
        let text: String = text
            .lines()
            .map(|l| if l.starts_with(key) { extra } else { l })
            .collect::<Vec<_>>()
            .join("\n");
        let scenario = file("years.toml", &text);
        let o = forecast(&["check", &scenario]);
        assert_eq!(o.status.code(), Some(2), "{extra}");
        assert!(stderr(&o).contains(expect), "{extra}: {}", stderr(&o));
    }
    for (flag, value, expect) in [
        ("--timeout", "1e20", "at most 86400"),
        ("--timeout", "1e300", "at most 86400"),
        ("--timeout", "18446744073709551616", "at most 86400"),
        ("--timeout", "0", "more than 0"),
        ("--memory", "17592186044416", "from 1 to 16384"),
        ("--max-output", "17592186044416", "from 1 to 4096"),
        ("--memory", "0", "from 1 to 16384"),
    ] {
        let o = forecast(&["compare", "scenarios/korea-2006.toml", flag, value]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(expect),
            "{flag} {value}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_probability_on_an_undeclared_outcome_is_refused() {
    let plugin = misbehaving("undeclared-outcome");
    let o = forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--samples",
        "20",
        "--plugin",
        plugin,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.lines().any(|l| l.starts_with("collapse ")), "{out}");
    assert!(
        out.contains("P(aligned-unification) = 0.14285714285714285, but the model's info does not declare `aligned-unification`"),
        "{out}"
    );
    let o = forecast(&["test", plugin, "--no-snapshots", "--random-inputs", "4"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("FAIL  ranges"), "{}", stdout(&o));
    assert!(stdout(&o).contains("does not declare `aligned-unification`"));
}

#[test]
fn exits_and_stack_overflows_are_named() {
    let scenario = pledge("pledge", "");
    for (plugin, set, expect) in [
        (
            "exit",
            "levers.us_pledge=0",
            "exited (called exit()) with a failure status",
        ),
        (
            "recursion",
            "levers.us_pledge=0",
            "stack overflow: recursion in `misbehaving_recursion::in_memory` ran out the stack the plugin keeps in its own memory",
        ),
        (
            "recursion",
            "levers.us_pledge=1",
            "stack overflow: its calls nested past the host's limit of 512 KiB of stack (recursion in `misbehaving_recursion::nested`)",
        ),
    ] {
        let o = forecast(&[
            "compare",
            &scenario,
            "--plugin",
            misbehaving(plugin),
            "--set",
            set,
        ]);
        assert_eq!(o.status.code(), Some(1), "{plugin}: {}", stderr(&o));
        assert!(
            stdout(&o).contains(expect),
            "{plugin} {set}: {}",
            stdout(&o)
        );
    }
}
