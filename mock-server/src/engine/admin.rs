//! The admin API under `/__admin` (no `/v2`, no credentials).
//!
//! | call | what it does |
//! |---|---|
//! | `GET /__admin` | lists these routes |
//! | `POST /__admin/faults` | adds a fault rule (or an array of them) |
//! | `GET /__admin/faults` | lists the rules with their hit counts |
//! | `DELETE /__admin/faults` | removes every rule |
//! | `DELETE /__admin/faults/{id}` | removes one rule |
//! | `POST /__admin/reset` | restores the seed; clears faults, requests, idempotency keys |
//! | `GET /__admin/requests` | the request log (`?method=`, `?path=`, `?operation=`, `?since=`) |
//! | `DELETE /__admin/requests` | clears the request log |
//! | `GET /__admin/state` | counts; `?full=true` adds every account, user and group |
//! | `PATCH /__admin/accounts/{id}` | sets `{"status": "cancelled"}` and the like |
//! | `GET /__admin/snapshot` | the whole state as JSON (a [`crate::Snapshot`]) |
//! | `PUT /__admin/snapshot` | replaces the whole state with a snapshot (`?keep_reset=true`: a reset still returns where it did) |
//! | `GET /__admin/scenarios` | the named scenarios |
//! | `PUT /__admin/scenarios/{name}` | loads a named scenario |

use crate::engine::api::api_path;
use crate::engine::errors::ApiFailure;
use crate::engine::faults::{path_matches, Fault};
use crate::engine::input::{json_object, Query};
use crate::engine::reply::Reply;
use crate::engine::snapshot::{scenario, Snapshot, SCENARIOS};
use crate::engine::state::AccountStatus;
use crate::engine::Engine;
use serde_json::{json, Value};

/// Largest snapshot `PUT /__admin/snapshot` takes (other admin calls keep the body limit).
pub const SNAPSHOT_BODY_LIMIT: usize = 64 * 1024 * 1024;

pub fn handle(inner: &mut Engine, method: &str, path: &str, query: Option<&str>, body: &[u8]) -> Reply {
    match route(inner, method, path, query, body) {
        Ok(reply) => reply,
        Err(failure) => Reply::failure(&failure),
    }
}

fn route(inner: &mut Engine, method: &str, path: &str, query: Option<&str>, body: &[u8]) -> Result<Reply, ApiFailure> {
    let rest = path.trim_start_matches("/__admin").trim_end_matches('/');
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let limit = if segments == ["snapshot"] { SNAPSHOT_BODY_LIMIT } else { inner.config.body_limit };
    if body.len() > limit {
        return Err(ApiFailure::payload_too_large(limit));
    }
    let not_allowed = |allowed: &[&str]| Err(ApiFailure::method_not_allowed(method, path, allowed));
    match segments.as_slice() {
        [] => match method {
            "GET" => Ok(Reply::json(200, &index())),
            _ => not_allowed(&["GET"]),
        },
        ["faults"] => match method {
            "POST" => add_faults(inner, body),
            "GET" => Ok(Reply::json(200, &json!({ "data": inner.faults.rules() }))),
            "DELETE" => Ok(Reply::json(200, &json!({ "data": { "cleared": inner.faults.clear() } }))),
            _ => not_allowed(&["GET", "POST", "DELETE"]),
        },
        ["faults", id] => match method {
            "DELETE" => {
                let found = id.parse::<u64>().map(|id| inner.faults.remove(id)).unwrap_or(false);
                if found {
                    Ok(Reply::json(200, &json!({ "data": { "removed": id } })))
                } else {
                    Err(ApiFailure::not_found("Fault rule", id))
                }
            }
            _ => not_allowed(&["DELETE"]),
        },
        ["reset"] => match method {
            "POST" => {
                inner.reset();
                Ok(Reply::json(200, &json!({ "data": inner.store.counts() })))
            }
            _ => not_allowed(&["POST"]),
        },
        ["requests"] => match method {
            "GET" => requests(inner, query),
            "DELETE" => {
                inner.log.clear();
                Ok(Reply::json(200, &json!({ "data": { "cleared": true } })))
            }
            _ => not_allowed(&["GET", "DELETE"]),
        },
        ["state"] => match method {
            "GET" => state(inner, query),
            _ => not_allowed(&["GET"]),
        },
        ["snapshot"] => match method {
            "GET" => Ok(Reply::json(200, &inner.snapshot())),
            "PUT" => {
                let keep_reset = Query::parse(query)?.boolean("keep_reset")?.unwrap_or(false);
                let snapshot: Snapshot = serde_json::from_slice(body)
                    .map_err(|error| ApiFailure::invalid_field("/", format!("Not a snapshot: {error}.")))?;
                if keep_reset {
                    // A host that persists the state puts it back this way without moving the reset point.
                    let seed = inner.seed.clone();
                    let reply = load(inner, snapshot)?;
                    inner.seed = seed;
                    Ok(reply)
                } else {
                    load(inner, snapshot)
                }
            }
            _ => not_allowed(&["GET", "PUT"]),
        },
        ["scenarios"] => match method {
            "GET" => {
                let list: Vec<Value> =
                    SCENARIOS.iter().map(|(name, about)| json!({ "name": name, "description": about })).collect();
                Ok(Reply::json(200, &json!({ "data": list })))
            }
            _ => not_allowed(&["GET"]),
        },
        ["scenarios", name] => match method {
            "PUT" => match scenario(name) {
                Ok(snapshot) => load(inner, snapshot),
                Err(_) => Err(ApiFailure::not_found("Scenario", name)),
            },
            _ => not_allowed(&["PUT"]),
        },
        ["accounts", id] => match method {
            "PATCH" => set_account(inner, id, body),
            _ => not_allowed(&["PATCH"]),
        },
        _ => Err(ApiFailure::no_route(method, path)),
    }
}

