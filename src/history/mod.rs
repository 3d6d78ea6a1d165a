//! The history store of `review` (DESIGN.md §8): one SQLite file holding every row imported,
//! every review and its findings' statuses, and the acknowledgements. Opening it checks that
//! it is ours, creates it owner-only, and brings its schema up to date.

mod findings;
mod rows;
mod schema;

pub use crate::ingest::Ingested;
pub use findings::{Ack, FindingSummary, Previous, ReviewRecord, Status, digest};
pub use rows::ImportCounts;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An open store and where it is.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    wait: Duration,
}

/// The default store: `$XDG_DATA_HOME/wallet-audit/history.sqlite3`, XDG_DATA_HOME defaulting
/// to `~/.local/share` (a relative XDG_DATA_HOME is ignored, as the XDG spec says).
pub fn default_path() -> Result<PathBuf, String> {
    let data = std::env::var_os("XDG_DATA_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    let data = match data {
        Some(dir) => dir,
        None => match std::env::var_os("HOME").map(PathBuf::from).filter(|p| p.is_absolute()) {
            Some(home) => home.join(".local").join("share"),
            None => return Err("no history store: HOME and XDG_DATA_HOME are unset; give one with --store FILE".into()),
        },
    };
    Ok(data.join("wallet-audit").join("history.sqlite3"))
}

/// What the first bytes of every SQLite database are.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens the store at `path`, creating it (and its folder) owner-only when it does not
    /// exist. A file that is not a wallet-audit store is refused and left untouched. Writers
    /// wait up to `wait` for another review to finish.
    pub fn open(path: &Path, wait: Duration) -> Result<Store, String> {
        Store::open_with(path, wait, true)
    }

    /// Opens a store that must exist already (`ack`, `history`, `export`: a mistyped path
    /// must not create an empty store).
    pub fn open_existing(path: &Path, wait: Duration) -> Result<Store, String> {
        Store::open_with(path, wait, false)
    }

    fn open_with(path: &Path, wait: Duration, create: bool) -> Result<Store, String> {
        let shown = path.display();
        let fail = |why: String| format!("history store {shown}: {why}");
        let fresh = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => return Err(fail("is a folder; --store names a file".into())),
            Ok(meta) => meta.len() == 0,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::fs::symlink_metadata(path).is_ok() => {
                return Err(fail("is a symbolic link to nothing (its target does not exist)".into()));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !create => {
                return Err(fail(
                    "does not exist: `wallet-audit review PATH…` creates it (or give the right --store)".into(),
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                create_owner_only(path).map_err(|e| fail(format!("cannot create it: {e}")))?;
                true
            }
            Err(e) => return Err(fail(e.to_string())),
        };
        if !fresh {
            check_header(path).map_err(fail)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags).map_err(|e| fail(e.to_string()))?;
        conn.busy_timeout(wait).map_err(|e| fail(e.to_string()))?;
        if !fresh {
            check_ours(&conn).map_err(fail)?;
        }
        conn.pragma_update(None, "foreign_keys", true).map_err(|e| fail(e.to_string()))?;
        schema::migrate(&mut conn).map_err(|e| fail(busy_or(e, wait)))?;
        Ok(Store { conn, path: path.to_path_buf(), wait })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts the one transaction a review (or an ack) is: it holds the write lock from the
    /// start, so a second review waits (up to the store's wait) instead of interleaving.
    pub fn begin(&mut self) -> Result<rusqlite::Transaction<'_>, String> {
        let wait = self.wait;
        let shown = self.path.display().to_string();
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| format!("history store {shown}: {}", busy_or(e.to_string(), wait)))
    }

    /// A read-only view (history, export): no lock beyond SQLite's shared one.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// SQLite's "database is locked" and "readonly database" as a user reads them.
fn busy_or(message: String, wait: Duration) -> String {
    if message.contains("readonly") {
        return "cannot write to it: check that you may write the file and its folder (SQLite writes a journal beside it)"
            .into();
    }
    if message.contains("locked") || message.contains("busy") {
        format!(
            "another review is using it (waited {} s); try again when it has finished, or wait longer with --lock-timeout",
            wait.as_secs()
        )
    } else {
        message
    }
}

/// Creates an empty file readable and writable by its owner only (and its folder, owner-only
/// too, when missing): the store holds financial data. SQLite gives its journal the same mode.
fn create_owner_only(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// Refuses a file that is not an SQLite database before SQLite opens it.
fn check_header(path: &Path) -> Result<(), String> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let read = file.read(&mut head).map_err(|e| e.to_string())?;
    if read < head.len() || &head != SQLITE_HEADER {
        return Err("not a wallet-audit history store (not an SQLite database); it was left untouched".into());
    }
    Ok(())
}

/// Refuses another program's SQLite database, and a damaged one.
fn check_ours(conn: &Connection) -> Result<(), String> {
    let damaged = |e: rusqlite::Error| format!("cannot be read ({e}); it was left untouched");
    let id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(damaged)?;
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).map_err(damaged)?;
    if id == 0 && tables == 0 {
        return Ok(());
    }
    if id == schema::APPLICATION_ID {
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(damaged)?;
        // SQLite lists every bad page (a hundred lines for a few bad pages): the first says enough.
        let first = check.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("***")).unwrap_or("");
        return match check.as_str() {
            "ok" => Ok(()),
            _ => Err(format!(
                "is damaged ({first}); it was left untouched: restore it from a backup, or start a new one with --store"
            )),
        };
    }
    Err("not a wallet-audit history store (another program's SQLite database); it was left untouched".into())
}

