//! The `gazet` command line: parses arguments and calls the library.

mod progress;

use clap::{Args, Parser, Subcommand};
use gazet::pipeline::{self, ExtractOptions};
use gazet::{eval, input::ReadOptions, MatchOptions, Matcher};
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const EXIT_STATUS: &str = "\
Exit status of extract:
  0    every document was matched (some may be flagged: see documents.csv)
  1    the run finished, but some documents were rejected (see rejects.csv)
  2    usage, input or gazetteer error: nothing was matched, no output written
  3    the run failed midway (a write error, say): no table has its final
       name; fix the cause and run the same command with --resume
  130  interrupted (Ctrl-C, SIGTERM): the work done is kept; run the same
       command with --resume to continue";

/// Find mentions of people, militias, places and news outlets in news dumps.
#[derive(Parser)]
#[command(name = "gazet", version, about, long_about = None)]
#[command(after_help = EXIT_STATUS)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract mentions from documents into mentions.csv, documents.csv and rejects.csv.
    Extract(ExtractArgs),
    /// Score a mentions table against gold mentions.
    Eval(EvalArgs),
    /// Show how a string normalizes, what it matches and why, and the closest names.
    Explain(ExplainArgs),
    /// Draw a reproducible random sample of mentions, with context, to review by hand.
    Sample(SampleArgs),
    /// Check gazetteers, or build one from other data.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

#[derive(Args)]
struct ExplainArgs {
    /// The string to explain ("Kata’ib Hizballah").
    #[arg(required = true)]
    text: Vec<String>,
    /// Gazetteer file or directory; repeatable; replaces the built-in gazetteers.
    #[arg(long, short)]
    gazetteer: Vec<PathBuf>,
}

#[derive(Args)]
struct SampleArgs {
    /// The inputs the mentions were extracted from.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The mentions table (mentions.csv).
    #[arg(long)]
    mentions: PathBuf,
    /// How many mentions.
    #[arg(long, short, default_value_t = 200)]
    n: usize,
    /// Seed of the random draw: the same seed draws the same sample.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Keep only mentions where COLUMN=VALUE (VALUE may be a|b); repeatable.
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    filters: Vec<String>,
    /// Characters of context on each side.
    #[arg(long, default_value_t = 80)]
    context: usize,
    /// JSONL field holding the document id, as for extract.
    #[arg(long, default_value = "id")]
    id_field: String,
    /// JSONL text fields, as for extract.
    #[arg(long)]
    text_field: Vec<String>,
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Validate gazetteers and list names at risk (default: the built-in ones).
    Check(CheckArgs),
    /// Print every distinct name (canonical and aliases, without '=' marks), sorted, one per line.
    Names(NamesArgs),
    /// Build a gazetteer from another source.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Args)]
struct NamesArgs {
    /// Gazetteer files or directories (default: the built-in gazetteers).
    paths: Vec<PathBuf>,
}

#[derive(Args)]
struct CheckArgs {
    /// Gazetteer files or directories (default: the built-in gazetteers).
    paths: Vec<PathBuf>,
    /// Exit with status 1 when a warning has not been reviewed.
    #[arg(long)]
    strict: bool,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Places from a GeoNames dump (the 'geoname' table: cities15000.txt, allCountries.txt; gzip or not).
    Geonames(GeonamesArgs),
}

#[derive(Args)]
struct GeonamesArgs {
    /// The GeoNames file.
    file: PathBuf,
    /// Only these countries (ISO codes, comma-separated: IR,IQ).
    #[arg(long, value_delimiter = ',')]
    countries: Vec<String>,
    /// Only places of at least this population.
    #[arg(long, default_value_t = 0)]
    min_population: u64,
    /// Only these GeoNames feature codes (comma-separated: PPLC for capitals).
    #[arg(long, value_delimiter = ',')]
    feature_codes: Vec<String>,
    /// Also every capital (feature code PPLC) of at least --capital-min-population people.
    #[arg(long)]
    capitals: bool,
    /// With --capitals: the smallest capital to import.
    #[arg(long, default_value_t = 0)]
    capital_min_population: u64,
    /// Keep alternate names in every script (default: Latin and Arabic only).
    #[arg(long)]
    all_scripts: bool,
    /// Leave out places already in these gazetteers (same country, a shared name); repeatable.
    #[arg(long)]
    exclude: Vec<PathBuf>,
    /// A review file (id,name,verdict,note; verdict keep or drop) applied to the import.
    #[arg(long)]
    review: Option<PathBuf>,
    /// Write here instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
}

#[derive(Args)]
#[command(after_help = EXIT_STATUS)]
struct ExtractArgs {
    /// Input files or directories (.txt, .jsonl, .ndjson, optionally .gz); - reads JSONL from standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output directory for the tables (mentions.csv, documents.csv, rejects.csv).
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
    /// Match only the names as listed (normalized), not their transliteration variants.
    #[arg(long)]
    no_variants: bool,
    /// Leave out mentions scoring below this (0 to 1; see the README's score table).
    #[arg(long, default_value_t = 0.0)]
    min_score: f32,
    /// Continue the run that was interrupted in --out (same inputs and options), where it stopped.
    #[arg(long)]
    resume: bool,
    /// Put a ' before cells starting with = + - @ tab or CR, which a spreadsheet would run as formulas.
    #[arg(long)]
    excel_safe: bool,
    /// Documents per batch; for tests and tuning.
    #[arg(long, hide = true, default_value_t = ExtractOptions::default().batch_docs)]
    batch_docs: usize,
    /// Seconds between checkpoints (at the end of a batch); for tests and tuning.
    #[arg(long, hide = true, default_value_t = 1.0)]
    checkpoint_secs: f64,
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
        Err(gazet::Error::Interrupted {
            documents,
            resumable,
        }) => {
            eprintln!("gazet: interrupted: {documents} documents are done and saved, but the tables are not complete (none has its final name).");
            if resumable {
                eprintln!("gazet: to continue where it stopped: {}", resume_command());
            } else {
                eprintln!("gazet: a run that reads standard input cannot be resumed: run it again");
            }
            ExitCode::from(130)
        }
        Err(gazet::Error::Incomplete {
            cause,
            documents,
            resumable,
        }) => {
            eprintln!("gazet: error: {cause}");
            eprintln!("gazet: the run stopped after {documents} documents were saved; no table has its final name.");
            if resumable && documents > 0 {
                eprintln!(
                    "gazet: once the cause is fixed, continue with: {}",
                    resume_command()
                );
            } else {
                eprintln!("gazet: once the cause is fixed, run the command again");
            }
            ExitCode::from(3)
        }
        Err(e) => {
            eprintln!("gazet: error: {e}");
            ExitCode::from(2)
        }
    }
}

