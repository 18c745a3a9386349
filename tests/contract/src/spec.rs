//! The OpenAPI spec as a response validator.
//!
//! Each operation's documented response schema (with its `$ref`s into
//! `components`) becomes a JSON Schema validator; a raw body either
//! validates or yields a list of what is wrong, by JSON pointer.
//! The one OpenAPI 3.0 keyword that needs translating for a JSON Schema
//! validator here is `nullable: true`, which becomes a `"null"` type.

use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::fmt;
use telnyx_client::Operation;

/// The spec file, kept in the repository (see its `info` for the origin).
pub const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/telnyx-account-management.openapi.json");

/// Where each operation lives in the spec.
pub fn route(operation: Operation) -> (&'static str, &'static str) {
    match operation {
        Operation::ListManagedAccounts => ("get", "/managed_accounts"),
        Operation::CreateManagedAccount => ("post", "/managed_accounts"),
        Operation::GetAllocatableGlobalOutboundChannels => {
            ("get", "/managed_accounts/allocatable_global_outbound_channels")
        }
        Operation::RetrieveManagedAccount => ("get", "/managed_accounts/{id}"),
        Operation::UpdateManagedAccount => ("patch", "/managed_accounts/{id}"),
        Operation::DisableManagedAccount => ("post", "/managed_accounts/{id}/actions/disable"),
        Operation::EnableManagedAccount => ("post", "/managed_accounts/{id}/actions/enable"),
        Operation::UpdateGlobalChannelLimit => ("patch", "/managed_accounts/{id}/update_global_channel_limit"),
        Operation::ListOrganizationUsers => ("get", "/organizations/users"),
        Operation::GetGroupsReport => ("get", "/organizations/users/users_groups_report"),
        Operation::RetrieveOrganizationUser => ("get", "/organizations/users/{id}"),
        Operation::RemoveOrganizationUser => ("post", "/organizations/users/{id}/actions/remove"),
    }
}

/// A body that does not match its schema (or a schema that is missing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub operation: Operation,
    /// `"request"` or `"response"`.
    pub what: &'static str,
    /// The response status; 0 for a request.
    pub status: u16,
    pub problems: Vec<String>,
    pub body: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body: String = self.body.chars().take(600).collect();
        let status = if self.status == 0 { String::new() } else { format!(" {}", self.status) };
        write!(
            f,
            "{}{status} {} does not match the spec: {}\n  body: {body}",
            self.operation.js_name(),
            self.what,
            self.problems.join("; ")
        )
    }
}

/// The spec's response schemas, compiled once.
pub struct Spec {
    document: Value,
    validators: HashMap<String, jsonschema::Validator>,
}

impl fmt::Debug for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Spec").field("schemas", &self.validators.len()).finish()
    }
}

impl Spec {
    /// Reads and parses the spec file.
    pub fn load() -> Result<Spec, String> {
        let text = std::fs::read_to_string(SPEC_PATH).map_err(|e| format!("cannot read {SPEC_PATH}: {e}"))?;
        let document: Value = serde_json::from_str(&text).map_err(|e| format!("{SPEC_PATH} is not JSON: {e}"))?;
        let mut spec = Spec { document, validators: HashMap::new() };
        // Compile every schema up front, so a broken spec fails loudly once.
        for operation in Operation::ALL {
            let (method, path) = route(operation);
            let responses = spec.document["paths"][path][method]["responses"].clone();
            let Some(responses) = responses.as_object() else {
                return Err(format!("the spec has no responses for {} {path}", method.to_uppercase()));
            };
            if let Some(schema) =
                spec.document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"].as_object()
            {
                // The client must send only documented fields: close the body's top-level object.
                let mut schema = spec.resolve(&Value::Object(schema.clone())).clone();
                if let Some(object) = schema.as_object_mut() {
                    object.insert("additionalProperties".to_owned(), Value::Bool(false));
                }
                let validator = spec.compile(&schema)?;
                spec.validators.insert(format!("request {method} {path}"), validator);
            }
            for (status, response) in responses {
                let response = spec.resolve(response).clone();
                if let Some(content) = response.get("content").and_then(Value::as_object) {
                    for (media_type, entry) in content {
                        if let Some(schema) = entry.get("schema") {
                            let key = format!("{method} {path} {status} {media_type}");
                            let validator = spec.compile(schema)?;
                            spec.validators.insert(key, validator);
                        }
                    }
                }
            }
        }
        let error_schema = json!({ "$ref": "#/components/schemas/ErrorResponse" });
        let validator = spec.compile(&error_schema)?;
        spec.validators.insert("ErrorResponse".to_owned(), validator);
        Ok(spec)
    }

