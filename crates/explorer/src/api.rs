//! The HTTP interface: the page at `/`, and the JSON calls it makes. Every
//! route wants the per-launch token (`?token=` or the `x-forecast-token`
//! header); bad input is a 400 with what was wrong and what to do, a run
//! overtaken by the same client's newer request a 409.

use crate::app::App;
use crate::work::{self, Asked, Problem, SaveAsked};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

type Shared = State<Arc<App>>;

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/api/state", get(state))
        .route("/api/scenario", get(scenario))
        .route("/api/run", post(run))
        .route("/api/save", post(save))
        .route("/api/report", post(report))
        .route("/api/decide", post(decide))
        .route("/api/stats", get(stats))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Lets a request through only with the launch's token.
async fn guard(State(app): Shared, request: Request, next: Next) -> Response {
    app.stats.requests.fetch_add(1, Ordering::Relaxed);
    let header = request
        .headers()
        .get("x-forecast-token")
        .and_then(|v| v.to_str().ok());
    let query = request
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("token="));
    let given = header.or(query).unwrap_or("");
    if !same(given.as_bytes(), app.token.as_bytes()) {
        app.stats.refused.fetch_add(1, Ordering::Relaxed);
        return (
            StatusCode::FORBIDDEN,
            "forbidden: this explorer answers only with the token of its address; open the URL `forecast explore` printed\n",
        )
            .into_response();
    }
    next.run(request).await
}

/// Whether `a` equals `b`, in a time that does not tell where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The page: one HTML file with its script and style, allowed to fetch
/// nothing but this server.
async fn index() -> Response {
    let mut response = (StatusCode::OK, crate::page::page()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The scenarios of the folder, the models, and whether decisions can be
/// asked.
async fn state(State(app): Shared) -> Response {
    work::state(&app).map_or_else(IntoResponse::into_response, |v| {
        axum::Json(v).into_response()
    })
}

/// A scenario's description and controls.
async fn scenario(State(app): Shared, Query(query): Query<HashMap<String, String>>) -> Response {
    let name = query.get("name").map_or("", String::as_str);
    work::scenario(&app, name).map_or_else(IntoResponse::into_response, |v| {
        axum::Json(v).into_response()
    })
}

/// Runs `work` on the settings a request asks, for its client (with a
/// `lane`, so that a report does not overtake the client's comparison).
async fn asked<T: Send + 'static>(
    app: Arc<App>,
    headers: &HeaderMap,
    lane: &str,
    body: &[u8],
    work: fn(&App, &Asked, &AtomicBool) -> Result<T, Problem>,
) -> Result<T, Problem> {
    let asked: Asked = parse(body)?;
    let client = format!("{}{lane}", client_id(headers));
    app.exclusive(&client, move |app, cancel| work(app, &asked, cancel))
        .await
}

/// The comparison of the settings asked, against the scenario as written.
async fn run(State(app): Shared, headers: HeaderMap, body: Bytes) -> Response {
    json_or_problem(asked(app, &headers, "", &body, work::compare).await)
}

/// Writes the settings asked as a scenario file in the folder.
async fn save(State(app): Shared, body: Bytes) -> Response {
    let asked: SaveAsked = match parse(&body) {
        Ok(a) => a,
        Err(p) => return p.into_response(),
    };
    let result = tokio::task::spawn_blocking(move || work::save(&app, &asked))
        .await
        .unwrap_or_else(|e| Err(Problem::internal(e.to_string())));
    json_or_problem(result)
}

/// The HTML report of the settings asked, as a file to keep.
async fn report(State(app): Shared, headers: HeaderMap, body: Bytes) -> Response {
    match asked(app, &headers, ":report", &body, work::report).await {
        Ok((name, html)) => {
            let mut response = (StatusCode::OK, html).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
                headers.insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
        Err(p) => p.into_response(),
    }
}

/// How the policies of the policies file hold up under the settings asked.
async fn decide(State(app): Shared, headers: HeaderMap, body: Bytes) -> Response {
    json_or_problem(asked(app, &headers, ":decide", &body, work::decide).await)
}

/// What the server has done, and its memory.
async fn stats(State(app): Shared) -> Response {
    let s = &app.stats;
    let n = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed);
    axum::Json(json!({
        "requests": n(&s.requests),
        "runs": n(&s.runs),
        "finished": n(&s.finished),
        "superseded": n(&s.superseded),
        "refused": n(&s.refused),
        "running": n(&s.running),
        "most_running_per_client": n(&s.most_per_client),
        "clients": app.clients.lock().map_or(0, |c| c.len()),
        "rss_kib": resident_kib(),
    }))
    .into_response()
}

/// The resident memory of this process, where the system says (Linux).
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The tab a request comes from (the page makes an id per tab).
fn client_id(headers: &HeaderMap) -> String {
    headers
        .get("x-forecast-client")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64)
        .unwrap_or("anonymous")
        .to_string()
}

/// A JSON body, or a 400 that says what is wrong with it.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    serde_json::from_slice(body).map_err(|e| {
        Problem::bad(
            format!("the request is not what the explorer expects: {e}"),
            "reload the page; a script of your own should send what the page sends",
        )
    })
}

fn json_or_problem(result: Result<Value, Problem>) -> Response {
    match result {
        Ok(v) => axum::Json(v).into_response(),
        Err(p) => p.into_response(),
    }
}
