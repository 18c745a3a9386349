//! Pagination as a state machine that always terminates.
//!
//! The next page exists while the page had items and `page_number <
//! total_pages`. On top of that, a page number is never requested twice: a
//! server whose `meta` does not advance (or is missing) ends the iteration
//! instead of looping forever, the official SDK's flaw. Nor does a server
//! claiming billions of pages push the client past the largest page number
//! it may request.

use crate::models::PaginationMeta;

/// The page number to ask for after a page, or `None` when the list is done.
///
/// `highest_requested` is the highest page number requested so far
/// (including the one that returned this page).
///
/// ```
/// use telnyx_core::{pagination::next_page_number, models::PaginationMeta};
/// let meta = PaginationMeta { page_number: Some(1), page_size: Some(20), total_pages: Some(3), total_results: Some(55) };
/// assert_eq!(next_page_number(1, 20, Some(&meta)), Some(2));
/// // A server stuck on page 1 does not make the client ask for page 2 again.
/// assert_eq!(next_page_number(2, 20, Some(&meta)), None);
/// ```
pub fn next_page_number(highest_requested: u64, items_on_page: usize, meta: Option<&PaginationMeta>) -> Option<u64> {
    if items_on_page == 0 {
        return None;
    }
    let meta = meta?;
    let page_number = meta.page_number?;
    let total_pages = meta.total_pages?;
    if page_number >= total_pages {
        return None;
    }
    let next = page_number.checked_add(1)?;
    // Past the largest page number a request may carry, the list ends here
    // rather than in a validation error about a parameter the caller never set.
    (next > highest_requested && next <= *crate::validate::PAGE_NUMBER_RANGE.end()).then_some(next)
}

/// Tracks one iteration over a list.
///
/// ```
/// use telnyx_core::{pagination::Paginator, models::PaginationMeta};
/// let mut pages = Paginator::new(None);
/// assert_eq!(pages.current(), 1);
/// let meta = PaginationMeta { page_number: Some(1), total_pages: Some(2), ..Default::default() };
/// assert_eq!(pages.advance(10, Some(&meta)), Some(2));
/// let meta = PaginationMeta { page_number: Some(2), total_pages: Some(2), ..Default::default() };
/// assert_eq!(pages.advance(10, Some(&meta)), None);
/// assert!(pages.is_done());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paginator {
    current: u64,
    highest_requested: u64,
    done: bool,
}

impl Paginator {
    /// Starts at the caller's `page[number]`, or 1.
    pub fn new(start_page: Option<u64>) -> Self {
        let current = start_page.unwrap_or(1).max(1);
        Paginator { current, highest_requested: current, done: false }
    }

    /// The page number to request now.
    pub fn current(&self) -> u64 {
        self.current
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Records the page just received and returns the next page to request.
    pub fn advance(&mut self, items_on_page: usize, meta: Option<&PaginationMeta>) -> Option<u64> {
        if self.done {
            return None;
        }
        match next_page_number(self.highest_requested, items_on_page, meta) {
            Some(next) => {
                self.current = next;
                self.highest_requested = next;
                Some(next)
            }
            None => {
                self.done = true;
                None
            }
        }
    }
}
