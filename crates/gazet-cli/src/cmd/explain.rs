//! `gazet explain`: how a string normalizes, what it matches and why, and
//! the closest gazetteer names when nothing does.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ExplainArgs {
    /// The string to explain ("Kata’ib Hizballah").
    #[arg(required = true)]
    text: Vec<String>,
    /// Gazetteer file or directory; repeatable; replaces the built-in gazetteers.
    #[arg(long, short)]
    gazetteer: Vec<PathBuf>,
}

impl ExplainArgs {
    /// Runs the command.
    pub fn run(self) -> Result<ExitCode, gazet::Error> {
        let ex = gazet::Extractor::builder()
            .gazetteer_paths(&self.gazetteer)
            .build()?;
        print!("{}", gazet::explain::explain(&ex, &self.text.join(" ")));
        Ok(ExitCode::SUCCESS)
    }
}
