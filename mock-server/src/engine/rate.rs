//! A fixed-window request counter behind the `x-ratelimit-*` headers and
//! the 429 answers. Time is the engine's: milliseconds passed in.

use serde::{Deserialize, Serialize};

/// The limit reported when none is enforced.
pub const UNENFORCED_RATE_LIMIT: u64 = 1_000_000;

/// The window: when it started and how many requests it has counted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateWindow {
    /// Requests per window; enforced with 429 only when set.
    pub limit: Option<u64>,
    /// The window's length in milliseconds (at least one second is used).
    pub window_ms: u64,
    /// When the current window started (engine time, ms), if one has.
    pub started_ms: Option<u64>,
    /// Requests counted in the current window.
    pub count: u64,
}

/// The window as one request sees it.
pub struct RateState {
    pub limit: u64,
    pub remaining: u64,
    pub reset_secs: u64,
    pub exceeded: bool,
}

impl RateWindow {
    pub fn new(limit: Option<u64>, window_ms: u64) -> Self {
        RateWindow { limit, window_ms, started_ms: None, count: 0 }
    }

    fn length(&self) -> u64 {
        self.window_ms.max(1000)
    }

    fn state(&self, count: u64, left_ms: u64) -> RateState {
        let limit = self.limit.unwrap_or(UNENFORCED_RATE_LIMIT);
        RateState {
            limit,
            remaining: limit.saturating_sub(count),
            reset_secs: left_ms.div_ceil(1000),
            exceeded: self.limit.is_some() && count > limit,
        }
    }

    /// The window as it stands, without counting a request (admin calls, preflights).
    pub fn peek(&self, now_ms: u64) -> RateState {
        let length = self.length();
        let (count, left) = match self.started_ms {
            Some(started) if now_ms.saturating_sub(started) < length => {
                (self.count, length - now_ms.saturating_sub(started))
            }
            Some(_) => (0, length),
            // A window not started yet may hold requests already (a loaded scenario).
            None => (self.count, length),
        };
        RateState { exceeded: false, ..self.state(count, left) }
    }

    /// Counts one request.
    pub fn tick(&mut self, now_ms: u64) -> RateState {
        let length = self.length();
        let started = match self.started_ms {
            Some(started) if now_ms.saturating_sub(started) < length => started,
            Some(_) => {
                self.count = 0;
                self.started_ms = Some(now_ms);
                now_ms
            }
            // The first window starts now, with what it already holds.
            None => {
                self.started_ms = Some(now_ms);
                now_ms
            }
        };
        self.count += 1;
        let left = length - now_ms.saturating_sub(started);
        self.state(self.count, left)
    }

    /// Forgets the counted requests (the limit stays).
    pub fn clear(&mut self) {
        self.started_ms = None;
        self.count = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peeking_at_the_rate_window_does_not_count() {
        let mut window = RateWindow::new(Some(5), 60_000);
        window.tick(1_000);
        assert_eq!(window.peek(1_000).remaining, 4);
        assert_eq!(window.peek(1_500).remaining, 4);
    }

    #[test]
    fn the_rate_window_counts_down_and_enforces_only_when_configured() {
        let mut window = RateWindow::new(Some(2), 60_000);
        assert_eq!(window.tick(0).remaining, 1);
        assert!(!window.tick(10).exceeded);
        let third = window.tick(20);
        assert!(third.exceeded);
        assert_eq!(third.reset_secs, 60);
        let mut open = RateWindow::new(None, 60_000);
        assert!(!open.tick(0).exceeded);
    }

    #[test]
    fn a_window_that_has_not_started_keeps_what_it_already_holds() {
        let mut window = RateWindow { limit: Some(3), window_ms: 60_000, started_ms: None, count: 3 };
        assert_eq!(window.peek(5_000).remaining, 0);
        let first = window.tick(5_000);
        assert!(first.exceeded);
        assert_eq!(first.reset_secs, 60);
        assert!(!window.tick(65_000).exceeded, "the next window starts empty");
    }

    #[test]
    fn a_new_window_starts_once_the_old_one_has_passed() {
        let mut window = RateWindow::new(Some(1), 60_000);
        window.tick(0);
        assert!(window.tick(59_999).exceeded);
        assert_eq!(window.peek(59_999).reset_secs, 1);
        let fresh = window.tick(60_000);
        assert!(!fresh.exceeded);
        assert_eq!(fresh.reset_secs, 60);
    }
}
