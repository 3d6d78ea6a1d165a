//! The history store's schema: forward migrations (never edit or remove one; append), the
//! application id that tells our stores from other SQLite files, and the refusal of a store
//! written by a newer wallet-audit.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// `PRAGMA application_id` of a wallet-audit store: "WAud".
pub const APPLICATION_ID: i64 = 0x5741_7564;

/// Each entry moves the schema one version up; `user_version` counts them.
const STEPS: &[M<'static>] = &[
    M::up(
        "CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        inputs TEXT NOT NULL,          -- the paths given, as JSON
        imported TEXT NOT NULL,        -- ImportCounts as JSON
        counts TEXT NOT NULL           -- findings per status as JSON
    );
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES reviews(id),
        path TEXT NOT NULL,
        part INTEGER NOT NULL,         -- which export of the file (0 = the first)
        report TEXT NOT NULL           -- the InputReport as JSON
    );
    CREATE TABLE rows (
        key TEXT PRIMARY KEY,          -- the ledger's dedup key and occurrence, hashed
        import_id INTEGER NOT NULL REFERENCES imports(id),
        time TEXT NOT NULL,
        settled INTEGER NOT NULL,
        tx TEXT NOT NULL               -- the Transaction as JSON
    );
    CREATE TABLE rejected (
        key TEXT PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES imports(id),
        row TEXT NOT NULL              -- the Rejected row as JSON
    );
    CREATE TABLE findings (
        review_id INTEGER NOT NULL REFERENCES reviews(id),
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        digest TEXT NOT NULL,
        summary TEXT NOT NULL,         -- a FindingSummary as JSON
        PRIMARY KEY (review_id, id)
    );
    CREATE TABLE acks (
        id TEXT PRIMARY KEY,
        digest TEXT NOT NULL,
        note TEXT,
        at TEXT NOT NULL
    );",
    ),
    // What the stored rows were read with (the time zone naive times were read in): rows read
    // otherwise would be other rows, stored twice.
    M::up("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"),
];
const MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);

/// The schema version this build writes.
pub fn latest() -> usize {
    STEPS.len()
}

/// Brings the store to the latest schema in one transaction; a store of a newer schema is
/// refused, untouched.
pub fn migrate(conn: &mut Connection) -> Result<(), String> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| e.to_string())?;
    if usize::try_from(version).unwrap_or(usize::MAX) > latest() {
        return Err(format!(
            "it was written by a newer wallet-audit (schema version {version}; this one knows up to {}): \
             upgrade wallet-audit, or give another store with --store",
            latest()
        ));
    }
    // The id first: a store killed between the two writes must still be known as ours (with
    // tables but no id it would be refused as another program's database at every later run).
    // Written only when missing: reading the store (history, export) must not need the write lock.
    let id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(|e| e.to_string())?;
    if id != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID).map_err(|e| e.to_string())?;
    }
    if usize::try_from(version).unwrap_or(0) < latest() {
        MIGRATIONS.to_latest(conn).map_err(|e| format!("cannot update its schema: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_counted() {
        assert!(MIGRATIONS.validate().is_ok());
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, latest() as i64);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest() as i64 + 1).unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(err.contains("newer wallet-audit"), "{err}");
    }
}
