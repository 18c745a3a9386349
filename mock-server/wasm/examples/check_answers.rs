//! Validates answers the wasm engine gave (recorded by the npm package's
//! tests) against the spec, with the contract tests' validator.
//!
//!   cargo run -p telnyx-mock-wasm --example check_answers -- answers.json
//!
//! The file is a JSON array of `{operation, status, content_type, body}`
//! (`operation` is the official JS SDK's name, `body` the text). Prints how
//! many were checked; exits 1 on the first answer that does not match.

use std::process::ExitCode;
use telnyx_client::Operation;
use telnyx_contract_tests::spec;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check_answers ANSWERS.json");
        return ExitCode::from(2);
    };
    let answers: Vec<serde_json::Value> = match std::fs::read_to_string(&path).map(|t| serde_json::from_str(&t)) {
        Ok(Ok(answers)) => answers,
        Ok(Err(error)) => return fail(&format!("{path} is not a JSON array: {error}")),
        Err(error) => return fail(&format!("cannot read {path}: {error}")),
    };
    let mut checked = 0;
    for answer in &answers {
        let name = answer["operation"].as_str().unwrap_or_default();
        let Some(operation) = Operation::ALL.iter().copied().find(|op| op.js_name() == name) else {
            return fail(&format!("unknown operation {name:?} in {answer}"));
        };
        let status = answer["status"].as_u64().and_then(|s| u16::try_from(s).ok()).unwrap_or(0);
        let content_type = answer["content_type"].as_str().unwrap_or_default();
        let body = answer["body"].as_str().unwrap_or_default();
        if let Err(mismatch) = spec().check(operation, status, content_type, body.as_bytes()) {
            return fail(&mismatch.to_string());
        }
        checked += 1;
    }
    println!("{checked} answers match the spec");
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("check_answers: {message}");
    ExitCode::FAILURE
}
