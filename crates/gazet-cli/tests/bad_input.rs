//! Bad input, each with its documented outcome (README, "Bad input and
//! faults"): every document read is in `documents.csv` once, `ok`, `flagged`
//! or `rejected`; the rejected ones are in `rejects.csv` with file, line and
//! byte offset; the counts reconcile; nothing panics.

mod common;

use common::{gazet, rows};
use std::io::Write;
use std::path::Path;
use std::process::Output;

/// Runs `gazet extract INPUT --out OUT EXTRA...`.
fn extract(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    gazet(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A row of `documents.csv`.
#[derive(Debug)]
struct Doc {
    id: String,
    source: String,
    bytes: usize,
    mentions: usize,
    status: String,
    reason: String,
}

fn documents(out: &Path) -> Vec<Doc> {
    rows(&out.join("documents.csv"))
        .into_iter()
        .map(|r| Doc {
            id: r[0].clone(),
            source: r[1].clone(),
            bytes: r[2].parse().unwrap(),
            mentions: r[3].parse().unwrap(),
            status: r[4].clone(),
            reason: r[5].clone(),
        })
        .collect()
}

/// The document from `source`, which must be there exactly once.
fn doc<'a>(docs: &'a [Doc], source: &str) -> &'a Doc {
    let found: Vec<&Doc> = docs.iter().filter(|d| d.source.ends_with(source)).collect();
    assert_eq!(found.len(), 1, "{source} in {docs:#?}");
    found[0]
}

/// Checks that the summary line and the tables agree: documents = ok +
/// flagged + rejected, one `rejects.csv` row per rejected document, as many
/// mentions as `documents.csv` says.
fn reconciles(res: &Output, out: &Path) {
    let docs = documents(out);
    let count = |s: &str| docs.iter().filter(|d| d.status == s).count();
    let (ok, flagged, rejected) = (count("ok"), count("flagged"), count("rejected"));
    assert_eq!(ok + flagged + rejected, docs.len(), "unknown status");
    let line = format!(
        "gazet: {} documents: {ok} ok, {flagged} flagged, {rejected} rejected",
        docs.len()
    );
    assert!(stderr(res).contains(&line), "{line}\n{}", stderr(res));
    let rejects = rows(&out.join("rejects.csv"));
    assert_eq!(rejects.len(), rejected);
    let mentions = rows(&out.join("mentions.csv")).len();
    assert_eq!(mentions, docs.iter().map(|d| d.mentions).sum::<usize>());
    let code = if rejected > 0 { 1 } else { 0 };
    assert_eq!(res.status.code(), Some(code), "{}", stderr(res));
    // No temporary file is left behind.
    for e in std::fs::read_dir(out).unwrap() {
        let name = e.unwrap().file_name();
        assert!(
            !name.to_string_lossy().starts_with('.'),
            "{name:?} left in {}",
            out.display()
        );
    }
}

