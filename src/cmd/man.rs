//! `wallet-audit man [COMMAND]`: the man page in roff, generated from the command-line
//! definition (clap_mangen): `wallet-audit man | man -l -`, `wallet-audit man check > wallet-audit-check.1`.

use crate::outcome::{Failure, exit, write_out};

#[derive(clap::Args)]
pub struct Args {
    /// A subcommand's own page (its options), as `git help` has one per command: wallet-audit-check(1)
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

/// `main` is the whole command line's definition (the caller has it: `cli`).
pub fn run(args: Args, main: clap::Command) -> Result<u8, Failure> {
    let command = match &args.command {
        None => main,
        Some(name) => {
            let Some(sub) = main.find_subcommand(name) else {
                let names: Vec<&str> = main.get_subcommands().map(|s| s.get_name()).collect();
                return Err(Failure(format!("no command {name:?}; one of {}", names.join(", "))));
            };
            // Named as git names its pages, and with the full invocation in the synopsis.
            let name = sub.get_name().to_string();
            sub.clone().name(format!("wallet-audit-{name}")).bin_name(format!("wallet-audit {name}"))
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .map_err(|e| Failure(format!("cannot render the man page: {e}")))?;
    write_out(|out| out.write_all(&page))?;
    Ok(exit::CLEAN)
}
