//! The `gazet` command line: parses arguments and calls the library, one
//! file per subcommand under `cmd/`, as xsv does.

/// `eprintln!` that never panics: when standard error is a pipe whose
/// reader is gone (`gazet ... 2>&1 >/dev/null | true`), the message is lost,
/// not the run (`eprintln!` panics there, with status 101).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod alloc;
mod cmd;
mod output;
mod progress;

use clap::{CommandFactory, Parser, Subcommand};
use cmd::extract::resume_command;
use std::process::ExitCode;

/// Find mentions of people, militias, places and news outlets in news dumps.
#[derive(Parser)]
#[command(name = "gazet", version, about, long_about = None)]
#[command(after_help = cmd::extract::EXIT_STATUS)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract mentions from documents into tables: mentions, documents, rejects, entities, co-occurrence.
    Extract(cmd::extract::ExtractArgs),
    /// Score a mentions table against gold mentions.
    Eval(cmd::eval::EvalArgs),
    /// Show how a string normalizes, what it matches and why, and the closest names.
    Explain(cmd::explain::ExplainArgs),
    /// Gather the names no gazetteer lists into a candidate gazetteer CSV, to review.
    Discover(cmd::discover::DiscoverArgs),
    /// Write a page (OUT/report.html) that shows the run in OUT at a glance.
    Report(cmd::report::ReportArgs),
    /// Draw a reproducible random sample of mentions, with context, to review by hand.
    Sample(cmd::sample::SampleArgs),
    /// Check gazetteers, or build one from other data.
    #[command(subcommand)]
    Gazetteer(cmd::gazetteer::GazetteerCommand),
    /// Print the completion script of a shell: bash, zsh, fish, elvish or powershell.
    Completions(cmd::completions::CompletionsArgs),
    /// Print the man page of gazet or of a subcommand (roff), or write them all.
    Man(cmd::man::ManArgs),
}

fn main() -> ExitCode {
    alloc::keep_freed_memory();
    alloc::no_huge_pages();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(a) => a.run(),
        Command::Eval(a) => a.run(),
        Command::Explain(a) => a.run(),
        Command::Sample(a) => a.run(),
        Command::Report(a) => a.run(),
        Command::Discover(a) => a.run(),
        Command::Gazetteer(a) => a.run(),
        Command::Completions(a) => a.run(Cli::command()),
        Command::Man(a) => a.run(Cli::command()),
    };
    match result {
        Ok(code) => code,
        Err(gazet::Error::Interrupted {
            documents,
            resumable,
        }) => {
            say!("gazet: interrupted: {documents} documents are done and saved, but the tables are not complete (none has its final name).");
            if resumable {
                say!("gazet: to continue where it stopped: {}", resume_command());
            } else {
                say!("gazet: a run that reads standard input cannot be resumed: run it again");
            }
            ExitCode::from(130)
        }
        Err(gazet::Error::Incomplete {
            cause,
            documents,
            resumable,
        }) => {
            say!("gazet: error: {cause}");
            say!("gazet: the run stopped after {documents} documents were saved; no table has its final name.");
            if resumable && documents > 0 {
                say!(
                    "gazet: once the cause is fixed, continue with: {}",
                    resume_command()
                );
            } else {
                say!("gazet: once the cause is fixed, run the command again");
            }
            ExitCode::from(3)
        }
        Err(e) => {
            say!("gazet: error: {e}");
            ExitCode::from(2)
        }
    }
}
