//! `forecast explore`: the token guards every route; a change in the page
//! is, to the bit, `forecast compare --set ...` with the same settings;
//! bad input is a 400 that says what to do; "save" stays in its folder and
//! writes a scenario that `compare` reproduces; the page works in headless
//! Chromium (a lever moved, the numbers equal to `compare`, no console
//! errors, a screenshot); and fifty clients at once are all answered with
//! at most one run per client and flat memory.
//!
//! Chromium comes from Debian's `chromium` package. Without it the browser
//! test says what to install and passes, unless FORECAST_REQUIRE_CHROMIUM=1
//! (as `.ci/run` sets).

mod common;

use common::server::{Server, resident_kib};
use common::{forecast, root, stderr, stdout};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SCENARIO: &str = "scenarios/korea-2006.toml";

/// `forecast compare ARGS --format json`'s one scenario, without its file
/// name (the only field that says where the file lay).
fn compare(args: &[&str]) -> Value {
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = forecast(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    scenario_of(&mut v)
}

fn scenario_of(report: &mut Value) -> Value {
    let mut s = report["scenarios"][0].take();
    s.as_object_mut().unwrap().remove("file");
    s
}

/// The explorer's run of `set` on the baseline scenario as client `client`.
fn run(server: &Server, client: &str, set: &[&str], samples: Option<u32>) -> Value {
    let reply = server.post(
        "/api/run",
        client,
        &json!({ "scenario": "korea-2006.toml", "set": set, "samples": samples }),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

#[test]
fn the_token_guards_every_route() {
    let server = Server::start(&[SCENARIO]);
    let routes = [
        ("GET", "/"),
        ("GET", "/api/state"),
        ("GET", "/api/scenario?name=korea-2006.toml"),
        ("POST", "/api/run"),
        ("POST", "/api/save"),
        ("POST", "/api/report"),
        ("POST", "/api/decide"),
        ("GET", "/api/stats"),
    ];
    for (method, path) in routes {
        let none = server.send(method, path, &[], b"{}").unwrap();
        assert_eq!(none.status, 403, "{method} {path} without a token");
        let wrong = "0".repeat(server.token.len());
        let bad = server
            .send(method, path, &[("x-forecast-token", &wrong)], b"{}")
            .unwrap();
        assert_eq!(bad.status, 403, "{method} {path} with a wrong token");
        let short = server
            .send(
                method,
                &format!("{path}?token={}", &server.token[..8]),
                &[],
                b"{}",
            )
            .unwrap();
        assert_eq!(short.status, 403, "{method} {path} with part of the token");
    }
    // The printed address opens the page: its token in the query.
    let path = server.url.split_once(&server.address).unwrap().1;
    let page = server.send("GET", path, &[], b"").unwrap();
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<script>") && page.body.contains("/api/run"));
    assert!(
        page.headers
            .to_ascii_lowercase()
            .contains("content-security-policy"),
        "{}",
        page.headers
    );
    // It is served on loopback only.
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
}

#[test]
fn a_change_is_the_compare_of_the_same_settings_to_the_bit() {
    let server = Server::start(&[SCENARIO]);
    let set = [
        "levers.us_pledge=2",
        "levers.joint_stabilisation_plan=[0, 0, 1]",
    ];
    let mut got = run(&server, "a", &set, Some(400));
    let cli = compare(&[
        SCENARIO,
        "--set",
        set[0],
        "--set",
        set[1],
        "--samples",
        "400",
    ]);
    assert_eq!(scenario_of(&mut got["report"]), cli);
    // The reference drawn beside it is the scenario as written.
    let table = got["table"].as_str().unwrap();
    let written = compare(&[SCENARIO, "--samples", "400"]);
    let first = &written["models"][0];
    assert!(first["outcomes"][0]["mean"] != cli["models"][0]["outcomes"][0]["mean"]);
    assert!(
        table.contains("class=\"change\""),
        "the table says how far each number moved"
    );
    for key in ["bars", "fans", "disagreement"] {
        assert!(got[key].as_str().unwrap().len() > 500, "{key} is drawn");
    }
    assert!(got["fans"].as_str().unwrap().contains("as written"));
    // At the scenario's own sample count, too (the page's default).
    let mut own = run(&server, "a", &["levers.china_enforcement=0.8"], None);
    assert_eq!(
        scenario_of(&mut own["report"]),
        compare(&[SCENARIO, "--set", "levers.china_enforcement=0.8"])
    );
}

#[test]
fn bad_input_is_a_400_that_says_what_to_do() {
    let server = Server::start(&[SCENARIO]);
    let refuse = |body: Value, says: &str| {
        let reply = server.post("/api/run", "a", &body);
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        let v = reply.json();
        let text = format!("{} {}", v["error"], v["hint"]);
        assert!(text.contains(says), "{body}: {text}");
        assert!(!v["hint"].as_str().unwrap().is_empty());
    };
    let at = |set: &str| json!({ "scenario": "korea-2006.toml", "set": [set] });
    refuse(at("levers.us_pledge=9"), "out of range");
    refuse(at("levers.us_pledge=-1"), "out of range");
    refuse(at("levers.us_plege=1"), "levers.us_pledge");
    refuse(at("levers.us_pledge=lots"), "levers.us_pledge");
    refuse(
        json!({ "scenario": "korea-2006.toml", "samples": 0 }),
        "samples",
    );
    refuse(
        json!({ "scenario": "korea-2006.toml", "samples": 10_000_000 }),
        "samples",
    );
    refuse(json!({ "scenario": "../Cargo.toml" }), "not a scenario");
    refuse(json!({ "scenario": "nowhere.toml" }), "not a scenario");
    refuse(
        json!({ "scenario": "korea-2006.toml", "models": ["nobody"] }),
        "nobody",
    );
    refuse(
        json!({ "scenario": "korea-2006.toml", "bogus": 1 }),
        "bogus",
    );
    let garbled = server.post_raw("/api/run", "a", b"{not json").unwrap();
    assert_eq!(garbled.status, 400, "{}", garbled.body);
    // The server is still well after all that.
    run(&server, "a", &[], Some(100));
    let stats = server.get("/api/stats").json();
    assert_eq!(stats["running"], 0);
}

/// A copy of the scenarios in a fresh folder under target/.
fn folder(name: &str) -> PathBuf {
    let dir = root().join("target").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(root().join("scenarios")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

#[test]
fn saving_stays_in_the_folder_and_compare_reproduces_it() {
    let dir = folder("explore-save");
    let first = dir.join("korea-2006.toml");
    let server = Server::start(&[first.to_str().unwrap()]);
    let settings = json!({
        "scenario": "korea-2006.toml",
        "set": ["levers.us_pledge=3", "levers.joint_stabilisation_plan={ 2007 = 0, 2009 = 1 }", "dprk.arsenal_value=0.45"],
        "samples": 300,
        "seed": 7,
    });
    let save = |name: &str| {
        server.post(
            "/api/save",
            "a",
            &json!({ "name": name, "settings": settings }),
        )
    };
    let outside = dir.parent().unwrap().join("escaped.toml");
    let _ = std::fs::remove_file(&outside);
    for name in [
        "../escaped",
        "a/b",
        "/tmp/x",
        "..",
        ".hidden",
        "",
        "x y",
        "-flag",
    ] {
        let reply = save(name);
        assert_eq!(reply.status, 400, "{name:?}: {}", reply.body);
        assert!(
            reply.json()["error"]
                .as_str()
                .unwrap()
                .contains("cannot name")
        );
    }
    assert!(!outside.exists());
    let reply = save("pledge-and-plan");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let saved = dir.join("pledge-and-plan.toml");
    assert!(saved.is_file());
    // Never over a file.
    let again = save("pledge-and-plan");
    assert_eq!(again.status, 400);
    assert!(again.json()["error"].as_str().unwrap().contains("exists"));
    let korea = save("korea-2006");
    assert_eq!(korea.status, 400);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(root().join(SCENARIO)).unwrap()
    );
    // The saved file runs to the same bits as the page's settings.
    let mut page = server.post("/api/run", "a", &settings).json();
    let from_file = compare(&[saved.to_str().unwrap()]);
    assert_eq!(scenario_of(&mut page["report"]), from_file);
    // And the page lists it.
    let state = server.get("/api/state").json();
    assert!(
        state["scenarios"]
            .as_array()
            .unwrap()
            .contains(&json!("pledge-and-plan.toml"))
    );
    // What compare would refuse is not saved.
    let wrong = server.post(
        "/api/save",
        "a",
        &json!({ "name": "wrong", "settings": { "scenario": "korea-2006.toml", "set": ["levers.us_pledge=7"] } }),
    );
    assert_eq!(wrong.status, 400);
    assert!(!dir.join("wrong.toml").exists());
}

#[test]
fn a_seed_past_two_to_the_53_stays_exact() {
    let dir = folder("explore-seed");
    let file = dir.join("korea-2006.toml");
    let big = "9007199254740993"; // 2^53 + 1: a JavaScript number cannot hold it
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("seed = 20061213", &format!("seed = {big}")),
    )
    .unwrap();
    let server = Server::start(&[file.to_str().unwrap()]);
    let shown = server.get("/api/scenario?name=korea-2006.toml").json();
    assert_eq!(shown["seed"], json!(big));
    let settings = json!({ "scenario": "korea-2006.toml", "samples": 100, "seed": big });
    let mut page = server.post("/api/run", "a", &settings).json();
    let cli = compare(&[file.to_str().unwrap(), "--samples", "100"]);
    assert_eq!(cli["seed"], json!(9007199254740993u64));
    assert_eq!(scenario_of(&mut page["report"]), cli);
    let bad = server.post(
        "/api/run",
        "a",
        &json!({ "scenario": "korea-2006.toml", "seed": "12x" }),
    );
    assert_eq!(bad.status, 400);
    assert!(
        bad.json()["error"].as_str().unwrap().contains("seed"),
        "{}",
        bad.body
    );
}

#[test]
fn the_server_outlives_the_reader_of_its_address_and_a_bare_name_is_its_folder() {
    use std::io::BufRead;
    // As `cd scenarios && forecast explore korea-2006.toml | head -1`.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_forecast"))
        .args(["explore", "korea-2006.toml"])
        .current_dir(root().join("scenarios"))
        .env("FORECAST_CACHE_DIR", root().join("target/test-cache"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // The reader is gone; the server stays.
    std::thread::sleep(Duration::from_millis(300));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap();
    let (address, token) = url["http://".len()..].split_once("/?token=").unwrap();
    let state = common::server::request(
        address,
        "GET",
        "/api/state",
        &[("x-forecast-token", token)],
        b"",
    );
    let _ = child.kill();
    let _ = child.wait();
    let state = state.expect("the server still answers").json();
    assert_eq!(state["first"], json!("korea-2006.toml"));
    assert_eq!(state["folder"], json!("."));
}

#[test]
fn the_report_and_the_policies_of_the_settings() {
    let server = Server::start(&[SCENARIO, "--policies", "policies/oped-2006.toml"]);
    let settings =
        json!({ "scenario": "korea-2006.toml", "set": ["levers.us_pledge=1"], "samples": 200 });
    let report = server.post("/api/report", "a", &settings);
    assert_eq!(report.status, 200, "{}", report.body);
    assert!(report.headers.contains("korea-2006-report.html"));
    assert!(report.body.starts_with("<!DOCTYPE html>") && report.body.matches("<svg").count() >= 2);
    let decided = server.post("/api/decide", "a", &settings);
    assert_eq!(decided.status, 200, "{}", decided.body);
    let d = decided.json();
    let table = d["table"].as_str().unwrap();
    assert!(
        table.contains("remedy") && table.contains("status-quo"),
        "{table}"
    );
    assert!(d["svg"].as_str().unwrap().contains("<svg"));
    // The state says the page may ask for it.
    assert_eq!(
        server.get("/api/state").json()["policies"],
        json!("policies/oped-2006.toml")
    );
}

#[test]
fn a_missing_scenario_or_port_in_use_is_a_clear_error() {
    let o = forecast(&["explore", "scenarios/nowhere.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("nowhere.toml"), "{}", stderr(&o));
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let o = forecast(&["explore", SCENARIO, "--port", &port]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--port"), "{}", stderr(&o));
}

/// The page's value of `expression` (JSON).
fn eval(tab: &headless_chrome::Tab, expression: &str) -> Value {
    let object = tab
        .evaluate(&format!("JSON.stringify({expression})"), true)
        .unwrap_or_else(|e| panic!("{expression}: {e}"));
    let text = object.value.and_then(|v| v.as_str().map(String::from));
    text.map_or(Value::Null, |t| serde_json::from_str(&t).unwrap())
}

/// Waits until `condition` holds in the page.
fn wait_for(tab: &headless_chrome::Tab, condition: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while eval(tab, condition) != json!(true) {
        assert!(Instant::now() < deadline, "waited a minute for {condition}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Every cell the page's table shows: (model, outcome, exact mean).
fn shown(tab: &headless_chrome::Tab) -> Vec<(String, String, f64)> {
    let cells = eval(
        tab,
        "[...document.querySelectorAll('#table td[data-mean]')].map(td => [td.closest('tr').dataset.model, td.dataset.outcome, td.dataset.mean])",
    );
    cells
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c[0].as_str().unwrap().to_string(),
                c[1].as_str().unwrap().to_string(),
                c[2].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect()
}

/// `forecast compare` with the settings the page last ran.
fn compare_asked(asked: &Value) -> Value {
    let mut args: Vec<String> = vec![SCENARIO.into()];
    for s in asked["set"].as_array().unwrap() {
        args.push("--set".into());
        args.push(s.as_str().unwrap().into());
    }
    for key in ["samples", "seed"] {
        let given = asked[key]
            .as_u64()
            .or_else(|| asked[key].as_str()?.parse().ok());
        if let Some(n) = given {
            args.push(format!("--{key}"));
            args.push(n.to_string());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    compare(&args)
}

/// Each cell's mean equals compare's, to the bit.
fn assert_same_numbers(cells: &[(String, String, f64)], cli: &Value) {
    assert!(cells.len() >= 4 * 7, "{} cells", cells.len());
    for (model, outcome, mean) in cells {
        let expected = if model == "ensemble" {
            cli["ensemble"]["outcomes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["outcome"] == json!(outcome))
                .unwrap()["probability"]
                .as_f64()
        } else {
            cli["models"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["id"] == json!(model))
                .unwrap()["outcomes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["outcome"] == json!(outcome))
                .unwrap()["mean"]
                .as_f64()
        };
        assert_eq!(Some(*mean), expected, "{model} {outcome}");
    }
}

#[test]
fn the_page_works_in_headless_chromium() {
    let Some(path) = common::chromium("`forecast explore`") else {
        return;
    };
    use headless_chrome::protocol::cdp::types::Event;
    use headless_chrome::{Browser, LaunchOptions};
    let server = Server::start(&[SCENARIO]);
    // Chromium now and then refuses the first tab of a fresh launch: try
    // the launch again, up to three times, before failing.
    let launch = || -> Result<(Browser, Arc<headless_chrome::Tab>), String> {
        let browser = Browser::new(LaunchOptions {
            headless: true,
            sandbox: false,
            path: Some(path.clone()),
            window_size: Some((1400, 1700)),
            idle_browser_timeout: Duration::from_secs(300),
            ..Default::default()
        })
        .map_err(|e| format!("start chromium: {e}"))?;
        let tab = browser.new_tab().map_err(|e| format!("open a tab: {e}"))?;
        Ok((browser, tab))
    };
    let (_browser, tab) = (0..3)
        .find_map(|attempt| match launch() {
            Ok(b) => Some(Ok(b)),
            Err(e) if attempt < 2 => {
                eprintln!("{e}; trying again");
                None
            }
            Err(e) => Some(Err(e)),
        })
        .unwrap()
        .unwrap_or_else(|e| panic!("{e}"));
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = errors.clone();
    tab.add_event_listener(Arc::new(move |event: &Event| {
        let said = match event {
            Event::RuntimeExceptionThrown(e) => {
                Some(format!("exception: {:?}", e.params.exception_details.text))
            }
            Event::RuntimeConsoleAPICalled(e)
                if format!("{:?}", e.params.Type)
                    .to_lowercase()
                    .contains("error") =>
            {
                Some(format!(
                    "console.error: {:?}",
                    e.params.args.first().and_then(|a| a.value.clone())
                ))
            }
            Event::LogEntryAdded(e)
                if format!("{:?}", e.params.entry.level)
                    .to_lowercase()
                    .contains("error") =>
            {
                Some(format!("log: {}", e.params.entry.text))
            }
            _ => None,
        };
        if let Some(s) = said {
            sink.lock().unwrap().push(s);
        }
    }))
    .expect("listen to the page's console");
    tab.enable_runtime().expect("the runtime domain");
    tab.enable_log().expect("the log domain");
    tab.navigate_to(&server.url).expect("open the page");
    tab.wait_until_navigated().expect("the page loads");
    wait_for(&tab, "document.body.dataset.state === 'shown'");
    // The controls are built from the models' declarations, levers first.
    let groups = eval(
        &tab,
        "[...document.querySelectorAll('details.group > summary')].map(s => s.textContent)",
    );
    assert!(
        groups[0].as_str().unwrap().starts_with("Levers"),
        "{groups}"
    );
    let hover = eval(
        &tab,
        "document.querySelector('.control[data-name=\"levers.us_pledge\"]').title",
    );
    assert!(hover.as_str().unwrap().contains("source:"), "{hover}");
    // Move a lever with the keyboard, as a user would; time each update.
    let slider = tab
        .find_element("input[aria-label=\"levers.us_pledge\"]")
        .unwrap();
    let mut times = Vec::new();
    for key in [
        "ArrowRight",
        "ArrowRight",
        "ArrowLeft",
        "ArrowRight",
        "ArrowRight",
        "ArrowLeft",
    ] {
        let before = eval(&tab, "Number(document.body.dataset.seq)")
            .as_u64()
            .unwrap();
        slider.focus().unwrap();
        tab.press_key(key).unwrap();
        wait_for(
            &tab,
            &format!(
                "document.body.dataset.state === 'shown' && Number(document.body.dataset.seq) > {before}"
            ),
        );
        times.push(eval(&tab, "window.forecastShown").clone());
    }
    let last = times.last().unwrap();
    let asked = &last["asked"];
    assert_eq!(asked["set"], json!(["levers.us_pledge=2"]), "{asked}");
    assert_same_numbers(&shown(&tab), &compare_asked(asked));
    let mut ms: Vec<f64> = times.iter().map(|t| t["ms"].as_f64().unwrap()).collect();
    let server_ms: Vec<f64> = times
        .iter()
        .map(|t| t["server_ms"].as_f64().unwrap())
        .collect();
    ms.sort_by(f64::total_cmp);
    eprintln!(
        "from the key press to the chart drawn: median {:.0} ms, max {:.0} ms (the runs: {:?} ms), over {} changes at the scenario's {} samples",
        ms[ms.len() / 2],
        ms[ms.len() - 1],
        server_ms.iter().map(|m| m.round()).collect::<Vec<_>>(),
        ms.len(),
        1000
    );
    assert_eq!(
        *errors.lock().unwrap(),
        Vec::<String>::new(),
        "errors in the page"
    );
    // Every chart is drawn at a readable size.
    let charts = eval(
        &tab,
        "[...document.querySelectorAll('#results svg')].map(s => { const r = s.getBoundingClientRect(); return [r.width, r.height, s.querySelectorAll('rect,path,line,text,polyline').length]; })",
    );
    assert!(charts.as_array().unwrap().len() >= 2, "{charts}");
    for c in charts.as_array().unwrap() {
        assert!(
            c[0].as_f64().unwrap() > 300.0 && c[1].as_f64().unwrap() > 100.0,
            "{c}"
        );
        assert!(c[2].as_u64().unwrap() > 20, "{c}");
    }
    // The policies of policies/oped-2006.toml, weighed under these settings.
    tab.find_element("#decide").unwrap().click().unwrap();
    wait_for(&tab, "!document.getElementById('decision').hidden");
    let policies = eval(
        &tab,
        "document.getElementById('decision-table').textContent",
    );
    assert!(policies.as_str().unwrap().contains("remedy"), "{policies}");
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#decision-svg svg').length"
        ),
        json!(1)
    );
    assert_eq!(
        *errors.lock().unwrap(),
        Vec::<String>::new(),
        "errors in the page"
    );
    let shot = root().join("target/explore-screenshot.png");
    let png = tab
        .capture_screenshot(
            headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption::Png,
            None,
            None,
            true,
        )
        .unwrap();
    std::fs::write(&shot, &png).unwrap();
    assert!(
        png.len() > 50_000 && png.starts_with(b"\x89PNG"),
        "{} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
    // A value out of range: the page says so, and nothing else breaks.
    let number = tab
        .find_element(".control[data-name=\"levers.us_pledge\"] input[type=number]")
        .unwrap();
    number.click().unwrap();
    tab.press_key("End").unwrap();
    tab.type_str("7").unwrap();
    tab.press_key("Tab").unwrap();
    wait_for(&tab, "document.body.dataset.state === 'refused'");
    let problem = eval(
        &tab,
        "[document.getElementById('problem').hidden, document.getElementById('problem').textContent]",
    );
    assert_eq!(problem[0], json!(false));
    assert!(
        problem[1].as_str().unwrap().contains("out of range"),
        "{problem}"
    );
    // The browser logs the refused request (a 400) and nothing else.
    let errors = errors.lock().unwrap().clone();
    assert!(
        errors.iter().all(|e| e.contains("400")),
        "errors in the page: {errors:?}"
    );
}

/// Percentile `q` of sorted `values`.
fn percentile(values: &[f64], q: f64) -> f64 {
    values[((values.len() - 1) as f64 * q).round() as usize]
}

#[test]
fn fifty_clients_for_twenty_seconds_are_all_answered() {
    let server = Arc::new(Server::start(&[SCENARIO]));
    // Warm up: the models compiled, the baseline kept.
    run(&server, "warm", &[], None);
    let pid = server.pid();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(20);
    let latencies: Arc<Mutex<Vec<f64>>> = Arc::default();
    let statuses: Arc<Mutex<Vec<u16>>> = Arc::default();
    let failures: Arc<Mutex<Vec<String>>> = Arc::default();
    let memory: Arc<Mutex<Vec<(f64, u64)>>> = Arc::default();
    let monitor = {
        let memory = memory.clone();
        let server = server.clone();
        std::thread::spawn(move || {
            let mut most = 0u64;
            while Instant::now() < deadline + Duration::from_secs(1) {
                if let Some(kib) = resident_kib(pid) {
                    memory
                        .lock()
                        .unwrap()
                        .push((started.elapsed().as_secs_f64(), kib));
                }
                let stats = server.get("/api/stats").json();
                most = most.max(stats["running"].as_u64().unwrap());
                std::thread::sleep(Duration::from_millis(250));
            }
            most
        })
    };
    std::thread::scope(|scope| {
        for c in 0..50u32 {
            let (server, latencies, statuses, failures) =
                (&server, &latencies, &statuses, &failures);
            scope.spawn(move || {
                let client = format!("client-{c}");
                let mut k = c;
                while Instant::now() < deadline {
                    // A burst of changes (a slider dragged): each newer one
                    // overtakes the one before; then a pause.
                    std::thread::scope(|burst| {
                        for step in 0..3u32 {
                            k += 1;
                            let body = json!({
                                "scenario": "korea-2006.toml",
                                "set": [format!("levers.us_pledge={}", k % 4), format!("levers.china_enforcement={}", (k % 10) as f64 / 10.0)],
                            });
                            let client = client.clone();
                            burst.spawn(move || {
                                let sent = Instant::now();
                                match server.post_raw("/api/run", &client, body.to_string().as_bytes()) {
                                    Ok(r) => {
                                        statuses.lock().unwrap().push(r.status);
                                        if r.status == 200 {
                                            latencies.lock().unwrap().push(sent.elapsed().as_secs_f64());
                                        }
                                    }
                                    Err(e) => failures.lock().unwrap().push(e.to_string()),
                                }
                            });
                            std::thread::sleep(Duration::from_millis(40 + 10 * step as u64));
                        }
                    });
                    std::thread::sleep(Duration::from_millis(100 + (c as u64 * 7) % 200));
                }
            });
        }
    });
    let most_running = monitor.join().unwrap();
    let stats = server.get("/api/stats").json();
    let statuses = statuses.lock().unwrap().clone();
    let failures = failures.lock().unwrap().clone();
    assert!(failures.is_empty(), "unanswered: {failures:?}");
    let other: Vec<&u16> = statuses
        .iter()
        .filter(|s| **s != 200 && **s != 409)
        .collect();
    assert!(other.is_empty(), "answers neither 200 nor 409: {other:?}");
    let ok = statuses.iter().filter(|s| **s == 200).count();
    let overtaken = statuses.len() - ok;
    assert!(ok >= 50, "{ok} runs drawn");
    assert!(overtaken > 0, "no run was overtaken");
    assert_eq!(stats["most_running_per_client"], 1, "{stats}");
    assert!(most_running <= 1, "{most_running} runs at once");
    assert_eq!(stats["running"], 0, "{stats}");
    let mut lat = latencies.lock().unwrap().clone();
    lat.sort_by(f64::total_cmp);
    let memory = memory.lock().unwrap().clone();
    let mean = |from: f64, to: f64| {
        let v: Vec<u64> = memory
            .iter()
            .filter(|(t, _)| *t >= from && *t < to)
            .map(|m| m.1)
            .collect();
        v.iter().sum::<u64>() as f64 / v.len().max(1) as f64
    };
    let (early, late) = (mean(2.0, 7.0), mean(15.0, 21.0));
    let peak = memory.iter().map(|m| m.1).max().unwrap_or(0);
    eprintln!(
        "50 clients, 20 s: {} requests, {ok} drawn, {overtaken} overtaken (409); latency of the drawn: p50 {:.2} s, p95 {:.2} s; resident memory {:.0} MiB at 2-7 s, {:.0} MiB at 15-21 s, peak {:.0} MiB",
        statuses.len(),
        percentile(&lat, 0.5),
        percentile(&lat, 0.95),
        early / 1024.0,
        late / 1024.0,
        peak as f64 / 1024.0,
    );
    assert!(
        late <= early * 1.25 + 20.0 * 1024.0,
        "memory grew: {early} KiB then {late} KiB"
    );
}
