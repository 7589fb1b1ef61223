//! The Python package `gazet`: the core's [`gazet::Extractor`] for Python
//! callers, and nothing of its own.
//!
//! Why it is thin: every front end (the command line, Python, Spark on top
//! of Python) must give the same answers for the same text and gazetteers,
//! so the matching, its options and its reasons live in the core; this crate
//! converts arguments and results and decides where Python's rules differ
//! from Rust's:
//!
//! - **The GIL is released** while the core works (`Python::detach`), and a
//!   batch runs on a rayon pool of the extractor's own, sized by `threads=`
//!   and built at the first batch of each process. Importing the package
//!   starts no thread, and building an extractor leaves none running (its
//!   parallel build has a pool of its own, let go after), so engines that
//!   fork their workers stay safe; a child forked after a batch builds its
//!   own pool rather than wait on its parent's threads.
//! - **Bad input is a status, not an exception**: in a batch, `None`, a
//!   value that is not a string, or a string with lone surrogates gives the
//!   document the status and reason the command line gives (`rejected`,
//!   `null-field`; `flagged`, `lone-surrogates`), so one bad row does not
//!   lose the batch. A gazetteer that cannot be loaded raises
//!   `gazet.GazetteerError` with every problem's file and line.
//! - **An extractor pickles**: it carries the text of its gazetteers and its
//!   options, so a worker of Spark, Ray or multiprocessing rebuilds the same
//!   extractor without the files.
//! - **Tables cross as Arrow** (`extract_table`, `extract_arrow`): the
//!   core's record batches go to pyarrow through the Arrow C data interface
//!   ([`arrow`]), and Arrow data handed in is read where it lies, by the
//!   rules the command line reads a Parquet file's rows by.
//!
//! Offsets are given both ways, as in the command line's tables: `start` and
//! `end` in UTF-8 bytes, `char_start` and `char_end` in characters, which are
//! Python's string indices (`text[m.char_start:m.char_end]`).

use arrow_array::RecordBatch;
use arrow_schema::DataType;
use gazet::sink::arrow::Renderer;
use gazet::sink::{Record, Render};
use gazet::source::parquet::BatchDocuments;
use gazet::{Document, DocumentResult, Extractor as CoreExtractor, Reason, Status};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use rayon::prelude::*;
use std::sync::{Arc, Mutex};

create_exception!(
    _gazet,
    GazetteerError,
    PyException,
    "A gazetteer could not be loaded: the message names each problem's file and line."
);

mod arrow;
mod tables;

/// A batch's documents, each with the reason the front end found.
type Documents = Vec<(Document, Option<Reason>)>;

/// The name of the one text field of the documents given as strings: the
/// `field` column of the mentions.
const TEXT_FIELD: &str = "text";

/// `extract_files` reads this many documents at most...
const FILE_CHUNK_DOCS: usize = 8192;
/// ... or this many bytes of text, before it matches them.
const FILE_CHUNK_BYTES: usize = 64 << 20;

/// The text columns of `extract_arrow`: one name or several.
#[derive(FromPyObject)]
enum TextColumns {
    One(String),
    Many(Vec<String>),
}

impl TextColumns {
    fn into_vec(self) -> Vec<String> {
        match self {
            TextColumns::One(s) => vec![s],
            TextColumns::Many(v) => v,
        }
    }
}

