//! Pages and auto-pagination.
//!
//! A list call gives a [`List`]: `.await` it for the first [`Page`], or turn
//! it into an [`Items`] stream that fetches page after page as it is read.
//! Which page comes next is decided by `telnyx_core::pagination`, so the
//! stream always ends, even against a server whose `meta` never advances.

use crate::Client;
use futures_core::Stream;
use futures_util::future::BoxFuture;
use futures_util::stream::{self, BoxStream, StreamExt};
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use telnyx_core::models::{ListEnvelope, PaginationMeta};
use telnyx_core::pagination::Paginator;
use telnyx_core::{Error, RequestSpec, ValidationError};

/// Builds the request for a page: `None` for the caller's params as given,
/// `Some(n)` for page `n` with every other parameter kept.
pub(crate) type PageRequest = Arc<dyn Fn(Option<u64>) -> Result<RequestSpec, ValidationError> + Send + Sync>;

/// What it takes to fetch the pages after one.
#[derive(Clone)]
struct Cursor {
    client: Client,
    request: PageRequest,
    paginator: Paginator,
}

/// A list call not yet sent.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), telnyx_client::Error> {
/// # let mock = telnyx_mock::MockTelnyx::start().await;
/// # let client = telnyx_client::Client::builder().api_key("KEY").base_url(mock.base_url()).build()?;
/// use futures_util::TryStreamExt;
/// use telnyx_client::params::ListManagedAccountsParams;
///
/// // One page (20 accounts by default), and the total from `meta`:
/// let page = client.managed_accounts().list(ListManagedAccountsParams::default()).await?;
/// let total = page.meta.and_then(|meta| meta.total_results).unwrap();
/// assert_eq!(page.data.len(), 20);
///
/// // Every item, fetching pages as needed:
/// let all: Vec<_> = client.managed_accounts().list(ListManagedAccountsParams::default()).into_stream().try_collect().await?;
/// assert_eq!(all.len() as u64, total);
/// # Ok(()) }
/// ```
#[must_use = "a list call does nothing until it is awaited or turned into a stream"]
pub struct List<T> {
    cursor: Cursor,
    _item: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("List").field("start_page", &self.cursor.paginator.current()).finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> List<T> {
    pub(crate) fn new(client: &Client, start_page: Option<u64>, request: PageRequest) -> Self {
        List {
            cursor: Cursor { client: client.clone(), request, paginator: Paginator::new(start_page) },
            _item: PhantomData,
        }
    }

    /// Fetches the first page (the one the params ask for).
    pub async fn send(self) -> Result<Page<T>, Error> {
        fetch(self.cursor, None).await
    }

    /// Every item of every page, from the page the params ask for on, as a stream.
    ///
    /// Pages are fetched one at a time as the stream is read. An error ends
    /// the stream after it is yielded.
    pub fn into_stream(self) -> Items<T> {
        Items::new(Start::Fetch(self.cursor))
    }
}

impl<T: DeserializeOwned + Send + 'static> IntoFuture for List<T> {
    type Output = Result<Page<T>, Error>;
    type IntoFuture = BoxFuture<'static, Result<Page<T>, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// One page of a list: `data` and `meta` as on the wire.
pub struct Page<T> {
    pub data: Vec<T>,
    pub meta: Option<PaginationMeta>,
    /// The page to fetch next, as decided when this page arrived.
    next: Option<u64>,
    cursor: Cursor,
}

impl<T: fmt::Debug> fmt::Debug for Page<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page").field("data", &self.data).field("meta", &self.meta).finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> Page<T> {
    /// Whether another page follows: this page had items, `meta` says there
    /// are more pages, and that page has not been fetched before.
    pub fn has_next_page(&self) -> bool {
        self.next.is_some()
    }

    /// Fetches the next page, or `Ok(None)` at the end of the list.
    pub async fn next_page(&self) -> Result<Option<Page<T>>, Error> {
        match self.next {
            Some(number) => fetch(self.cursor.clone(), Some(number)).await.map(Some),
            None => Ok(None),
        }
    }

    /// This page's items, then those of every following page, as a stream.
    pub fn into_stream(self) -> Items<T> {
        Items::new(Start::Page(self))
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

/// Fetches one page (`None`: the params as given) and works out the next one.
async fn fetch<T: DeserializeOwned>(mut cursor: Cursor, page_number: Option<u64>) -> Result<Page<T>, Error> {
    let spec = (cursor.request)(page_number)?;
    let envelope: ListEnvelope<T> = cursor.client.send(spec, &[]).await?;
    let next = cursor.paginator.advance(envelope.data.len(), envelope.meta.as_ref());
    Ok(Page { data: envelope.data, meta: envelope.meta, next, cursor })
}

enum Start<T> {
    Fetch(Cursor),
    Page(Page<T>),
}

enum State<T> {
    /// Items left on the current page, and the page to fetch after them.
    Page {
        items: std::vec::IntoIter<T>,
        next: Option<(Cursor, u64)>,
    },
    /// The first page has not been fetched yet.
    First(Cursor),
    Done,
}

/// Every item of a list, page after page: a [`Stream`] of `Result<T, Error>`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), telnyx_client::Error> {
/// # let mock = telnyx_mock::MockTelnyx::start().await;
/// # let client = telnyx_client::Client::builder().api_key("KEY").base_url(mock.base_url()).build()?;
/// use futures_util::TryStreamExt;
/// use telnyx_client::params::ListOrganizationUsersParams;
///
/// let mut params = ListOrganizationUsersParams::default();
/// params.page.size = Some(5);
/// let mut users = client.organizations().users().list_all(params);
/// let mut seen = 0;
/// while let Some(user) = users.try_next().await? {
///     assert!(user.email.is_some());
///     seen += 1;
/// }
/// assert_eq!(seen, mock.users().len());
/// # Ok(()) }
/// ```
#[must_use = "streams do nothing unless polled"]
pub struct Items<T> {
    inner: BoxStream<'static, Result<T, Error>>,
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> Items<T> {
    fn new(start: Start<T>) -> Self {
        let state = match start {
            Start::Fetch(cursor) => State::First(cursor),
            Start::Page(page) => page_state(page),
        };
        let inner = stream::unfold(state, |mut state| async move {
            loop {
                state = match state {
                    State::Done => return None,
                    State::Page { mut items, next } => match items.next() {
                        Some(item) => return Some((Ok(item), State::Page { items, next })),
                        None => match next {
                            None => return None,
                            Some((cursor, number)) => match fetch(cursor, Some(number)).await {
                                Ok(page) => page_state(page),
                                Err(err) => return Some((Err(err), State::Done)),
                            },
                        },
                    },
                    State::First(cursor) => match fetch(cursor, None).await {
                        Ok(page) => page_state(page),
                        Err(err) => return Some((Err(err), State::Done)),
                    },
                };
            }
        });
        Items { inner: inner.boxed() }
    }
}

fn page_state<T>(page: Page<T>) -> State<T> {
    let next = page.next.map(|number| (page.cursor, number));
    State::Page { items: page.data.into_iter(), next }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}
