//! `gazet discover`: the names of a corpus that no gazetteer lists, gathered
//! into a candidate gazetteer to review and load with `--gazetteer`.

use clap::Args;
use gazet::source::ReadOptions;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct DiscoverArgs {
    /// Input files or directories (as for extract; `-` for standard input).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write the candidates CSV (default: standard output).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Leave out names seen fewer times than this.
    #[arg(long, default_value_t = 2)]
    min_count: usize,
    /// Gazetteer file or directory; repeatable; replaces the built-in gazetteers.
    #[arg(long, short)]
    gazetteer: Vec<PathBuf>,
    /// Field (CSV/TSV: column) with the document id.
    #[arg(long, default_value = "id")]
    id_field: String,
    /// Field to read (default `text`); repeatable.
    #[arg(long)]
    text_field: Vec<String>,
    /// The format of standard input and of files whose ending is unknown.
    #[arg(long, value_name = "NAME")]
    input_format: Option<String>,
}

impl DiscoverArgs {
    /// Runs the command.
    pub fn run(self) -> Result<ExitCode, gazet::Error> {
        let mut read = ReadOptions::new(self.id_field, self.text_field);
        if let Some(name) = self.input_format {
            read = read.with_input_format(name);
        }
        // Named wrongly, it is a usage error before the gazetteer is built,
        // as for extract.
        read.format()?;
        let ex = gazet::Extractor::builder()
            .gazetteer_paths(&self.gazetteer)
            .build()?;
        let (candidates, docs) = gazet::candidates::gather(&ex, &self.inputs, &read)?;
        let rows = match &self.out {
            Some(path) => {
                let file = std::fs::File::create(path)
                    .map_err(|e| gazet::Error::io(path.display().to_string(), e))?;
                let mut w = std::io::BufWriter::new(file);
                let n = candidates.write_csv(&ex, self.min_count, &mut w)?;
                w.flush()
                    .map_err(|e| gazet::Error::io(path.display().to_string(), e))?;
                n
            }
            None => candidates.write_csv(&ex, self.min_count, std::io::stdout().lock())?,
        };
        say!(
            "gazet: {docs} documents: {rows} candidate names seen {} times or more",
            self.min_count
        );
        Ok(ExitCode::SUCCESS)
    }
}
