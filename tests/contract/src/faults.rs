//! Fault injection aimed at one operation, and the fault tests every
//! retried operation shares ([`fault_tests!`](crate::fault_tests)).

use crate::{spec, Contract};
use telnyx_client::Operation;
use telnyx_mock::Fault;

/// Adds `fault` for this operation's method and path (as the spec writes
/// it: `{id}` matches any id).
pub fn add(contract: &Contract, operation: Operation, fault: Fault) -> u64 {
    let (method, path) = spec::route(operation);
    contract.mock.add_fault(fault.on(&method.to_ascii_uppercase(), path))
}

/// The fault tests of an operation the client may repeat: status faults
/// with retries counted in the mock's request log, a `retry-after-ms` that
/// is waited out, a slow answer that times out, dropped connections, a 400
/// that is not retried, and a wrong key.
///
/// `$call` is an expression using `$client` (a `telnyx_client::Client`) and
/// `$contract` (the [`Contract`]) whose `.await` gives the call's `Result`.
#[macro_export]
macro_rules! fault_tests {
    ($operation:expr, |$client:ident, $contract:ident| $call:expr) => {
        #[tokio::test]
        async fn a_503_and_a_502_are_retried_and_the_third_attempt_succeeds() {
            let $contract = $crate::Contract::start().await;
            $crate::faults::add(&$contract, $operation, $crate::Fault::status(503));
            $crate::faults::add(&$contract, $operation, $crate::Fault::status(502));
            let $client = $contract.client.clone();
            let result = $call.await.map(|_| ());
            assert!(result.is_ok(), "{:?}", result.err());
            let statuses: Vec<u16> = $contract.requests_for($operation).iter().map(|r| r.status).collect();
            assert_eq!(statuses, [503, 502, 200]);
        }

        #[tokio::test]
        async fn a_429_with_retry_after_ms_is_waited_out_then_retried() {
            let $contract = $crate::Contract::start().await;
            $crate::faults::add(&$contract, $operation, $crate::Fault::status(429).header("retry-after-ms", "300"));
            let $client = $contract.client.clone();
            let started = std::time::Instant::now();
            let result = $call.await.map(|_| ());
            assert!(result.is_ok(), "{:?}", result.err());
            assert!(started.elapsed() >= std::time::Duration::from_millis(300), "waited {:?}", started.elapsed());
            assert_eq!($contract.attempts($operation), 2);
        }

        #[tokio::test]
        async fn persistent_500s_end_in_an_internal_server_error_after_two_retries() {
            let $contract = $crate::Contract::start().await;
            $crate::faults::add(&$contract, $operation, $crate::Fault::status(500).times(100));
            let $client = $contract.client.clone();
            let err = $call.await.map(|_| ()).unwrap_err();
            assert_eq!(err.kind(), telnyx_client::ErrorKind::InternalServer, "{err}");
            assert!(err.to_string().starts_with("500 Internal Server Error"), "{err}");
            assert_eq!($contract.attempts($operation), 3);
        }

        #[tokio::test]
        async fn a_400_is_returned_at_once_without_a_retry() {
            let $contract = $crate::Contract::start().await;
            $crate::faults::add(&$contract, $operation, $crate::Fault::status(400).times(100));
            let $client = $contract.client.clone();
            let err = $call.await.map(|_| ()).unwrap_err();
            assert_eq!(err.kind(), telnyx_client::ErrorKind::BadRequest, "{err}");
            assert_eq!($contract.attempts($operation), 1);
        }

        #[tokio::test]
        async fn a_slow_answer_past_the_timeout_is_a_timeout_error() {
            let $contract = $crate::Contract::start().await;
            $crate::faults::add(
                &$contract,
                $operation,
                $crate::Fault::delay(std::time::Duration::from_secs(3)).times(100),
            );
            let $client = $contract.client_with(|b| b.max_retries(0).timeout(std::time::Duration::from_millis(300)));
            let started = std::time::Instant::now();
            let err = $call.await.map(|_| ()).unwrap_err();
            assert_eq!(err, telnyx_client::Error::Timeout { timeout_ms: 300, outcome_unknown: false });
            assert!(started.elapsed() < std::time::Duration::from_secs(2), "took {:?}", started.elapsed());
        }

        #[tokio::test]
        async fn a_dropped_connection_is_retried_and_the_retry_succeeds() {
            let $contract = $crate::Contract::start().await;
            $crate::faults::add(&$contract, $operation, $crate::Fault::drop_connection());
            let $client = $contract.client.clone();
            let result = $call.await.map(|_| ());
            assert!(result.is_ok(), "{:?}", result.err());
            let statuses: Vec<u16> = $contract.requests_for($operation).iter().map(|r| r.status).collect();
            assert_eq!(statuses, [0, 200], "0 is the mock's mark for a dropped connection");
        }

        #[tokio::test]
        async fn connections_that_keep_dropping_end_in_a_connection_error() {
            let $contract = $crate::Contract::start().await;
            $crate::faults::add(&$contract, $operation, $crate::Fault::drop_connection().times(100));
            let $client = $contract.client.clone();
            let err = $call.await.map(|_| ()).unwrap_err();
            assert!(matches!(err, telnyx_client::Error::Connection { outcome_unknown: false, .. }), "{err:?}");
            assert_eq!($contract.attempts($operation), 3);
        }

        #[tokio::test]
        async fn a_request_without_a_bearer_token_is_a_401_in_telnyx_format() {
            let contract = $crate::Contract::start().await;
            let (method, path) = $crate::spec::route($operation);
            let path = path.replace("{id}", "0b1c5e0e-0000-4000-8000-000000000000");
            // The typed client always sends its key, so this one goes out raw.
            let (status, body) =
                $crate::raw_request(&contract, $operation, &method.to_ascii_uppercase(), &path, None, None).await;
            assert_eq!(status, 401);
            assert_eq!(body["errors"][0]["code"], "10009", "{body}");
            assert_eq!(contract.attempts($operation), 1);
        }

        #[tokio::test]
        async fn a_wrong_api_key_is_refused_with_an_authentication_error() {
            let $contract = $crate::Contract::start().await;
            let $client = $contract.client_with(|b| b.api_key("KEY_NOT_THE_RIGHT_ONE"));
            let err = $call.await.map(|_| ()).unwrap_err();
            assert_eq!(err.kind(), telnyx_client::ErrorKind::Authentication, "{err}");
            let telnyx_client::Error::Api(api) = &err else { panic!("{err:?}") };
            assert_eq!(api.errors[0].code.as_deref(), Some("10009"));
            assert!(api.request_id.is_some());
            assert!(!err.to_string().contains("KEY_NOT_THE_RIGHT_ONE"));
            assert_eq!($contract.attempts($operation), 1, "a 401 is not retried");
        }
    };
}
