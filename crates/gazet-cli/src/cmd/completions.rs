//! `gazet completions SHELL`: the shell completion script of the command
//! line, for bash, zsh, fish, elvish or PowerShell.
//!
//! The script is made by `clap_complete` from the same definitions as
//! `--help`, so it knows every subcommand and option of this very binary and
//! cannot fall behind a new one. It is written whole to a buffer first:
//! `clap_complete` panics on a write error, and a reader that closes the pipe
//! early (`gazet completions bash | head -1`) is no error.

use clap::Args;
use clap_complete::Shell;
use std::process::ExitCode;

/// Print the completion script of a shell, to install (see README,
/// "Installation").
#[derive(Args)]
#[command(after_long_help = "\
Installing the script, for the current user (make the directory first):
  bash        gazet completions bash > ~/.local/share/bash-completion/completions/gazet
  zsh         gazet completions zsh > ~/.zfunc/_gazet
              (with fpath=(~/.zfunc $fpath) before compinit in ~/.zshrc)
  fish        gazet completions fish > ~/.config/fish/completions/gazet.fish
  elvish      gazet completions elvish >> ~/.config/elvish/rc.elv
  powershell  gazet completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

impl CompletionsArgs {
    /// Runs the command: `cli` is the whole command line's definition.
    pub fn run(self, mut cli: clap::Command) -> Result<ExitCode, gazet::Error> {
        let mut script = Vec::new();
        clap_complete::generate(self.shell, &mut cli, "gazet", &mut script);
        crate::output::print_bytes(&script)?;
        Ok(ExitCode::SUCCESS)
    }
}
