//! The `gazet` command line: parses arguments and calls the library.

use clap::{Args, Parser, Subcommand};
use gazet::pipeline::{self, ExtractOptions};
use gazet::{eval, input::ReadOptions, MatchOptions, Matcher};
use std::path::PathBuf;
use std::process::ExitCode;

/// Find mentions of people, militias, places and news outlets in news dumps.
#[derive(Parser)]
#[command(name = "gazet", version, about, long_about = None)]
#[command(
    after_help = "Exit status: 0 all documents processed; 1 finished, but some documents were not processed \
(see documents.csv); 2 usage, input or gazetteer error (nothing written)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract mentions from documents into mentions.csv and documents.csv.
    Extract(ExtractArgs),
    /// Score a mentions table against gold mentions.
    Eval(EvalArgs),
}

#[derive(Args)]
struct ExtractArgs {
    /// Input files or directories (.txt, .jsonl, .ndjson, optionally .gz); - reads JSONL from standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output directory for mentions.csv and documents.csv.
    #[arg(long, short)]
    out: PathBuf,
    /// Gazetteer file or directory of .csv files; repeatable; replaces the built-in gazetteers.
    #[arg(long, short)]
    gazetteer: Vec<PathBuf>,
    /// JSONL field holding the document id (the line number when absent).
    #[arg(long, default_value = "id")]
    id_field: String,
    /// JSONL field holding text to match; repeatable; each is matched on its own.
    #[arg(long)]
    text_field: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

#[derive(Args)]
struct EvalArgs {
    /// Gold mentions CSV (doc_id,start,end,type,entity,...).
    #[arg(long)]
    gold: PathBuf,
    /// Predicted mentions CSV (gazet's mentions.csv).
    #[arg(long)]
    pred: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gazet: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, gazet::Error> {
    match cli.command {
        Command::Extract(a) => {
            let gazetteer = pipeline::load_gazetteer(&a.gazetteer)?;
            for w in gazetteer.warnings() {
                eprintln!("gazet: {w}");
            }
            let matcher = Matcher::new(&gazetteer, MatchOptions::default())?;
            if a.threads == Some(0) {
                return Err(gazet::Error::Usage("--threads must be at least 1".into()));
            }
            let text_fields = if a.text_field.is_empty() {
                vec!["text".to_string()]
            } else {
                a.text_field
            };
            let options = ExtractOptions {
                read: ReadOptions {
                    id_field: a.id_field,
                    text_fields,
                },
                threads: a.threads,
                ..ExtractOptions::default()
            };
            let summary = gazet::extract(&a.inputs, &gazetteer, &matcher, &a.out, &options)?;
            for s in &summary.skipped {
                eprintln!("gazet: skipped {}: {}", s.path, s.reason);
            }
            eprintln!("{}", summary.line());
            Ok(if summary.not_ok > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Eval(a) => {
            let report = eval::evaluate_files(&a.gold, &a.pred)?;
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
