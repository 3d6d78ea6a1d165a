//! The settings file: where it is found (`--config`, `./wallet-audit.toml`, the user's XDG
//! config folder), its keys, and errors that name the file (and the line, where TOML knows it).

use crate::finding::{Lang, Severity};
use crate::ingest::files::{parse_size, read_settings};
use crate::model::parse_zone;
use crate::outcome::Failure;
use crate::rules::{self, Selection};
use serde::{Deserialize, Deserializer, de::Error as _};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file discovered in the current directory when no `--config` is given.
const LOCAL_FILE: &str = "wallet-audit.toml";

/// The settings file: a key for everything the command line can say, and the sections.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Config {
    #[serde(deserialize_with = "lang")]
    pub(crate) lang: Option<Lang>,
    pub(crate) timezone: Option<String>,
    pub(crate) fail_on: Option<Severity>,
    pub(crate) exit_zero: Option<bool>,
    pub(crate) select: Option<Vec<String>>,
    pub(crate) ignore: Option<Vec<String>>,
    /// `[severity]`: code → the severity its findings are reported at.
    pub(crate) severity: BTreeMap<String, Severity>,
    pub(crate) show_pii: Option<bool>,
    pub(crate) width: Option<u16>,
    pub(crate) color: Option<super::ColorChoice>,
    /// The order of the findings (`--sort`).
    pub(crate) sort: Option<crate::report::SortKey>,
    /// The cap on each input file: bytes, or a size such as `"512M"` (`--max-input-size`).
    pub(crate) max_input_size: Option<SizeSetting>,
    /// Relative to the settings file's folder, so the file means the same from any directory.
    pub(crate) mapping: Option<PathBuf>,
    /// `review`'s history store; relative to the settings file's folder.
    pub(crate) store: Option<PathBuf>,
    /// Days after which `review` calls the newest data stale.
    pub(crate) stale_after: Option<u32>,
    pub(crate) reconcile: crate::reconcile::Settings,
    pub(crate) patterns: crate::analysis::Settings,
    /// `[classify.codes]`, `[classify.messages]`: the user's additions to the failure classifier.
    pub(crate) classify: crate::classify::ClassifyConfig,
    /// `[accounts]`: which card a statement is about when it names another number or none.
    pub(crate) accounts: crate::ingest::aliases::AccountAliases,
}

fn lang<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Lang>, D::Error> {
    let raw = String::deserialize(d)?;
    <Lang as clap::ValueEnum>::from_str(&raw, false)
        .map(Some)
        .map_err(|_| D::Error::custom(format!("lang: {raw:?} is not a language; use \"en\" or \"zh\"")))
}

/// A size in the config file: a number of bytes or text such as `"2G"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum SizeSetting {
    Bytes(u64),
    Text(String),
}

impl SizeSetting {
    pub(crate) fn bytes(&self) -> Result<u64, String> {
        match self {
            SizeSetting::Bytes(0) => Err("max_input_size: the limit must be above zero".into()),
            SizeSetting::Bytes(n) => Ok(*n),
            SizeSetting::Text(t) => parse_size(t).map_err(|e| format!("max_input_size: {e}")),
        }
    }
}

/// How the settings file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// `--config FILE`.
    Given,
    /// `./wallet-audit.toml`.
    CurrentDir,
    /// `$XDG_CONFIG_HOME/wallet-audit/config.toml` (or `~/.config/…`).
    UserConfig,
}

/// Where the settings came from: the file read (if any), the places looked at, and the keys
/// the file sets, so `wallet-audit config` can tell a default from a setting.
#[derive(Debug, Clone, Default)]
pub(crate) struct Source {
    pub(crate) file: Option<(PathBuf, Found)>,
    /// Every place looked at, in order; only the given file with `--config`.
    pub(crate) looked: Vec<PathBuf>,
    /// The file as TOML, for the keys it sets and the entries of its open-ended tables.
    pub(crate) table: toml::Table,
}

impl Source {
    /// Whether the file sets this dotted key (`fail_on`, `reconcile.pending_hours`).
    pub(crate) fn sets(&self, dotted: &str) -> bool {
        let mut table = &self.table;
        let mut parts = dotted.split('.').peekable();
        while let Some(part) = parts.next() {
            match table.get(part) {
                Some(toml::Value::Table(inner)) if parts.peek().is_some() => table = inner,
                Some(_) => return parts.peek().is_none(),
                None => return false,
            }
        }
        false
    }

    /// `default`, or `config file PATH`, for a dotted key.
    pub(crate) fn origin(&self, dotted: &str) -> String {
        match &self.file {
            Some((path, _)) if self.sets(dotted) => format!("config file {}", path.display()),
            _ => "default".into(),
        }
    }

    /// The folder relative paths in the file are taken from.
    pub(crate) fn folder(&self) -> &Path {
        self.file.as_ref().and_then(|(p, _)| p.parent()).unwrap_or(Path::new(""))
    }