/// What a review did: its verdicts, what it imported, and the audit it ran over the history.
pub struct Reviewed<R> {
    pub record: ReviewRecord,
    pub imported: ImportCounts,
    pub at: String,
    pub audit: R,
}

/// One past review as `history` lists it.
#[derive(Debug, serde::Serialize)]
pub struct PastReview {
    pub id: i64,
    pub at: String,
    pub inputs: Vec<String>,
    pub imported: ImportCounts,
    pub counts: std::collections::BTreeMap<Status, usize>,
}

fn sql(e: rusqlite::Error) -> String {
    e.to_string()
}

/// What a review imports and how: the inputs read, what they were read with, and how the
/// stored history is prepared and judged.
pub struct Plan<'a> {
    pub batch: &'a crate::ledger::Ledger,
    /// The paths given, for `history`.
    pub inputs: &'a [String],
    /// The time zone naive times were read in: a store holds rows read in one zone only.
    pub zone: String,
    /// Applied to the whole stored history before the audit (account aliases: applied at
    /// every review, so a new alias relabels the rows stored before it).
    pub prepare: &'a dyn Fn(&mut crate::ingest::Ingested),
    /// Whether this review ran a code (`--select`/`--ignore`): a finding of a code not run is
    /// not resolved.
    pub ran: &'a dyn Fn(&str) -> bool,
}

impl Store {
    /// A review, as one transaction: imports the batch, runs `audit` over the whole stored
    /// history, judges its findings against the last review, records them, and `deliver`s the
    /// result (writes the report) before committing: a review whose report could not be
    /// written leaves no trace, so its news is not lost. Killed at any point, the store stays
    /// as it was before.
    pub fn review<R>(
        &mut self,
        plan: &Plan,
        audit: impl FnOnce(&crate::ledger::Ledger) -> Result<R, String>,
        findings: impl Fn(&R) -> &[crate::finding::Finding],
        deliver: impl FnOnce(&Reviewed<R>) -> Result<(), String>,
    ) -> Result<Reviewed<R>, String> {
        let shown = self.path.display().to_string();
        let in_store = |e: rusqlite::Error| format!("history store {shown}: {e}");
        let db = self.begin()?;
        check_zone(&db, plan, &shown)?;
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let inputs_json = serde_json::to_string(plan.inputs).unwrap_or_default();
        db.execute(
            "INSERT INTO reviews (at, tool_version, inputs, imported, counts) VALUES (?1, ?2, ?3, '', '')",
            rusqlite::params![at, env!("CARGO_PKG_VERSION"), inputs_json],
        )
        .map_err(in_store)?;
        let id = db.last_insert_rowid();
        let imported = rows::import(&db, id, plan.batch).map_err(in_store)?;
        let mut stored = rows::load(&db).map_err(in_store)?;
        (plan.prepare)(&mut stored);
        let history = crate::ledger::Ledger::assemble(stored);
        let result = audit(&history)?;
        let record = ReviewRecord::judge(&db, id, findings(&result), plan.ran).map_err(in_store)?;
        db.execute(
            "UPDATE reviews SET imported = ?2, counts = ?3 WHERE id = ?1",
            rusqlite::params![
                id,
                serde_json::to_string(&imported).unwrap_or_default(),
                serde_json::to_string(&record.counts).unwrap_or_default()
            ],
        )
        .map_err(in_store)?;
        let reviewed = Reviewed { record, imported, at, audit: result };
        deliver(&reviewed)?;
        db.commit().map_err(in_store)?;
        Ok(reviewed)
    }

