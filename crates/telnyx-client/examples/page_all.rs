//! Streams every managed account of a telnyx-mock seeded with 10,000 of
//! them, 250 a page, with the client and with a bare reqwest + serde_json
//! loop, and prints both times.
//!
//! ```sh
//! cargo run --profile fast -p telnyx-client --example page_all [ACCOUNTS] [ROUNDS]
//! ```

use futures_util::TryStreamExt;
use std::time::{Duration, Instant};
use telnyx_client::params::ListManagedAccountsParams;
use telnyx_client::Client;
use telnyx_mock::{MockTelnyx, Seed};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let accounts: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(10_000);
    let rounds: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(5);
    let mock = MockTelnyx::builder().seed(Seed::Synthetic { accounts: Some(accounts), users: Some(1) }).start().await;
    let client = Client::builder().api_key("KEY").base_url(mock.base_url()).build()?;
    let http = reqwest::Client::new();
    let mut params = ListManagedAccountsParams::default();
    params.page.size = Some(250);

    let mut with_client = Vec::new();
    let mut bare = Vec::new();
    let mut count = (0, 0);
    for _ in 0..rounds {
        let started = Instant::now();
        let items: Vec<_> = client.managed_accounts().list_all(params.clone()).try_collect().await?;
        with_client.push(started.elapsed());
        count.0 = items.len();

        let started = Instant::now();
        count.1 = bare_loop(&http, &mock.base_url()).await?;
        bare.push(started.elapsed());
    }
    println!("{} accounts listed by the client, {} by the bare loop, {rounds} rounds", count.0, count.1);
    println!("telnyx-client list_all: median {:?}", median(&mut with_client));
    println!("bare reqwest + serde_json: median {:?}", median(&mut bare));
    Ok(())
}

/// What a caller would write by hand: fetch, parse, follow `meta` until the last page.
async fn bare_loop(http: &reqwest::Client, base_url: &str) -> Result<usize, Box<dyn std::error::Error>> {
    let mut total = 0;
    let mut page = 1;
    loop {
        let url = format!("{base_url}/managed_accounts?page%5Bnumber%5D={page}&page%5Bsize%5D=250");
        let bytes = http.get(url).bearer_auth("KEY").send().await?.bytes().await?;
        let body: serde_json::Value = serde_json::from_slice(&bytes)?;
        let items = body["data"].as_array().map_or(0, Vec::len);
        total += items;
        if items == 0 || body["meta"]["page_number"].as_u64() >= body["meta"]["total_pages"].as_u64() {
            return Ok(total);
        }
        page += 1;
    }
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}
