//! `gazet gazetteer`: check gazetteers, list their names, or build one from
//! other data (GeoNames).

use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum GazetteerCommand {
    /// Validate gazetteers and list names at risk (default: the built-in ones).
    Check(CheckArgs),
    /// Print every distinct name (canonical and aliases, without '=' marks), sorted, one per line.
    Names(NamesArgs),
    /// Build a gazetteer from another source.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Args)]
pub struct NamesArgs {
    /// Gazetteer files or directories (default: the built-in gazetteers).
    paths: Vec<PathBuf>,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Gazetteer files or directories (default: the built-in gazetteers).
    paths: Vec<PathBuf>,
    /// Exit with status 1 when a warning has not been reviewed.
    #[arg(long)]
    strict: bool,
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Places from a GeoNames dump (the 'geoname' table: cities15000.txt, allCountries.txt; gzip or not).
    Geonames(GeonamesArgs),
}

#[derive(Args)]
pub struct GeonamesArgs {
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

impl GazetteerCommand {
    /// Runs the command.
    pub fn run(self) -> Result<ExitCode, gazet::Error> {
        match self {
            GazetteerCommand::Check(a) => a.run(),
            GazetteerCommand::Names(a) => a.run(),
            GazetteerCommand::Import(ImportCommand::Geonames(a)) => import_geonames(a),
        }
    }
}

/// The gazetteer: the defaults, or the files and directories given.
fn load(paths: &[PathBuf]) -> Result<gazet::Gazetteer, gazet::Error> {
    if paths.is_empty() {
        gazet::Gazetteer::default_embedded()
    } else {
        gazet::Gazetteer::from_paths(paths)
    }
}

impl CheckArgs {
    fn run(self) -> Result<ExitCode, gazet::Error> {
        let a = self;
        let gazetteer = load(&a.paths)?;
        let report = gazet::gazetteer::check::check(&gazetteer);
        crate::output::print(&report.to_string())?;
        let unreviewed = report.unreviewed().count();
        Ok(if a.strict && unreviewed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    }
}

impl NamesArgs {
    fn run(self) -> Result<ExitCode, gazet::Error> {
        let a = self;
        use std::io::Write;
        let gazetteer = load(&a.paths)?;
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
}

fn import_geonames(a: GeonamesArgs) -> Result<ExitCode, gazet::Error> {
    use gazet::gazetteer::geonames;
    let exclude = if a.exclude.is_empty() {
        None
    } else {
        Some(gazet::Gazetteer::from_paths(&a.exclude)?)
    };
    let file = a.file.display().to_string();
    let reader = gazet::source::open(&gazet::source::Location::Path(a.file.clone()))
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
        say!(
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
        None => write(&mut std::io::BufWriter::new(
            crate::output::Stdout::default(),
        ))
        .map_err(|e| gazet::Error::io("standard output", e))?,
    }
    say!(
        "gazet: {} places written, {} already in the excluded gazetteers",
        result.places.len(),
        result.already_known.len()
    );
    Ok(ExitCode::SUCCESS)
}