    /// Acknowledges finding `id` as the last review saw it; `note` says why.
    pub fn ack(&mut self, id: &str, note: Option<&str>) -> Result<FindingSummary, String> {
        let db = self.begin()?;
        let Some((digest, status, summary)) = findings::latest(&db, id).map_err(sql)? else {
            return Err(format!("the last review has no finding {id}; `wallet-audit review` lists the ids"));
        };
        if status == Status::Resolved {
            return Err(format!("{id} was resolved in the last review: there is nothing to acknowledge"));
        }
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        db.execute(
            "INSERT OR REPLACE INTO acks (id, digest, note, at) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![id, digest, note, at],
        )
        .map_err(sql)?;
        db.commit().map_err(sql)?;
        Ok(summary)
    }

    /// Withdraws an acknowledgement: the next review reports the finding again.
    pub fn unack(&mut self, id: &str) -> Result<(), String> {
        let db = self.begin()?;
        let removed = db.execute("DELETE FROM acks WHERE id = ?1", [id]).map_err(sql)?;
        if removed == 0 {
            return Err(format!("{id} is not acknowledged"));
        }
        db.commit().map_err(sql)
    }

    /// Every review so far, oldest first (an interrupted one left nothing).
    pub fn reviews(&self) -> Result<Vec<PastReview>, String> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, at, inputs, imported, counts FROM reviews WHERE counts != '' ORDER BY id")
            .map_err(sql)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(sql)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at, inputs, imported, counts) = row.map_err(sql)?;
            out.push(PastReview {
                id,
                at,
                inputs: serde_json::from_str(&inputs).unwrap_or_default(),
                imported: serde_json::from_str(&imported).unwrap_or_default(),
                counts: serde_json::from_str(&counts).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// The acknowledgements in force.
    pub fn acks(&self) -> Result<Vec<Ack>, String> {
        let mut acks: Vec<Ack> = findings::acks(&self.conn).map_err(sql)?.into_values().collect();
        acks.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(acks)
    }

    /// The stored ledger, every row once, `prepare` applied first as a review applies it
    /// (account aliases: rows are stored as their statements name them) (`export`).
    pub fn ledger(&self, prepare: &dyn Fn(&mut crate::ingest::Ingested)) -> Result<crate::ledger::Ledger, String> {
        let mut stored = rows::load(&self.conn).map_err(sql)?;
        prepare(&mut stored);
        Ok(crate::ledger::Ledger::assemble(stored))
    }
}

/// Refuses to import rows read in another time zone than the stored ones (the same rows would
/// get other instants, other fingerprints, and be stored twice); the first import sets it.
fn check_zone(db: &rusqlite::Transaction, plan: &Plan, shown: &str) -> Result<(), String> {
    use rusqlite::OptionalExtension;
    let in_store = |e: rusqlite::Error| format!("history store {shown}: {e}");
    let stored: Option<String> =
        db.query_row("SELECT value FROM meta WHERE key = 'zone'", [], |r| r.get(0)).optional().map_err(in_store)?;
    match stored {
        Some(zone) if zone != plan.zone && !plan.batch.transactions.is_empty() => Err(format!(
            "history store {shown}: its rows were read with time zone {zone}, this review reads with {}: the same \
             rows would be stored twice. Give --tz {zone} (or `timezone = \"{zone}\"` in the settings file), or another --store",
            plan.zone
        )),
        Some(_) => Ok(()),
        None if plan.batch.transactions.is_empty() => Ok(()),
        None => {
            db.execute("INSERT INTO meta (key, value) VALUES ('zone', ?1)", [&plan.zone]).map(drop).map_err(in_store)
        }
    }
}
