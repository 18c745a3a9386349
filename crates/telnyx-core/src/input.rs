//! A host-neutral view of caller input, so that untyped callers (JavaScript)
//! get the same validation as typed Rust callers.
//!
//! The wasm binding turns a JS value into an [`Input`] once, and the params
//! types read themselves from it with [`FromInput`]: unknown keys, wrong
//! types, `NaN`, `Infinity`, fractions and out-of-range numbers all become a
//! [`ValidationError`] naming the field, before anything is sent.

use crate::text::cat;
use crate::validate::ValidationError;

/// A caller-supplied value, as loosely typed as JSON or JavaScript.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// `undefined` or `null`: treated as "not given".
    Absent,
    Bool(bool),
    Number(f64),
    Text(String),
    /// A plain object's own enumerable keys, in order.
    Object(Vec<(String, Input)>),
    /// Anything else (array, function, symbol, bigint, class instance), by type name.
    Unsupported(&'static str),
}

impl Input {
    /// The name of this value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Input::Absent => "null",
            Input::Bool(_) => "boolean",
            Input::Number(_) => "number",
            Input::Text(_) => "string",
            Input::Object(_) => "object",
            Input::Unsupported(name) => name,
        }
    }
}

/// Parses params from an [`Input`], rejecting anything the API would not accept.
pub trait FromInput: Sized {
    /// `field` is the name used in error messages for the value as a whole.
    fn from_input(field: &str, input: &Input) -> Result<Self, ValidationError>;
}

/// Reads the keys of an object one by one and complains about leftovers.
pub struct ObjectReader<'a> {
    field: String,
    entries: Vec<(&'a str, &'a Input)>,
}

impl<'a> ObjectReader<'a> {
    /// An absent value reads as an empty object (every field optional).
    pub fn new(field: &str, input: &'a Input) -> Result<Self, ValidationError> {
        match input {
            Input::Absent => Ok(ObjectReader { field: field.to_owned(), entries: Vec::new() }),
            Input::Object(entries) => Ok(ObjectReader {
                field: field.to_owned(),
                entries: entries.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            }),
            other => Err(ValidationError::new(field, cat(&["must be an object (got ", other.type_name(), ")"]))),
        }
    }

    fn path(&self, key: &str) -> String {
        if self.field.is_empty() {
            key.to_owned()
        } else {
            cat(&[&self.field, ".", key])
        }
    }

    /// Takes a key out; `None` when absent, `null` or `undefined`.
    pub fn take(&mut self, key: &str) -> Option<(String, &'a Input)> {
        let index = self.entries.iter().position(|(k, _)| *k == key)?;
        let (_, value) = self.entries.remove(index);
        match value {
            Input::Absent => None,
            value => Some((self.path(key), value)),
        }
    }

    pub fn string(&mut self, key: &str) -> Result<Option<String>, ValidationError> {
        self.take(key).map(|(path, v)| expect_string(&path, v)).transpose()
    }

    pub fn bool(&mut self, key: &str) -> Result<Option<bool>, ValidationError> {
        self.take(key).map(|(path, v)| expect_bool(&path, v)).transpose()
    }

    pub fn integer(&mut self, key: &str) -> Result<Option<i64>, ValidationError> {
        self.take(key).map(|(path, v)| expect_integer(&path, v)).transpose()
    }

    pub fn nested<T: FromInput>(&mut self, key: &str) -> Result<Option<T>, ValidationError> {
        self.take(key).map(|(path, v)| T::from_input(&path, v)).transpose()
    }

    /// Fails if a key was not taken: unknown parameters are an error, not silently dropped.
    pub fn finish(self) -> Result<(), ValidationError> {
        match self.entries.first() {
            None => Ok(()),
            Some((key, _)) => Err(ValidationError::new(self.path(key), "is not a known parameter")),
        }
    }
}

pub fn expect_string(field: &str, input: &Input) -> Result<String, ValidationError> {
    match input {
        Input::Text(s) => Ok(s.clone()),
        other => Err(ValidationError::new(field, cat(&["must be a string (got ", other.type_name(), ")"]))),
    }
}

pub fn expect_bool(field: &str, input: &Input) -> Result<bool, ValidationError> {
    match input {
        Input::Bool(b) => Ok(*b),
        other => Err(ValidationError::new(field, cat(&["must be a boolean (got ", other.type_name(), ")"]))),
    }
}

