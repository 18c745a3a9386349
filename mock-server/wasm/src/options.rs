//! The engine's options from JavaScript: the `telnyx-mock` program's flags,
//! in camelCase, with the same exclusions between the seed flags.

use serde::Deserialize;
use std::fmt;
use std::time::Duration;
use telnyx_mock::engine::{Config, Engine};
use telnyx_mock::{Fixture, OAuthClient, Seed, Snapshot};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EngineOptions {
    /// Accept only `Bearer <apiKey>`.
    pub api_key: Option<String>,
    /// Synthetic managed accounts instead of the default ones.
    pub accounts: Option<usize>,
    /// Synthetic users instead of the default ones.
    pub users: Option<usize>,
    /// A seed fixture (what `--seed FILE` holds).
    pub seed: Option<Fixture>,
    /// A snapshot to start from (what `--state FILE` holds).
    pub state: Option<Box<Snapshot>>,
    /// A named scenario.
    pub scenario: Option<String>,
    pub latency_ms: Option<u64>,
    pub body_limit: Option<usize>,
    /// Requests per minute.
    pub rate_limit: Option<u64>,
    /// How many requests the log keeps.
    pub request_log: Option<usize>,
    pub oauth_client_id: Option<String>,
    pub oauth_client_secret: Option<String>,
    /// Seconds.
    pub oauth_token_lifetime: Option<u64>,
}

#[derive(Debug, PartialEq)]
pub struct OptionsError(String);

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "telnyx-mock: {}", self.0)
    }
}

impl EngineOptions {
    pub fn parse(json: &str) -> Result<Self, OptionsError> {
        serde_json::from_str(json).map_err(|e| OptionsError(format!("invalid options: {e}")))
    }

    /// The seed these options pick; two that exclude each other are refused
    /// (as the program's flags are).
    pub fn seed(&self) -> Result<Seed, OptionsError> {
        let synthetic = self.accounts.is_some() || self.users.is_some();
        let given = [
            ("accounts/users", synthetic),
            ("seed", self.seed.is_some()),
            ("state", self.state.is_some()),
            ("scenario", self.scenario.is_some()),
        ];
        let chosen: Vec<&str> = given.iter().filter(|(_, set)| *set).map(|(name, _)| *name).collect();
        if chosen.len() > 1 {
            return Err(OptionsError(format!("{} exclude each other: give one", chosen.join(" and "))));
        }
        Ok(if let Some(state) = &self.state {
            Seed::Snapshot(state.clone())
        } else if let Some(name) = &self.scenario {
            if !telnyx_mock::SCENARIOS.iter().any(|(known, _)| known == name) {
                return Err(OptionsError(telnyx_mock::Error::UnknownScenario(name.clone()).to_string()));
            }
            Seed::Scenario(name.clone())
        } else if let Some(fixture) = &self.seed {
            Seed::Fixture(fixture.clone())
        } else if synthetic {
            Seed::Synthetic { accounts: self.accounts, users: self.users }
        } else {
            Seed::Default
        })
    }

    pub fn config(&self) -> Config {
        let defaults = Config::default();
        let oauth = OAuthClient::default();
        Config {
            api_key: self.api_key.clone(),
            latency: self.latency_ms.map(Duration::from_millis),
            body_limit: self.body_limit.unwrap_or(defaults.body_limit),
            rate_limit: self.rate_limit,
            rate_window: Duration::from_secs(60),
            request_log_capacity: self.request_log.unwrap_or(defaults.request_log_capacity),
            oauth: OAuthClient {
                client_id: self.oauth_client_id.clone().unwrap_or(oauth.client_id),
                client_secret: self.oauth_client_secret.clone().unwrap_or(oauth.client_secret),
                token_lifetime_secs: self.oauth_token_lifetime.unwrap_or(oauth.token_lifetime_secs),
            },
        }
    }

    pub fn engine(self) -> Result<Engine, OptionsError> {
        let seed = self.seed()?;
        Engine::from_seed(&seed, self.config()).map_err(|e| OptionsError(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_options_are_the_default_seed() {
        let options = EngineOptions::parse("{}").unwrap();
        assert!(matches!(options.seed(), Ok(Seed::Default)));
        assert!(options.engine().is_ok());
    }

    #[test]
    fn an_unknown_option_is_named() {
        let error = EngineOptions::parse(r#"{"acounts": 3}"#).unwrap_err();
        assert!(error.to_string().contains("unknown field `acounts`"), "{error}");
    }

    #[test]
    fn seed_options_that_exclude_each_other_are_refused() {
        let options = EngineOptions::parse(r#"{"accounts": 3, "scenario": "rate-limited"}"#).unwrap();
        assert_eq!(
            options.seed().unwrap_err().to_string(),
            "telnyx-mock: accounts/users and scenario exclude each other: give one"
        );
    }

    #[test]
    fn an_unknown_scenario_lists_the_known_ones() {
        let error = EngineOptions::parse(r#"{"scenario": "nope"}"#).unwrap().engine().err().unwrap();
        assert!(error.to_string().contains("many-accounts"), "{error}");
    }

    #[test]
    fn a_wrong_type_is_an_error_not_a_panic() {
        assert!(EngineOptions::parse(r#"{"accounts": -1}"#).is_err());
        assert!(EngineOptions::parse("[").is_err());
    }

    #[test]
    fn synthetic_accounts_and_settings_reach_the_engine() {
        let options = EngineOptions::parse(r#"{"accounts": 3, "apiKey": "K", "latencyMs": 5}"#).unwrap();
        let config = options.config();
        assert_eq!(config.api_key.as_deref(), Some("K"));
        assert_eq!(config.latency, Some(Duration::from_millis(5)));
        let mut engine = options.engine().unwrap();
        let request = crate::request("GET", "/v2/managed_accounts", &["authorization".into(), "Bearer K".into()], b"");
        let response = engine.handle(&request, 1_700_000_000_000, 1);
        assert_eq!(response.status, 200);
        let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
        assert_eq!(body["meta"]["total_results"], 3);
    }
}
