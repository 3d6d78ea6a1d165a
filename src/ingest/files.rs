//! Finding the input files and reading them, bounded (DESIGN.md §6): folders walked sorted,
//! each folder once (symlink loops and folders reached twice are walked once), data files only,
//! FIFOs, sockets and devices skipped with a warning; every read capped.

pub use super::sizes::size_text;
use super::{IngestError, SourceText};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The default cap on one input file (or stdin): 1 GiB.
pub const DEFAULT_MAX_INPUT_SIZE: u64 = 1 << 30;
/// The fixed cap on a settings file (`--config`, `--mapping`): 1 MiB.
pub const MAX_SETTINGS_SIZE: u64 = 1 << 20;

static MAX_INPUT_SIZE: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT_SIZE);

/// Sets the cap on each input file read by [`read_source`] for this process
/// (`check --max-input-size`, config key `max_input_size`).
pub fn set_max_input_size(bytes: u64) {
    MAX_INPUT_SIZE.store(bytes.max(1), Ordering::Relaxed);
}

pub fn max_input_size() -> u64 {
    MAX_INPUT_SIZE.load(Ordering::Relaxed)
}

/// Expands folders (recursively, sorted, data files only) and keeps files as given; a file
/// named twice (directly and inside a folder given too) is read once. Returns the files and
/// warnings about what a walk skipped (non-regular files, unreadable entries).
///
/// A path given directly must be a regular file, a folder, a pipe (`<(cat a.csv)`: the user
/// asked for it, and what is read from it is capped) or `-` (stdin); a device is refused.
/// Met while walking a folder, only regular files are read: a FIFO there would block.
pub fn expand_paths(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<String>), IngestError> {
    let mut walk = Walk::default();
    for path in paths {
        if path.as_os_str() == "-" {
            walk.files.push(path.clone());
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => IngestError(format!("{}: no such file or folder", path.display())),
            _ => IngestError(format!("{}: cannot read: {e}", path.display())),
        })?;
        if meta.is_dir() {
            if walk.first_visit(path, &meta) {
                walk.dir(path).map_err(|e| IngestError(format!("{}: cannot list folder: {e}", path.display())))?;
            }
        } else if meta.is_file() || is_fifo(&meta) {
            walk.files.push(path.clone());
        } else {
            return Err(IngestError(format!("{}: not a regular file ({})", path.display(), kind(&meta))));
        }
    }
    let mut seen = HashSet::new();
    let mut files = walk.files;
    files.retain(|f| f.as_os_str() == "-" || seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    Ok((files, walk.warnings))
}

#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    warnings: Vec<String>,
    /// Folders already walked, by identity: a symlink back to a parent or two links to one
    /// folder are walked once, so the walk ends and stays linear.
    visited: HashSet<FolderId>,
}

#[cfg(unix)]
type FolderId = (u64, u64);
#[cfg(not(unix))]
type FolderId = PathBuf;

impl Walk {
    /// Marks a folder visited; false when it was already.
    fn first_visit(&mut self, path: &Path, meta: &std::fs::Metadata) -> bool {
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            let _ = path;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let id = {
            let _ = meta;
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        };
        self.visited.insert(id)
    }

