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
    let scenario = pledge("exits", "");
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

/// The positions of `count` bits spread over `len` bytes.
fn spread(len: usize, count: usize) -> Vec<(usize, u8)> {
    (0..count)
        .map(|k| ((k * 7919 + 13) % len, (k % 8) as u8))
        .collect()
}

#[test]
fn a_damaged_or_extended_part_is_refused_by_name() {
    let dir = root().join("target/test-hostile/part-flips");
    let _ = std::fs::remove_dir_all(&dir);
    let run = |k: &str| {
        let o = forecast(&[
            "compare",
            "scenarios/korea-2006.toml",
            "--samples",
            "600",
            "--shard",
            k,
            "--parts",
            dir.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    run("0/2");
    run("1/2");
    let first = dir.join("korea-2006.0-of-2.part");
    let second = dir.join("korea-2006.1-of-2.part");
    let good = std::fs::read(&first).unwrap();
    let merge = || forecast(&["merge", first.to_str().unwrap(), second.to_str().unwrap()]);
    assert!(merge().status.success());
    let mut damaged = Vec::new();
    damaged.extend(spread(good.len(), 20).into_iter().map(|(at, bit)| {
        let mut bytes = good.clone();
        bytes[at] ^= 1 << bit;
        (format!("bit {bit} of byte {at}"), bytes)
    }));
    damaged.push(("junk appended".into(), [&good[..], b"junk"].concat()));
    damaged.push(("cut short".into(), good[..good.len() - 9].to_vec()));
    for (what, bytes) in damaged {
        std::fs::write(&first, &bytes).unwrap();
        let o = merge();
        assert_eq!(o.status.code(), Some(2), "{what}: merged\n{}", stdout(&o));
        let e = stderr(&o);
        assert!(
            e.contains("korea-2006.0-of-2.part` is not a part")
                && (e.contains("run its shard again") || e.contains("or damaged")),
            "{what}: {e}"
        );
    }
    std::fs::write(&first, &good).unwrap();
    assert!(merge().status.success());
}

#[test]
fn a_damaged_table_is_refused_never_read_as_other_values() {
    let dir = root().join("target/test-hostile/table-flips");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["runs.parquet", "runs.csv"] {
        let path = dir.join(name);
        let o = forecast(&[
            "compare",
            "scenarios/korea-2006.toml",
            "--samples",
            "300",
            "--save",
            path.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let good = std::fs::read(&path).unwrap();
        let table = forecast_table::read(&path).unwrap();
        let mut refused = 0;
        for (at, bit) in spread(good.len(), 40) {
            let mut bytes = good.clone();
            bytes[at] ^= 1 << bit;
            std::fs::write(&path, &bytes).unwrap();
            match forecast_table::read(&path) {
                Err(_) => refused += 1,
                Ok(read) => assert!(
                    read == table,
                    "{name}: bit {bit} of byte {at} read as other values"
                ),
            }
        }
        assert!(refused >= 20, "{name}: only {refused} of 40 flips refused");
        std::fs::write(&path, [&good[..], b"\n"].concat()).unwrap();
        let appended = forecast_table::read(&path);
        assert!(
            appended.is_err() || appended.unwrap() == table,
            "{name}: appended"
        );
        std::fs::write(&path, &good).unwrap();
    }
    // A folder, or a table without its sidecar, gets a hint about reading.
    let csv = dir.join("runs.csv");
    std::fs::remove_file(forecast_table::sidecar(&csv)).unwrap();
    for from in [csv.to_str().unwrap(), dir.to_str().unwrap()] {
        let o = forecast(&[
            "discover",
            "scenarios/korea-2006.toml",
            "--outcome",
            "war",
            "--above",
            "0.1",
            "--from",
            from,
        ]);
        assert_eq!(o.status.code(), Some(2));
        let e = stderr(&o);
        assert!(e.contains("cannot read the experiments table"), "{e}");
        assert!(
            e.contains("hint: give an experiments table written by"),
            "{e}"
        );
        assert!(!e.contains("writable"), "{e}");
    }
}

#[test]
fn unclear_failures_say_what_happened_and_what_to_do() {
    // A plugin with a built-in's id replaces it, and says so; a scenario
    // value only the built-in read is explained.
    let o = forecast(&[
        "compare",
        "scenarios/korea-2006.toml",
        "--plugin",
        misbehaving("impostor"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains(
            "misbehaving_impostor.wasm` has the id `collapse` of a built-in model and replaces it"
        ),
        "{e}"
    );
    assert!(
        e.contains("no loaded model reads a parameter named `collapse.refugee_share`")
            && e.contains("the loaded model `collapse` (test: collapse 0.0.0) does not declare it"),
        "{e}"
    );

    // An 8-byte file is a component's header and nothing else.
    let header = file("header.wasm", "\0asm\r\0\u{1}\0");
    let o = forecast(&["inspect", &header]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is not a complete component: it is an empty component of 8 bytes"),
        "{}",
        stderr(&o)
    );
    // A component cut short.
    let whole = std::fs::read(misbehaving("trap")).unwrap();
    let cut = root().join("target/test-hostile/cut.wasm");
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let o = forecast(&["inspect", cut.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("is not a complete component: its"),
        "{}",
        stderr(&o)
    );

    // Files that are not UTF-8 are located, with what to do.
    let text = std::fs::read(pledge("latin1", "")).unwrap();
    let latin1 = root().join("target/test-hostile/latin1.toml");
    std::fs::write(&latin1, [&text[..], b"# caf\xe9\n"].concat()).unwrap();
    let o = forecast(&["check", latin1.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("latin1.toml:10:6: a byte that is not valid UTF-8"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("save the file as UTF-8"));
    let questions = root().join("target/test-hostile/latin1-questions.toml");
    std::fs::write(&questions, b"title = \"caf\xe9\"\n").unwrap();
    let o = forecast(&[
        "score",
        "scenarios/korea-2006.toml",
        questions.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 1, column 13"), "{}", stderr(&o));
}

#[test]
fn the_conformance_kit_stops_at_the_first_exhausted_budget() {
    let o = forecast(&[
        "test",
        misbehaving("spin"),
        "--no-snapshots",
        "--fuel",
        "20000000",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    // One call spends the budget; nothing after it runs.
    assert!(
        out.contains("FAIL  ranges") && out.contains("used up its CPU budget"),
        "{out}"
    );
    for check in ["horizons", "random", "determinism"] {
        assert!(
            out.contains(&format!("SKIP  {check}"))
                && out.contains("not run to the end: a call used up its CPU budget"),
            "{check}: {out}"
        );
    }
}

#[test]
fn what_a_run_makes_of_a_value_is_said_where_it_may_surprise() {
    let scenario = pledge("notes", "");
    let o = forecast(&[
        "check",
        "scenarios/korea-2006.toml",
        "--set",
        "levers.us_pledge=2.5",
        "--set",
        "levers.china_aid=[1.0, 0.8]",
        "--set",
        "levers.sanctions_rung={ 2005 = 1, 2009 = 2 }",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for note in [
        "`levers.us_pledge` (--set levers.us_pledge=2.5): 2.5 lies between the levels 2 and 3 of its scale",
        "`levers.china_aid` (--set levers.china_aid=[1.0, 0.8]): its 2 values end in 2008, and the last, 0.8, is held to 2026",
        "its step in 2005, before the start in 2007, gives the start its value, 1",
    ] {
        assert!(out.contains(note), "{note}\n{out}");
    }
    assert!(!stdout(&forecast(&["check", &scenario])).contains("note:"));

    let questions = |answer: &str, resolved: &str| {
        file(
            "questions.toml",
            &format!(
                "title = \"t\"\nasked = 2006\n[[question]]\nid = 3\ntext = \"q\"\nresolution = \"no\"\nresolved_on = \"{resolved}\"\nrecord = \"r\"\nanswer = {answer}\n"
            ),
        )
    };
    for (answer, resolved, says) in [
        (
            "{ indicator = \"collapse_by\", year = 2016, above = 2.0 }",
            "2016-12-31",
            "question 3: `above = 2` on `collapse_by`, a probability: no sample can pass it",
        ),
        (
            "{ indicator = \"collapse_by\", year = 2016 }",
            "2009-13-45",
            "question 3: resolved_on = \"2009-13-45\": there is no month 13",
        ),
    ] {
        let o = forecast(&[
            "score",
            "scenarios/korea-2006.toml",
            &questions(answer, resolved),
        ]);
        assert_eq!(o.status.code(), Some(2), "{answer}");
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
    let o = forecast(&[
        "score",
        "scenarios/korea-2006.toml",
        "--samples",
        "20",
        &questions("{ outcome = \"war\", year = 2020 }", "2020-12-31"),
    ]);
    assert!(
        stdout(&o).contains("asks for the outcome `war` at the end of 2020, but the models give outcomes at the scenario's end, 2026"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_plugin_too_slow_for_the_run_is_stopped_at_the_same_sample_everywhere() {
    let slow = misbehaving("slow");
    let scenario = pledge("slow", "");
    let run = |extra: &[&str]| {
        let samples = if extra.contains(&"--mean-fuel") {
            "40"
        } else {
            "600"
        };
        let args = [
            &["compare", &scenario, "--samples", samples, "--plugin", slow][..],
            extra,
        ]
        .concat();
        forecast(&args)
    };
    // A sample costs some 1.3e8 fuel where the run allows 1e8 on average:
    // the first block spends its share at the same sample, whatever the
    // threads; the built-in models come out.
    let expect = "slow (";
    let failure = |o: &std::process::Output| {
        let out = stdout(o);
        out.lines()
            .find(|l| l.contains(expect) && l.contains("used up its fuel for the run"))
            .unwrap_or_else(|| panic!("no run-budget failure:\n{out}"))
            .to_string()
    };
    let one = run(&["--set", "levers.us_pledge=1", "--jobs", "1"]);
    assert_eq!(one.status.code(), Some(1));
    assert!(stdout(&one).lines().any(|l| l.starts_with("collapse ")));
    let line = failure(&one);
    assert!(
        line.contains("(during sample ") && line.contains("within a block of 256 calls"),
        "{line}"
    );
    assert_eq!(
        failure(&run(&["--set", "levers.us_pledge=1", "--jobs", "2"])),
        line
    );
    // Cheap enough, it runs in full; with a larger allowance, too.
    assert!(run(&["--set", "levers.us_pledge=0.05"]).status.success());
    let o = run(&["--set", "levers.us_pledge=1", "--mean-fuel", "200000000"]);
    assert!(o.status.success(), "{}", stdout(&o));
}

#[test]
fn a_long_run_says_how_long_and_shows_progress_in_a_log() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_forecast"))
        .args([
            "compare",
            "scenarios/korea-2006.toml",
            "--samples",
            "40000",
            "--jobs",
            "1",
        ])
        .current_dir(root())
        .env("FORECAST_CACHE_DIR", root().join("target/test-cache"))
        // Ten lines a second, and an estimate for runs of more than 0.6 s.
        .env("FORECAST_PROGRESS_SECONDS", "0.1")
        .output()
        .unwrap();
    assert!(o.status.success());
    let e = stderr(&o);
    assert!(
        e.lines().any(
            |l| l.starts_with("forecast: korea-2006: 120,003 model runs at about")
                && l.contains("--shard K/N splits a run")
        ),
        "{e}"
    );
    assert!(
        e.lines()
            .any(|l| l.starts_with("forecast: korea-2006: ")
                && l.contains(" of 120,003 model runs (")),
        "{e}"
    );
    // A short run prints nothing.
    let quiet = forecast(&["compare", "scenarios/korea-2006.toml", "--samples", "200"]);
    assert_eq!(stderr(&quiet), "");
}
