//! Writes the seeds of the parquet_reader target: small Parquet files with
//! the columns it reads (`id`, `title`, `text`, and kept `date`, `meta`,
//! `n`) in the types, codecs, page versions and row group sizes writers use,
//! so that mutations start from files the decoder takes and reach the
//! column reading. `cargo run --example parquet_seeds -- DIR` (seed.sh).

use arrow_array::builder::{Int64Builder, ListBuilder, MapBuilder, StringBuilder};
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, BinaryArray, BooleanArray, Date32Array, Decimal128Array, DictionaryArray,
    Float32Array, Int64Array, LargeStringArray, RecordBatch, StringArray, StructArray,
    TimestampMillisecondArray,
};
use arrow_schema::{DataType, Field};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, GzipLevel, ZstdLevel};
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use std::path::Path;
use std::sync::Arc;

fn write(dir: &Path, name: &str, batch: &RecordBatch, props: WriterProperties) {
    let mut bytes = Vec::new();
    let mut w = ArrowWriter::try_new(&mut bytes, batch.schema(), Some(props)).unwrap();
    w.write(batch).unwrap();
    w.close().unwrap();
    std::fs::write(dir.join(name), &bytes).unwrap();
    println!("{name}: {} bytes", bytes.len());
}

fn texts() -> (Vec<Option<&'static str>>, Vec<Option<&'static str>>) {
    (
        vec![
            Some("Qaani visits Baghdad"),
            None,
            Some(""),
            Some("Protests in Ahvaz"),
            Some("Kata’ib Hezbollah"),
        ],
        vec![
            Some("BASRA – Convoys of Kata’ib Hezbollah crossed at al-Shalamcheh."),
            Some("Esmail Qaani met PMF leaders in Baghdad; Iraq’s government did not comment."),
            None,
            Some("إيران والعراق ‏Iran‎ ایران"),
            Some("Qa\u{301}ani in Mashhad"),
        ],
    )
}

/// Strings, a date: the plain case.
fn plain() -> RecordBatch {
    let (title, text) = texts();
    RecordBatch::try_from_iter([
        (
            "id",
            Arc::new(StringArray::from(vec![
                Some("a"),
                Some("b"),
                None,
                Some(""),
                Some("e"),
            ])) as ArrayRef,
        ),
        ("title", Arc::new(StringArray::from(title))),
        ("text", Arc::new(StringArray::from(text))),
        (
            "date",
            Arc::new(Date32Array::from(vec![
                Some(19783),
                None,
                Some(19785),
                Some(0),
                Some(-1),
            ])),
        ),
    ])
    .unwrap()
}

/// Every other type gazet reads: integer ids, binary and dictionary text,
/// large strings, a struct with a list and a map, a decimal, a timestamp
/// with a time zone, a boolean where text is expected.
fn typed() -> RecordBatch {
    let (title, text) = texts();
    let mut tags = ListBuilder::new(StringBuilder::new());
    let mut map = MapBuilder::new(None, StringBuilder::new(), Int64Builder::new());
    for i in 0..5 {
        for t in ["Iran", "Iraq"].iter().take(i % 3) {
            tags.values().append_value(t);
        }
        tags.append(i != 2);
        if i % 2 == 0 {
            map.keys().append_value("k");
            map.values().append_value(i as i64);
        }
        map.append(i != 4).unwrap();
    }
    let tags: ArrayRef = Arc::new(tags.finish());
    let map: ArrayRef = Arc::new(map.finish());
    let score: ArrayRef = Arc::new(Float32Array::from(vec![
        0.1,
        f32::NAN,
        1.5,
        -0.0,
        f32::INFINITY,
    ]));
    let meta = StructArray::from(vec![
        (
            Arc::new(Field::new("tags", tags.data_type().clone(), true)),
            tags,
        ),
        (
            Arc::new(Field::new("score", DataType::Float32, true)),
            score,
        ),
        (
            Arc::new(Field::new("m", map.data_type().clone(), true)),
            map,
        ),
    ]);
    let title: DictionaryArray<Int32Type> = title.into_iter().collect();
    let text: Vec<Option<&[u8]>> = text
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i == 3 {
                Some(&b"Bagh\xffdad"[..])
            } else {
                t.map(str::as_bytes)
            }
        })
        .collect();
    RecordBatch::try_from_iter([
        (
            "id",
            Arc::new(Int64Array::from(vec![
                Some(7),
                Some(-1),
                None,
                Some(i64::MAX),
                Some(7),
            ])) as ArrayRef,
        ),
        ("title", Arc::new(title)),
        ("text", Arc::new(BinaryArray::from(text))),
        (
            "date",
            Arc::new(
                TimestampMillisecondArray::from(vec![
                    Some(1_709_251_200_000),
                    None,
                    Some(0),
                    Some(-5),
                    Some(i64::MAX / 1000),
                ])
                .with_timezone("+03:30"),
            ),
        ),
        ("meta", Arc::new(meta)),
        (
            "n",
            Arc::new(
                Decimal128Array::from(vec![
                    Some(12345),
                    None,
                    Some(-1),
                    Some(0),
                    Some(10i128.pow(20)),
                ])
                .with_precision_and_scale(38, 2)
                .unwrap(),
            ),
        ),
        (
            "extra",
            Arc::new(BooleanArray::from(vec![true, false, true, false, true])),
        ),
    ])
    .unwrap()
}