/// One mention: a span of a text naming an entity, with the columns of
/// `mentions.csv`.
#[pyclass(module = "gazet", frozen, get_all)]
struct Mention {
    /// The entity's stable id (`kataib-hezbollah`; `unlisted:person:...` for
    /// a name no gazetteer lists).
    entity_id: String,
    /// `person`, `militia`, `place` or `outlet`.
    #[pyo3(name = "type")]
    kind: String,
    /// The entity's canonical name.
    canonical: String,
    /// The text as written.
    surface: String,
    /// Byte offsets of the span in the text's UTF-8, end exclusive.
    start: usize,
    /// See `start`.
    end: usize,
    /// Character offsets: Python's string indices.
    char_start: usize,
    /// See `char_start`.
    char_end: usize,
    /// The sentence it starts in: its index among its text's sentences,
    /// from 0.
    sentence: usize,
    /// Is it in the text's dateline (`TEHRAN –`), which names where the
    /// story was filed?
    dateline: bool,
    /// How it was found: `exact`, `normalized`, `variant`, `skeleton`,
    /// `partial`, `unlisted`.
    #[pyo3(name = "match")]
    match_kind: String,
    /// The rules applied (`variant:...`, `possessive`), or `None`.
    rule: Option<String>,
    /// How sure gazet is, from 0 to 1.
    score: f32,
    /// The gazetteer name that matched.
    alias: String,
    /// The entity's Wikidata id, if known.
    wikidata: Option<String>,
    /// The entity's country, if known.
    country: Option<String>,
    /// The ids of all the entities the name fits equally, when it fits
    /// several; empty otherwise.
    ambiguous: Vec<String>,
}

#[pymethods]
impl Mention {
    fn __repr__(&self) -> String {
        format!(
            "Mention({:?}, {}, {}..{}, {:?}, score={})",
            self.surface,
            self.entity_id,
            self.char_start,
            self.char_end,
            self.match_kind,
            self.score
        )
    }
}

/// One document of a batch: its status (`ok`, `flagged`, `rejected`), the
/// reasons, and its mentions.
#[pyclass(name = "DocumentResult", module = "gazet", frozen, get_all)]
struct DocumentResultPy {
    /// The document's id.
    id: String,
    /// `ok`, `flagged` (matched, with a reason) or `rejected` (not matched).
    status: String,
    /// Why it is flagged or rejected, as in `documents.csv`; `None` when ok.
    reason: Option<String>,
    /// The mentions, in text order.
    mentions: Vec<Py<Mention>>,
}

#[pymethods]
impl DocumentResultPy {
    fn __repr__(&self) -> String {
        format!(
            "DocumentResult(id={:?}, status={:?}, mentions={})",
            self.id,
            self.status,
            self.mentions.len()
        )
    }
}

/// Finds the mentions of people, militias, places and news outlets in
/// texts.
///
/// `gazetteers`: CSV files or directories of them, replacing the built-in
/// gazetteers (`None`: the built-in ones). `variants`: match transliteration
/// variants. `unlisted`: report names no gazetteer lists. `min_score`: leave
/// out mentions scoring below it. `threads`: the threads of a batch (`None`:
/// one per core).
#[pyclass(module = "gazet", frozen)]
struct Extractor {
    core: CoreExtractor,
    /// The gazetteers as (name, CSV text), `None` for the built-in ones:
    /// what a pickle carries.
    sources: Option<Vec<(String, String)>>,
    variants: bool,
    unlisted: bool,
    min_score: f32,
    threads: Option<usize>,
    /// The pool of batches and the process it was built in.
    pool: Mutex<Option<(u32, Arc<rayon::ThreadPool>)>>,
}

/// A pool of `threads` threads (`None`: one per core).
fn new_pool(threads: Option<usize>) -> PyResult<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new().thread_name(|i| format!("gazet-{i}"));
    if let Some(n) = threads {
        builder = builder.num_threads(n);
    }
    builder
        .build()
        .map_err(|e| PyValueError::new_err(format!("cannot start the threads: {e}")))
}

/// The Python exception for a core error.
/// `context=N` as the command line takes `--context N`: at most
/// [`gazet::context::MAX_CONTEXT`], else a `ValueError`.
fn checked_context(context: Option<usize>) -> PyResult<Option<usize>> {
    match context {
        Some(n) if n > gazet::context::MAX_CONTEXT => Err(PyValueError::new_err(format!(
            "context must be at most {}, not {n}",
            gazet::context::MAX_CONTEXT
        ))),
        _ => Ok(context),
    }
}

fn py_error(e: gazet::Error) -> PyErr {
    match e {
        gazet::Error::Gazetteer(_) | gazet::Error::Io { .. } | gazet::Error::Build(_) => {
            GazetteerError::new_err(e.to_string())
        }
        _ => PyValueError::new_err(e.to_string()),
    }
}

