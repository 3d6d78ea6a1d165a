//! How a command ends: exit codes, the error that stops it, and writing to stdout (DESIGN.md §5).

/// Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config/input error.
pub mod exit {
    pub const CLEAN: u8 = 0;
    pub const FINDINGS: u8 = 1;
    pub const ERROR: u8 = 2;
}

/// An error that stops a command; printed to stderr, exit code 2.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// A message for stderr: card numbers masked (errors and warnings have no `--show-pii`) and
/// control characters from input (file names, option values, cells) made harmless.
pub fn for_terminal(message: &str) -> String {
    crate::render::terminal::printable(&crate::model::mask_card_numbers(message))
}

/// Prints a warning to stderr; the command goes on.
pub fn warn(message: &str) {
    eprintln!("wallet-audit: warning: {}", for_terminal(message));
}

/// Prints the error that stops a command to stderr.
pub fn error(message: &str) {
    eprintln!("wallet-audit: error: {}", for_terminal(message));
}

/// Writes through `write`, treating a closed pipe (`| head`) as success.
pub fn write_out(write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match write(&mut lock).and_then(|_| std::io::Write::flush(&mut lock)) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure(format!("cannot write output: {e}"))),
        _ => Ok(()),
    }
}

/// Creates (or truncates) an output file; a new one readable by its owner only, as what the
/// tool writes (reports, ledgers) holds financial data.
pub fn create_private(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
