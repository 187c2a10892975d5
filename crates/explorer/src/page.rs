//! The page the explorer serves: one HTML file with its script and style
//! inlined, written by hand in plain JavaScript (no library, nothing
//! fetched but this server's calls).

use std::sync::LazyLock;

const HTML: &str = include_str!("../page/index.html");
const STYLE: &str = include_str!("../page/app.css");
const SCRIPT: &str = include_str!("../page/app.js");

static PAGE: LazyLock<String> = LazyLock::new(|| {
    HTML.replacen("/*STYLE*/", STYLE, 1)
        .replacen("/*SCRIPT*/", SCRIPT, 1)
});

/// The page, script and style inlined.
pub fn page() -> &'static str {
    &PAGE
}
