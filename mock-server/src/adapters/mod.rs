//! What the engine leaves to its host: sockets, the clock, randomness,
//! sleeping and the log line on stderr.
//!
//! Both adapters share one [`SharedEngine`]: the engine behind a lock, fed
//! the wall clock and the operating system's randomness.
//!
//! - [`wiremock`]: the `Respond` implementation behind [`crate::MockTelnyx`];
//! - [`hyper`]: the server loop the `telnyx-mock` program runs.

pub(crate) mod hyper;
pub(crate) mod wiremock;

use crate::engine::{Engine, Request, Response};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The engine behind a lock, shared by every connection.
#[derive(Clone)]
pub(crate) struct SharedEngine {
    engine: Arc<Mutex<Engine>>,
    log_to_stderr: bool,
}

impl SharedEngine {
    pub fn new(engine: Engine, log_to_stderr: bool) -> Self {
        SharedEngine { engine: Arc::new(Mutex::new(engine)), log_to_stderr }
    }

    /// Locks the engine, its clock set to now; a panic elsewhere never makes it unusable.
    pub fn lock(&self) -> MutexGuard<'_, Engine> {
        let mut engine = self.engine.lock().unwrap_or_else(PoisonError::into_inner);
        engine.set_clock(now_ms(), random());
        engine
    }

    /// Serves one request, and prints its line when asked to.
    pub fn handle(&self, request: &Request) -> Response {
        let started = Instant::now();
        let response = {
            let mut engine = self.engine.lock().unwrap_or_else(PoisonError::into_inner);
            engine.handle(request, now_ms(), random())
        };
        if self.log_to_stderr {
            let status = if response.drop_connection { "---".to_owned() } else { response.status.to_string() };
            let target = match &request.query {
                Some(query) => format!("{}?{query}", request.path),
                None => request.path.clone(),
            };
            eprintln!(
                "{status} {} {} {:.2}ms id={}{}",
                request.method,
                crate::engine::errors::clip(&target),
                started.elapsed().as_secs_f64() * 1000.0,
                response.request_id,
                response.note
            );
        }
        response
    }
}

/// The wall clock in milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)).unwrap_or(0)
}

/// 64 random bits from the operating system.
pub(crate) fn random() -> u64 {
    let (high, low) = uuid::Uuid::new_v4().as_u64_pair();
    high ^ low.rotate_left(17)
}