impl Extractor {
    fn build(
        py: Python<'_>,
        sources: Option<Vec<(String, String)>>,
        variants: bool,
        unlisted: bool,
        min_score: f32,
        threads: Option<usize>,
    ) -> PyResult<Extractor> {
        if threads == Some(0) {
            return Err(PyValueError::new_err("threads must be at least 1"));
        }
        let mut builder = CoreExtractor::builder()
            .variants(variants)
            .unlisted(unlisted)
            .min_score(min_score);
        if let Some(sources) = &sources {
            for (name, text) in sources {
                builder = builder.gazetteer_source(name, text.clone());
            }
        }
        // The build generates variants in parallel: on a pool of its own,
        // let go when it is done, never on rayon's global pool, whose
        // threads would live on (and be missing in a forked child).
        let build_pool = new_pool(threads)?;
        let core = py
            .detach(|| build_pool.install(|| builder.build()))
            .map_err(py_error)?;
        drop(build_pool);
        Ok(Extractor {
            core,
            sources,
            variants,
            unlisted,
            min_score,
            threads,
            pool: Mutex::new(None),
        })
    }

    /// The pool of this extractor's batches, built at the first batch of
    /// this process: a child forked after a batch finds its parent's pool,
    /// whose threads it does not have, and builds its own.
    fn pool(&self) -> PyResult<Arc<rayon::ThreadPool>> {
        let pid = std::process::id();
        let mut slot = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((owner, pool)) = slot.as_ref()
            && *owner == pid
        {
            return Ok(pool.clone());
        }
        // The parent's pool, if any: its threads are not in this process,
        // so it is neither used nor dropped (dropping would wait on them).
        if let Some(stale) = slot.take() {
            std::mem::forget(stale);
        }
        let pool = Arc::new(new_pool(self.threads)?);
        *slot = Some((pid, pool.clone()));
        Ok(pool)
    }

    /// `f` of each document and its result, in order, matched on the pool
    /// with the GIL released.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        docs: &Documents,
        f: impl Fn(&Document, DocumentResult) -> T + Sync,
    ) -> PyResult<Vec<T>> {
        let pool = self.pool()?;
        let core = &self.core;
        Ok(py.detach(|| {
            pool.install(|| {
                docs.par_iter()
                    .map(|(doc, reason)| f(doc, with_reason(core.extract(doc), reason.clone())))
                    .collect()
            })
        }))
    }

    /// The rows of the core's tables for each document ([`Renderer`] with
    /// the kept fields `keep` and the `context` of each mention, when
    /// asked for), matched on the pool with the GIL released.
    fn rendered(
        &self,
        py: Python<'_>,
        docs: &Documents,
        keep: Vec<std::sync::Arc<str>>,
        context: Option<usize>,
    ) -> PyResult<Vec<gazet::sink::arrow::Rendered>> {
        let renderer = Renderer::new(keep).with_context(context);
        let g = self.core.gazetteer();
        self.run(py, docs, |document, result| {
            renderer.render(&Record {
                document,
                result: &result,
                gazetteer: g,
            })
        })
    }

    /// The documents of a batch of texts (see `extract_batch`).
    fn documents(texts: &Bound<'_, PyAny>, ids: Option<Vec<String>>) -> PyResult<Documents> {
        let items: Vec<Bound<'_, PyAny>> = texts.try_iter()?.collect::<PyResult<_>>()?;
        if let Some(ids) = &ids
            && ids.len() != items.len()
        {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} texts",
                ids.len(),
                items.len()
            )));
        }
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let id = ids
                    .as_ref()
                    .map_or_else(|| i.to_string(), |ids| ids[i].clone());
                document(id, item)
            })
            .collect())
    }

    /// The Python mentions of a document's result.
    fn mentions(
        &self,
        py: Python<'_>,
        doc: &Document,
        result: &DocumentResult,
    ) -> PyResult<Vec<Py<Mention>>> {
        let g = self.core.gazetteer();
        result
            .mentions
            .iter()
            .map(|m| {
                let e = m.entity(g);
                let text = &doc.fields[m.field].text;
                let mention = Mention {
                    entity_id: e.id.clone(),
                    kind: e.kind.as_str().to_string(),
                    canonical: e.canonical.clone(),
                    surface: text[m.start..m.end].to_string(),
                    start: m.start,
                    end: m.end,
                    char_start: m.char_start,
                    char_end: m.char_end,
                    sentence: m.sentence,
                    dateline: m.dateline,
                    match_kind: m.kind.as_str().to_string(),
                    rule: (!m.rules.is_empty()).then(|| m.rules.to_string()),
                    score: m.score,
                    alias: m.alias(g).text.clone(),
                    wikidata: e.wikidata.clone(),
                    country: e.country.clone(),
                    ambiguous: m
                        .ambiguous
                        .iter()
                        .map(|&i| g.entities()[i as usize].id.clone())
                        .collect(),
                };
                Py::new(py, mention)
            })
            .collect()
    }
}

