//! Ids, secrets and timestamps, drawn from a seeded generator: the engine's
//! caller passes the randomness in (a fresh `u64` per request at run time, a
//! fixed one for seed data, so that seeds are reproducible).

use time::macros::format_description;
use time::OffsetDateTime;

/// A small deterministic generator (SplitMix64) for seed data: the same seed
/// always yields the same ids and keys, so fixtures and docs can name them.
#[derive(Clone, Debug)]
pub struct SeededRng(u64);

impl SeededRng {
    pub fn new(seed: u64) -> Self {
        SeededRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn bytes16(&mut self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        out[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        out
    }
}

/// Ids and keys drawn from a generator.
pub struct Entropy<'a>(pub &'a mut SeededRng);

impl Entropy<'_> {
    pub fn bytes16(&mut self) -> [u8; 16] {
        self.0.bytes16()
    }

    /// A version-4 UUID, lowercase and hyphenated as Telnyx sends them.
    pub fn uuid(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.bytes16()).into_uuid().hyphenated().to_string()
    }

    /// A V2 API key shaped like Telnyx's: `KEY` + 32 hex digits + `_` + 22 characters.
    pub fn api_key(&mut self) -> String {
        let hex: String = self.bytes16().iter().map(|b| format!("{b:02X}")).collect();
        format!("KEY{hex}_{}", self.token())
    }

    /// A V1 API token: 22 URL-safe characters.
    pub fn token(&mut self) -> String {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let a = self.bytes16();
        let b = self.bytes16();
        a.iter().chain(b.iter()).take(22).map(|byte| ALPHABET[(*byte & 63) as usize] as char).collect()
    }
}

/// ISO 8601 in UTC with milliseconds, as Telnyx writes timestamps: `2018-02-02T22:25:27.521Z`.
pub fn format_timestamp(at: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    let at = at.to_offset(time::UtcOffset::UTC);
    at.format(&format).unwrap_or_else(|_| "1970-01-01T00:00:00.000Z".to_owned())
}

/// Reads a timestamp given in a seed file (RFC 3339).
pub fn parse_timestamp(value: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339).ok()
}

/// `now_ms` (milliseconds since the Unix epoch) as a date and time.
pub fn from_unix_ms(now_ms: u64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(now_ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_ids_are_reproducible_uuids() {
        let mut a = SeededRng::new(7);
        let mut b = SeededRng::new(7);
        let first = Entropy(&mut a).uuid();
        assert_eq!(first, Entropy(&mut b).uuid());
        let parsed = uuid::Uuid::parse_str(&first).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
    }

    #[test]
    fn api_keys_look_like_telnyx_keys() {
        let mut rng = SeededRng::new(1);
        let key = Entropy(&mut rng).api_key();
        assert!(key.starts_with("KEY"));
        assert_eq!(key.len(), 3 + 32 + 1 + 22);
        assert_eq!(Entropy(&mut rng).token().len(), 22);
    }

    #[test]
    fn timestamps_are_iso_8601_with_milliseconds() {
        let at = parse_timestamp("2018-02-02T22:25:27.521Z").unwrap();
        assert_eq!(format_timestamp(at), "2018-02-02T22:25:27.521Z");
    }
}
