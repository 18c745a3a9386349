//! The caller's `AbortSignal`, watched for the waits between attempts.
//!
//! Its `abort` event resolves a promise whose `resolve` function is the
//! listener itself, so no Rust closure is handed to JavaScript: a race of any
//! promise against [`Signal::aborted`] ends the moment the caller
//! aborts (and the racer then checks [`Signal::is_aborted`]). It
//! resolves rather than rejects, so it is never an unhandled rejection.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen]
extern "C" {
    /// What a caller passed as an `AbortSignal`: its methods and getter may
    /// throw (a revoked proxy, a getter), so each is a `catch` import.
    type Watched;
    #[wasm_bindgen(catch, method, js_name = addEventListener)]
    fn listen(this: &Watched, kind: &str, listener: &Function) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, method, js_name = removeEventListener)]
    fn unlisten(this: &Watched, kind: &str, listener: &Function) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, method, getter, js_name = aborted)]
    fn aborted_flag(this: &Watched) -> Result<JsValue, JsValue>;
}

/// An `AbortSignal` watched for one call: the caller's, or an attempt's own.
pub struct Signal {
    signal: Watched,
    /// Resolves when the signal aborts.
    aborted: Promise,
    listener: Option<Function>,
}

impl Signal {
    /// Starts watching `signal` (checked beforehand to look like an `AbortSignal`).
    pub fn watch(signal: AbortSignal) -> Signal {
        let signal: Watched = signal.unchecked_into();
        let mut listener = None;
        let aborted = Promise::new(&mut |resolve, _reject| {
            if signal.listen("abort", &resolve).is_ok() {
                listener = Some(resolve);
            }
        });
        Signal { signal, aborted, listener }
    }

    pub fn is_aborted(&self) -> bool {
        matches!(self.signal.aborted_flag(), Ok(v) if v.is_truthy())
    }

    /// A promise that resolves once the caller aborts.
    pub fn aborted(&self) -> &Promise {
        &self.aborted
    }

    /// The signal itself, for an attempt to listen to.
    pub fn raw(&self) -> &JsValue {
        &self.signal
    }
}

impl Drop for Signal {
    /// A long-lived signal shared by many calls does not collect their listeners.
    fn drop(&mut self) {
        if let Some(listener) = &self.listener {
            let _ = self.signal.unlisten("abort", listener);
        }
    }
}