/// A batch item as a document: a string is the text; `None` or another
/// value is a document rejected with the command line's reason; a string
/// with lone surrogates is read with each replaced by U+FFFD, and flagged.
fn document(id: String, item: &Bound<'_, PyAny>) -> (Document, Option<Reason>) {
    if item.is_none() {
        let doc = Document::new(id, Vec::new());
        return (doc, Some(Reason::NullField(TEXT_FIELD.into())));
    }
    let Ok(s) = item.cast::<PyString>() else {
        let doc = Document::new(id, Vec::new());
        let what = python_kind(item);
        return (
            doc,
            Some(Reason::NotAString {
                field: TEXT_FIELD.into(),
                kind: what,
            }),
        );
    };
    match s.to_cow() {
        Ok(text) => (Document::text(id, text.into_owned()), None),
        Err(_) => {
            let text = s.to_string_lossy().into_owned();
            (Document::text(id, text), Some(Reason::LoneSurrogates))
        }
    }
}

/// `a number`, `a list`, ...: what a value that is not a string is.
fn python_kind(item: &Bound<'_, PyAny>) -> &'static str {
    use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt};
    if item.is_instance_of::<PyBool>() {
        "a boolean"
    } else if item.is_instance_of::<PyInt>() || item.is_instance_of::<PyFloat>() {
        "a number"
    } else if item.is_instance_of::<PyList>() || item.is_instance_of::<PyTuple>() {
        "an array"
    } else if item.is_instance_of::<PyDict>() {
        "an object"
    } else if item.is_instance_of::<PyBytes>() {
        "bytes"
    } else {
        "not a string"
    }
}

/// A document's result with the reason the front end found (a null or a
/// non-string text rejects it; lone surrogates flag it).
fn with_reason(mut result: DocumentResult, reason: Option<Reason>) -> DocumentResult {
    match reason {
        None => result,
        Some(r @ (Reason::NullField(_) | Reason::NotAString { .. })) => {
            DocumentResult::rejected(vec![r])
        }
        Some(r) => {
            result.reasons.insert(0, r);
            if result.status == Status::Ok {
                result.status = Status::Flagged;
            }
            result
        }
    }
}

#[pymethods]
impl Extractor {
    #[new]
    #[pyo3(signature = (gazetteers=None, variants=true, unlisted=true, min_score=0.0, threads=None))]
    fn new(
        py: Python<'_>,
        gazetteers: Option<Vec<std::path::PathBuf>>,
        variants: bool,
        unlisted: bool,
        min_score: f32,
        threads: Option<usize>,
    ) -> PyResult<Extractor> {
        let sources = match gazetteers {
            None => None,
            Some(paths) => Some(gazet::Gazetteer::read_sources(&paths).map_err(py_error)?),
        };
        Extractor::build(py, sources, variants, unlisted, min_score, threads)
    }

    /// The mentions of one text, in text order.
    fn extract(&self, py: Python<'_>, text: &str) -> PyResult<Vec<Py<Mention>>> {
        let doc = Document::text("", text);
        let result = py.detach(|| self.core.extract(&doc));
        self.mentions(py, &doc, &result)
    }

