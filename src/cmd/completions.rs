//! `wallet-audit completions SHELL`: the shell's completion script, generated from the
//! command-line definition so it never falls behind it (clap_complete).

use crate::outcome::{Failure, exit, write_out};
use clap_complete::Shell;

#[derive(clap::Args)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: Shell,
}

/// `command` is the whole command line's definition (the caller has it: `cli`).
pub fn run(args: Args, mut command: clap::Command) -> Result<u8, Failure> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "wallet-audit", &mut script);
    write_out(|out| out.write_all(&script))?;
    Ok(exit::CLEAN)
}