/// The mentions of a document: (surface, start, end, char_start, char_end).
fn mentions_of(out: &Path, id: &str) -> Vec<(String, usize, usize, usize, usize)> {
    rows(&out.join("mentions.csv"))
        .into_iter()
        .filter(|r| r[0] == id)
        .map(|r| {
            (
                r[5].clone(),
                r[6].parse().unwrap(),
                r[7].parse().unwrap(),
                r[8].parse().unwrap(),
                r[9].parse().unwrap(),
            )
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn text_files_each_have_their_outcome() {
    let dir = common::tempdir("bad-txt");
    let d = dir.join("in");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).unwrap();
    w("bom.txt", "\u{FEFF}Baghdad and Tehran".as_bytes());
    w("crlf.txt", b"Baghdad\r\nTehran\r\n");
    w("invalid.txt", b"Bagh\xFFdad, \xC3 and Tehran");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Tehran".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    w("utf16.txt", &utf16);
    w("controls.txt", b"Iran\0Iraq\x07Baghdad\x1b");
    w("empty.txt", b"");
    w("rtl.txt", "قالت إيران إن العراق".as_bytes());
    let marks = format!("Iran a{} Iraq", "\u{301}".repeat(100_000));
    w("marks.txt", marks.as_bytes());
    w("nowords.txt", "!?., — «» ".repeat(100_000).as_bytes());
    let article = "Baghdad and Tehran met in Basra. ".repeat(2000);
    let gz = gzip(article.as_bytes());
    w("cut.txt.gz", &gz[..gz.len() / 2]);
    w("cut-at-once.txt.gz", &gz[..5]);
    std::os::unix::fs::symlink("nowhere.txt", d.join("broken.txt")).unwrap();
    std::os::unix::fs::symlink("loop.txt", d.join("loop.txt")).unwrap();
    std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(d.join("fifo.txt"))
        .status()
        .unwrap();
    assert!(fifo.success());

    let out = dir.join("out");
    let res = extract(&d, &out, &[]);
    reconciles(&res, &out);
    let docs = documents(&out);
    assert_eq!(docs.len(), 13, "{docs:#?}");
    let err = stderr(&res);
    assert!(
        err.contains("sub/up: directory already visited (symbolic link loop)"),
        "{err}"
    );
    assert!(err.contains("fifo.txt: not a regular file"), "{err}");

    // A byte-order mark stays: offsets are into the file's bytes.
    assert_eq!(doc(&docs, "bom.txt").status, "ok");
    let m = mentions_of(&out, "bom.txt");
    assert_eq!(m[0], ("Baghdad".into(), 3, 10, 1, 8));
    assert_eq!(mentions_of(&out, "crlf.txt").len(), 2);
    assert_eq!(doc(&docs, "crlf.txt").status, "ok");

    // Invalid UTF-8: replaced, flagged, the rest matched.
    let inv = doc(&docs, "invalid.txt");
    assert_eq!(inv.status, "flagged");
    assert_eq!(
        inv.reason,
        "invalid UTF-8: 2 sequences (the first at byte 4) replaced by U+FFFD; offsets after byte 4 are into the decoded text"
    );
    let m = mentions_of(&out, "invalid.txt");
    assert_eq!(m, vec![("Tehran".into(), 20, 26, 16, 22)]);
    let u16 = doc(&docs, "utf16.txt");
    assert_eq!(u16.status, "flagged");
    assert!(u16
        .reason
        .ends_with("(the file looks like UTF-16: convert it to UTF-8)"));

    // Control characters separate words.
    assert_eq!(doc(&docs, "controls.txt").status, "ok");
    assert_eq!(mentions_of(&out, "controls.txt").len(), 3);
    let e = doc(&docs, "empty.txt");
    assert_eq!(
        (e.status.as_str(), e.reason.as_str(), e.bytes),
        ("flagged", "empty file", 0)
    );

    // Hard text.
    assert_eq!(doc(&docs, "rtl.txt").status, "ok");
    let rtl: Vec<String> = mentions_of(&out, "rtl.txt")
        .into_iter()
        .map(|m| m.0)
        .collect();
    assert_eq!(rtl, vec!["إيران", "العراق"]);
    let m = mentions_of(&out, "marks.txt");
    assert_eq!(m.len(), 2);
    assert_eq!(m[1].0, "Iraq");
    assert_eq!(m[1].1, marks.len() - 4);
    assert_eq!(m[1].3, 6 + 100_000 + 1);
    let nw = doc(&docs, "nowords.txt");
    assert_eq!((nw.status.as_str(), nw.mentions), ("ok", 0));

    // A truncated gzip: the text before the cut is matched, and flagged.
    let cut = doc(&docs, "in/cut.txt.gz");
    assert_eq!(cut.status, "flagged");
    assert!(
        cut.reason.starts_with("read error after "),
        "{}",
        cut.reason
    );
    assert!(cut.reason.ends_with(": only the text before it is matched"));
    assert!(cut.mentions > 100 && cut.bytes > 1000 && cut.bytes < article.len());
    let cut0 = doc(&docs, "cut-at-once.txt.gz");
    assert_eq!(cut0.status, "rejected");
    assert!(
        cut0.reason.starts_with("cannot read file: "),
        "{}",
        cut0.reason
    );

    // Files that cannot be read.
    for f in ["broken.txt", "loop.txt"] {
        let b = doc(&docs, f);
        assert_eq!(b.status, "rejected");
        assert!(b.reason.starts_with("cannot read file: "), "{}", b.reason);
    }
    let rejects = rows(&out.join("rejects.csv"));
    let broken = rejects
        .iter()
        .find(|r| r[0].ends_with("broken.txt"))
        .unwrap();
    assert_eq!(&broken[1..4], &["", "", "broken.txt"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn jsonl_lines_each_have_their_outcome() {
    let dir = common::tempdir("bad-jsonl");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let lines: Vec<Vec<u8>> = vec![
        b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"Baghdad\"}\r\n".to_vec(), // 1 ok
        b"  \r\n".to_vec(),                                              // 2 blank
        b"not json\n".to_vec(),                                          // 3
        b"[1,2]\n".to_vec(),                                             // 4
        b"\"just a string\"\n".to_vec(),                                 // 5
        b"{\"id\":\"b\"}\n".to_vec(),                                    // 6
        b"{\"id\":\"c\",\"text\":42}\n".to_vec(),                        // 7
        b"{\"id\":\"d\",\"text\":null}\n".to_vec(),                      // 8
        b"{\"id\":\"a\",\"text\":\"Tehran\"}\n".to_vec(),                // 9 duplicate id
        b"{\"id\":\"e\",\"text\":\"Bagh\xFFdad and Tehran\"}\n".to_vec(), // 10
        b"{\"id\":\"f\",\"text\":\"Iran\tIraq\x00Basra\"}\n".to_vec(),   // 11 raw controls
        b"{\"id\":\"g\",\"text\":\"\\u0000Iran\\u0007\"}\n".to_vec(),    // 12 escaped: fine
        format!("{{\"id\":\"h\",\"x\":{deep},\"text\":{deep}}}\n").into_bytes(), // 13
        b"{\"id\":\"i\",\"text\":\"Iran\",\"text\":\"Iraq\"}\n".to_vec(), // 14
        b"{\"id\":\"j\",\"text\":\"Iran \\udc00 Iraq\"}\n".to_vec(),     // 15
        b"{\"id\":7,\"title\":3,\"text\":\"Iran\"}\n".to_vec(),          // 16
        b"{\"id\":[1],\"text\":\"Iran\"}\n".to_vec(),                    // 17
        b"{\"text\":\"Iraq\"}\n".to_vec(),                               // 18 id: line
        b"\n".to_vec(),                                                  // 19 blank
        b"{\"id\":\"k\",\"text\":\"Ira".to_vec(),                        // 20 cut
    ];
    let input = dir.join("x.jsonl");
    std::fs::write(&input, lines.concat()).unwrap();
    let offset = |line: usize| lines[..line - 1].iter().map(Vec::len).sum::<usize>();
    let out = dir.join("out");
    let res = extract(
        &input,
        &out,
        &["--text-field", "title", "--text-field", "text"],
    );
    reconciles(&res, &out);
    let docs = documents(&out);
    assert_eq!(docs.len(), 18, "{docs:#?}");
    let at = |line: usize| doc(&docs, &format!("x.jsonl:{line}"));
    let is = |line: usize, status: &str, reason: &str| {
        let d = at(line);
        assert_eq!(
            (d.status.as_str(), d.reason.as_str()),
            (status, reason),
            "line {line}"
        );
    };
    is(1, "ok", "");
    assert_eq!(mentions_of(&out, "a")[0], ("Baghdad".into(), 0, 7, 0, 7));
    is(3, "rejected", "not JSON: expected ident at column 2");
    is(4, "rejected", "not a JSON object but an array");
    is(5, "rejected", "not a JSON object but a string");
    is(6, "rejected", "no text field (title, text)");
    is(
        7,
        "rejected",
        "field 'text' is a number, not a string: not matched; no field 'title'",
    );
    is(8, "rejected", "no field 'title'; field 'text' is null");
    is(
        9,
        "flagged",
        "duplicate doc_id: already the id of documents.csv row 1",
    );
    is(
        10,
        "flagged",
        "invalid UTF-8: 1 sequence (the first at byte 22) replaced by U+FFFD (byte offsets counted from the line start)",
    );
    assert_eq!(mentions_of(&out, "e")[0].0, "Tehran");
    is(
        11,
        "flagged",
        "raw control characters in a string (not valid JSON) read as they are",
    );
    assert_eq!(mentions_of(&out, "f").len(), 3);
    is(12, "ok", "");
    assert_eq!(mentions_of(&out, "g")[0], ("Iran".into(), 1, 5, 1, 5));
    let d = at(13);
    assert_eq!(d.status, "rejected");
    assert_eq!(
        d.reason,
        format!(
            "JSON nested too deeply (over 128 levels) in the id or a text field, at column {}",
            // `{"id":"h","x":`, `,"text":`; the object is one level
            14 + 20_000 + 8 + 127
        )
    );
    is(
        14,
        "flagged",
        "field 'text' appears more than once in the object: the last value is used",
    );
    assert_eq!(mentions_of(&out, "i")[0].0, "Iraq");
    is(
        15,
        "flagged",
        "escaped UTF-16 surrogates without their pair replaced by U+FFFD",
    );
    assert_eq!(mentions_of(&out, "j").len(), 2);
    is(
        16,
        "flagged",
        "field 'title' is a number, not a string: not matched",
    );
    is(
        17,
        "flagged",
        "id field 'id' is an array: the line number is used as id",
    );
    assert_eq!(at(17).id, "17");
    is(18, "ok", "");
    assert_eq!(at(18).id, "18");
    let d = at(20);
    assert_eq!(d.status, "rejected");
    assert!(
        d.reason.starts_with("not JSON: EOF while parsing a string"),
        "{}",
        d.reason
    );
    assert!(d
        .reason
        .ends_with("(the file ends in the middle of this line: it may have been cut short)"));

    // Rejected lines: file, line and byte offset, to find them again.
    let rejects = rows(&out.join("rejects.csv"));
    let expect: Vec<(String, String, String)> = [3, 4, 5, 6, 7, 8, 13, 20]
        .iter()
        .map(|&l| (l.to_string(), offset(l).to_string(), at(l).id.clone()))
        .collect();
    let got: Vec<(String, String, String)> = rejects
        .iter()
        .map(|r| {
            assert_eq!(r[0], input.display().to_string());
            (r[1].clone(), r[2].clone(), r[3].clone())
        })
        .collect();
    assert_eq!(got, expect);
    // A line that is not JSON has no id.
    assert_eq!(at(3).id, "");
    assert_eq!(at(6).id, "b");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_truncated_gzip_keeps_the_documents_before_the_cut() {
    let dir = common::tempdir("cut-gz");
    let mut jsonl = String::new();
    for i in 0..2000 {
        jsonl.push_str(&format!(
            "{{\"id\":\"d{i}\",\"text\":\"Talks in Baghdad and Tehran, day {i}, with filler words to make the stream long.\"}}\n"
        ));
    }
    let gz = gzip(jsonl.as_bytes());
    let input = dir.join("cut.jsonl.gz");
    std::fs::write(&input, &gz[..gz.len() * 3 / 5]).unwrap();
    let out = dir.join("out");
    let res = extract(&input, &out, &[]);
    reconciles(&res, &out);
    let docs = documents(&out);
    let (last, good) = docs.split_last().unwrap();
    assert!(good.len() > 500, "{}", good.len());
    for (i, d) in good.iter().enumerate() {
        assert_eq!(d.id, format!("d{i}"));
        assert!(d.status == "ok" || (i == good.len() - 1 && d.status == "rejected"));
    }
    assert_eq!(last.status, "rejected");
    assert!(
        last.reason.starts_with(&format!(
            "cannot read the rest of the file, from line {} (byte ",
            docs.len()
        )),
        "{}",
        last.reason
    );
    assert!(last.reason.ends_with("; the documents before it are kept"));
    let rejects = rows(&out.join("rejects.csv"));
    let r = rejects.last().unwrap();
    assert_eq!(r[1], docs.len().to_string());
    let line_start: usize = jsonl
        .lines()
        .take(docs.len() - 1)
        .map(|l| l.len() + 1)
        .sum();
    assert_eq!(r[2], line_start.to_string());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn empty_inputs_are_named_not_silent() {
    let dir = common::tempdir("empty");
    std::fs::write(dir.join("none.jsonl"), b"").unwrap();
    let out = dir.join("out");
    let res = extract(&dir.join("none.jsonl"), &out, &[]);
    reconciles(&res, &out);
    assert!(
        stderr(&res).contains("none.jsonl: empty file (0 bytes): no documents"),
        "{}",
        stderr(&res)
    );
    assert!(documents(&out).is_empty());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn usage_and_gazetteer_errors_write_nothing_and_keep_earlier_tables() {
    let dir = common::tempdir("nothing-written");
    let input = dir.join("x.jsonl");
    std::fs::write(&input, "{\"id\":\"a\",\"text\":\"Baghdad\"}\n").unwrap();
    let out = dir.join("out");
    assert!(extract(&input, &out, &[]).status.success());
    let before = std::fs::read(out.join("mentions.csv")).unwrap();

    let res = extract(&dir.join("missing.jsonl"), &out, &[]);
    assert_eq!(res.status.code(), Some(2));
    assert!(stderr(&res).contains("missing.jsonl: cannot open input"));
    let g = dir.join("g.csv");
    std::fs::write(&g, "id,type,canonical,aliases\nx,place,X,\nx,place,Y,\n").unwrap();
    let res = extract(&input, &out, &["-g", g.to_str().unwrap()]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("g.csv:3: duplicate id 'x' (first defined at"),
        "{}",
        stderr(&res)
    );
    assert_eq!(std::fs::read(out.join("mentions.csv")).unwrap(), before);

    let nowhere = dir.join("never");
    let res = extract(&dir.join("missing.jsonl"), &nowhere, &[]);
    assert_eq!(res.status.code(), Some(2));
    assert!(!nowhere.exists());
    // --out naming a file: a clear error, exit 2.
    let res = extract(&input, &input, &[]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("cannot create output directory"),
        "{}",
        stderr(&res)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn flagged_documents_alone_exit_0() {
    let dir = common::tempdir("flag-0");
    let input = dir.join("x.jsonl");
    std::fs::write(
        &input,
        b"{\"id\":\"a\",\"text\":\"Bagh\xFFdad\"}\n{\"id\":\"a\",\"text\":\"Iran\"}\n",
    )
    .unwrap();
    let out = dir.join("out");
    let res = extract(&input, &out, &[]);
    reconciles(&res, &out);
    assert_eq!(res.status.code(), Some(0));
    assert_eq!(
        documents(&out)
            .iter()
            .filter(|d| d.status == "flagged")
            .count(),
        2
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_million_adjacent_mentions() {
    let dir = common::tempdir("adjacent");
    let g = dir.join("g.csv");
    std::fs::write(
        &g,
        "id,type,canonical,aliases\nmichael-rubin,person,Michael Rubin,\niran,place,Iran,\n",
    )
    .unwrap();
    // Half of them surnames linked to the full name: partial names once
    // compared every occurrence with every mention (quadratic). Under 4 MiB,
    // so that the text is matched whole, the full name reaching every
    // surname.
    let text = format!("Michael Rubin said. {}", "Rubin, Iran, ".repeat(300_000));
    assert!(text.len() < gazet::extract::PARTS_ABOVE);
    // A million in 6 MB, matched in parts.
    let places = "Iran, ".repeat(1_000_000);
    let input = dir.join("x.jsonl");
    std::fs::write(
        &input,
        format!(
            "{}\n{}\n",
            serde_json::json!({"id": "a", "text": text}),
            serde_json::json!({"id": "b", "text": places})
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let res = extract(&input, &out, &["-g", g.to_str().unwrap()]);
    reconciles(&res, &out);
    let docs = documents(&out);
    assert_eq!(docs[0].mentions, 600_001);
    assert_eq!(docs[1].mentions, 1_000_000);
    let m = rows(&out.join("mentions.csv"));
    let last_of_a = &m[600_000];
    assert_eq!(
        (&*last_of_a[5], &*last_of_a[6]),
        ("Iran", (text.len() - 6).to_string().as_str())
    );
    let last = m.last().unwrap();
    assert_eq!(
        (&*last[0], &*last[5], &*last[6]),
        ("b", "Iran", (places.len() - 6).to_string().as_str())
    );
    let kind = gazet::sink::csv::MENTION_COLUMNS
        .iter()
        .position(|c| *c == "match")
        .unwrap();
    assert_eq!(m[1][kind], "partial");
    std::fs::remove_dir_all(dir).unwrap();
}

/// A single document of 200 MB and a JSONL line of 50 MB: memory grows with
/// the document (about six times its size), time in proportion to it.
#[test]
fn a_200_mb_document_and_a_50_mb_line() {
    let dir = common::tempdir("huge");
    let d = dir.join("in");
    std::fs::create_dir_all(&d).unwrap();
    // 10 kB of plain words, then a name: 20,000 mentions in 200 MB.
    let filler =
        "the talks went on and on for hours in the long hall of the ministry; ".repeat(150);
    let chunk = format!("{} Baghdad.\n", &filler[..10_000 - 10]);
    assert_eq!(chunk.len(), 10_000);
    let big = chunk.repeat(20_000);
    std::fs::write(d.join("big.txt"), &big).unwrap();
    let line = chunk.repeat(5_000);
    std::fs::write(
        d.join("line.jsonl"),
        format!("{}\n", serde_json::json!({"id": "long", "text": line})),
    )
    .unwrap();
    drop(big);
    let out = dir.join("out");
    let res = extract(&d, &out, &[]);
    reconciles(&res, &out);
    let docs = documents(&out);
    assert_eq!(doc(&docs, "big.txt").bytes, 200_000_000);
    assert_eq!(doc(&docs, "big.txt").mentions, 20_000);
    assert_eq!(doc(&docs, "line.jsonl:1").bytes, 50_000_000);
    assert_eq!(doc(&docs, "line.jsonl:1").mentions, 5_000);
    let m = mentions_of(&out, "big.txt");
    let last = m.last().unwrap();
    assert_eq!(
        last,
        &(
            "Baghdad".to_string(),
            199_999_991,
            199_999_998,
            199_999_991,
            199_999_998
        )
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn help_documents_the_exit_status() {
    for args in [&["--help"][..], &["extract", "--help"]] {
        let help = String::from_utf8(gazet(args).stdout).unwrap();
        for code in ["  0 ", "  1 ", "  2 ", "  3 ", "  130 "] {
            assert!(help.contains(code), "{code:?} in {help}");
        }
        assert!(help.contains("--resume"), "{help}");
    }
}