    /// The results of a batch of texts, one per text and in order, matched
    /// on all the extractor's threads with the GIL released. `ids`: the
    /// documents' ids (default: their positions, from 0).
    #[pyo3(signature = (texts, ids=None))]
    fn extract_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        ids: Option<Vec<String>>,
    ) -> PyResult<Vec<DocumentResultPy>> {
        let docs = Extractor::documents(texts, ids)?;
        let results = self.run(py, &docs, |_, result| result)?;
        docs.iter()
            .zip(results)
            .map(|((doc, _), result)| {
                Ok(DocumentResultPy {
                    id: doc.id.to_string(),
                    status: result.status.as_str().to_string(),
                    reason: (!result.reasons.is_empty()).then(|| result.reason_text()),
                    mentions: self.mentions(py, doc, &result)?,
                })
            })
            .collect()
    }

    /// The mentions of a batch of texts as a `pyarrow.Table`, one row per
    /// mention, with the columns of `mentions.csv` and the types of gazet's
    /// Parquet tables; and, with `documents=True`, a second table with one
    /// row per text (`doc_id`, `field_bytes`, `mentions`, `status`,
    /// `reason`), so that every text is accounted for. `context=N` adds a
    /// last column `context`: up to N characters of the text on each side
    /// of the mention, with it, on one line (as `gazet extract --context`).
    #[pyo3(signature = (texts, ids=None, documents=false, context=None))]
    fn extract_table<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        ids: Option<Vec<String>>,
        documents: bool,
        context: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        arrow::pyarrow(py)?;
        let context = checked_context(context)?;
        let docs = Extractor::documents(texts, ids)?;
        let rows = self.rendered(py, &docs, Vec::new(), context)?;
        let [mentions, docs_batch] =
            py.detach(|| tables::mentions_and_documents(&rows, context))?;
        let mentions =
            arrow::ArrowBatches::new(mentions.schema(), vec![mentions]).into_table(py)?;
        if documents {
            let docs_table =
                arrow::ArrowBatches::new(docs_batch.schema(), vec![docs_batch]).into_table(py)?;
            Ok(PyTuple::new(py, [mentions, docs_table])?.into_any())
        } else {
            Ok(mentions)
        }
    }

    /// The entities and co-occurrence tables of the documents of `data`
    /// (read as `extract_arrow` reads them), as two `pyarrow.Table`s with
    /// the columns of `entities.parquet` and `cooccurrence.parquet`: the
    /// counts `gazet extract` writes for the same documents, in the same
    /// order. `cooccur` names the units counted (`document`, `sentence`,
    /// `paragraph`), `cooccur_min` leaves out rarer pairs, `cooccur_datelines`
    /// counts dateline mentions in pairs, and `date_field` (a column of
    /// `keep`) gives the first and last dates.
    #[pyo3(signature = (data, text=TextColumns::One(TEXT_FIELD.to_string()), id="id".to_string(), keep=Vec::new(), cooccur="document,sentence".to_string(), cooccur_min=1, cooccur_datelines=false, date_field=None))]
    #[allow(clippy::too_many_arguments)]
    fn aggregate_arrow<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        text: TextColumns,
        id: String,
        keep: Vec<String>,
        cooccur: String,
        cooccur_min: u64,
        cooccur_datelines: bool,
        date_field: Option<String>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        use gazet::aggregate::{
            tables as agg_tables, AggregateOptions, Aggregates, DocAggregate, Unit,
        };
        arrow::pyarrow(py)?;
        let mut agg_options = AggregateOptions::default();
        agg_options.units = Unit::parse_list(&cooccur).map_err(py_error)?;
        agg_options.min_pairs = cooccur_min;
        agg_options.datelines_in_pairs = cooccur_datelines;
        agg_options.date_field = match date_field {
            Some(f) if !keep.contains(&f) => {
                return Err(PyValueError::new_err(format!(
                    "date_field {f:?} must be one of the kept columns (keep={keep:?})"
                )))
            }
            Some(f) => Some(f.as_str().into()),
            None => AggregateOptions::guess_date_field(&keep),
        };
        let mut options = gazet::source::ReadOptions::default();
        options.id_field = id;
        options.text_fields = text.into_vec();
        options.keep_fields = keep;
        let reader = BatchDocuments::new("<arrow>", &options);
        let mut input = arrow::Input::read(data)?;
        let mut all = Aggregates::new(agg_options.clone());
        let g = self.core.gazetteer();
        let mut rows_before = 0u64;
        while let Some(batch) = input.next_batch()? {
            let docs = batch_documents(&reader, &options, &batch, &mut rows_before)?;
            let counted = self.run(py, &docs, |document, result| {
                let record = Record {
                    document,
                    result: &result,
                    gazetteer: g,
                };
                (document.id.clone(), DocAggregate::of(&record, &agg_options))
            })?;
            for (doc_id, one) in counted {
                all.add(g, &doc_id, one);
            }
        }
        let (entities, pairs) = py
            .detach(|| {
                Ok::<_, String>((
                    agg_tables::entities_record_batch(&all)?,
                    agg_tables::cooccurrence_record_batch(&all)?,
                ))
            })
            .map_err(PyValueError::new_err)?;
        let entities =
            arrow::ArrowBatches::new(entities.schema(), vec![entities]).into_table(py)?;
        let pairs = arrow::ArrowBatches::new(pairs.schema(), vec![pairs]).into_table(py)?;
        PyTuple::new(py, [entities, pairs])
    }

    /// Arrow in, Arrow out, for engines (Spark's `mapInArrow`, Ray, DuckDB,
    /// Polars): the documents of `data`, one per row, and one row out per
    /// row in, in order, so that every document is accounted for.
    ///
    /// `data`: Arrow data (a `pyarrow.RecordBatch` or `Table`, a Polars or
    /// pandas DataFrame: anything with `__arrow_c_array__` or
    /// `__arrow_c_stream__`). Its rows are read as the command line reads
    /// the rows of a Parquet file: `id` names the id column (string or
    /// integer; absent: the row numbers from 1), `text` the text column or
    /// columns (a dotted name reaches into a struct column), `keep` columns
    /// passed through as they are.
    ///
    /// The result has the columns `doc_id`, the kept columns, `status`,
    /// `reason`, `field_bytes` and `mentions`: a list of structs with the
    /// columns of `mentions.csv` but `doc_id` (and `context` last, with
    /// `context=N`, as in `extract_table`). It is a
    /// `pyarrow.RecordBatch` when `data` is one, else a `pyarrow.Table`.
    #[pyo3(signature = (data, text=TextColumns::One(TEXT_FIELD.to_string()), id="id".to_string(), keep=Vec::new(), context=None))]
    fn extract_arrow<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        text: TextColumns,
        id: String,
        keep: Vec<String>,
        context: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        arrow::pyarrow(py)?;
        let context = checked_context(context)?;
        let mut options = gazet::source::ReadOptions::default();
        options.id_field = id;
        options.text_fields = text.into_vec();
        options.keep_fields = keep;
        let reader = BatchDocuments::new("<arrow>", &options);
        let mut input = arrow::Input::read(data)?;
        let one = matches!(input, arrow::Input::Batch(_));
        let mut rows_before = 0u64;
        let mut process = |batch: RecordBatch| -> PyResult<RecordBatch> {
            let docs = batch_documents(&reader, &options, &batch, &mut rows_before)?;
            let rows = self.rendered(py, &docs, Vec::new(), context)?;
            let kept = options
                .keep_fields
                .iter()
                .zip(reader.kept(&batch))
                .map(|(name, array)| {
                    let array = array.unwrap_or_else(|| {
                        arrow_array::new_null_array(&DataType::Null, batch.num_rows())
                    });
                    (name.clone(), array)
                })
                .collect();
            py.detach(|| tables::nested(&rows, kept, context))
        };
        let mut out = Vec::new();
        while let Some(batch) = input.next_batch()? {
            out.push(process(batch)?);
        }
        if out.is_empty() {
            // No batch (a table of no rows): the columns still.
            out.push(process(RecordBatch::new_empty(input.schema()))?);
        }
        let schema = out[0].schema();
        let batches = arrow::ArrowBatches::new(schema, out);
        if one {
            batches.into_record_batch(py)
        } else {
            batches.into_table(py)
        }
    }

    /// The documents of files, read by the command line's readers (`.txt`,
    /// `.jsonl`, `.csv`, `.parquet`, compressed or not; directories walked),
    /// as a `pyarrow.Table` with one row per document: `doc_id`, `source`
    /// (file and line, as in `documents.csv`), the kept fields (as text),
    /// `status`, `reason`, `field_bytes`, `mentions` (nested, as
    /// `extract_arrow`). A bad line is a `rejected` row with gazet's reason
    /// and its line, never lost.
    ///
    /// `displays`: the names to show for `paths` in `source` (one per path,
    /// each a file), when the files read are copies (the Spark reader's).
    /// `input_format`: the format of files whose ending is unknown.
    /// Files of other formats found in a directory are passed over, as on
    /// the command line, with a `UserWarning`. `context=N`: each mention's
    /// `context`, as in `extract_table`.
    #[pyo3(signature = (paths, text=TextColumns::One(TEXT_FIELD.to_string()), id="id".to_string(), keep=Vec::new(), displays=None, input_format=None, context=None))]
    #[allow(clippy::too_many_arguments)]
    fn extract_files<'py>(
        &self,
        py: Python<'py>,
        paths: Vec<std::path::PathBuf>,
        text: TextColumns,
        id: String,
        keep: Vec<String>,
        displays: Option<Vec<String>>,
        input_format: Option<String>,
        context: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        arrow::pyarrow(py)?;
        let context = checked_context(context)?;
        let mut options = gazet::source::ReadOptions::new(id, text.into_vec()).keep(keep.clone());
        if let Some(f) = input_format {
            options = options.with_input_format(f);
        }
        let (mut files, skipped) =
            gazet::source::discover_with(&paths, &options).map_err(py_error)?;
        if let Some(displays) = displays {
            if displays.len() != paths.len() || files.len() != paths.len() {
                return Err(PyValueError::new_err(format!(
                    "{} displays for {} paths ({} files): give one display per path, each a file",
                    displays.len(),
                    paths.len(),
                    files.len()
                )));
            }
            for (file, display) in files.iter_mut().zip(displays) {
                file.display = display;
            }
        }
        if !skipped.is_empty() {
            let warnings = py.import("warnings")?;
            for s in &skipped {
                warnings.call_method1("warn", (format!("{}: {}", s.path, s.reason),))?;
            }
        }
        let keep: Vec<std::sync::Arc<str>> = keep.iter().map(|k| k.as_str().into()).collect();
        let sink_options = gazet::sink::SinkOptions::new(keep.clone(), false).with_context(context);
        let mut reader = gazet::source::Reader::new(files, options);
        let mut out = Vec::new();
        loop {
            // A chunk of documents at a time: memory stays flat on a big file.
            let docs: Documents = py.detach(|| {
                let mut bytes = 0;
                let mut docs = Vec::new();
                for (doc, _) in reader.by_ref() {
                    bytes += doc.fields.iter().map(|f| f.text.len()).sum::<usize>();
                    docs.push((doc, None));
                    if docs.len() >= FILE_CHUNK_DOCS || bytes >= FILE_CHUNK_BYTES {
                        break;
                    }
                }
                docs
            });
            if docs.is_empty() && !out.is_empty() {
                break;
            }
            let rows = self.rendered(py, &docs, keep.clone(), context)?;
            out.push(py.detach(|| tables::nested_with_source(&rows, &sink_options))?);
            if docs.is_empty() {
                break;
            }
        }
        let schema = out[0].schema();
        let out: Vec<RecordBatch> = out.into_iter().filter(|b| b.num_rows() > 0).collect();
        arrow::ArrowBatches::new(schema, out).into_table(py)
    }

    /// How a string normalizes, what it matches and why, and the closest
    /// gazetteer names when nothing matches: the text `gazet explain`
    /// prints.
    fn explain(&self, text: &str) -> String {
        gazet::explain::explain(&self.core, text).to_string()
    }

    /// The gazetteers' check: statistics per type and the names at risk
    /// (common words, shared names, ...), the text `gazet gazetteer check`
    /// prints.
    fn check(&self) -> String {
        gazet::gazetteer::check::check(self.core.gazetteer()).to_string()
    }

    /// How many entities the gazetteers hold.
    #[getter]
    fn entities(&self) -> usize {
        self.core.gazetteer().len()
    }

    /// A stable hash of the gazetteers and options: two extractors with the
    /// same fingerprint give the same answers.
    #[getter]
    fn fingerprint(&self) -> String {
        self.core.fingerprint()
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let me = slf.get();
        let state = (
            me.sources.clone(),
            me.variants,
            me.unlisted,
            me.min_score,
            me.threads,
        );
        let rebuild = py.import("gazet._gazet")?.getattr("_rebuild")?;
        Ok((
            rebuild,
            PyTuple::new(py, [state.into_pyobject(py)?.into_any()])?,
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "Extractor(entities={}, variants={}, unlisted={}, min_score={})",
            self.core.gazetteer().len(),
            if self.variants { "True" } else { "False" },
            if self.unlisted { "True" } else { "False" },
            self.min_score
        )
    }
}

