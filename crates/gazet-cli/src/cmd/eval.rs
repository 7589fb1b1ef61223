//! `gazet eval`: precision, recall and F1 of a mentions table against gold
//! mentions.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct EvalArgs {
    /// Gold mentions CSV (doc_id,start,end,type,entity,...).
    #[arg(long)]
    gold: PathBuf,
    /// Predicted mentions CSV (gazet's mentions.csv).
    #[arg(long)]
    pred: PathBuf,
}

impl EvalArgs {
    /// Runs the command.
    pub fn run(self) -> Result<ExitCode, gazet::Error> {
        let report = gazet::eval::evaluate_files(&self.gold, &self.pred)?;
        crate::output::print(&report.to_string())?;
        Ok(ExitCode::SUCCESS)
    }
}
