//! Command-line definition and dispatch: parses arguments, runs a subcommand, maps the
//! outcome to an exit code (DESIGN.md §5).

use crate::cmd;
use crate::outcome::{Failure, exit, for_terminal};
use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "wallet-audit",
    version,
    about = "Audit wallet top-ups against bank statements: what failed, why, and what to do"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Audit statement files or folders ('-' = stdin): the main job
    #[command(after_help = "Examples:
  wallet-audit check                              audit the current folder
  wallet-audit check ~/Downloads/                 audit every export in a folder
  wallet-audit check samples/ --lang zh           titles, messages and advice in Chinese
  wallet-audit check . --format json -o audit.json
  wallet-audit check . --select R --fail-on critical   only reconciliation; fail on money lost
  wallet-audit check bank.csv --mapping bank.toml attempts.csv")]
    Check(Box<cmd::check::Args>),
    /// Import fresh exports into the history store and report what is new, changed or resolved
    #[command(after_help = "Examples:
  wallet-audit review ~/statements/              import, audit the whole history, report what changed
  wallet-audit review ~/statements/ --quiet      for cron: prints (and exits 1) only when something is new
  wallet-audit review --format markdown -o digest.md
  wallet-audit review ~/statements/ --store ~/audit/history.sqlite3")]
    Review(Box<cmd::review::Args>),
    /// Acknowledge a finding: later reviews stay quiet about it until it changes
    Ack(cmd::ack::AckArgs),
    /// Withdraw an acknowledgement
    Unack(cmd::ack::UnackArgs),
    /// List the past reviews of the history store and the acknowledgements
    History(cmd::history::Args),
    /// Write the stored ledger (every row once) as JSON lines: a backup of your statements
    Export(cmd::export::Args),
    /// Write the unified, deduplicated ledger as csv, json, jsonl or parquet
    #[command(after_help = cmd::normalize::EXAMPLES)]
    Normalize(Box<cmd::normalize::Args>),
    /// List the rules (finding codes, slugs, severities)
    #[command(after_help = "Examples:
  wallet-audit rules --lang zh                    the summaries in Chinese
  wallet-audit rules --format json | jq -r '.[] | select(.severity == \"critical\") | .code'")]
    Rules(cmd::rules::ListArgs),
    /// Print one rule's documentation (by code or slug)
    #[command(after_help = "Examples:
  wallet-audit rule R001
  wallet-audit rule debited-not-credited --lang zh")]
    Rule(cmd::rules::ShowArgs),
    /// List supported formats, or show which one claims a file
    Formats(cmd::formats::Args),
    #[command(about = "Write a synthetic household's exports (real layouts) and their ground truth (truth.json)")]
    Simulate(cmd::simulate::Args),
    /// Print the effective configuration and where each value came from
    #[command(after_help = cmd::config::EXAMPLES)]
    Config(cmd::config::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(after_help = "Examples:
  wallet-audit completions bash > ~/.local/share/bash-completion/completions/wallet-audit
  wallet-audit completions zsh > ~/.zfunc/_wallet-audit      (with fpath+=~/.zfunc before compinit)
  wallet-audit completions fish > ~/.config/fish/completions/wallet-audit.fish")]
    Completions(cmd::completions::Args),
    /// Print the man page (roff), or a command's own page
    #[command(after_help = "Examples:
  wallet-audit man | man -l -
  wallet-audit man > ~/.local/share/man/man1/wallet-audit.1
  wallet-audit man check | man -l -               check's options")]
    Man(cmd::man::Args),
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version go to stdout as clap writes them; a usage error echoes option values,
        // which may hold escape sequences or card numbers: it goes through `for_terminal`.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::from(exit::CLEAN);
        }
        Err(e) => {
            eprint!("{}", for_terminal(&e.render().to_string()));
            return ExitCode::from(exit::ERROR);
        }
    };
    let outcome = match cli.command {
        Command::Check(args) => cmd::check::run(*args),
        Command::Normalize(args) => cmd::normalize::run(*args),
        Command::Review(args) => cmd::review::run(*args),
        Command::Ack(args) => cmd::ack::ack(args),
        Command::Unack(args) => cmd::ack::unack(args),
        Command::History(args) => cmd::history::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Rules(args) => cmd::rules::list(args),
        Command::Rule(args) => cmd::rules::show(args),
        Command::Formats(args) => cmd::formats::run(args),
        Command::Simulate(args) => cmd::simulate::run(args),
        Command::Config(args) => cmd::config::run(args),
        Command::Completions(args) => cmd::completions::run(args, Cli::command()),
        Command::Man(args) => cmd::man::run(args, Cli::command()),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(Failure(message)) => {
            crate::outcome::error(&message);
            ExitCode::from(exit::ERROR)
        }
    }
}