/// The documents of one batch of Arrow rows, read by the Parquet source's
/// rules; `rows_before` counts the rows of the batches before it (the ids
/// of rows without one) and is moved past this batch. A `KeyError` when the
/// batch has no text column.
fn batch_documents(
    reader: &BatchDocuments,
    options: &gazet::source::ReadOptions,
    batch: &RecordBatch,
    rows_before: &mut u64,
) -> PyResult<Documents> {
    if !reader.has_text(batch) {
        let columns: Vec<String> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        return Err(pyo3::exceptions::PyKeyError::new_err(format!(
            "no text column {:?} in the data (its columns: {columns:?})",
            options.text_fields
        )));
    }
    let docs = reader
        .documents(batch, *rows_before)
        .into_iter()
        .map(|d| (d, None))
        .collect();
    *rows_before += batch.num_rows() as u64;
    Ok(docs)
}

/// Writes the report page of the run in `out` (see `gazet report`) and
/// returns its path: `output`, or `out/report.html`.
#[pyfunction]
#[pyo3(signature = (out, output=None, format=None, date_field=None, top=15, nodes=40))]
fn report(
    py: Python<'_>,
    out: std::path::PathBuf,
    output: Option<std::path::PathBuf>,
    format: Option<String>,
    date_field: Option<String>,
    top: usize,
    nodes: usize,
) -> PyResult<std::path::PathBuf> {
    let mut options = gazet::report::LoadOptions::default();
    options.format = format;
    options.date_field = date_field;
    options.top = top.max(1);
    options.nodes = nodes.max(2);
    let target = output.unwrap_or_else(|| out.join("report.html"));
    py.detach(|| {
        let data = gazet::report::load(&out, &options)?;
        std::fs::write(&target, gazet::report::render(&data)).map_err(|e| {
            gazet::Error::io(target.display(), format!("cannot write the report: {e}"))
        })
    })
    .map_err(|e| match e {
        gazet::Error::Io { .. } => pyo3::exceptions::PyOSError::new_err(e.to_string()),
        other => PyValueError::new_err(other.to_string()),
    })?;
    Ok(target)
}

/// An extractor from its pickled state (see `Extractor.__reduce__`).
#[pyfunction]
#[allow(clippy::type_complexity)]
fn _rebuild(
    py: Python<'_>,
    state: (
        Option<Vec<(String, String)>>,
        bool,
        bool,
        f32,
        Option<usize>,
    ),
) -> PyResult<Extractor> {
    let (sources, variants, unlisted, min_score, threads) = state;
    Extractor::build(py, sources, variants, unlisted, min_score, threads)
}

#[pymodule]
fn _gazet(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Extractor>()?;
    m.add_class::<Mention>()?;
    m.add_class::<DocumentResultPy>()?;
    m.add_class::<arrow::ArrowBatches>()?;
    m.add_function(wrap_pyfunction!(_rebuild, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add("GazetteerError", m.py().get_type::<GazetteerError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The columns of `mentions.csv` and of `extract_table`, from the core.
    m.add(
        "MENTION_COLUMNS",
        PyTuple::new(m.py(), gazet::sink::csv::MENTION_COLUMNS)?,
    )?;
    Ok(())
}
