//! Arrow data across the Arrow C data interface, both ways, without a copy:
//! the [PyCapsule protocol] that pyarrow (14 and up), Polars, pandas (2.2
//! and up), DuckDB and Spark's Arrow batches speak.
//!
//! Why the capsules and not Python lists: a table of a batch of news has
//! hundreds of thousands of mention rows, and a Python object per cell
//! cost more than the matching. The core builds the columns as Arrow arrays
//! ([`gazet::sink::arrow`]); here their buffers are handed to pyarrow as
//! they are, and a batch handed in is read where it lies.
//!
//! Data handed in is validated in full (offsets, UTF-8) before it is read:
//! a producer's bug or a crafted capsule is a `ValueError`, never a crash.
//!
//! [PyCapsule protocol]: https://arrow.apache.org/docs/format/CDataInterface/PyCapsuleInterface.html

use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{
    make_array, Array, RecordBatch, RecordBatchIterator, RecordBatchReader, StructArray,
};
use arrow_schema::{ArrowError, SchemaRef};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};
use std::ffi::CStr;

const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";
const STREAM: &CStr = c"arrow_array_stream";

/// The Python exception for an Arrow error at `what`.
fn arrow_error(what: &str, e: ArrowError) -> PyErr {
    PyValueError::new_err(format!("{what}: {e}"))
}

/// Record batches for Python: an object that exports them by the PyCapsule
/// protocol, which `pyarrow.table`, `pyarrow.record_batch` and
/// `polars.from_arrow` take.
#[pyclass(module = "gazet", frozen)]
pub(crate) struct ArrowBatches {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl ArrowBatches {
    pub(crate) fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> ArrowBatches {
        ArrowBatches { schema, batches }
    }

    /// As a `pyarrow.Table`.
    pub(crate) fn into_table(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        pyarrow(py)?.call_method1("table", (Bound::new(py, self)?,))
    }

    /// As a `pyarrow.RecordBatch`: there must be exactly one batch.
    pub(crate) fn into_record_batch(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        pyarrow(py)?.call_method1("record_batch", (Bound::new(py, self)?,))
    }
}

/// The module `pyarrow`, or an `ImportError` that says how to get it.
pub(crate) fn pyarrow(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pyarrow").map_err(|e| {
        pyo3::exceptions::PyImportError::new_err(format!(
            "Arrow tables need pyarrow (pip install pyarrow): {e}"
        ))
    })
}

#[pymethods]
impl ArrowBatches {
    /// The batches as an `ArrowArrayStream` capsule. A requested schema is
    /// not applied (the protocol lets a producer ignore it).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batches = self.batches.clone().into_iter().map(Ok);
        let reader = RecordBatchIterator::new(batches, self.schema.clone());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new(py, stream, Some(STREAM.to_owned()))
    }

    /// The schema as an `ArrowSchema` capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.schema.as_ref())
            .map_err(|e| arrow_error("cannot export the schema", e))?;
        PyCapsule::new(py, schema, Some(SCHEMA.to_owned()))
    }

    /// The one batch as a struct array: `(ArrowSchema, ArrowArray)`
    /// capsules. A `ValueError` when there is not exactly one batch.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema;
        let [batch] = &self.batches[..] else {
            return Err(PyValueError::new_err(format!(
                "{} record batches cannot be exported as one array: read them as a stream",
                self.batches.len()
            )));
        };
        let data = StructArray::from(batch.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(|e| arrow_error("cannot export", e))?;
        let schema = PyCapsule::new(py, schema, Some(SCHEMA.to_owned()))?;
        let array = PyCapsule::new(py, array, Some(ARRAY.to_owned()))?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }

    fn __len__(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

/// Record batches read from a Python object.
pub(crate) enum Input {
    /// One batch (`__arrow_c_array__`: a `pyarrow.RecordBatch`), until
    /// read.
    Batch(Option<RecordBatch>),
    /// A stream (`__arrow_c_stream__`: a `pyarrow.Table` or
    /// `RecordBatchReader`, a Polars or pandas DataFrame, ...).
    Stream(RecordBatchStreamReader),
}

/// A batch checked in full: its buffers, offsets and UTF-8.
fn validated(batch: RecordBatch) -> PyResult<RecordBatch> {
    for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
        column
            .to_data()
            .validate_full()
            .map_err(|e| arrow_error(&format!("column {} is not valid Arrow", field.name()), e))?;
    }
    Ok(batch)
}

