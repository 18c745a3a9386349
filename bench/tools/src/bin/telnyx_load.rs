//! Load, concurrency and hostile-input runs against a live telnyx-mock.
//!
//! ```text
//! telnyx-load --url http://127.0.0.1:4010 [--requests 1000000] [--connections 64]
//!             [--creates 1000] [--pid PID] [--api-key KEY] [--json FILE] [--markdown FILE]
//! ```
//!
//! Three phases, each asserted:
//! 1. **load**: `--requests` mixed reads, lists and writes over `--connections`
//!    keep-alive connections; every answer must be a 200. With `--pid`, the
//!    server's RSS is sampled throughout and must stay flat after warm-up.
//!    The writes change state without growing it (update, channel limit,
//!    disable/enable), so flat memory is a fair expectation.
//! 2. **creates**: `--creates` creates fired at once, each on its own
//!    connection; afterwards exactly that many new accounts exist, every id
//!    listed once.
//! 3. **hostile**: malformed JSON, invalid UTF-8, a 10 MB body, wrong content
//!    types, absurd query values, unknown methods; each must get a 4xx in
//!    Telnyx's error format, and the server must answer a normal request after
//!    each one.
//!
//! Exit status 0 only when every phase passed.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

// ---------------------------------------------------------------- arguments

struct Args {
    url: String,
    requests: u64,
    connections: usize,
    creates: usize,
    pid: Option<u32>,
    api_key: String,
    json: Option<String>,
    markdown: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        url: String::new(),
        requests: 1_000_000,
        connections: 64,
        creates: 1_000,
        pid: None,
        api_key: "soak-test-key".into(),
        json: None,
        markdown: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => a.url = value()?,
            "--requests" => a.requests = value()?.parse().map_err(|e| format!("--requests: {e}"))?,
            "--connections" => a.connections = value()?.parse().map_err(|e| format!("--connections: {e}"))?,
            "--creates" => a.creates = value()?.parse().map_err(|e| format!("--creates: {e}"))?,
            "--pid" => a.pid = Some(value()?.parse().map_err(|e| format!("--pid: {e}"))?),
            "--api-key" => a.api_key = value()?,
            "--json" => a.json = Some(value()?),
            "--markdown" => a.markdown = Some(value()?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if a.url.is_empty() {
        return Err("--url is required".into());
    }
    if a.connections == 0 {
        return Err("--connections must be at least 1".into());
    }
    Ok(a)
}

// ---------------------------------------------------------------- a tiny client

/// Where to connect and what to put before every path (`/v2` or nothing).
#[derive(Clone)]
struct Target {
    authority: String,
    base_path: String,
    auth: HeaderValue,
}

impl Target {
    fn parse(url: &str, api_key: &str) -> Result<Self, String> {
        let rest = url.strip_prefix("http://").ok_or("only http:// URLs are supported")?;
        let (authority, path) =
            rest.split_once('/').map(|(a, p)| (a, format!("/{p}"))).unwrap_or((rest, String::new()));
        let auth = HeaderValue::from_str(&format!("Bearer {api_key}")).map_err(|e| format!("api key: {e}"))?;
        Ok(Target { authority: authority.into(), base_path: path.trim_end_matches('/').into(), auth })
    }
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: Bytes,
}

/// One keep-alive HTTP/1.1 connection that reconnects when the server closed it.
struct Conn {
    target: Target,
    sender: Option<SendRequest<Full<Bytes>>>,
    reconnects: u64,
}

impl Conn {
    fn new(target: Target) -> Self {
        Conn { target, sender: None, reconnects: 0 }
    }

    async fn connect(&mut self) -> Result<(), String> {
        let stream = TcpStream::connect(&self.target.authority).await.map_err(|e| format!("connect: {e}"))?;
        let _ = stream.set_nodelay(true);
        let (sender, conn) = http1::handshake(TokioIo::new(stream)).await.map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        self.sender = Some(sender);
        Ok(())
    }