/// A whole number within ±2^53 (the integers a JS number holds exactly).
pub fn expect_integer(field: &str, input: &Input) -> Result<i64, ValidationError> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    match input {
        Input::Number(n) if n.is_nan() => Err(ValidationError::new(field, "must be a number (got NaN)")),
        Input::Number(n) if n.is_infinite() => Err(ValidationError::new(field, "must be finite (got Infinity)")),
        Input::Number(n) if n.fract() != 0.0 => {
            Err(ValidationError::new(field, cat(&["must be a whole number (got ", &number_text(*n), ")"])))
        }
        Input::Number(n) if n.abs() > MAX_SAFE => {
            Err(ValidationError::new(field, cat(&["is out of range (got ", &number_text(*n), ")"])))
        }
        Input::Number(n) => Ok(*n as i64),
        other => Err(ValidationError::new(field, cat(&["must be an integer (got ", other.type_name(), ")"]))),
    }
}

/// A finite number as text for a message: integers exactly, fractions to nine
/// decimals. Not `{}` on an `f64`: float formatting costs the wasm module about 15 KB.
fn number_text(n: f64) -> String {
    let mut out = String::new();
    if n < 0.0 {
        out.push('-');
    }
    let n = n.abs();
    let whole = n.trunc();
    if whole < 1e19 {
        // u64, not u128: 128-bit formatting would link its own division routines.
        crate::text::push_unsigned(&mut out, whole as u64);
    } else {
        out.push_str("1e19 or more");
        return out;
    }
    let mut fraction = n - whole;
    if fraction > 0.0 {
        out.push('.');
        let mut digits = String::new();
        for _ in 0..9 {
            fraction *= 10.0;
            let digit = fraction.trunc();
            digits.push(char::from(b'0' + digit as u8));
            fraction -= digit;
        }
        let digits = digits.trim_end_matches('0');
        out.push_str(if digits.is_empty() { "000000000…" } else { digits });
    }
    out
}

/// Query parameters from a caller's object (`defaultQuery`, a request's
/// `query`), named as the official SDK's encoder names them: a nested object
/// becomes `name[key]`. Values are strings, booleans and whole numbers;
/// absent values are left out.
///
/// ```
/// use telnyx_core::input::{query_pairs, Input};
/// let query = Input::Object(vec![
///     ("page".into(), Input::Object(vec![("size".into(), Input::Number(5.0))])),
///     ("debug".into(), Input::Bool(true)),
///     ("skip".into(), Input::Absent),
/// ]);
/// let pairs = query_pairs("query", &query).unwrap();
/// assert_eq!(pairs, [("page[size]".to_owned(), "5".to_owned()), ("debug".to_owned(), "true".to_owned())]);
/// assert!(query_pairs("query", &Input::Text("a=1".into())).is_err());
/// ```
pub fn query_pairs(field: &str, input: &Input) -> Result<Vec<(String, String)>, ValidationError> {
    let mut pairs = Vec::new();
    match input {
        Input::Absent => {}
        Input::Object(entries) => {
            for (name, value) in entries {
                push_pairs(field, name.clone(), value, &mut pairs)?;
            }
        }
        other => return Err(expected(field, "an object of query parameters", other)),
    }
    Ok(pairs)
}

fn push_pairs(
    field: &str,
    name: String,
    value: &Input,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), ValidationError> {
    let at = || cat(&[field, ".", &name]);
    let text = match value {
        Input::Absent => return Ok(()),
        Input::Bool(b) => (if *b { "true" } else { "false" }).to_owned(),
        Input::Text(text) => text.clone(),
        Input::Number(n) if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 => crate::text::decimal(*n as i64),
        Input::Number(_) => {
            return Err(ValidationError::new(at(), "must be a whole number (pass other numbers as strings)"))
        }
        Input::Object(entries) => {
            for (key, item) in entries {
                push_pairs(field, cat(&[&name, "[", key, "]"]), item, pairs)?;
            }
            return Ok(());
        }
        other => return Err(expected(&at(), "a string, a boolean, a number or an object", other)),
    };
    pairs.push((name, text));
    Ok(())
}

fn expected(field: &str, what: &str, got: &Input) -> ValidationError {
    ValidationError::new(field, cat(&["must be ", what, " (got ", got.type_name(), ")"]))
}
