//! `gazet report`: one HTML page that shows a run at a glance, made from the
//! tables in its output directory.

use clap::Args;
use gazet::report::{self, LoadOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// Write OUT/report.html: a page that shows the run in OUT at a glance (totals, top entities, mentions over time, match kinds and scores, the network of co-occurring entities). It works offline; the same tables give the same bytes.
#[derive(Args)]
pub struct ReportArgs {
    /// The output directory of a `gazet extract` run.
    out: PathBuf,
    /// Where to write the page (default: OUT/report.html); - writes it to standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Format of the run's tables: csv, jsonl or parquet (default: the one found in OUT).
    #[arg(long)]
    format: Option<String>,
    /// Column of the documents table holding each document's date, for the timeline (default: a kept field named date, published, pubdate, published_at, publish_date, timestamp, datetime or time).
    #[arg(long, value_name = "NAME")]
    date_field: Option<String>,
    /// Entities shown per type.
    #[arg(long, default_value_t = 15, value_name = "N")]
    top: usize,
    /// Entities at most in the network picture.
    #[arg(long, default_value_t = 40, value_name = "N")]
    nodes: usize,
}

impl ReportArgs {
    /// Runs the command.
    pub fn run(self) -> Result<ExitCode, gazet::Error> {
        let mut options = LoadOptions::default();
        options.format = self.format;
        options.date_field = self.date_field;
        options.top = self.top.max(1);
        options.nodes = self.nodes.max(2);
        let data = report::load(&self.out, &options)?;
        let page = report::render(&data);
        let target = self.output.unwrap_or_else(|| self.out.join("report.html"));
        if target.as_os_str() == "-" {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            return match stdout
                .write_all(page.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
                Err(e) => Err(gazet::Error::io(
                    "standard output",
                    format!("cannot write: {e}"),
                )),
            };
        }
        let tmp = target.with_extension("html.partial");
        std::fs::write(&tmp, page.as_bytes())
            .and_then(|()| std::fs::rename(&tmp, &target))
            .map_err(|e| {
                gazet::Error::io(target.display(), format!("cannot write the report: {e}"))
            })?;
        say!(
            "gazet: wrote {} ({} documents, {} mentions, {} entities, {} pairs)",
            target.display(),
            data.run.documents,
            data.run.mentions,
            data.run.entities,
            data.run.pairs
        );
        Ok(ExitCode::SUCCESS)
    }
}