    /// The parsed spec document.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// Follows a `$ref` to a `#/components/...` object, once.
    fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        match value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
            Some(pointer) => self.document.pointer(pointer).unwrap_or(value),
            None => value,
        }
    }

    fn compile(&self, schema: &Value) -> Result<jsonschema::Validator, String> {
        // `components` rides along so `#/components/...` references resolve inside the document.
        let mut root = Map::new();
        root.insert("allOf".to_owned(), json!([to_json_schema(schema)]));
        root.insert("components".to_owned(), to_json_schema(&self.document["components"]));
        jsonschema::options()
            // 2020-12 knows the `uuid` format the spec uses; the response
            // schemas use no keyword whose meaning differs from OpenAPI 3.0's.
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&Value::Object(root))
            .map_err(|e| format!("a schema in the spec does not compile: {e}"))
    }

    /// Checks one raw response against what the spec documents for it.
    ///
    /// - A documented status with a body schema for the media type: the body
    ///   must parse (JSON) and validate.
    /// - `text/csv`: the header row must be the documented columns.
    /// - An error status the spec lists without a body, or does not list
    ///   (429 and 5xx from faults): the body must be Telnyx's `ErrorResponse`,
    ///   or empty.
    pub fn check(&self, operation: Operation, status: u16, content_type: &str, body: &[u8]) -> Result<(), Mismatch> {
        let (method, path) = route(operation);
        let media_type = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let mismatch = |problems: Vec<String>| Mismatch {
            operation,
            what: "response",
            status,
            problems,
            body: String::from_utf8_lossy(body).into_owned(),
        };
        if media_type == "text/csv" {
            return check_csv(body).map_err(|p| mismatch(vec![p]));
        }
        let key = format!("{method} {path} {status} {media_type}");
        let validator = match self.validators.get(&key) {
            Some(validator) => validator,
            None if status >= 400 => {
                if body.is_empty() {
                    return Ok(());
                }
                self.validators.get("ErrorResponse").ok_or_else(|| mismatch(vec!["no ErrorResponse schema".into()]))?
            }
            None => {
                return Err(mismatch(vec![format!(
                    "the spec documents no `{media_type}` body for status {status} of {} {path}",
                    method.to_uppercase()
                )]))
            }
        };
        validate(validator, body).map_err(mismatch)
    }

    /// Checks a request body the client sent: JSON that matches the
    /// operation's documented `requestBody`, with no undocumented fields;
    /// or no body at all for an operation that documents none.
    pub fn check_request(&self, operation: Operation, body: Option<&str>) -> Result<(), Mismatch> {
        let (method, path) = route(operation);
        let mismatch = |problems: Vec<String>| Mismatch {
            operation,
            what: "request",
            status: 0,
            problems,
            body: body.unwrap_or_default().to_owned(),
        };
        match (self.validators.get(&format!("request {method} {path}")), body) {
            (Some(validator), Some(body)) => validate(validator, body.as_bytes()).map_err(mismatch),
            (Some(_), None) | (None, None) => Ok(()),
            (None, Some(_)) => Err(mismatch(vec!["the spec documents no request body for this operation".into()])),
        }
    }
}

