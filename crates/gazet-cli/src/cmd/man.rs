//! `gazet man`: the man pages of the command line, in roff, for `man` to
//! show.
//!
//! They are made by `clap_mangen` from the same definitions as `--help`
//! (each subcommand's long help, options and notes), so they never say
//! other than the binary does. `gazet man` prints gazet(1); `gazet man eval`
//! prints gazet-eval(1), the page gazet(1) refers to for that subcommand;
//! `--dir` writes them all, for installing. A page is rendered whole to a
//! buffer, then printed: a reader that closes the pipe early is no error.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Print the man page of gazet or of a subcommand (roff), or write them all.
#[derive(Args)]
#[command(after_long_help = "\
Examples:
  gazet man | man -l -                 read gazet(1) now
  gazet man gazetteer check | man -l - read gazet-gazetteer-check(1)
  gazet man --dir ~/.local/share/man/man1
                                       install every page (see README, \"Installation\")")]
pub struct ManArgs {
    /// The subcommand whose page to print (`eval`, `gazetteer check`); none
    /// prints gazet(1).
    subcommand: Vec<String>,
    /// Write every page (gazet.1, gazet-extract.1, ...) into this directory
    /// instead, creating it if needed.
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    dir: Option<PathBuf>,
}

impl ManArgs {
    /// Runs the command: `cli` is the whole command line's definition.
    pub fn run(self, cli: clap::Command) -> Result<ExitCode, gazet::Error> {
        // The subcommand pages are named gazet-SUB(1), not gazet-help(1).
        let mut cli = cli.disable_help_subcommand(true);
        cli.build();
        if let Some(dir) = self.dir {
            let shown = dir.display().to_string();
            std::fs::create_dir_all(&dir)
                .map_err(|e| gazet::Error::io(&shown, format!("cannot create directory: {e}")))?;
            let n = write_pages(&cli, &dir)
                .map_err(|e| gazet::Error::io(&shown, format!("cannot write a man page: {e}")))?;
            say!("gazet: {n} man pages written to {shown}");
            return Ok(ExitCode::SUCCESS);
        }
        let mut page = &cli;
        for name in &self.subcommand {
            page = page.find_subcommand(name).ok_or_else(|| {
                let names: Vec<&str> = page.get_subcommands().map(|c| c.get_name()).collect();
                gazet::Error::Usage(format!(
                    "{} has no subcommand '{name}' (it has: {}): `gazet man` alone prints the page that lists them",
                    page_name(page),
                    if names.is_empty() { "none".to_string() } else { names.join(", ") }
                ))
            })?;
        }
        let mut roff = Vec::new();
        man(page)
            .render(&mut roff)
            .map_err(|e| gazet::Error::io("standard output", format!("cannot render: {e}")))?;
        crate::output::print_bytes(&roff)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The page of `cmd`, its footer naming gazet and its version (a
/// subcommand has no version of its own).
fn man(cmd: &clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd.clone()).source(format!("gazet {}", env!("CARGO_PKG_VERSION")))
}

/// Writes the page of `cmd` and of each of its subcommands into `dir`, as
/// NAME.1; returns how many.
fn write_pages(cmd: &clap::Command, dir: &std::path::Path) -> std::io::Result<usize> {
    let page = man(cmd);
    page.generate_to(dir)?;
    let mut n = 1;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        n += write_pages(sub, dir)?;
    }
    Ok(n)
}

/// `gazet gazetteer` for the command of `gazet-gazetteer(1)`.
fn page_name(cmd: &clap::Command) -> String {
    cmd.get_bin_name().unwrap_or(cmd.get_name()).to_string()
}
