//! Reading what a request carries: query parameters and JSON bodies, each
//! mistake turned into a Telnyx-format error that names the culprit.

use crate::engine::errors::ApiFailure;
use serde_json::{Map, Value};

/// Decoded query parameters, in order. Keys are percent-decoded, so
/// `filter%5Bemail%5D=x` and `filter[email]=x` are the same parameter.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(raw: Option<&str>) -> Result<Query, ApiFailure> {
        let mut pairs = Vec::new();
        for piece in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            let key = decode(key).map_err(|()| {
                ApiFailure::bad_request("A query parameter name is not valid UTF-8 once percent-decoded.")
            })?;
            let value = decode(value).map_err(|()| {
                ApiFailure::invalid_parameter(&key, "The value is not valid UTF-8 once percent-decoded.")
            })?;
            pairs.push((key, value));
        }
        Ok(Query { pairs })
    }

    /// The first name given more than once, if any.
    pub fn repeated(&self) -> Option<&str> {
        self.pairs
            .iter()
            .enumerate()
            .find(|(i, (k, _))| self.pairs[..*i].iter().any(|(earlier, _)| earlier == k))
            .map(|(_, (k, _))| k.as_str())
    }

    /// The last value given for `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A text parameter; an empty value counts as not given.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// `true` or `false`.
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, ApiFailure> {
        match self.get(name) {
            None | Some("") => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(ApiFailure::invalid_parameter(
                name,
                format!("`{name}` must be `true` or `false` (got `{}`).", crate::engine::errors::clip(other)),
            )),
        }
    }

    /// An integer in `min..=max`, or `default` when not given.
    pub fn integer(&self, name: &str, default: u64, min: u64, max: u64) -> Result<u64, ApiFailure> {
        let Some(raw) = self.get(name).filter(|v| !v.is_empty()) else { return Ok(default) };
        let bad = || {
            let bound = if max == u64::MAX { format!("at least {min}") } else { format!("between {min} and {max}") };
            ApiFailure::invalid_parameter(
                name,
                format!("`{name}` must be an integer {bound} (got `{}`).", crate::engine::errors::clip(raw)),
            )
        };
        let value: u64 = raw.parse().map_err(|_| bad())?;
        if value < min || value > max {
            return Err(bad());
        }
        Ok(value)
    }
}

fn decode(text: &str) -> Result<String, ()> {
    // Form encoding writes a space as `+`; a literal plus arrives as `%2B`.
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced).decode_utf8().map(|s| s.into_owned()).map_err(|_| ())
}

/// Checks the body's media type: JSON, or none at all.
pub fn check_json_content_type(content_type: Option<&str>) -> Result<(), ApiFailure> {
    let Some(content_type) = content_type else { return Ok(()) };
    let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if media.is_empty()
        || media == "application/json"
        || (media.starts_with("application/") && media.ends_with("+json"))
    {
        Ok(())
    } else {
        Err(ApiFailure::unsupported_media_type(content_type))
    }
}

/// Parses a JSON object body. An empty body and `null` read as `None`.
pub fn json_object(body: &[u8]) -> Result<Option<Map<String, Value>>, ApiFailure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    if std::str::from_utf8(body).is_err() {
        return Err(ApiFailure::bad_request("The request body is not valid UTF-8."));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Null) => Ok(None),
        Ok(Value::Object(map)) => Ok(Some(map)),
        Ok(other) => Err(ApiFailure::invalid_field(
            "/",
            format!("The request body must be a JSON object (got {}).", json_type(&other)),
        )),
        Err(error) => Err(ApiFailure::bad_request(format!("The request body is not valid JSON: {error}."))),
    }
}

pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Typed access to the members of a JSON object body; `null` reads as absent.
pub struct Fields<'a> {
    map: Option<&'a Map<String, Value>>,
}

impl<'a> Fields<'a> {
    pub fn new(map: Option<&'a Map<String, Value>>) -> Self {
        Fields { map }
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(name)).filter(|v| !v.is_null())
    }

    pub fn boolean(&self, name: &str) -> Result<Option<bool>, ApiFailure> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(ApiFailure::invalid_field(
                &format!("/{name}"),
                format!("`{name}` must be a boolean (got {}).", json_type(other)),
            )),
        }
    }

    pub fn string(&self, name: &str) -> Result<Option<&'a str>, ApiFailure> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(ApiFailure::invalid_field(
                &format!("/{name}"),
                format!("`{name}` must be a string (got {}).", json_type(other)),
            )),
        }
    }

    pub fn integer(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, ApiFailure> {
        let pointer = format!("/{name}");
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(v) if (min..=max).contains(&v) => Ok(Some(v)),
                Some(v) => Err(ApiFailure::invalid_field(
                    &pointer,
                    format!("`{name}` must be between {min} and {max} (got {v})."),
                )),
                None => Err(ApiFailure::invalid_field(
                    &pointer,
                    format!("`{name}` must be an integer between {min} and {max} (got {n})."),
                )),
            },
            Some(other) => Err(ApiFailure::invalid_field(
                &pointer,
                format!("`{name}` must be an integer (got {}).", json_type(other)),
            )),
        }
    }
}

/// A plausible email: one `@`, something on each side, a dot in the domain, no spaces.
pub fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_and_raw_bracket_keys_read_the_same() {
        let encoded = Query::parse(Some("filter%5Bemail%5D%5Bcontains%5D=john%20doe")).unwrap();
        let raw = Query::parse(Some("filter[email][contains]=john+doe")).unwrap();
        assert_eq!(encoded.get("filter[email][contains]"), Some("john doe"));
        assert_eq!(raw.get("filter[email][contains]"), Some("john doe"));
    }

    #[test]
    fn invalid_utf8_in_a_query_value_is_a_parameter_error() {
        let error = Query::parse(Some("sort=%FF")).unwrap_err();
        assert_eq!(error.status, 422);
        assert_eq!(error.errors[0].source.as_ref().unwrap().parameter.as_deref(), Some("sort"));
    }

    #[test]
    fn page_numbers_out_of_range_are_rejected_with_the_parameter_named() {
        let query = Query::parse(Some("page[size]=251&page[number]=99999999999999999999999")).unwrap();
        assert_eq!(query.integer("page[size]", 20, 1, 250).unwrap_err().status, 422);
        assert!(query.integer("page[number]", 1, 1, u64::MAX).is_err());
    }

    #[test]
    fn bodies_that_are_not_json_objects_are_told_apart() {
        assert_eq!(json_object(b"").unwrap(), None);
        assert_eq!(json_object(b"null").unwrap(), None);
        assert_eq!(json_object(b"{").unwrap_err().status, 400);
        assert_eq!(json_object(b"[1]").unwrap_err().status, 422);
        assert_eq!(json_object(&[0xff, 0xfe]).unwrap_err().status, 400);
        let deep = "[".repeat(100_000);
        assert_eq!(json_object(deep.as_bytes()).unwrap_err().status, 400);
    }

    #[test]
    fn content_types_other_than_json_are_refused() {
        assert!(check_json_content_type(None).is_ok());
        assert!(check_json_content_type(Some("application/json; charset=utf-8")).is_ok());
        assert!(check_json_content_type(Some("application/vnd.api+json")).is_ok());
        assert_eq!(check_json_content_type(Some("text/plain")).unwrap_err().status, 415);
    }
}
