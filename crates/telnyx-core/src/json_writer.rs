//! A writer for the flat JSON objects the request bodies are.
//!
//! Bodies hold only strings, booleans and integers. Writing them by hand keeps
//! a JSON serialiser out of the wasm module; the tests check every output
//! against serde_json.

pub(crate) struct JsonObject(String);

impl JsonObject {
    pub fn new() -> Self {
        JsonObject(String::from("{"))
    }

    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        push_string(&mut self.0, key);
        self.0.push(':');
    }

    pub fn string(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.key(key);
            push_string(&mut self.0, value);
        }
        self
    }

    pub fn bool(&mut self, key: &str, value: Option<bool>) -> &mut Self {
        if let Some(value) = value {
            self.key(key);
            self.0.push_str(if value { "true" } else { "false" });
        }
        self
    }

    pub fn integer(&mut self, key: &str, value: Option<i64>) -> &mut Self {
        if let Some(value) = value {
            self.key(key);
            self.0.push_str(&crate::text::decimal(value));
        }
        self
    }

    pub fn finish(&mut self) -> String {
        let mut out = std::mem::take(&mut self.0);
        out.push('}');
        out
    }
}

fn push_string(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 0xF] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
