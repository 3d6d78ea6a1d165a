//! Entry point: everything happens in `cli::run`.

fn main() -> std::process::ExitCode {
    wallet_audit::cli::run()
}