    fn dir(&mut self, dir: &Path) -> std::io::Result<()> {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            match entry {
                Ok(entry) => entries.push(entry.path()),
                Err(e) => self.warnings.push(format!("{}: cannot list an entry: {e}; skipped", dir.display())),
            }
        }
        entries.sort();
        for path in entries {
            let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            // Follows symlinks: a link to a folder is walked (once), a link to a file is read.
            let meta = match std::fs::metadata(&path) {
                Ok(meta) => meta,
                Err(e) => {
                    if is_data_file(&path) {
                        self.warnings.push(format!("{}: cannot read: {e}; skipped", path.display()));
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                if self.first_visit(&path, &meta)
                    && let Err(e) = self.dir(&path)
                {
                    self.warnings.push(format!("{}: cannot list folder: {e}; skipped", path.display()));
                }
            } else if !is_data_file(&path) {
                continue;
            } else if meta.is_file() {
                self.files.push(path);
            } else {
                self.warnings.push(format!("{}: not a regular file ({}); skipped", path.display(), kind(&meta)));
            }
        }
        Ok(())
    }
}

/// What a non-regular file is, for messages.
fn is_fifo(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    let _ = meta;
    "not a file or folder"
}

/// The extensions a folder walk reads (any letter case); what a file holds is still decided by
/// its content (an `.xml` file that is no CAMT.053 statement is skipped with a warning).
/// OFX/QFX, CAMT.053 (`.xml`) and MT940 (`.sta`, `.mt940`, `.940`) as banks name them.
pub const DATA_EXTENSIONS: [&str; 11] =
    ["csv", "tsv", "txt", "xls", "xlsx", "ofx", "qfx", "xml", "sta", "mt940", "940"];

fn is_data_file(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    ext.is_some_and(|e| DATA_EXTENSIONS.contains(&e.as_str()))
}

/// Reads an input file (or stdin for `-`), capped at [`max_input_size`]: one source for a text
/// export, one per sheet holding data for a workbook (see [`sources_from_bytes`]).
pub fn read_sources(file: &Path) -> Result<Vec<SourceText>, IngestError> {
    let shown = file.display().to_string();
    let limit = max_input_size();
    let bytes = if shown == "-" {
        read_capped(std::io::stdin().lock(), limit)
    } else {
        open_regular(file, limit).and_then(|(f, size)| read_capped_sized(f, limit, size))
    }
    .map_err(|e| IngestError(input_error(&shown, limit, &e)))?;
    if super::workbook::is_workbook(&bytes) {
        return sources_from_bytes(&shown, &bytes).map_err(IngestError);
    }
    Ok(vec![SourceText::from_owned_bytes(&shown, bytes)])
}

/// The sources in a file's bytes, decided by content: a workbook (a zip starting `PK\x03\x04`,
/// or an OLE file `D0 CF 11 E0 A1 B1 1A E1`) gives one source per sheet holding data, the
/// first with the path `shown`, the others `shown[Sheet name]`; anything else is decoded as
/// text. An error names the file (and the sheet).
pub fn sources_from_bytes(shown: &str, bytes: &[u8]) -> Result<Vec<SourceText>, String> {
    if super::workbook::is_workbook(bytes) {
        return super::workbook::read(shown, bytes, max_input_size());
    }
    Ok(vec![SourceText::from_bytes(shown, bytes)])
}

/// [`read_sources`] for callers that read one source per file: a workbook's first sheet.
pub fn read_source(file: &Path) -> Result<SourceText, IngestError> {
    let shown = file.display().to_string();
    read_sources(file)?.into_iter().next().ok_or_else(|| IngestError(format!("{shown}: nothing to read")))
}

/// Reads a file for `formats --sniff`: as an input, but a FIFO or device is refused.
pub fn read_input_file(file: &Path) -> Result<Vec<u8>, String> {
    let shown = file.display().to_string();
    let limit = max_input_size();
    if !std::fs::metadata(file).map_err(|e| format!("{shown}: cannot read: {e}"))?.is_file() {
        return Err(format!("{shown}: not a regular file"));
    }
    open_regular(file, limit)
        .and_then(|(f, size)| read_capped_sized(f, limit, size))
        .map_err(|e| input_error(&shown, limit, &e))
}

/// Reads a settings file (`--config`, a `--mapping` file) as UTF-8 text, capped at
/// [`MAX_SETTINGS_SIZE`]. `what` names it in messages (`mapping file`).
pub fn read_settings(file: &Path, what: &str) -> Result<String, String> {
    let shown = file.display().to_string();
    let bytes = open_regular(file, MAX_SETTINGS_SIZE)
        .and_then(|(f, size)| read_capped_sized(f, MAX_SETTINGS_SIZE, size))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::FileTooLarge => {
                format!("{shown}: larger than the {} limit for a {what}", size_text(MAX_SETTINGS_SIZE))
            }
            _ => format!("{shown}: cannot read {what}: {e}"),
        })?;
    String::from_utf8(bytes).map_err(|_| format!("{shown}: the {what} is not UTF-8 text"))
}

fn input_error(shown: &str, limit: u64, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::FileTooLarge => {
            format!("{shown}: larger than the {} input limit; raise it with --max-input-size", size_text(limit))
        }
        _ => format!("{shown}: cannot read: {e}"),
    }
}

/// Opens a file; a regular file whose size is already above `limit` fails at once, without
/// reading it.
fn open_regular(file: &Path, limit: u64) -> std::io::Result<(std::fs::File, u64)> {
    let f = std::fs::File::open(file)?;
    let meta = f.metadata()?;
    if meta.is_file() && meta.len() > limit {
        return Err(std::io::ErrorKind::FileTooLarge.into());
    }
    Ok((f, if meta.is_file() { meta.len() } else { 0 }))
}

/// Reads at most `limit` bytes; more is an error of kind `FileTooLarge`, so that no source
/// (`/dev/zero`, an endless pipe, a file that grows) can exhaust memory. A file's own size is
/// reserved up front, so that reading it does not double the buffer on the way.
pub fn read_capped(source: impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    read_capped_sized(source, limit, 0)
}

fn read_capped_sized(source: impl Read, limit: u64, size: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    buf.try_reserve_exact(usize::try_from(size.min(limit)).unwrap_or(0)).map_err(std::io::Error::other)?;
    source.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(std::io::ErrorKind::FileTooLarge.into());
    }
    Ok(buf)
}

/// Parses a size: bytes (`1000000`) or a number with a binary unit, `K`, `M`, `G` or `T`
/// (optionally followed by `B` or `iB`, any case): `512M`, `2G`, `1GiB`.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let shift = match unit.trim_start().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(format!("{text:?} is not a size (use e.g. 512M, 2G or a number of bytes)")),
    };
    let n: u64 =
        number.parse().map_err(|_| format!("{text:?} is not a size (use e.g. 512M, 2G or a number of bytes)"))?;
    let bytes = n.checked_mul(1u64 << shift).ok_or_else(|| format!("{text:?} is too large"))?;
    if bytes == 0 {
        return Err(format!("{text:?}: the limit must be above zero"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("1000000"), Ok(1_000_000));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("1gib"), Ok(1 << 30));
        assert_eq!(parse_size("4 KiB"), Ok(4096));
        for bad in ["", "0", "12X", "-1", "1.5G", "99999999999T", "G"] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
        assert_eq!(size_text(1 << 30), "1 GiB");
        assert_eq!(size_text(1 << 20), "1 MiB");
        assert_eq!(size_text(1_000_000), "1000000 bytes");
    }

    #[test]
    fn reads_are_capped() {
        assert_eq!(read_capped(&b"abc"[..], 3).unwrap(), b"abc");
        let e = read_capped(&b"abcd"[..], 3).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
        let e = read_capped(std::io::repeat(0), 1000).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
    }
}
