//! A `forecast explore` server for tests, started on a free port, and a
//! plain HTTP/1.1 client for it over a raw TCP stream (what the tests send
//! is all there is to see).

use super::root;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `forecast explore`, stopped when dropped.
pub struct Server {
    child: Child,
    /// Its standard output, kept open for as long as it runs.
    _printed: BufReader<std::process::ChildStdout>,
    /// host:port
    pub address: String,
    pub token: String,
    /// The address it printed, token included.
    pub url: String,
}

/// An answer: its status and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Server {
    /// `forecast explore ARGS` from the workspace root.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_forecast"))
            .arg("explore")
            .args(args)
            .current_dir(root())
            .env("FORECAST_CACHE_DIR", root().join("target/test-cache"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("run forecast explore");
        let mut line = String::new();
        let mut printed = BufReader::new(child.stdout.take().unwrap());
        printed.read_line(&mut line).unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address printed: {line:?}"))
            .to_string();
        let rest = url.strip_prefix("http://").unwrap();
        let (address, query) = rest.split_once("/?token=").expect("a token in the URL");
        Server {
            child,
            _printed: printed,
            address: address.to_string(),
            token: query.to_string(),
            url,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// GET `path` with the token.
    pub fn get(&self, path: &str) -> Reply {
        self.send("GET", path, &[("x-forecast-token", &self.token)], b"")
            .expect("an answer")
    }

    /// POST `body` as JSON to `path`, with the token and as `client`.
    pub fn post(&self, path: &str, client: &str, body: &Value) -> Reply {
        self.post_raw(path, client, body.to_string().as_bytes())
            .expect("an answer")
    }

    pub fn post_raw(&self, path: &str, client: &str, body: &[u8]) -> std::io::Result<Reply> {
        let headers = [
            ("x-forecast-token", self.token.as_str()),
            ("x-forecast-client", client),
            ("content-type", "application/json"),
        ];
        self.send("POST", path, &headers, body)
    }

    /// One request on its own connection.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Reply> {
        request(&self.address, method, path, headers, body)
    }
}

/// One request to `address` (host:port) on its own connection.
pub fn request(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Reply> {
    {
        let mut stream = TcpStream::connect(address)?;
        stream.set_read_timeout(Some(Duration::from_secs(300)))?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            address,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        parse(&raw)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse(raw: &[u8]) -> std::io::Result<Reply> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no status"))?;
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body).ok_or_else(|| bad("bad chunks"))?;
    }
    Ok(Reply {
        status,
        headers: head,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line = data.windows(2).position(|w| w == b"\r\n")?;
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..line]).ok()?.trim(), 16).ok()?;
        data = &data[line + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

/// The resident memory of process `pid` in KiB (Linux).
pub fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
