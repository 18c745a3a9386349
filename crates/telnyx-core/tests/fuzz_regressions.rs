//! Every fuzz seed and every saved fuzz finding, replayed through the fuzz
//! targets' own checks on each `cargo test`: what the fuzzer once found stays
//! fixed. A finding from `make fuzz` is saved by copying it from
//! `artifacts/fuzz/<target>/` to `fuzz/regressions/<target>/`.

use crate::fuzz_checks;

use std::path::{Path, PathBuf};

const FUZZ_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz");

/// The files of `fuzz/<kind>/<target>/`, with their contents.
fn inputs(kind: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(FUZZ_DIR).join(kind).join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<(PathBuf, Vec<u8>)> = entries
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.is_file())
        .map(|path| {
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (path, data)
        })
        .collect();
    files.sort();
    files
}

fn replay(kind: &str) -> usize {
    let mut count = 0;
    for target in fuzz_checks::TARGETS {
        for (path, data) in inputs(kind, target) {
            let outcome = std::panic::catch_unwind(|| fuzz_checks::run(target, &data));
            assert!(outcome.is_ok(), "{target} fails on {}", path.display());
            count += 1;
        }
    }
    count
}

#[test]
fn every_fuzz_seed_passes_the_fuzz_checks() {
    for target in fuzz_checks::TARGETS {
        assert!(!inputs("seeds", target).is_empty(), "fuzz/seeds/{target} is empty");
    }
    assert!(replay("seeds") >= 30);
}

#[test]
fn every_saved_fuzz_finding_passes_the_fuzz_checks() {
    assert!(replay("regressions") >= 1, "fuzz/regressions holds the findings so far");
}

#[test]
fn an_id_that_equals_a_path_word_is_encoded_as_one_segment() {
    // Found by the query_path target: "disable" as an id is legitimate, and
    // the disable URL then holds the word twice, once as the id.
    let spec = telnyx_core::operations::disable_managed_account("disable").unwrap();
    assert_eq!(spec.path_and_query, "/managed_accounts/disable/actions/disable");
    fuzz_checks::query_path(b"disable");
}