    async fn send(&mut self, spec: &Req) -> Result<Answer, String> {
        if self.sender.as_ref().is_none_or(|s| s.is_closed()) {
            if self.sender.is_some() {
                self.reconnects += 1;
            }
            self.connect().await?;
        }
        let sender = self.sender.as_mut().ok_or("no connection")?;
        sender.ready().await.map_err(|e| format!("connection not ready: {e}"))?;
        let uri = format!("{}{}", self.target.base_path, spec.path);
        let mut builder = Request::builder().method(spec.method.clone()).uri(uri).header(HOST, &self.target.authority);
        if spec.auth {
            builder = builder.header(AUTHORIZATION, self.target.auth.clone());
        }
        if let Some(ct) = spec.content_type {
            builder = builder.header(CONTENT_TYPE, ct);
        }
        let req = builder.body(Full::new(spec.body.clone())).map_err(|e| format!("request: {e}"))?;
        let res = sender.send_request(req).await.map_err(|e| {
            self.sender = None;
            format!("send: {e}")
        })?;
        let status = res.status();
        let content_type = res.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let body = res.into_body().collect().await.map_err(|e| format!("body: {e}"))?.to_bytes();
        Ok(Answer { status, content_type, body })
    }
}

#[derive(Clone)]
struct Req {
    method: Method,
    path: String,
    content_type: Option<&'static str>,
    body: Bytes,
    auth: bool,
}

impl Req {
    fn get(path: impl Into<String>) -> Self {
        Req { method: Method::GET, path: path.into(), content_type: None, body: Bytes::new(), auth: true }
    }
    fn json(method: Method, path: impl Into<String>, body: impl Into<Bytes>) -> Self {
        Req { method, path: path.into(), content_type: Some("application/json"), body: body.into(), auth: true }
    }
    fn raw(
        method: Method,
        path: impl Into<String>,
        content_type: Option<&'static str>,
        body: impl Into<Bytes>,
    ) -> Self {
        Req { method, path: path.into(), content_type, body: body.into(), auth: true }
    }
}

async fn get_json(conn: &mut Conn, path: &str) -> Result<Value, String> {
    let ans = conn.send(&Req::get(path)).await?;
    if ans.status != StatusCode::OK {
        return Err(format!("GET {path}: {} {}", ans.status, String::from_utf8_lossy(&ans.body)));
    }
    serde_json::from_slice(&ans.body).map_err(|e| format!("GET {path}: not JSON: {e}"))
}

/// Every item of a paginated list, following `meta` (bounded, in case it never ends).
async fn list_all(conn: &mut Conn, path: &str) -> Result<Vec<Value>, String> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    for page in 1..=10_000u32 {
        let body = get_json(conn, &format!("{path}{sep}page[size]=250&page[number]={page}")).await?;
        let data = body["data"].as_array().cloned().unwrap_or_default();
        let total_pages = body["meta"]["total_pages"].as_u64().unwrap_or(0);
        let empty = data.is_empty();
        items.extend(data);
        if empty || u64::from(page) >= total_pages {
            return Ok(items);
        }
    }
    Err(format!("{path}: more than 10,000 pages"))
}

fn ids_of(items: &[Value]) -> Vec<String> {
    items.iter().filter_map(|v| v["id"].as_str().map(str::to_owned)).collect()
}

// ---------------------------------------------------------------- memory

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn alive(pid: u32) -> bool {
    std::fs::metadata(format!("/proc/{pid}")).is_ok()
        && std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| !s.rsplit(')').next().unwrap_or("").trim_start().starts_with('Z'))
            .unwrap_or(false)
}

#[derive(Clone, Copy)]
struct Sample {
    secs: f64,
    done: u64,
    rss_kib: u64,
}

// ---------------------------------------------------------------- phase 1: load

const OPS: [&str; 10] = [
    "retrieve account",
    "list accounts (20)",
    "list accounts (250)",
    "list users",
    "retrieve user",
    "allocatable channels",
    "update account",
    "update channel limit",
    "disable account",
    "enable account",
];

/// The mix, out of 20: 45 % retrieves, 15 % small pages, 5 % each of the rest.
fn op_for(i: u64) -> usize {
    match i % 20 {
        0..=8 => 0,
        9..=11 => 1,
        12 => 2,
        13 => 3,
        14 => 4,
        15 => 5,
        16 => 6,
        17 => 7,
        18 => 8,
        _ => 9,
    }
}

/// What the load phase aims at, read from the mock before it starts.
struct Plan {
    /// Every listed account: the reads.
    accounts: Vec<String>,
    /// Accounts that were enabled at the start: only these are disabled and
    /// re-enabled (a cancelled or blocked account rightly refuses both).
    writable: Vec<String>,
    users: Vec<String>,
    pages: u64,
    /// The few accounts whose channel limit changes, and the largest limit that
    /// keeps the sum within the manager's allocatable channels.
    channel_targets: Vec<String>,
    channel_max: u64,
}

