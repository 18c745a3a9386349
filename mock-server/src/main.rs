//! `telnyx-mock`: the mock Telnyx server as a standalone program.
//!
//! Prints `telnyx-mock listening on http://HOST:PORT` once it accepts
//! connections, one line per request on stderr, and exits cleanly on
//! SIGINT or SIGTERM.

use clap::Parser;
use std::io::Write;
use std::net::{TcpListener, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use telnyx_mock::{MockTelnyx, Seed, Snapshot};

/// A stateful mock of the Telnyx account-management API, with fault injection.
///
/// Serves the 12 operations under / and /v2, and the admin API under /__admin.
#[derive(Parser, Debug)]
#[command(name = "telnyx-mock", version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one; the real port is printed).
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// Accept only this API key (by default any non-empty bearer token).
    #[arg(long, value_name = "KEY")]
    api_key: Option<String>,
    /// Seed this many synthetic managed accounts instead of the default ones.
    #[arg(long, value_name = "N")]
    accounts: Option<usize>,
    /// Seed this many synthetic organization users instead of the default ones.
    #[arg(long, value_name = "M")]
    users: Option<usize>,
    /// Seed from a JSON fixture instead.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["accounts", "users"])]
    seed: Option<PathBuf>,
    /// Start from a saved state (what GET /__admin/snapshot answers).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["accounts", "users", "seed", "scenario"])]
    state: Option<PathBuf>,
    /// Start from a named scenario: default, empty-organization,
    /// cancelled-and-blocked, exhausted-channel-pool, rate-limited, many-accounts.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["accounts", "users", "seed"])]
    scenario: Option<String>,
    /// Delay every API answer by this many milliseconds.
    #[arg(long, value_name = "MS")]
    latency_ms: Option<u64>,
    /// Answer 413 to request bodies larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    body_limit: usize,
    /// Enforce a rate limit of this many requests per minute (429 beyond it).
    #[arg(long, value_name = "N")]
    rate_limit: Option<u64>,
    /// The client id POST /v2/oauth/token accepts.
    #[arg(long, value_name = "ID", default_value = "telnyx-mock-client")]
    oauth_client_id: String,
    /// The client secret POST /v2/oauth/token accepts.
    #[arg(long, value_name = "SECRET", default_value = "telnyx-mock-secret")]
    oauth_client_secret: String,
    /// How long its access tokens live, in seconds (`expires_in`).
    #[arg(long, value_name = "SECS", default_value_t = 3600)]
    oauth_token_lifetime: u64,
    /// How many requests GET /__admin/requests keeps.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    request_log: usize,
    /// Do not print a line per request.
    #[arg(long)]
    quiet: bool,
    /// Which adapter serves the engine: `standalone` (its own hyper loop:
    /// multi-threaded, flat memory) or `wiremock` (wiremock's MockServer,
    /// which keeps every request it matched in memory).
    #[arg(long, value_enum, default_value_t = Engine::Standalone)]
    engine: Engine,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Engine {
    Standalone,
    Wiremock,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // On the wiremock engine, wiremock 0.6 panics inside a connection's task
    // on a request target it cannot turn into a URL (`GET host:port`) and on
    // a body cut short; the task ends, the connection closes and the server
    // carries on. Say so in one line instead of a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".to_owned());
        let location = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
        eprintln!("telnyx-mock: a connection was closed on an unreadable request: {message}{location}");
    }));
    if cfg!(panic = "abort") && args.engine == Engine::Wiremock {
        eprintln!(
            "telnyx-mock: warning: built with panic=abort (the size-optimised release profile); on the wiremock \
             engine a request it cannot read then ends the process. Use the standalone engine, or build with \
             `--profile fast`."
        );
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("telnyx-mock: cannot start a runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("telnyx-mock: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let seed = if let Some(path) = &args.state {
        Seed::Snapshot(Box::new(Snapshot::from_file(path).map_err(|e| e.to_string())?))
    } else if let Some(name) = &args.scenario {
        if !telnyx_mock::SCENARIOS.iter().any(|(known, _)| known == name) {
            return Err(telnyx_mock::Error::UnknownScenario(name.clone()).to_string());
        }
        Seed::Scenario(name.clone())
    } else {
        match (&args.seed, args.accounts, args.users) {
            (Some(path), _, _) => Seed::from_file(path).map_err(|e| e.to_string())?,
            (None, None, None) => Seed::Default,
            (None, accounts, users) => Seed::Synthetic { accounts, users },
        }
    };
    let address = (args.host.as_str(), args.port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve --host {}: {e}", args.host))?
        .next()
        .ok_or_else(|| format!("--host {} resolves to no address", args.host))?;
    let listener = bind(address).map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let local = listener.local_addr().map_err(|e| format!("cannot read the bound address: {e}"))?;

    let mut builder = MockTelnyx::builder()
        .seed(seed)
        .listener(listener)
        .body_limit(args.body_limit)
        .request_log_capacity(args.request_log)
        .log_requests(!args.quiet)
        .oauth_client(args.oauth_client_id, args.oauth_client_secret)
        .oauth_token_lifetime(Duration::from_secs(args.oauth_token_lifetime));
    if let Some(key) = args.api_key {
        builder = builder.api_key(key);
    }
    if let Some(ms) = args.latency_ms {
        builder = builder.latency(Duration::from_millis(ms));
    }
    if let Some(limit) = args.rate_limit {
        builder = builder.rate_limit(limit, Duration::from_secs(60));
    }
    // Watch the signals before announcing the port, so a stop sent right
    // after the line is seen is always a clean one.
    let shutdown = shutdown_signals()?;
    match args.engine {
        Engine::Standalone => {
            // The socket is listening already: connections queue until the loop takes them.
            announce(local);
            builder.serve_until(shutdown).await.map_err(|e| e.to_string())?;
        }
        Engine::Wiremock => {
            let mock = builder.try_start().await.map_err(|e| e.to_string())?;
            announce(local);
            shutdown.await;
            drop(mock);
        }
    }
    eprintln!("telnyx-mock: stopped");
    Ok(())
}

/// Listens with a backlog of 1024 (the standard library's is 128), so that a
/// thousand clients connecting at once are not kept waiting for SYN retries.
fn bind(address: std::net::SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if address.is_ipv4() { tokio::net::TcpSocket::new_v4()? } else { tokio::net::TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(1024)?.into_std()
}

/// Other programs wait for this exact line: print it once, flushed.
fn announce(local: std::net::SocketAddr) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "telnyx-mock listening on http://{local}");
    let _ = stdout.flush();
}

/// Registers SIGTERM and SIGINT handlers now; the future resolves on either.
#[cfg(unix)]
fn shutdown_signals() -> Result<impl std::future::Future<Output = ()>, String> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate()).map_err(|e| format!("cannot watch SIGTERM: {e}"))?;
    let mut interrupt = signal(SignalKind::interrupt()).map_err(|e| format!("cannot watch SIGINT: {e}"))?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signals() -> Result<impl std::future::Future<Output = ()>, String> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