/// Text of the wrong type, large strings, no id column.
fn odd() -> RecordBatch {
    RecordBatch::try_from_iter([
        (
            "title",
            Arc::new(BooleanArray::from(vec![Some(true), None, Some(false)])) as ArrayRef,
        ),
        (
            "text",
            Arc::new(LargeStringArray::from(vec![
                Some("Basra"),
                Some("Erbil"),
                None,
            ])),
        ),
        (
            "date",
            Arc::new(StringArray::from(vec!["2024-03-01", "yesterday", ""])),
        ),
    ])
    .unwrap()
}

/// More rows than a record batch holds, in several row groups.
fn many() -> RecordBatch {
    let n = 600;
    let ids: Vec<i64> = (0..n).collect();
    let text: Vec<&str> = (0..n)
        .map(|i| ["Basra", "Erbil", "Mosul", "Tehran"][i as usize % 4])
        .collect();
    RecordBatch::try_from_iter([
        ("id", Arc::new(Int64Array::from(ids)) as ArrayRef),
        ("text", Arc::new(StringArray::from(text))),
    ])
    .unwrap()
}

fn main() {
    let dir = std::env::args().nth(1).expect("the seed directory");
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    let base = || WriterProperties::builder();
    write(dir, "plain.parquet", &plain(), base().build());
    for (name, codec) in [
        ("snappy", Compression::SNAPPY),
        ("zstd", Compression::ZSTD(ZstdLevel::default())),
        ("gzip", Compression::GZIP(GzipLevel::default())),
        ("lz4", Compression::LZ4_RAW),
        ("lz4-hadoop", Compression::LZ4),
    ] {
        let props = base()
            .set_compression(codec)
            .set_max_row_group_row_count(Some(2))
            .build();
        write(dir, &format!("typed-{name}.parquet"), &typed(), props);
    }
    let v2 = base()
        .set_writer_version(WriterVersion::PARQUET_2_0)
        .set_dictionary_enabled(false)
        .set_data_page_row_count_limit(1)
        .set_write_batch_size(1)
        .set_statistics_enabled(EnabledStatistics::Page)
        .build();
    write(dir, "typed-v2-pages.parquet", &typed(), v2);
    let v2 = base()
        .set_writer_version(WriterVersion::PARQUET_2_0)
        .set_data_page_row_count_limit(1)
        .set_write_batch_size(1)
        .set_max_row_group_row_count(Some(1))
        .build();
    write(dir, "plain-v2-groups.parquet", &plain(), v2);
    let bare = base()
        .set_statistics_enabled(EnabledStatistics::None)
        .set_dictionary_enabled(false)
        .build();
    write(dir, "odd.parquet", &odd(), bare);
    let props = base()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(250))
        .set_data_page_row_count_limit(100)
        .set_write_batch_size(100)
        .build();
    write(dir, "many.parquet", &many(), props);
}
