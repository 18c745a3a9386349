//! Message building without `core::fmt`.
//!
//! `format!` and `to_string()` pull the formatting machinery and one
//! argument-juggling sequence per call site into the wasm module: several
//! kilobytes for messages that are only ever a few pieces glued together.
//! These helpers build the same text with plain pushes.

/// The pieces, in order, as one string.
///
/// ```
/// assert_eq!(telnyx_core::text::cat(&["page ", "2", " of 3"]), "page 2 of 3");
/// ```
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// A whole number in decimal, as `to_string()` writes it.
///
/// ```
/// assert_eq!(telnyx_core::text::decimal(0), "0");
/// assert_eq!(telnyx_core::text::decimal(-42), "-42");
/// assert_eq!(telnyx_core::text::decimal(i64::MIN), i64::MIN.to_string());
/// ```
pub fn decimal(n: i64) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    push_unsigned(&mut out, n.unsigned_abs());
    out
}

/// An unsigned whole number in decimal.
///
/// ```
/// assert_eq!(telnyx_core::text::unsigned(u64::MAX), u64::MAX.to_string());
/// ```
pub fn unsigned(n: u64) -> String {
    let mut out = String::new();
    push_unsigned(&mut out, n);
    out
}

/// Appends `n` in decimal.
pub fn push_unsigned(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[start..] {
        out.push(char::from(d));
    }
}

/// The number of characters in `text`, as `text.chars().count()` gives it.
///
/// A plain loop: the standard library's unrolled counter is about 800 bytes
/// of wasm, for strings that are a few hundred bytes at most.
///
/// ```
/// assert_eq!(telnyx_core::text::char_count("añb…"), 4);
/// ```
pub fn char_count(text: &str) -> usize {
    // Every character has exactly one byte that is not a UTF-8 continuation byte.
    let mut count = 0;
    for &b in text.as_bytes() {
        if b & 0xC0 != 0x80 {
            count += 1;
        }
    }
    count
}
