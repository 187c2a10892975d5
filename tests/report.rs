//! `forecast report`: the HTML file's outline as a snapshot, and the file
//! opened in a real browser (headless Chromium): no console errors, every
//! chart rendered with a non-zero size, and a screenshot to look at
//! (target/report-screenshot.png).
//!
//! Chromium comes from Debian's `chromium` package. Without it the browser
//! test says what to install and passes, unless FORECAST_REQUIRE_CHROMIUM=1
//! (as .ci/run sets), where its absence fails.

mod common;

use common::{forecast, root, stderr};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes the report of korea-2006 and neutral-zone-pledge with a sweep,
/// the sensitivity and the decision between the op-ed's policies.
fn write_report(dir: &Path) -> (PathBuf, String) {
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join("report.html");
    let o = forecast(&[
        "report",
        "scenarios/korea-2006.toml",
        "scenarios/neutral-zone-pledge.toml",
        "--sweep",
        "levers.us_pledge=0..3",
        "--sensitivity",
        "--policies",
        "policies/oped-2006.toml",
        "--samples",
        "100",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&file).unwrap();
    (file, html)
}

/// The report's headings, captions and table headers, one per line.
fn outline(html: &str) -> String {
    let mut lines = Vec::new();
    for tag in ["h1", "h2", "h3", "figcaption", "summary", "th"] {
        let open = format!("<{tag}");
        let mut rest = html;
        while let Some(start) = rest.find(&open) {
            let after = &rest[start..];
            let body_start = after.find('>').unwrap() + 1;
            let end = after.find(&format!("</{tag}>")).unwrap();
            let text = &after[body_start..end];
            // Strip inner tags.
            let mut plain = String::new();
            let mut inside = false;
            for c in text.chars() {
                match c {
                    '<' => inside = true,
                    '>' => inside = false,
                    c if !inside => plain.push(c),
                    _ => {}
                }
            }
            lines.push((start + (html.len() - rest.len()), format!("{tag}: {plain}")));
            rest = &after[end..];
        }
    }
    lines.sort();
    lines.dedup_by(|a, b| a.1 == b.1 && a.1.starts_with("th:"));
    lines
        .into_iter()
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_report_is_one_self_contained_file() {
    let dir = root().join("target/report-test-outline");
    let (_, html) = write_report(&dir);
    // Nothing fetched, nothing run.
    for forbidden in [
        "<script",
        "src=",
        "href=\"http",
        "<link",
        "<img",
        "<iframe",
        "@import",
        "url(",
    ] {
        assert!(!html.contains(forbidden), "the report holds `{forbidden}`");
    }
    // The comparison, fan charts, the sweep, the sensitivity and the
    // decision per scenario.
    assert_eq!(html.matches("<section id=\"").count(), 3);
    assert_eq!(html.matches("<svg").count(), 2 * 5);
    assert!(html.contains("Which policy holds up in every model"));
    insta::assert_snapshot!(outline(&html));
}

/// Measures every chart once the page has loaded and records any error,
/// into a <pre id="check"> that the DOM dump shows.
const PROBE: &str = r#"<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push('error: ' + e.message));
const __consoleError = console.error;
console.error = (...a) => { window.__errors.push('console.error: ' + a.join(' ')); __consoleError(...a); };
window.addEventListener('load', () => {
  const charts = [...document.querySelectorAll('svg')].map(s => {
    const r = s.getBoundingClientRect();
    return { width: r.width, height: r.height, shapes: s.querySelectorAll('rect,path,polyline,polygon,circle,line,text').length };
  });
  const pre = document.createElement('pre');
  pre.id = 'check';
  pre.textContent = JSON.stringify({ errors: window.__errors, charts });
  document.body.appendChild(pre);
});
</script>"#;

#[test]
fn the_report_renders_in_headless_chromium() {
    let Some(browser) = common::chromium("`forecast report`") else {
        return;
    };
    let dir = root().join("target/report-test-browser");
    let (file, html) = write_report(&dir);
    let probed = dir.join("probed.html");
    std::fs::write(
        &probed,
        html.replacen("<head>", &format!("<head>{PROBE}"), 1),
    )
    .unwrap();
    let profile = dir.join("profile");
    let run = |extra: &[&str], page: &Path| {
        Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=10000",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(format!("file://{}", page.display()))
            .output()
            .expect("run chromium")
    };
    let dump = run(&["--dump-dom"], &probed);
    assert!(
        dump.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let dom = String::from_utf8_lossy(&dump.stdout);
    let start = dom.find("<pre id=\"check\">").expect("the probe ran") + "<pre id=\"check\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    let check: serde_json::Value = serde_json::from_str(&text).expect("the probe's JSON");
    assert_eq!(check["errors"], serde_json::json!([]), "errors in the page");
    // The browser's own log of the page's console: no errors there either.
    let log = String::from_utf8_lossy(&dump.stderr);
    let console: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") && l.contains("ERROR"))
        .collect();
    assert!(console.is_empty(), "console errors: {console:?}");
    let charts = check["charts"].as_array().unwrap();
    assert_eq!(
        charts.len(),
        html.matches("<svg").count(),
        "every chart is in the DOM"
    );
    for (i, c) in charts.iter().enumerate() {
        let (w, h) = (c["width"].as_f64().unwrap(), c["height"].as_f64().unwrap());
        assert!(w > 100.0 && h > 100.0, "chart {i} rendered at {w} x {h}");
        assert!(
            c["shapes"].as_u64().unwrap() > 20,
            "chart {i} is nearly empty: {c}"
        );
    }
    // A screenshot of the top of the report, to look at.
    let shot = root().join("target/report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let o = run(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400",
        ],
        &file,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.len() > 50_000 && png.starts_with(b"\x89PNG"),
        "screenshot of {} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
}
