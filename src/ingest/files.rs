//! Finding the input files: folders walked (sorted, data files only), files read into text.

use super::{IngestError, SourceText};
use std::path::{Path, PathBuf};

/// Expands folders (recursively, sorted, data files only) and keeps files as given; a file
/// named twice (directly and inside a folder given too) is read once.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            walk(path, &mut files).map_err(|e| IngestError(format!("{}: cannot list folder: {e}", path.display())))?;
        } else {
            return Err(IngestError(format!("{}: no such file or folder", path.display())));
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| f.as_os_str() == "-" || seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if is_data_file(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_data_file(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("csv" | "tsv" | "txt"))
}

pub fn read_source(file: &Path) -> Result<SourceText, IngestError> {
    let shown = file.display().to_string();
    let bytes = if shown == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(file)
    }
    .map_err(|e| IngestError(format!("{shown}: cannot read: {e}")))?;
    Ok(SourceText::from_bytes(&shown, &bytes))
}