    /// A path the file names (`store`, `mapping`): `~/…` in the home folder, a relative path in
    /// the file's folder (so the file means the same from any working folder), an absolute one
    /// as it is.
    pub(crate) fn path(&self, written: &Path) -> PathBuf {
        let home = std::env::var_os("HOME").map(PathBuf::from).filter(|h| h.is_absolute());
        match (written.strip_prefix("~"), home) {
            (Ok(rest), Some(home)) => home.join(rest),
            _ => self.folder().join(written),
        }
    }

    /// Prefixes a message with the file it is about.
    pub(crate) fn named(&self, message: String) -> Failure {
        match &self.file {
            Some((path, _)) => Failure(format!("{}: {message}", path.display())),
            None => Failure(format!("settings: {message}")),
        }
    }
}

/// `$XDG_CONFIG_HOME/wallet-audit/config.toml`, `$HOME/.config/…` when it is unset (or not
/// absolute, as the XDG spec says to ignore it); none without either.
fn user_config_file() -> Option<PathBuf> {
    let absolute = |var: &str| std::env::var_os(var).map(PathBuf::from).filter(|p| p.is_absolute());
    let base = absolute("XDG_CONFIG_HOME").or_else(|| absolute("HOME").map(|h| h.join(".config")))?;
    Some(base.join("wallet-audit").join("config.toml"))
}

/// Finds and reads the settings: `given` (which must exist), else the first of
/// `./wallet-audit.toml` and the user's config file that exists; none is the defaults.
pub(crate) fn discover(given: Option<&Path>) -> Result<(Config, Source), Failure> {
    let candidates: Vec<(PathBuf, Found)> = match given {
        Some(path) => vec![(path.to_path_buf(), Found::Given)],
        None => std::iter::once((PathBuf::from(LOCAL_FILE), Found::CurrentDir))
            .chain(user_config_file().map(|p| (p, Found::UserConfig)))
            .collect(),
    };
    let looked = candidates.iter().map(|(p, _)| p.clone()).collect();
    for (path, found) in candidates {
        // A discovered file that is not there is simply absent; one that is there but cannot
        // be read (permissions, a folder) is an error, not a silent fallback to defaults.
        if found != Found::Given {
            match path.try_exists() {
                Ok(false) => continue,
                Ok(true) => {}
                Err(e) => return Err(Failure(format!("{}: cannot read settings file: {e}", path.display()))),
            }
        }
        let (config, table) = read(&path)?;
        return Ok((config, Source { file: Some((path, found)), looked, table }));
    }
    Ok((Config::default(), Source { looked, ..Source::default() }))
}

impl Config {
    /// Checks the keys whose meaning serde cannot check; the sections check themselves
    /// (`Settings::validate`, `classifier()`), as their readers need the results.
    fn check(&self) -> Result<(), String> {
        if let Some(tz) = &self.timezone {
            parse_zone(tz).map_err(|e| format!("timezone: {e}"))?;
        }
        for (key, list) in [("select", &self.select), ("ignore", &self.ignore)] {
            let list = list.as_deref().unwrap_or_default();
            if list.iter().any(|c| c.trim().is_empty()) {
                return Err(format!("{key}: empty code; name codes or prefixes, e.g. {key} = [\"R\", \"F002\"]"));
            }
            let selection = Selection { select: list.to_vec(), ignore: Vec::new() };
            let unknown = selection.unknown();
            if !unknown.is_empty() {
                return Err(format!("{key}: {} names no rule; `wallet-audit rules` lists them", unknown.join(", ")));
            }
        }
        if let Some(code) = self.severity.keys().find(|code| rules::by_code(code).is_none()) {
            return Err(format!(
                "severity.{code}: no rule has this code or slug (e.g. F007, network); `wallet-audit rules` lists them"
            ));
        }
        if self.stale_after == Some(0) {
            return Err("stale_after: the number of days must be at least 1".into());
        }
        if let Some(size) = &self.max_input_size {
            size.bytes()?;
        }
        Ok(())
    }
}

/// Reads and parses one settings file, as the typed settings and as a TOML table.
fn read(path: &Path) -> Result<(Config, toml::Table), Failure> {
    let text = read_settings(path, "settings file").map_err(Failure)?;
    let text = text.trim_start_matches('\u{feff}');
    let located = |e: toml::de::Error| Failure(located(path, text, &e));
    let config = toml::from_str::<Config>(text).map_err(located)?;
    config.check().map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    let table = toml::from_str::<toml::Table>(text).map_err(located)?;
    Ok((config, table))
}

/// `FILE:LINE: message`, with serde's "field" said as the user's "key".
fn located(path: &Path, text: &str, e: &toml::de::Error) -> String {
    let message = e.message().replace("unknown field", "unknown key");
    match e.span() {
        Some(span) => {
            let before = text.as_bytes().get(..span.start).unwrap_or(text.as_bytes());
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            format!("{}:{line}: {message}", path.display())
        }
        None => format!("{}: {message}", path.display()),
    }
}