/// This very command line with `--resume`, quoted for a POSIX shell.
fn resume_command() -> String {
    let quote = |a: String| {
        let plain = !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
        if plain {
            a
        } else {
            format!("'{}'", a.replace('\'', "'\\''"))
        }
    };
    let mut args: Vec<String> = std::env::args_os()
        .map(|a| quote(a.to_string_lossy().into_owned()))
        .collect();
    if !args.iter().any(|a| a == "--resume") {
        args.push("--resume".into());
    }
    args.join(" ")
}

/// A flag set by the first Ctrl-C (or SIGTERM), which the run checks between
/// documents; a second one ends the process at once (the last checkpoint
/// stays valid).
fn stop_flag() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let installed = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            eprintln!("gazet: stopped at once; the last checkpoint is kept");
            std::process::exit(130);
        }
        eprintln!("gazet: stopping after the documents in progress (Ctrl-C again to stop at once)");
    });
    if let Err(e) = installed {
        eprintln!("gazet: warning: Ctrl-C will not stop the run cleanly: {e}");
    }
    stop
}

fn import_geonames(a: GeonamesArgs) -> Result<ExitCode, gazet::Error> {
    use gazet::gazetteer::geonames;
    let exclude = if a.exclude.is_empty() {
        None
    } else {
        Some(gazet::Gazetteer::from_paths(&a.exclude)?)
    };
    let file = a.file.display().to_string();
    let reader = gazet::input::open(&gazet::input::Location::Path(a.file.clone()))
        .map_err(|e| gazet::Error::io(&file, format!("cannot read: {e}")))?;
    let options = geonames::ImportOptions {
        countries: a.countries,
        min_population: a.min_population,
        feature_codes: a.feature_codes,
        capitals: a.capitals,
        capital_min_population: a.capital_min_population,
        all_scripts: a.all_scripts,
    };
    let mut result = geonames::import(reader, &file, &options, exclude.as_ref())?;
    if let Some(path) = &a.review {
        let reviews = geonames::read_reviews(path)?;
        let unused = geonames::apply_reviews(&mut result.places, &reviews);
        eprintln!(
            "gazet: {}: {} reviews applied, {} for names not in this import",
            path.display(),
            reviews.len() - unused.len(),
            unused.len()
        );
    }
    let write = |w: &mut dyn std::io::Write| geonames::write_csv(w, &result.places);
    match &a.out {
        Some(path) => {
            let f = std::fs::File::create(path).map_err(|e| gazet::Error::io(path.display(), e))?;
            write(&mut std::io::BufWriter::new(f))
                .map_err(|e| gazet::Error::io(path.display(), e))?;
        }
        None => write(&mut std::io::stdout().lock())
            .map_err(|e| gazet::Error::io("standard output", e))?,
    }
    eprintln!(
        "gazet: {} places written, {} already in the excluded gazetteers",
        result.places.len(),
        result.already_known.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn run(cli: Cli) -> Result<ExitCode, gazet::Error> {
    match cli.command {
        Command::Extract(a) => {
            let gazetteer = pipeline::load_gazetteer(&a.gazetteer)?;
            let shared = gazetteer.warnings().len();
            if shared > 0 {
                eprintln!("gazet: {shared} gazetteer names are shared by several entities (matches flagged ambiguous; see gazet gazetteer check)");
            }
            let options = MatchOptions {
                variants: !a.no_variants,
                ..MatchOptions::default()
            };
            let matcher = Matcher::new(&gazetteer, options)?;
            if !(0.0..=1.0).contains(&a.min_score) {
                return Err(gazet::Error::Usage(format!(
                    "--min-score must be between 0 and 1, not {}",
                    a.min_score
                )));
            }
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
                min_score: a.min_score,
                excel_safe: a.excel_safe,
                resume: a.resume,
                batch_docs: a.batch_docs,
                checkpoint_interval: std::time::Duration::try_from_secs_f64(a.checkpoint_secs)
                    .map_err(|e| gazet::Error::Usage(format!("--checkpoint-secs: {e}")))?,
                stop: Some(stop_flag()),
                progress: Some(Arc::new(progress::Terminal::default())),
                ..ExtractOptions::default()
            };
            let summary = gazet::extract(&a.inputs, &gazetteer, &matcher, &a.out, &options)?;
            for s in &summary.skipped {
                eprintln!("gazet: skipped {}: {}", s.path, s.reason);
            }
            for note in &summary.notes {
                eprintln!("gazet: note: {note}");
            }
            eprintln!("{}", summary.line());
            Ok(if summary.counts.rejected > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Gazetteer(GazetteerCommand::Check(a)) => {
            let gazetteer = pipeline::load_gazetteer(&a.paths)?;
            let report = gazet::gazetteer::check::check(&gazetteer);
            print!("{report}");
            let unreviewed = report.unreviewed().count();
            Ok(if a.strict && unreviewed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Gazetteer(GazetteerCommand::Names(a)) => {
            use std::io::Write;
            let gazetteer = pipeline::load_gazetteer(&a.paths)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for name in gazetteer.names() {
                match writeln!(out, "{name}") {
                    // `gazet gazetteer names | head`: the reader has all it wants.
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                        return Ok(ExitCode::SUCCESS)
                    }
                    r => r.map_err(|e| gazet::Error::io("standard output", e))?,
                }
            }
            match out.flush() {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                r => r.map_err(|e| gazet::Error::io("standard output", e))?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Gazetteer(GazetteerCommand::Import(ImportCommand::Geonames(a))) => {
            import_geonames(a)
        }
        Command::Explain(a) => {
            let gazetteer = pipeline::load_gazetteer(&a.gazetteer)?;
            let matcher = Matcher::new(&gazetteer, MatchOptions::default())?;
            print!(
                "{}",
                gazet::explain::explain(&gazetteer, &matcher, &a.text.join(" "))
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Sample(a) => {
            let filters = a
                .filters
                .iter()
                .map(|f| {
                    f.split_once('=')
                        .map(|(c, v)| (c.to_string(), v.to_string()))
                        .ok_or_else(|| {
                            gazet::Error::Usage(format!("--where takes COLUMN=VALUE, not '{f}'"))
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let text_fields = if a.text_field.is_empty() {
                vec!["text".to_string()]
            } else {
                a.text_field
            };
            let options = gazet::sample::SampleOptions {
                n: a.n,
                seed: a.seed,
                filters,
                context: a.context,
                read: ReadOptions {
                    id_field: a.id_field,
                    text_fields,
                },
            };
            let n =
                gazet::sample::sample(&a.inputs, &a.mentions, &options, std::io::stdout().lock())?;
            eprintln!("gazet: {n} mentions drawn with seed {}", a.seed);
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(a) => {
            let report = eval::evaluate_files(&a.gold, &a.pred)?;
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