impl Input {
    /// The batches of `data`, an object that exports Arrow by the
    /// PyCapsule protocol: a record batch by `__arrow_c_array__`, anything
    /// else by `__arrow_c_stream__`.
    pub(crate) fn read(data: &Bound<'_, PyAny>) -> PyResult<Input> {
        if data.hasattr("__arrow_c_array__")? {
            let capsules = data.call_method0("__arrow_c_array__")?;
            let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) =
                capsules.extract()?;
            let schema = schema
                .pointer_checked(Some(SCHEMA))?
                .cast::<FFI_ArrowSchema>();
            let array = array.pointer_checked(Some(ARRAY))?.cast::<FFI_ArrowArray>();
            // SAFETY: the capsules are named as the protocol names them, so
            // they hold an ArrowSchema and an ArrowArray. The array is moved
            // out (its release callback is now ours; the capsule's
            // destructor sees it released) and the schema only borrowed.
            let data = unsafe {
                let array = std::ptr::replace(array.as_ptr(), FFI_ArrowArray::empty());
                from_ffi(array, schema.as_ref())
            }
            .map_err(|e| arrow_error("cannot read the array", e))?;
            data.validate_full()
                .map_err(|e| arrow_error("the array is not valid Arrow", e))?;
            let array = make_array(data);
            let Some(s) = array.as_any().downcast_ref::<StructArray>() else {
                return Err(PyTypeError::new_err(format!(
                    "expected a record batch (a struct array), got an array of {}",
                    array.data_type()
                )));
            };
            if s.null_count() > 0 {
                return Err(PyValueError::new_err(
                    "a struct array with null rows is not a record batch",
                ));
            }
            return Ok(Input::Batch(Some(RecordBatch::from(s.clone()))));
        }
        if data.hasattr("__arrow_c_stream__")? {
            let capsule = data.call_method0("__arrow_c_stream__")?;
            let capsule = capsule.cast::<PyCapsule>()?;
            let stream = capsule
                .pointer_checked(Some(STREAM))?
                .cast::<FFI_ArrowArrayStream>();
            // SAFETY: the capsule is named as the protocol names a stream;
            // `from_raw` moves the stream out and leaves it released.
            let reader = unsafe { RecordBatchStreamReader::from_raw(stream.as_ptr()) }
                .map_err(|e| arrow_error("cannot read the stream", e))?;
            return Ok(Input::Stream(reader));
        }
        let kind = data.get_type().name()?;
        Err(PyTypeError::new_err(format!(
            "expected Arrow data (a pyarrow RecordBatch or Table, a Polars or pandas DataFrame: an object with __arrow_c_array__ or __arrow_c_stream__), got {kind}"
        )))
    }

    /// The schema of the batches.
    pub(crate) fn schema(&self) -> SchemaRef {
        match self {
            Input::Batch(Some(b)) => b.schema(),
            Input::Batch(None) => std::sync::Arc::new(arrow_schema::Schema::empty()),
            Input::Stream(reader) => reader.schema(),
        }
    }

    /// The next batch, validated; `None` at the end.
    pub(crate) fn next_batch(&mut self) -> PyResult<Option<RecordBatch>> {
        let batch = match self {
            Input::Batch(b) => b.take(),
            Input::Stream(reader) => reader
                .next()
                .transpose()
                .map_err(|e| arrow_error("cannot read the next batch of the stream", e))?,
        };
        batch.map(validated).transpose()
    }
}
