//! The hyper adapter: the server loop the `telnyx-mock` program runs by default.
//!
//! It feeds the same engine as the wiremock adapter, but owns the connection
//! handling, because a server
//! that runs all day needs three things wiremock 0.6's `MockServer` does not
//! give: memory that stays flat (a mounted mock keeps a copy of every request
//! it ever matched), no panic on a request it cannot read (a `GET host:port`
//! target or a body cut short end the connection's task with a panic, and the
//! process under `panic = "abort"`), and more than one thread.

use super::SharedEngine;
use crate::engine::admin::SNAPSHOT_BODY_LIMIT;
use crate::engine::errors::ApiFailure;
use crate::engine::reply::Reply;
use crate::engine::{Request, Response};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::future::Future;
use std::sync::Arc;

/// Bodies past this are not even drained: the connection is closed after the 413.
const MAX_DRAIN: usize = 64 * 1024 * 1024;

/// Accepts connections on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: std::net::TcpListener,
    router: SharedEngine,
    body_limit: usize,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let router = Arc::new(router);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait a little, keep serving.
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let router = router.clone();
                async move { answer(&router, request, body_limit).await }
            });
            let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    let _ = stop.send(true);
    Ok(())
}

/// A request that ends its connection instead of getting an answer.
#[derive(Debug)]
struct Dropped(&'static str);

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Dropped {}

async fn answer(
    router: &SharedEngine,
    request: hyper::Request<Incoming>,
    body_limit: usize,
) -> Result<hyper::Response<Full<Bytes>>, Dropped> {
    let (parts, mut body) = request.into_parts();
    // A snapshot restore may be larger than an API body.
    let body_limit = if parts.uri.path().trim_end_matches('/') == "/__admin/snapshot" {
        body_limit.max(SNAPSHOT_BODY_LIMIT)
    } else {
        body_limit
    };
    // Keep up to one byte past the limit (enough to know it is too long),
    // and drain the rest so that the client gets to read its 413.
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| Dropped("the request body could not be read"))?;
        if let Ok(data) = frame.into_data() {
            seen = seen.saturating_add(data.len());
            let room = (body_limit + 1).saturating_sub(kept.len());
            kept.extend_from_slice(&data[..data.len().min(room)]);
            if seen > MAX_DRAIN {
                return Err(Dropped("the request body is far past the limit"));
            }
        }
    }
    let target = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let url = match parts.uri.scheme() {
        Some(_) => parts.uri.to_string().parse::<url::Url>(),
        None => format!("http://localhost{}", if target.starts_with('/') { target } else { "/" }).parse::<url::Url>(),
    };
    let response = match url {
        Ok(url) => {
            let request = Request {
                method: parts.method.as_str().to_owned(),
                path: url.path().to_owned(),
                query: url.query().map(str::to_owned),
                headers: parts.headers,
                body: kept,
            };
            router.handle(&request)
        }
        Err(_) => {
            let failure = ApiFailure::bad_request("The request target is not a URL path.");
            Reply::failure(&failure).into_response(Vec::new(), String::new(), String::new())
        }
    };
    if let Some(delay) = response.delay {
        tokio::time::sleep(delay).await;
    }
    if response.drop_connection {
        // An error from the service makes hyper close the connection unanswered.
        return Err(Dropped("fault injection: connection dropped"));
    }
    Ok(into_response(response))
}

fn into_response(response: Response) -> hyper::Response<Full<Bytes>> {
    let mut answer = hyper::Response::new(Full::new(Bytes::from(response.body)));
    *answer.status_mut() =
        hyper::StatusCode::from_u16(response.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = answer.headers_mut();
    for (name, value) in response.headers {
        headers.insert(name, value);
    }
    answer
}
