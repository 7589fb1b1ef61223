//! `gazet explain`: how a string normalizes, what it matches and why, and
//! the closest gazetteer names when nothing does.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Show how a string normalizes, what it matches and why, and the closest
/// names.
#[derive(Args)]
#[command(
    after_help = "Exit status of explain:\n  0    the text matches a gazetteer name (or an unlisted name)\n  1    it matches nothing (the closest names are shown)\n  2    usage or gazetteer error"
)]
pub struct ExplainArgs {
    /// The string to explain ("Kata’ib Hizballah"); - reads it from standard input.
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
        let text = if self.text == ["-"] {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text).map_err(
                |e| gazet::Error::io("standard input", format!("cannot read text: {e}")),
            )?;
            text.truncate(text.trim_end().len());
            text
        } else {
            self.text.join(" ")
        };
        crate::output::print(&gazet::explain::explain(&ex, &text).to_string())?;
        // Scripts test the status: 1 when the text names nothing.
        Ok(if ex.extract_text(&text).is_empty() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}
