//! The floor for the mock's throughput: a bare hyper handler that does no work
//! beyond matching a path and writing pre-rendered bytes.
//!
//! ```text
//! bare-hyper [--host 127.0.0.1] [--port 0] [--accounts 10000]
//!            [--retrieve-body FILE] [--page-body FILE]
//! ```
//!
//! With `--retrieve-body`/`--page-body` it serves exactly the bytes telnyx-mock
//! answered (the benchmark captures them first), so both servers write the same
//! payloads. Without them it renders `--accounts` synthetic accounts into pages
//! of 250 at start-up, enough for a paginating client to walk.
//!
//! Routes (with or without `/v2`): `GET /managed_accounts` (honours
//! `page[number]`) and `GET /managed_accounts/{id}`. Anything else is a 404.

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use tokio::net::TcpListener;

const PAGE_SIZE: usize = 250;

struct Bodies {
    retrieve: Bytes,
    pages: Vec<Bytes>,
}

struct Args {
    host: String,
    port: u16,
    accounts: usize,
    retrieve_body: Option<String>,
    page_body: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { host: "127.0.0.1".into(), port: 0, accounts: 10_000, retrieve_body: None, page_body: None };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--host" => args.host = value()?,
            "--port" => args.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--accounts" => args.accounts = value()?.parse().map_err(|e| format!("--accounts: {e}"))?,
            "--retrieve-body" => args.retrieve_body = Some(value()?),
            "--page-body" => args.page_body = Some(value()?),
            "-h" | "--help" => {
                println!("usage: bare-hyper [--host H] [--port P] [--accounts N] [--retrieve-body F] [--page-body F]");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn synthetic_account(i: usize) -> String {
    format!(
        concat!(
            r#"{{"record_type":"managed_account","id":"{id}","email":"user{i:05}@example.com","#,
            r#""api_user":"user{i:05}@example.com","organization_name":"Organization {i:05}","#,
            r#""manager_account_id":"00000000-0000-4000-8000-000000000000","managed_account_allow_custom_pricing":false,"#,
            r#""rollup_billing":false,"created_at":"2024-01-01T00:00:00.000Z","updated_at":"2024-01-01T00:00:00.000Z"}}"#
        ),
        id = format_args!("{:08x}-0000-4000-8000-{:012x}", i, i),
        i = i
    )
}

fn synthetic_bodies(accounts: usize) -> Bodies {
    let total_pages = accounts.div_ceil(PAGE_SIZE).max(1);
    let pages = (0..total_pages)
        .map(|p| {
            let items: Vec<String> = (p * PAGE_SIZE..((p + 1) * PAGE_SIZE).min(accounts)).map(synthetic_account).collect();
            Bytes::from(format!(
                r#"{{"data":[{}],"meta":{{"page_number":{},"page_size":{PAGE_SIZE},"total_pages":{total_pages},"total_results":{accounts}}}}}"#,
                items.join(","),
                p + 1
            ))
        })
        .collect();
    Bodies { retrieve: Bytes::from(format!(r#"{{"data":{}}}"#, synthetic_account(0))), pages }
}

/// `page[number]` (raw or percent-encoded brackets), 1 when absent or unparsable.
fn page_number(query: &str) -> usize {
    query
        .split('&')
        .find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == "page[number]" || k.eq_ignore_ascii_case("page%5Bnumber%5D")).then(|| v.parse().ok())?
        })
        .unwrap_or(1)
}

fn respond(bodies: &Bodies, req: &Request<Incoming>) -> Response<Full<Bytes>> {
    let path = req.uri().path();
    let path = path.strip_prefix("/v2").unwrap_or(path);
    let body = match path.strip_prefix("/managed_accounts") {
        Some("") | Some("/") => {
            let n = page_number(req.uri().query().unwrap_or(""));
            bodies.pages.get(n.saturating_sub(1).min(bodies.pages.len() - 1)).cloned()
        }
        Some(rest) if rest.len() > 1 && !rest[1..].contains('/') => Some(bodies.retrieve.clone()),
        _ => None,
    };
    let (status, body) = match body {
        Some(b) => (StatusCode::OK, b),
        None => (StatusCode::NOT_FOUND, Bytes::from_static(br#"{"errors":[{"code":"10005","title":"Not found"}]}"#)),
    };
    let mut res = Response::new(Full::new(body));
    *res.status_mut() = status;
    res.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bare-hyper: {e}");
            std::process::exit(2);
        }
    };
    let read = |path: &Option<String>| -> Option<Bytes> {
        let p = path.as_ref()?;
        match std::fs::read(p) {
            Ok(b) => Some(Bytes::from(b)),
            Err(e) => {
                eprintln!("bare-hyper: cannot read {p}: {e}");
                std::process::exit(2);
            }
        }
    };
    let mut bodies = synthetic_bodies(args.accounts);
    if let Some(b) = read(&args.retrieve_body) {
        bodies.retrieve = b;
    }
    if let Some(b) = read(&args.page_body) {
        bodies.pages = vec![b];
    }
    let bodies = Arc::new(bodies);

    let listener = match TcpListener::bind((args.host.as_str(), args.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("bare-hyper: cannot bind {}:{}: {e}", args.host, args.port);
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    println!("bare-hyper listening on http://{addr}");

    let serve = async {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let _ = stream.set_nodelay(true);
            let bodies = bodies.clone();
            tokio::spawn(async move {
                let svc = service_fn(move |req| {
                    let res = respond(&bodies, &req);
                    async move { Ok::<_, Infallible>(res) }
                });
                let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
            });
        }
    };
    tokio::select! {
        _ = serve => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