fn index() -> Value {
    json!({ "data": [
        "POST /__admin/faults", "GET /__admin/faults", "DELETE /__admin/faults", "DELETE /__admin/faults/{id}",
        "POST /__admin/reset", "GET /__admin/requests", "DELETE /__admin/requests", "GET /__admin/state",
        "PATCH /__admin/accounts/{id}", "GET /__admin/snapshot", "PUT /__admin/snapshot", "GET /__admin/scenarios",
        "PUT /__admin/scenarios/{name}",
    ]})
}

/// Loads a snapshot: the answer is the new counts.
fn load(inner: &mut Engine, snapshot: Snapshot) -> Result<Reply, ApiFailure> {
    inner.restore(snapshot).map_err(|error| ApiFailure::invalid_field("/", format!("{error}.")))?;
    Ok(Reply::json(200, &json!({ "data": inner.store.counts() })))
}

fn add_faults(inner: &mut Engine, body: &[u8]) -> Result<Reply, ApiFailure> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => return Err(ApiFailure::bad_request(format!("The request body is not valid JSON: {error}."))),
    };
    let (specs, many) = match value {
        Value::Array(items) => (items, true),
        other => (vec![other], false),
    };
    let mut faults = Vec::new();
    for (i, spec) in specs.into_iter().enumerate() {
        let fault: Fault = serde_json::from_value(spec).map_err(|error| {
            let pointer = if many { format!("/{i}") } else { "/".to_owned() };
            ApiFailure::invalid_field(&pointer, format!("Not a fault rule: {error}."))
        })?;
        fault.validate()?;
        faults.push(fault);
    }
    let mut added = Vec::new();
    for fault in faults {
        added.push(inner.faults.add(fault)?);
    }
    let data = if many { json!(added) } else { json!(added.into_iter().next()) };
    Ok(Reply::json(201, &json!({ "data": data })))
}

fn requests(inner: &Engine, query: Option<&str>) -> Result<Reply, ApiFailure> {
    let query = Query::parse(query)?;
    let since = query.integer("since", 0, 0, u64::MAX)?;
    let method = query.text("method");
    let path = query.text("path");
    let operation = query.text("operation");
    let entries: Vec<_> = inner
        .log
        .entries()
        .filter(|e| e.seq > since)
        .filter(|e| method.map_or(true, |m| m.eq_ignore_ascii_case(&e.method)))
        // The log keeps each path as sent; the filter compares API paths.
        .filter(|e| path.map_or(true, |p| path_matches(p, api_path(&e.path))))
        .filter(|e| operation.map_or(true, |o| e.operation.as_deref() == Some(o)))
        .collect();
    let meta = json!({ "total": entries.len(), "logged": inner.log.len(), "dropped": inner.log.dropped() });
    Ok(Reply::json(200, &json!({ "data": entries, "meta": meta })))
}

fn state(inner: &Engine, query: Option<&str>) -> Result<Reply, ApiFailure> {
    let query = Query::parse(query)?;
    let full = query.boolean("full")?.unwrap_or(false);
    let mut data = json!({
        "counts": inner.store.counts(),
        "manager": inner.store.manager(),
        "faults": inner.faults.rules().len(),
        "requests_logged": inner.log.len(),
        "idempotency_keys": inner.idempotency.len(),
    });
    if full {
        data["accounts"] = json!(inner.store.accounts());
        data["users"] = json!(inner.store.users());
        data["groups"] = json!(inner.store.groups());
    }
    Ok(Reply::json(200, &json!({ "data": data })))
}

fn set_account(inner: &mut Engine, id: &str, body: &[u8]) -> Result<Reply, ApiFailure> {
    let fields = json_object(body)?;
    let status = fields.as_ref().and_then(|f| f.get("status")).and_then(Value::as_str);
    let Some(status) = status.and_then(AccountStatus::parse) else {
        return Err(ApiFailure::invalid_field(
            "/status",
            "`status` must be one of enabled, disabled, cancelled, blocked.",
        ));
    };
    let manager_id = inner.store.manager().id.clone();
    let account = inner.store.set_account_status(id, status)?;
    let mut data = json!(account.view(&manager_id));
    data["status"] = json!(status);
    Ok(Reply::json(200, &json!({ "data": data })))
}