fn request_for(op: usize, i: u64, plan: &Plan) -> Req {
    let k = (i / 20) as usize;
    let acc = &plan.accounts[k % plan.accounts.len()];
    let w = &plan.writable[k % plan.writable.len()];
    match op {
        0 => Req::get(format!("/managed_accounts/{acc}")),
        1 => Req::get(format!("/managed_accounts?page[size]=20&page[number]={}", 1 + (i / 20) % plan.pages.max(1))),
        2 => Req::get("/managed_accounts?page[size]=250"),
        3 => Req::get("/organizations/users?page[size]=20"),
        4 => Req::get(format!("/organizations/users/{}?include_groups=true", plan.users[k % plan.users.len()])),
        5 => Req::get("/managed_accounts/allocatable_global_outbound_channels"),
        6 => Req::json(
            Method::PATCH,
            format!("/managed_accounts/{w}"),
            format!(r#"{{"managed_account_allow_custom_pricing":{}}}"#, i % 40 < 20),
        ),
        7 => Req::json(
            Method::PATCH,
            format!(
                "/managed_accounts/{}/update_global_channel_limit",
                plan.channel_targets[k % plan.channel_targets.len()]
            ),
            format!(r#"{{"channel_limit":{}}}"#, (i / 20) % (plan.channel_max + 1)),
        ),
        8 => Req::json(Method::POST, format!("/managed_accounts/{w}/actions/disable"), ""),
        _ => Req::json(Method::POST, format!("/managed_accounts/{w}/actions/enable"), "{}"),
    }
}

async fn make_plan(target: &Target) -> Result<Plan, String> {
    let mut probe = Conn::new(target.clone());
    let accounts = ids_of(&list_all(&mut probe, "/managed_accounts").await?);
    let writable = ids_of(&list_all(&mut probe, "/managed_accounts?filter[status][eq]=enabled").await?);
    let users = ids_of(&list_all(&mut probe, "/organizations/users").await?);
    if accounts.is_empty() || writable.is_empty() || users.is_empty() {
        return Err(format!(
            "the mock needs seeded accounts, enabled accounts and users (found {}, {} and {})",
            accounts.len(),
            writable.len(),
            users.len()
        ));
    }
    let channels = get_json(&mut probe, "/managed_accounts/allocatable_global_outbound_channels").await?;
    let spare = channels["data"]["allocatable_global_outbound_channels"]
        .as_u64()
        .unwrap_or(0)
        .saturating_sub(channels["data"]["total_global_channels_allocated"].as_u64().unwrap_or(u64::MAX));
    let channel_targets: Vec<String> = writable.iter().take(8).cloned().collect();
    let channel_max = (spare / channel_targets.len() as u64).min(10);
    let pages = (accounts.len() as u64).div_ceil(20);
    Ok(Plan { accounts, writable, users, pages, channel_targets, channel_max })
}

#[derive(Default)]
struct WorkerResult {
    latencies_us: Vec<u32>,
    per_op: [u64; 10],
    errors: u64,
    error_samples: Vec<String>,
    reconnects: u64,
}

struct LoadReport {
    requests: u64,
    errors: u64,
    error_samples: Vec<String>,
    reconnects: u64,
    per_op: [u64; 10],
    secs: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    samples: Vec<Sample>,
    memory_flat: Option<bool>,
    memory_note: String,
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[idx]) / 1000.0
}

/// Flat means: from the first sample after 20 % of the requests to the last,
/// RSS grew by at most 10 % or 16 MiB, whichever is larger.
fn judge_memory(samples: &[Sample], total: u64) -> (Option<bool>, String) {
    let warm = samples.iter().find(|s| s.done >= total / 5);
    let (Some(warm), Some(last)) = (warm, samples.last()) else {
        return (None, "not sampled (no --pid, or the run was too short)".into());
    };
    let max = samples.iter().map(|s| s.rss_kib).max().unwrap_or(0);
    let allowed = (warm.rss_kib / 10).max(16 * 1024);
    let grown = last.rss_kib.saturating_sub(warm.rss_kib);
    let flat = grown <= allowed;
    (
        Some(flat),
        format!(
            "RSS after warm-up ({} requests) {:.1} MiB, at the end {:.1} MiB, peak {:.1} MiB: growth {:.1} MiB (allowed {:.1} MiB)",
            warm.done,
            warm.rss_kib as f64 / 1024.0,
            last.rss_kib as f64 / 1024.0,
            max as f64 / 1024.0,
            grown as f64 / 1024.0,
            allowed as f64 / 1024.0
        ),
    )
}

async fn phase_load(args: &Args, target: &Target) -> Result<LoadReport, String> {
    let plan = Arc::new(make_plan(target).await?);

    let next = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let total = args.requests;

    let sampler = args.pid.map(|pid| {
        let done = done.clone();
        tokio::spawn(async move {
            let mut samples = Vec::new();
            loop {
                let d = done.load(Ordering::Relaxed);
                if let Some(rss) = rss_kib(pid) {
                    samples.push(Sample { secs: start.elapsed().as_secs_f64(), done: d, rss_kib: rss });
                }
                if d >= total {
                    return samples;
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        })
    });

    let mut workers = Vec::new();
    for _ in 0..args.connections {
        let (next, done, plan, target) = (next.clone(), done.clone(), plan.clone(), target.clone());
        workers.push(tokio::spawn(async move {
            let mut conn = Conn::new(target);
            let mut r = WorkerResult { latencies_us: Vec::with_capacity(1 << 14), ..Default::default() };
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let op = op_for(i);
                let req = request_for(op, i, &plan);
                let t = Instant::now();
                let outcome = conn.send(&req).await;
                r.latencies_us.push(t.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                r.per_op[op] += 1;
                let failure = match outcome {
                    Ok(a) if a.status == StatusCode::OK => None,
                    Ok(a) => Some(format!(
                        "{} {} -> {} {}",
                        req.method,
                        req.path,
                        a.status,
                        String::from_utf8_lossy(&a.body[..a.body.len().min(200)])
                    )),
                    Err(e) => Some(format!("{} {} -> {e}", req.method, req.path)),
                };
                if let Some(f) = failure {
                    r.errors += 1;
                    if r.error_samples.len() < 5 {
                        r.error_samples.push(f);
                    }
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
            r.reconnects = conn.reconnects;
            r
        }));
    }
    let mut all = WorkerResult::default();
    for w in workers {
        let r = w.await.map_err(|e| format!("worker: {e}"))?;
        all.latencies_us.extend(r.latencies_us);
        for (a, b) in all.per_op.iter_mut().zip(r.per_op) {
            *a += b;
        }
        all.errors += r.errors;
        all.reconnects += r.reconnects;
        all.error_samples.extend(r.error_samples.into_iter().take(5usize.saturating_sub(all.error_samples.len())));
    }
    let secs = start.elapsed().as_secs_f64();
    let samples = match sampler {
        Some(s) => s.await.map_err(|e| format!("sampler: {e}"))?,
        None => Vec::new(),
    };
    all.latencies_us.sort_unstable();
    let (memory_flat, memory_note) = judge_memory(&samples, total);
    Ok(LoadReport {
        requests: all.latencies_us.len() as u64,
        errors: all.errors,
        error_samples: all.error_samples,
        reconnects: all.reconnects,
        per_op: all.per_op,
        secs,
        p50_ms: percentile(&all.latencies_us, 0.50),
        p99_ms: percentile(&all.latencies_us, 0.99),
        max_ms: percentile(&all.latencies_us, 1.0),
        samples,
        memory_flat,
        memory_note,
    })
}

// ---------------------------------------------------------------- phase 2: concurrent creates

struct CreatesReport {
    fired: usize,
    ok: usize,
    unique_ids: usize,
    total_before: u64,
    total_after: u64,
    listed_once: usize,
    failures: Vec<String>,
    secs: f64,
}

impl CreatesReport {
    fn passed(&self) -> bool {
        self.ok == self.fired
            && self.unique_ids == self.fired
            && self.total_after == self.total_before + self.fired as u64
            && self.listed_once == self.fired
            && self.failures.is_empty()
    }
}

async fn total_accounts(conn: &mut Conn) -> Result<u64, String> {
    let body = get_json(conn, "/managed_accounts?page[size]=1&include_cancelled_accounts=true").await?;
    body["meta"]["total_results"].as_u64().ok_or_else(|| "list meta has no total_results".into())
}

async fn phase_creates(n: usize, target: &Target) -> Result<CreatesReport, String> {
    let mut probe = Conn::new(target.clone());
    let total_before = total_accounts(&mut probe).await?;
    let tag = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);

    // Every task connects first, then all send at the same instant.
    let barrier = Arc::new(tokio::sync::Barrier::new(n));
    let start = Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let (barrier, target) = (barrier.clone(), target.clone());
            tokio::spawn(async move {
                let mut conn = Conn::new(target);
                let connected = conn.connect().await;
                barrier.wait().await;
                connected?;
                let body = format!(r#"{{"business_name":"Soak {tag} #{i}","email":"soak-{tag}-{i}@example.com"}}"#);
                let ans = conn.send(&Req::json(Method::POST, "/managed_accounts", body)).await?;
                if ans.status != StatusCode::OK {
                    return Err(format!("create #{i}: {} {}", ans.status, String::from_utf8_lossy(&ans.body)));
                }
                let v: Value = serde_json::from_slice(&ans.body).map_err(|e| format!("create #{i}: {e}"))?;
                v["data"]["id"].as_str().map(str::to_owned).ok_or_else(|| format!("create #{i}: no data.id"))
            })
        })
        .collect();
    let mut ids = Vec::new();
    let mut failures = Vec::new();
    for t in tasks {
        match t.await {
            Ok(Ok(id)) => ids.push(id),
            Ok(Err(e)) => failures.push(e),
            Err(e) => failures.push(format!("task: {e}")),
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let unique: HashSet<&String> = ids.iter().collect();
    let total_after = total_accounts(&mut probe).await?;
    let listed = ids_of(&list_all(&mut probe, "/managed_accounts?include_cancelled_accounts=true").await?);
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &listed {
        *seen.entry(id.as_str()).or_default() += 1;
    }
    let listed_once = ids.iter().filter(|id| seen.get(id.as_str()) == Some(&1)).count();
    failures.truncate(5);
    Ok(CreatesReport {
        fired: n,
        ok: ids.len(),
        unique_ids: unique.len(),
        total_before,
        total_after,
        listed_once,
        failures,
        secs,
    })
}

// ---------------------------------------------------------------- phase 3: hostile requests

struct HostileCase {
    kind: &'static str,
    name: String,
    req: Req,
}

struct HostileResult {
    kind: &'static str,
    name: String,
    request: String,
    status: String,
    code: String,
    telnyx_format: bool,
    up_after: bool,
}

impl HostileResult {
    fn passed(&self) -> bool {
        self.status.starts_with('4') && self.telnyx_format && self.up_after
    }
}

fn hostile_cases(account: &str) -> Vec<HostileCase> {
    use Method as M;
    let mut cases = Vec::new();
    let mut add = |kind, name: &str, req| cases.push(HostileCase { kind, name: name.into(), req });
    let acc = |suffix: &str| format!("/managed_accounts/{account}{suffix}");

    // Malformed JSON.
    add("malformed JSON", "truncated object", Req::json(M::POST, "/managed_accounts", r#"{"business_name":"#));
    add("malformed JSON", "single quotes", Req::json(M::POST, "/managed_accounts", "{'business_name':'x'}"));
    add("malformed JSON", "trailing garbage", Req::json(M::POST, "/managed_accounts", r#"{"business_name":"x"}}}"#));
    add("malformed JSON", "empty body", Req::json(M::POST, "/managed_accounts", ""));
    add("malformed JSON", "JSON null", Req::json(M::POST, "/managed_accounts", "null"));
    add("malformed JSON", "JSON array", Req::json(M::POST, "/managed_accounts", "[]"));
    add("malformed JSON", "nesting 100,000 deep", Req::json(M::POST, "/managed_accounts", "[".repeat(100_000)));
    add("malformed JSON", "PATCH truncated", Req::json(M::PATCH, acc(""), r#"{"managed_account_allow_"#));
    add(
        "wrong JSON types",
        "business_name is a number",
        Req::json(M::POST, "/managed_accounts", r#"{"business_name":42}"#),
    );
    add(
        "wrong JSON types",
        "channel_limit is a string",
        Req::json(M::PATCH, acc("/update_global_channel_limit"), r#"{"channel_limit":"ten"}"#),
    );
    add(
        "wrong JSON types",
        "channel_limit is 1e20",
        Req::json(M::PATCH, acc("/update_global_channel_limit"), r#"{"channel_limit":1e20}"#),
    );
    add(
        "wrong JSON types",
        "business_name is an empty string",
        Req::json(M::POST, "/managed_accounts", r#"{"business_name":""}"#),
    );
    // Invalid UTF-8.
    add(
        "invalid UTF-8",
        "in a JSON body",
        Req::json(M::POST, "/managed_accounts", &b"{\"business_name\":\"\xff\xfe\xc3\x28\"}"[..]),
    );
    add("invalid UTF-8", "bare bytes body", Req::json(M::PATCH, acc(""), &b"\xc0\xc1\xf5\xff"[..]));
    add("invalid UTF-8", "percent-encoded in the path", Req::get("/managed_accounts/%FF%FE%C3%28"));
    add(
        "invalid UTF-8",
        "percent-encoded in a filter",
        Req::get("/managed_accounts?filter[email][contains]=%FF%FE%C3%28"),
    );
    // Huge body.
    let mut big = Vec::with_capacity(10 * 1024 * 1024 + 32);
    big.extend_from_slice(br#"{"business_name":""#);
    big.resize(10 * 1024 * 1024, b'a');
    big.extend_from_slice(br#""}"#);
    add("10 MB body", "10 MB create", Req::json(M::POST, "/managed_accounts", big));
    // Wrong content types.
    add(
        "wrong content type",
        "text/plain create",
        Req::raw(M::POST, "/managed_accounts", Some("text/plain"), "business_name=x"),
    );
    add(
        "wrong content type",
        "form-urlencoded create",
        Req::raw(M::POST, "/managed_accounts", Some("application/x-www-form-urlencoded"), "business_name=x"),
    );
    add("wrong content type", "XML update", Req::raw(M::PATCH, acc(""), Some("application/xml"), "<account/>"));
    add(
        "wrong content type",
        "multipart create",
        Req::raw(
            M::POST,
            "/managed_accounts",
            Some("multipart/form-data; boundary=x"),
            "--x\r\n\r\nbusiness_name\r\n--x--",
        ),
    );
    // Absurd query values.
    for (name, query) in [
        ("page[size]=0", "page[size]=0"),
        ("page[size]=251", "page[size]=251"),
        ("page[size]=-5", "page[size]=-5"),
        ("page[size]=abc", "page[size]=abc"),
        ("page[size]=1e9", "page[size]=1e9"),
        ("page[number]=0", "page[number]=0"),
        ("page[number]=2^64", "page[number]=18446744073709551616"),
        ("page[number]=NaN", "page[number]=NaN"),
        ("filter[status][eq]=bogus", "filter[status][eq]=bogus"),
        ("sort=password", "sort=password"),
        ("include_cancelled_accounts=maybe", "include_cancelled_accounts=maybe"),
        ("filter[email][contains]=ab (under 3 chars)", "filter[email][contains]=ab"),
    ] {
        add("absurd query value", name, Req::get(format!("/managed_accounts?{query}")));
    }
    add("absurd query value", "users page[size]=99999", Req::get("/organizations/users?page[size]=99999"));
    add(
        "absurd query value",
        "users filter[user_status]=root",
        Req::get("/organizations/users?filter[user_status]=root"),
    );
    add("absurd query value", "include_groups=2", Req::get(format!("/organizations/users/{account}?include_groups=2")));
    // Unknown methods and routes.
    let brew = Method::from_bytes(b"BREW").unwrap_or(Method::OPTIONS);
    add("unknown method", "BREW /managed_accounts", Req::raw(brew, "/managed_accounts", None, ""));
    add("unknown method", "DELETE /managed_accounts/{id}", Req::raw(M::DELETE, acc(""), None, ""));
    add("unknown method", "PUT /organizations/users", Req::json(M::PUT, "/organizations/users", "{}"));
    add("unknown method", "GET /managed_accounts/{id}/actions/disable", Req::get(acc("/actions/disable")));
    add("unknown method", "GET /no/such/route", Req::get("/no/such/route"));
    // No credentials.
    let mut no_auth = Req::get("/managed_accounts");
    no_auth.auth = false;
    add("missing credentials", "no Authorization header", no_auth);
    cases
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

/// `{"errors":[{"code": "...", "title"|"detail": ...}, ...]}`
fn telnyx_error(ans: &Answer) -> (bool, String) {
    let Ok(v) = serde_json::from_slice::<Value>(&ans.body) else { return (false, "not JSON".into()) };
    let Some(first) = v["errors"].as_array().and_then(|a| a.first()) else { return (false, "no errors[]".into()) };
    let code = match &first["code"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return (false, "no code".into()),
    };
    let titled = first["title"].is_string() || first["detail"].is_string();
    (titled && ans.content_type.starts_with("application/json"), code)
}

async fn phase_hostile(target: &Target) -> Result<Vec<HostileResult>, String> {
    let mut probe = Conn::new(target.clone());
    let account = ids_of(&list_all(&mut probe, "/managed_accounts?page[size]=1").await?)
        .into_iter()
        .next()
        .ok_or("no account to aim at")?;
    let health = Req::get(format!("/managed_accounts/{account}"));
    let mut out = Vec::new();
    for case in hostile_cases(&account) {
        // A fresh connection per case: a server may rightly close one after a bad request.
        let mut conn = Conn::new(target.clone());
        let (status, code, telnyx_format) = match conn.send(&case.req).await {
            Ok(ans) => {
                let (ok, code) = telnyx_error(&ans);
                (ans.status.as_u16().to_string(), code, ok)
            }
            Err(e) => (format!("no answer ({e})"), String::new(), false),
        };
        let mut check = Conn::new(target.clone());
        let up_after = matches!(check.send(&health).await, Ok(a) if a.status == StatusCode::OK);
        let request = format!(
            "{} {} ({} B)",
            case.req.method,
            clip(&case.req.path.replace(account.as_str(), "{id}"), 80),
            case.req.body.len()
        );
        out.push(HostileResult { kind: case.kind, name: case.name, request, status, code, telnyx_format, up_after });
    }
    Ok(out)
}

// ---------------------------------------------------------------- report

fn markdown(
    args: &Args,
    load: &LoadReport,
    creates: &CreatesReport,
    hostile: &[HostileResult],
    up: Option<bool>,
) -> String {
    let mut m = String::new();
    let yes = |b: bool| if b { "pass" } else { "**FAIL**" };
    let _ = writeln!(m, "#### Load: {} requests at {} connections\n", load.requests, args.connections);
    let _ = writeln!(m, "| measure | value |\n|---|---|");
    let _ = writeln!(m, "| requests answered | {} |", load.requests);
    let _ = writeln!(m, "| errors (non-200 or transport) | {} ({}) |", load.errors, yes(load.errors == 0));
    let _ = writeln!(m, "| reconnects | {} |", load.reconnects);
    let _ = writeln!(m, "| duration | {:.1} s |", load.secs);
    let _ = writeln!(m, "| throughput | {:.0} requests/s |", load.requests as f64 / load.secs.max(1e-9));
    let _ =
        writeln!(m, "| latency p50 / p99 / max | {:.2} / {:.2} / {:.2} ms |", load.p50_ms, load.p99_ms, load.max_ms);
    let mem = match load.memory_flat {
        Some(flat) => format!("{} ({})", load.memory_note, yes(flat)),
        None => load.memory_note.clone(),
    };
    let _ = writeln!(m, "| memory | {mem} |");
    let _ = writeln!(m, "\nMix: {}.\n", {
        let parts: Vec<String> = OPS.iter().zip(load.per_op).map(|(n, c)| format!("{n} {c}")).collect();
        parts.join(", ")
    });
    if !load.error_samples.is_empty() {
        let _ = writeln!(m, "First errors:\n");
        for e in &load.error_samples {
            let _ = writeln!(m, "- `{}`", e.replace('`', "'"));
        }
        let _ = writeln!(m);
    }
    if load.samples.len() > 1 {
        let _ = writeln!(m, "RSS samples (requests done → MiB): {}\n", {
            let step = (load.samples.len() / 10).max(1);
            let mut picks: Vec<&Sample> = load.samples.iter().step_by(step).collect();
            if let Some(last) = load.samples.last() {
                if picks.last().map(|s| s.secs) != Some(last.secs) {
                    picks.push(last);
                }
            }
            let parts: Vec<String> =
                picks.iter().map(|s| format!("{} → {:.1}", s.done, s.rss_kib as f64 / 1024.0)).collect();
            parts.join(", ")
        });
    }
    let _ = writeln!(m, "#### {} concurrent creates\n", creates.fired);
    let _ = writeln!(m, "| measure | value |\n|---|---|");
    let _ = writeln!(m, "| creates answered 200 | {} of {} |", creates.ok, creates.fired);
    let _ = writeln!(m, "| unique ids returned | {} |", creates.unique_ids);
    let _ = writeln!(
        m,
        "| accounts before → after | {} → {} (+{}) |",
        creates.total_before,
        creates.total_after,
        creates.total_after as i64 - creates.total_before as i64
    );
    let _ = writeln!(m, "| created ids listed exactly once | {} |", creates.listed_once);
    let _ = writeln!(m, "| wall time | {:.2} s |", creates.secs);
    let _ = writeln!(m, "| result | {} |", yes(creates.passed()));
    for f in &creates.failures {
        let _ = writeln!(m, "\n- `{}`", f.replace('`', "'"));
    }
    let passed = hostile.iter().filter(|h| h.passed()).count();
    let _ = writeln!(m, "\n#### Hostile requests: {passed} of {} answered correctly\n", hostile.len());
    let _ = writeln!(
        m,
        "| kind | case | request | status | Telnyx error code | Telnyx format | server up after | result |"
    );
    let _ = writeln!(m, "|---|---|---|---|---|---|---|---|");
    for h in hostile {
        let _ = writeln!(
            m,
            "| {} | {} | `{}` | {} | {} | {} | {} | {} |",
            h.kind,
            h.name.replace('|', "\\|"),
            h.request.replace('|', "\\|").replace('`', "'"),
            h.status.replace('|', "\\|"),
            h.code,
            if h.telnyx_format { "yes" } else { "no" },
            if h.up_after { "yes" } else { "no" },
            yes(h.passed())
        );
    }
    if let Some(up) = up {
        let _ = writeln!(m, "\nServer process still running at the end: {}.", if up { "yes" } else { "**no**" });
    }
    m
}

fn json_report(load: &LoadReport, creates: &CreatesReport, hostile: &[HostileResult], passed: bool) -> Value {
    serde_json::json!({
        "passed": passed,
        "load": {
            "requests": load.requests, "errors": load.errors, "reconnects": load.reconnects,
            "secs": load.secs, "rps": load.requests as f64 / load.secs.max(1e-9),
            "p50_ms": load.p50_ms, "p99_ms": load.p99_ms, "max_ms": load.max_ms,
            "memory_flat": load.memory_flat, "memory": load.memory_note,
            "rss_kib": load.samples.iter().map(|s| serde_json::json!([s.done, s.rss_kib])).collect::<Vec<_>>(),
            "error_samples": load.error_samples,
        },
        "creates": {
            "fired": creates.fired, "ok": creates.ok, "unique_ids": creates.unique_ids,
            "total_before": creates.total_before, "total_after": creates.total_after,
            "listed_once": creates.listed_once, "failures": creates.failures, "passed": creates.passed(),
        },
        "hostile": hostile.iter().map(|h| serde_json::json!({
            "kind": h.kind, "name": h.name, "request": h.request, "status": h.status, "code": h.code,
            "telnyx_format": h.telnyx_format, "up_after": h.up_after, "passed": h.passed(),
        })).collect::<Vec<_>>(),
    })
}

async fn run(args: Args) -> Result<bool, String> {
    let target = Target::parse(&args.url, &args.api_key)?;
    eprintln!("telnyx-load: {} mixed requests over {} connections ...", args.requests, args.connections);
    let load = phase_load(&args, &target).await?;
    eprintln!(
        "telnyx-load: {} requests, {} errors, {:.0} req/s, p99 {:.2} ms; {}",
        load.requests,
        load.errors,
        load.requests as f64 / load.secs.max(1e-9),
        load.p99_ms,
        load.memory_note
    );
    eprintln!("telnyx-load: {} concurrent creates ...", args.creates);
    let creates = phase_creates(args.creates, &target).await?;
    eprintln!(
        "telnyx-load: creates ok {}/{}, unique {}, total {} -> {}, listed once {}",
        creates.ok, creates.fired, creates.unique_ids, creates.total_before, creates.total_after, creates.listed_once
    );
    eprintln!("telnyx-load: hostile requests ...");
    let hostile = phase_hostile(&target).await?;
    for h in hostile.iter().filter(|h| !h.passed()) {
        eprintln!(
            "telnyx-load: hostile FAIL: {} / {}: status {} code {:?} telnyx format {} up after {}",
            h.kind, h.name, h.status, h.code, h.telnyx_format, h.up_after
        );
    }
    let up = args.pid.map(alive);
    let passed = load.errors == 0
        && load.memory_flat != Some(false)
        && creates.passed()
        && hostile.iter().all(HostileResult::passed)
        && up != Some(false);
    if let Some(path) = &args.markdown {
        std::fs::write(path, markdown(&args, &load, &creates, &hostile, up)).map_err(|e| format!("{path}: {e}"))?;
    }
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&json_report(&load, &creates, &hostile, passed)).unwrap_or_default();
        std::fs::write(path, text).map_err(|e| format!("{path}: {e}"))?;
    }
    eprintln!("telnyx-load: {}", if passed { "all phases passed" } else { "FAILED" });
    Ok(passed)
}

#[tokio::main]
async fn main() {
    let code = match parse_args() {
        Err(e) => {
            eprintln!("telnyx-load: {e}");
            2
        }
        Ok(args) => match run(args).await {
            Ok(true) => 0,
            Ok(false) => 1,
            Err(e) => {
                eprintln!("telnyx-load: {e}");
                1
            }
        },
    };
    std::process::exit(code);
}
