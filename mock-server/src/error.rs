//! The library's error type.

use std::fmt;

/// Why a mock could not be built, loaded or served.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A seed or fixture that does not describe a valid state (duplicate ids
    /// or emails, unknown groups, bad timestamps, unknown fields).
    InvalidSeed(String),
    /// A snapshot that does not describe a valid state, or has another version.
    InvalidSnapshot(String),
    /// No scenario has this name (see [`crate::SCENARIOS`]).
    UnknownScenario(String),
    /// A file could not be read, or a socket could not be bound or served.
    Io { context: String, source: std::io::Error },
}

impl Error {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io { context: context.into(), source }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidSeed(message) | Error::InvalidSnapshot(message) => f.write_str(message),
            Error::UnknownScenario(name) => {
                let names: Vec<&str> = crate::SCENARIOS.iter().map(|(name, _)| *name).collect();
                write!(f, "no scenario is called `{name}` (there are: {})", names.join(", "))
            }
            Error::Io { context, source } => write!(f, "{context}: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