fn validate(validator: &jsonschema::Validator, body: &[u8]) -> Result<(), Vec<String>> {
    let instance: Value = serde_json::from_slice(body).map_err(|e| vec![format!("the body is not JSON: {e}")])?;
    let problems: Vec<String> =
        validator.iter_errors(&instance).map(|e| format!("at `{}`: {e}", e.instance_path)).collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The CSV report's documented columns, in order.
const CSV_COLUMNS: &str = "id,email,user_status,created_at,last_sign_in_at,groups";

fn check_csv(body: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(body).map_err(|_| "the CSV body is not UTF-8".to_owned())?;
    let header = text.lines().next().unwrap_or("");
    if header.trim_end_matches('\r') == CSV_COLUMNS {
        Ok(())
    } else {
        Err(format!("the CSV header row is `{header}`, not `{CSV_COLUMNS}`"))
    }
}

/// OpenAPI 3.0 schema → JSON Schema: `nullable: true` adds `"null"` to `type`.
fn to_json_schema(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map.iter().map(|(k, v)| (k.clone(), to_json_schema(v))).collect();
            if out.remove("nullable") == Some(Value::Bool(true)) {
                match out.get("type").cloned() {
                    Some(Value::String(t)) => {
                        out.insert("type".to_owned(), json!([t, "null"]));
                    }
                    Some(Value::Array(mut types)) => {
                        types.push(json!("null"));
                        out.insert("type".to_owned(), Value::Array(types));
                    }
                    _ => {}
                }
                if let Some(Value::Array(values)) = out.get_mut("enum") {
                    values.push(Value::Null);
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        Spec::load().unwrap()
    }

    /// Builds a body from the `example`s the spec gives, as a spec-driven mock would.
    fn example_for(spec: &Spec, schema: &Value) -> Value {
        let schema = spec.resolve(schema);
        if let Some(example) = schema.get("example") {
            return example.clone();
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("array") => json!([example_for(spec, &schema["items"])]),
            _ => match schema.get("properties").and_then(Value::as_object) {
                Some(properties) => {
                    Value::Object(properties.iter().map(|(k, v)| (k.clone(), example_for(spec, v))).collect())
                }
                None => Value::Null,
            },
        }
    }

    /// Every example the spec gives for a 200 validates (the validator agrees with the spec's authors).
    #[test]
    fn every_success_example_in_the_spec_validates() {
        let spec = spec();
        let mut checked = 0;
        for operation in Operation::ALL {
            let (method, path) = route(operation);
            let content = &spec.document()["paths"][path][method]["responses"]["200"]["content"];
            for (media_type, entry) in content.as_object().unwrap() {
                let example = match entry.get("example") {
                    Some(example) => example.clone(),
                    None => example_for(&spec, &entry["schema"]),
                };
                let body = match &example {
                    Value::String(text) => text.clone().into_bytes(),
                    other => serde_json::to_vec(other).unwrap(),
                };
                spec.check(operation, 200, media_type, &body).unwrap_or_else(|m| panic!("{m}"));
                checked += 1;
            }
        }
        assert_eq!(checked, 13, "one JSON body per operation, and the CSV report");
    }

    #[test]
    fn a_missing_required_field_is_reported_with_its_place() {
        let body = br#"{"data":{"id":"f65ceda4-6522-4ad6-aede-98de83385123","record_type":"managed_account"}}"#;
        let mismatch = spec().check(Operation::RetrieveManagedAccount, 200, "application/json", body).unwrap_err();
        assert!(mismatch.problems.iter().any(|p| p.contains("/data") && p.contains("email")), "{mismatch}");
    }

    #[test]
    fn a_wrong_type_and_a_bad_uuid_are_reported() {
        let body = br#"{"data":[{"id":"not-a-uuid","email":7}],"meta":{"page_number":"one"}}"#;
        let mismatch = spec().check(Operation::ListManagedAccounts, 200, "application/json", body).unwrap_err();
        let all = mismatch.problems.join("\n");
        assert!(all.contains("/data/0/email"), "{all}");
        assert!(all.contains("/meta/page_number"), "{all}");
        assert!(all.contains("/data/0/id"), "{all}");
    }

    #[test]
    fn a_null_last_sign_in_is_allowed_because_the_spec_says_nullable() {
        let body = br#"{"data":{"id":"u1","last_sign_in_at":null}}"#;
        spec().check(Operation::RetrieveOrganizationUser, 200, "application/json", body).unwrap();
        let body = br#"{"data":{"id":"u1","last_sign_in_at":5}}"#;
        assert!(spec().check(Operation::RetrieveOrganizationUser, 200, "application/json", body).is_err());
    }

    #[test]
    fn an_unknown_user_status_fails_the_enum() {
        let body = br#"{"data":{"id":"u1","user_status":"sleeping"}}"#;
        assert!(spec().check(Operation::RetrieveOrganizationUser, 200, "application/json", body).is_err());
    }

    #[test]
    fn error_bodies_are_checked_against_telnyx_error_format() {
        let spec = spec();
        let good = br#"{"errors":[{"code":"10005","title":"Resource not found","detail":"x"}]}"#;
        spec.check(Operation::RetrieveManagedAccount, 404, "application/json", good).unwrap();
        spec.check(Operation::CreateManagedAccount, 503, "application/json", good).unwrap();
        let bad = br#"{"errors":"nope"}"#;
        assert!(spec.check(Operation::RetrieveManagedAccount, 404, "application/json", bad).is_err());
        assert!(spec.check(Operation::CreateManagedAccount, 429, "application/json", b"<html>").is_err());
    }

    #[test]
    fn request_bodies_are_checked_and_undocumented_fields_refused() {
        let spec = spec();
        spec.check_request(Operation::CreateManagedAccount, Some(r#"{"business_name":"Acme","rollup_billing":true}"#))
            .unwrap();
        spec.check_request(Operation::UpdateGlobalChannelLimit, Some(r#"{"channel_limit":3}"#)).unwrap();
        spec.check_request(Operation::EnableManagedAccount, Some("{}")).unwrap();
        spec.check_request(Operation::RetrieveManagedAccount, None).unwrap();
        for (operation, body) in [
            (Operation::CreateManagedAccount, r#"{"email":"a@b.c"}"#),
            (Operation::CreateManagedAccount, r#"{"business_name":"Acme","colour":"red"}"#),
            (Operation::UpdateGlobalChannelLimit, r#"{"channel_limit":"3"}"#),
            (Operation::DisableManagedAccount, "{}"),
        ] {
            let mismatch = spec.check_request(operation, Some(body)).unwrap_err();
            assert!(mismatch.to_string().contains("request does not match the spec"), "{mismatch}");
        }
    }

    #[test]
    fn a_csv_report_must_start_with_the_documented_columns() {
        let spec = spec();
        let good = b"id,email,user_status,created_at,last_sign_in_at,groups\nu1,a@b.c,enabled,t,,\n";
        spec.check(Operation::GetGroupsReport, 200, "text/csv; charset=utf-8", good).unwrap();
        assert!(spec.check(Operation::GetGroupsReport, 200, "text/csv", b"id,email\n").is_err());
    }
}
