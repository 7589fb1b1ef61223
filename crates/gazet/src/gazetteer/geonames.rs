//! `gazet gazetteer import geonames`: a gazetteer of places from a GeoNames dump.
//!
//! Reads the tab-separated `geoname` table format (`cities15000.txt`,
//! `allCountries.txt`, per-country dumps; gzip or not) and writes one place
//! per row in gazet's gazetteer format, with the GeoNames id, coordinates,
//! population and feature code as extra columns.
//!
//! GeoNames' alternate names are many and noisy, so they are filtered the
//! same way every time: names with digits, links, airport and other codes
//! (all capitals, four letters or fewer), machine transliterations, names of
//! three letters or fewer, given names, and by default names outside the Latin and
//! Arabic scripts are dropped; spellings that normalize alike are kept once,
//! for the most populous place that has them; an alternate name that is a
//! common English word (`Central`) is dropped, and a canonical name that is one
//! (`Nice`) gets the `=` mark so that it matches only where capitalized.
//! Places already in another gazetteer (`--exclude`: same country, a shared
//! name) are left out, so that a curated file and an imported one can be used
//! together without duplicates.

use super::{words, EntityType, Gazetteer};
use crate::error::{Error, Problem};
use crate::normalize;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};

/// One row of a GeoNames dump.
///
/// ```
/// use gazet::gazetteer::geonames::{parse_line, Place};
/// let p: Place = parse_line("98182\tBaghdad\tBaghdad\tBagdad,Bagdá,بغداد\t33.34058\t44.40088\tP\tPPLC\tIQ\t\t07\t\t\t\t5672513\t\t44\tAsia/Baghdad\t2012-02-19")?;
/// assert_eq!((p.geonameid, p.population), (98182, 5672513));
/// assert_eq!((p.feature_class.as_str(), p.feature_code.as_str(), p.admin1.as_str()), ("P", "PPLC", "07"));
/// assert_eq!(p.alternates, ["Bagdad", "Bagdá", "بغداد"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// GeoNames id.
    pub geonameid: u64,
    /// Name (UTF-8, often with diacritics).
    pub name: String,
    /// Name in plain ASCII.
    pub asciiname: String,
    /// Alternate names, all scripts.
    pub alternates: Vec<String>,
    /// Latitude, as written.
    pub latitude: String,
    /// Longitude, as written.
    pub longitude: String,
    /// Feature class (`P` for populated places).
    pub feature_class: String,
    /// Feature code (`PPLC` for a capital).
    pub feature_code: String,
    /// ISO country code.
    pub country: String,
    /// First-level administrative division code.
    pub admin1: String,
    /// Population.
    pub population: u64,
}

/// Parses one line of the `geoname` table.
///
/// ```
/// use gazet::gazetteer::geonames::parse_line;
/// let line = "2990440\tNice\tNice\tNica,Niza,NCE,Nizza\t43.70313\t7.26608\tP\tPPLA2\tFR\t\tB8\t06\t061\t06088\t338620\t\t25\tEurope/Paris\t2011-11-02";
/// assert_eq!(parse_line(line)?.latitude, "43.70313"); // as written
/// let short = parse_line("2990440\tNice").unwrap_err();
/// assert_eq!(short, "expected the 19 tab-separated columns of the GeoNames 'geoname' table (at least the first 15), found 2");
/// let bad_id = parse_line(&line.replacen("2990440", "n/a", 1)).unwrap_err();
/// assert_eq!(bad_id, "geonameid 'n/a' is not a number");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_line(line: &str) -> Result<Place, String> {
    let cols: Vec<&str> = line.trim_end_matches(['\r', '\n']).split('\t').collect();
    if cols.len() < 15 {
        return Err(format!(
            "expected the 19 tab-separated columns of the GeoNames 'geoname' table (at least the first 15), found {}",
            cols.len()
        ));
    }
    let geonameid = cols[0]
        .trim()
        .parse()
        .map_err(|_| format!("geonameid '{}' is not a number", cols[0]))?;
    let population = match cols[14].trim() {
        "" => 0,
        p => p
            .parse()
            .map_err(|_| format!("population '{p}' is not a number"))?,
    };
    Ok(Place {
        geonameid,
        name: cols[1].trim().to_string(),
        asciiname: cols[2].trim().to_string(),
        alternates: cols[3]
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        latitude: cols[4].trim().to_string(),
        longitude: cols[5].trim().to_string(),
        feature_class: cols[6].trim().to_string(),
        feature_code: cols[7].trim().to_string(),
        country: cols[8].trim().to_string(),
        admin1: cols[10].trim().to_string(),
        population,
    })
}

/// Which places to import.
///
/// ```
/// use gazet::gazetteer::geonames::{import, ImportOptions};
/// let rows = "2990440\tNice\tNice\tNica,Niza,NCE,Nizza\t43.70313\t7.26608\tP\tPPLA2\tFR\t\tB8\t06\t061\t06088\t338620\t\t25\tEurope/Paris\t2011-11-02\n98182\tBaghdad\tBaghdad\tBagdad,Bagdá,بغداد\t33.34058\t44.40088\tP\tPPLC\tIQ\t\t07\t\t\t\t5672513\t\t44\tAsia/Baghdad\t2012-02-19\n";
/// let ids = |options: &ImportOptions| -> Result<Vec<String>, gazet::Error> {
///     Ok(import(rows.as_bytes(), "cities.txt", options, None)?.places.into_iter().map(|p| p.id).collect())
/// };
/// assert_eq!(ids(&ImportOptions { countries: vec!["FR".into()], ..Default::default() })?, ["nice"]);
/// let capitals = ImportOptions { min_population: 10_000_000, capitals: true, ..Default::default() };
/// assert_eq!(ids(&capitals)?, ["baghdad"]); // a capital, though under min_population
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Only these ISO country codes (empty: all).
    pub countries: Vec<String>,
    /// Only places of at least this population.
    pub min_population: u64,
    /// Only these feature codes (empty: all), e.g. `PPLC` for capitals.
    pub feature_codes: Vec<String>,
    /// Also every capital (`PPLC`) of at least `capital_min_population`,
    /// whatever `min_population` says.
    pub capitals: bool,
    /// See `capitals`.
    pub capital_min_population: u64,
    /// Keep alternate names in every script, not only Latin and Arabic.
    pub all_scripts: bool,
}

/// A place ready to be written as a gazetteer row.
///
/// ```
/// use gazet::gazetteer::geonames::{import, ImportOptions, ImportedPlace};
/// let r = import("2990440\tNice\tNice\tNica,Niza,NCE,Nizza\t43.70313\t7.26608\tP\tPPLA2\tFR\t\tB8\t06\t061\t06088\t338620\t\t25\tEurope/Paris\t2011-11-02".as_bytes(), "cities.txt", &ImportOptions::default(), None)?;
/// let nice: &ImportedPlace = &r.places[0];
/// assert_eq!((nice.id.as_str(), nice.canonical.as_str()), ("nice", "Nice"));
/// // `=Nice`: a common English word, matched only where capitalized; `NCE`, a code, is dropped.
/// assert_eq!(nice.aliases, ["=Nice", "Nica", "Niza", "Nizza"]);
/// assert_eq!((nice.place.country.as_str(), nice.reviewed.len()), ("FR", 0));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedPlace {
    /// Gazetteer id.
    pub id: String,
    /// Canonical name.
    pub canonical: String,
    /// Aliases, `=`-marked where needed.
    pub aliases: Vec<String>,
    /// Names a person reviewed and kept (from a review file).
    pub reviewed: Vec<String>,
    /// The GeoNames row.
    pub place: Place,
}

/// What an import produced.
///
/// ```
/// use gazet::gazetteer::geonames::{import, ImportOptions, ImportResult};
/// let curated = "id,type,canonical,aliases,wikidata,country\nbaghdad,place,Baghdad,,,IQ\n";
/// let curated = gazet::Gazetteer::from_sources([("places.csv".to_string(), curated.to_string())])?;
/// let rows = "2990440\tNice\tNice\tNica,Niza,NCE,Nizza\t43.70313\t7.26608\tP\tPPLA2\tFR\t\tB8\t06\t061\t06088\t338620\t\t25\tEurope/Paris\t2011-11-02\n98182\tBaghdad\tBaghdad\tBagdad,Bagdá,بغداد\t33.34058\t44.40088\tP\tPPLC\tIQ\t\t07\t\t\t\t5672513\t\t44\tAsia/Baghdad\t2012-02-19\n";
/// let r: ImportResult = import(rows.as_bytes(), "cities.txt", &ImportOptions::default(), Some(&curated))?;
/// assert_eq!(r.places.len(), 1); // Nice
/// assert_eq!(r.already_known, [("Baghdad".to_string(), "baghdad".to_string())]);
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct ImportResult {
    /// The places, in output order.
    pub places: Vec<ImportedPlace>,
    /// Rows that passed the filters but were already in an excluded gazetteer.
    pub already_known: Vec<(String, String)>,
}

/// Columns written.
///
/// ```
/// use gazet::gazetteer::geonames::{write_csv, COLUMNS};
/// let mut out = Vec::new();
/// write_csv(&mut out, &[])?;
/// assert_eq!(String::from_utf8(out)?, COLUMNS.join(",") + "\n");
/// assert_eq!(&COLUMNS[..4], gazet::gazetteer::REQUIRED_COLUMNS);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const COLUMNS: &[&str] = &[
    "id",
    "type",
    "canonical",
    "aliases",
    "wikidata",
    "country",
    "geonameid",
    "population",
    "latitude",
    "longitude",
    "feature_code",
    "admin1",
    "reviewed",
];

/// A lowercase ASCII slug: `Deir ez-Zor` → `deir-ez-zor`.
///
/// ```
/// use gazet::gazetteer::geonames::slug;
/// assert_eq!(slug("Deir ez-Zor"), "deir-ez-zor");
/// assert_eq!(slug("Zākhū"), "zakhu");
/// assert_eq!(slug("Kata'ib Hezbollah"), "kataib-hezbollah");
/// ```
pub fn slug(name: &str) -> String {
    let key = normalize::key(name);
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn keep_alias(name: &str, all_scripts: bool) -> bool {
    if name
        .chars()
        .any(|c| c.is_ascii_digit() || c == '/' || c == '(' || c == '|' || c == '"')
        || name.contains("http")
    {
        return false;
    }
    // Codes: IATA, ICAO, abbreviations.
    if name.len() <= 4 && name.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    // Machine transliterations from Arabic script (`abw ghryb`) are written
    // in lowercase; place names are not. Combined entries (`X - Y`) list two names.
    if name.is_ascii() && !name.chars().any(|c| c.is_ascii_uppercase()) || name.contains(" - ") {
        return false;
    }
    all_scripts || matches!(crate::chars::script(name), "latin" | "arabic")
}

/// Reads a GeoNames dump and selects, names and filters its places.
///
/// ```
/// use gazet::gazetteer::geonames::{import, ImportOptions};
/// let rows = "89570\tZākhū\tZakhu\tZakho,Zakhu,Zaxo,Zākhū,zakhw,Заху,زاخو,زاخۆ,ZKH\t37.14805\t42.70355\tP\tPPL\tIQ\t\t08\t\t\t\t95052\t\t440\tAsia/Baghdad\t2012-06-05\n98182\tBaghdad\tBaghdad\tBagdad,Bagdá,بغداد\t33.34058\t44.40088\tP\tPPLC\tIQ\t\t07\t\t\t\t5672513\t\t44\tAsia/Baghdad\t2012-02-19\n";
/// let r = import(rows.as_bytes(), "cities.txt", &ImportOptions::default(), None)?;
/// let ids: Vec<&str> = r.places.iter().map(|p| p.id.as_str()).collect();
/// assert_eq!(ids, ["baghdad", "zakhu"]); // by country, the most populous first
/// assert_eq!(r.places[1].aliases, ["Zakho", "Zaxo", "زاخو", "زاخۆ"]);
/// let err = import("1\tx\n".as_bytes(), "bad.txt", &ImportOptions::default(), None).unwrap_err();
/// assert!(err.to_string().starts_with("bad.txt:1: 1 malformed line(s), first: expected the 19"));
/// # Ok::<(), gazet::Error>(())
/// ```
pub fn import<R: BufRead>(
    reader: R,
    file: &str,
    options: &ImportOptions,
    exclude: Option<&Gazetteer>,
) -> Result<ImportResult, Error> {
    let countries: HashSet<&str> = options.countries.iter().map(|c| c.as_str()).collect();
    let codes: HashSet<&str> = options.feature_codes.iter().map(|c| c.as_str()).collect();
    // Names of the excluded places, by country ("" for no country).
    let mut known: HashMap<(String, String), String> = HashMap::new();
    let mut taken_ids: HashSet<String> = HashSet::new();
    // Every name of the excluded gazetteers: never an alternate name here.
    let mut excluded_keys: HashSet<String> = HashSet::new();
    if let Some(g) = exclude {
        for e in g.entities() {
            taken_ids.insert(e.id.clone());
            excluded_keys.extend(e.names.iter().map(|n| normalize::key(&n.text)));
            // A person's surname (`Pahlavi`) is not a good alternate name for
            // a town either: the text will mean the person.
            if e.kind == EntityType::Person {
                for n in &e.names {
                    if let Some(s) = words::surname_key(&normalize::key(&n.text)) {
                        excluded_keys.insert(s.to_string());
                    }
                }
            }
            if e.kind != EntityType::Place {
                continue;
            }
            for n in &e.names {
                known.insert(
                    (
                        e.country.clone().unwrap_or_default(),
                        normalize::key(&n.text),
                    ),
                    e.id.clone(),
                );
            }
        }
    }
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let line =
            line.map_err(|e| Error::io(file, format!("read error at line {}: {e}", i + 1)))?;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_line(&line) {
            Ok(p) => rows.push(p),
            Err(msg) => problems.push(Problem::at(file, i as u64 + 1, msg)),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Table(Problem::at(
            file,
            problems[0].line,
            format!(
                "{} malformed line(s), first: {}",
                problems.len(),
                problems[0].message
            ),
        )));
    }
    rows.retain(|p| {
        (countries.is_empty() || countries.contains(p.country.as_str()))
            && (p.population >= options.min_population
                || (options.capitals
                    && p.feature_code == "PPLC"
                    && p.population >= options.capital_min_population))
            && (codes.is_empty() || codes.contains(p.feature_code.as_str()))
    });
    // Ids go to the most populous place first.
    rows.sort_by(|a, b| {
        b.population
            .cmp(&a.population)
            .then(a.geonameid.cmp(&b.geonameid))
    });
    let mut out = ImportResult::default();
    // Places not known yet, with their canonical names.
    let mut fresh = Vec::new();
    for p in rows {
        let canonical = if p.asciiname.is_empty() {
            p.name.clone()
        } else {
            p.asciiname.clone()
        };
        let names: Vec<&String> = std::iter::once(&canonical)
            .chain([&p.name])
            .chain(&p.alternates)
            .collect();
        if let Some(id) = names.iter().find_map(|n| {
            let key = normalize::key(n);
            known
                .get(&(p.country.clone(), key.clone()))
                .or_else(|| known.get(&(String::new(), key)))
        }) {
            out.already_known.push((canonical.clone(), id.clone()));
            continue;
        }
        fresh.push((canonical, p));
    }
    // A place's own name is never another place's alternate name; an alternate
    // name shared by several places goes to the most populous.
    let canonical_keys: HashSet<String> = fresh.iter().map(|(c, _)| normalize::key(c)).collect();
    let mut claimed: HashSet<String> = HashSet::new();
    for (canonical, p) in fresh {
        let mut seen: HashSet<String> = HashSet::new();
        let canonical_key = normalize::key(&canonical);
        seen.insert(canonical_key.clone());
        let mut aliases = Vec::new();
        if !canonical_key.contains(' ') && words::is_english_word(&canonical_key) {
            aliases.push(format!("={canonical}"));
        }
        for n in std::iter::once(&p.name).chain(&p.alternates) {
            if !keep_alias(n, options.all_scripts) {
                continue;
            }
            let key = normalize::key(n);
            if key.chars().filter(|c| c.is_alphanumeric()).count() <= 3 || !seen.insert(key.clone())
            {
                continue;
            }
            // Another place's name, or a given name (the text may mean a
            // person): not worth the ambiguity as an alternate name.
            if canonical_keys.contains(&key)
                || excluded_keys.contains(&key)
                || !claimed.insert(key.clone())
                || (!key.contains(' ') && words::is_given_name(&key))
            {
                continue;
            }
            // A common word (`Central`) as an alternate name is more often the
            // word, capitals or not.
            if !key.contains(' ') && words::is_english_word(&key) {
                continue;
            }
            aliases.push(n.clone());
        }
        let base = slug(&canonical);
        let base = if base.is_empty() {
            format!("geonames-{}", p.geonameid)
        } else {
            base
        };
        let mut id = base.clone();
        if taken_ids.contains(&id) {
            id = format!("{base}-{}", p.country.to_ascii_lowercase());
        }
        if taken_ids.contains(&id) {
            id = format!("{base}-{}", p.geonameid);
        }
        taken_ids.insert(id.clone());
        out.places.push(ImportedPlace {
            id,
            canonical,
            aliases,
            reviewed: Vec::new(),
            place: p,
        });
    }
    out.places.sort_by(|a, b| {
        (
            a.place.country.as_str(),
            std::cmp::Reverse(a.place.population),
            a.place.geonameid,
        )
            .cmp(&(
                b.place.country.as_str(),
                std::cmp::Reverse(b.place.population),
                b.place.geonameid,
            ))
    });
    Ok(out)
}

/// A person's verdict on a name at risk in an imported place, kept in a
/// review file (`id,name,verdict,note`) so that it survives re-imports.
///
/// ```
/// use gazet::gazetteer::geonames::{apply_reviews, import, ImportOptions, Review};
/// let mut places = import("89570\tZākhū\tZakhu\tZakho,Zakhu,Zaxo,Zākhū,zakhw,Заху,زاخو,زاخۆ,ZKH\t37.14805\t42.70355\tP\tPPL\tIQ\t\t08\t\t\t\t95052\t\t440\tAsia/Baghdad\t2012-06-05".as_bytes(), "cities.txt", &ImportOptions::default(), None)?.places;
/// let keep_zakho = Review { id: "zakhu".into(), name: "Zakho".into(), keep: true, note: String::new() };
/// let drop_zaxo = Review { id: "zakhu".into(), name: "Zaxo".into(), keep: false, note: "rare".into() };
/// apply_reviews(&mut places, &[keep_zakho, drop_zaxo]);
/// assert_eq!(places[0].aliases, ["Zakho", "زاخو", "زاخۆ"]);
/// assert_eq!(places[0].reviewed, ["Zakho"]);
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    /// The place id.
    pub id: String,
    /// The name, as imported.
    pub name: String,
    /// Keep it (listed as reviewed), or drop it (the whole place when it is
    /// the canonical name).
    pub keep: bool,
    /// Why.
    pub note: String,
}

/// Reads a review file: CSV with the header `id,name,verdict,note`, verdict
/// `keep` or `drop`.
///
/// ```
/// use gazet::gazetteer::geonames::read_reviews;
/// let dir = std::env::temp_dir().join(format!("gazet-doc-geonames-read-reviews-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("review.csv");
/// std::fs::write(&path, "id,name,verdict,note\nzakhu,Zaxo,drop,rare\n")?;
/// let reviews = read_reviews(&path)?;
/// assert_eq!((reviews[0].name.as_str(), reviews[0].keep, reviews[0].note.as_str()), ("Zaxo", false, "rare"));
/// std::fs::write(&path, "id,name,verdict,note\nzakhu,Zaxo,maybe,\n")?;
/// let err = read_reviews(&path).unwrap_err();
/// assert!(err.to_string().ends_with(":2: verdict 'maybe' must be keep or drop"));
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_reviews(path: &std::path::Path) -> Result<Vec<Review>, Error> {
    let file = path.display().to_string();
    let mut rdr = csv::Reader::from_path(path).map_err(|e| Error::io(&file, e))?;
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::csv(&file, &e))?;
        let line = rec.position().map_or(0, |p| p.line());
        let get = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        let keep = match get(2).as_str() {
            "keep" => true,
            "drop" => false,
            v => {
                return Err(Error::Table(Problem::at(
                    &file,
                    line,
                    format!("verdict '{v}' must be keep or drop"),
                )))
            }
        };
        out.push(Review {
            id: get(0),
            name: get(1),
            keep,
            note: get(3),
        });
    }
    Ok(out)
}

/// Applies reviews to imported places; returns the reviews that matched no
/// imported name (stale after a re-import).
///
/// ```
/// use gazet::gazetteer::geonames::{apply_reviews, import, ImportOptions, Review};
/// let rows = "2990440\tNice\tNice\tNica,Niza,NCE,Nizza\t43.70313\t7.26608\tP\tPPLA2\tFR\t\tB8\t06\t061\t06088\t338620\t\t25\tEurope/Paris\t2011-11-02\n98182\tBaghdad\tBaghdad\tBagdad,Bagdá,بغداد\t33.34058\t44.40088\tP\tPPLC\tIQ\t\t07\t\t\t\t5672513\t\t44\tAsia/Baghdad\t2012-02-19\n";
/// let mut places = import(rows.as_bytes(), "cities.txt", &ImportOptions::default(), None)?.places;
/// let review = |id: &str, name: &str, keep| Review { id: id.into(), name: name.into(), keep, note: String::new() };
/// let stale = apply_reviews(&mut places, &[review("nice", "Nice", false), review("gone", "Gone", true)]);
/// assert_eq!(places.len(), 1); // dropping its canonical name drops the place
/// assert_eq!(places[0].id, "baghdad");
/// assert_eq!(stale, [review("gone", "Gone", true)]);
/// # Ok::<(), gazet::Error>(())
/// ```
pub fn apply_reviews(places: &mut Vec<ImportedPlace>, reviews: &[Review]) -> Vec<Review> {
    let mut unused = Vec::new();
    for r in reviews {
        let Some(i) = places.iter().position(|p| p.id == r.id) else {
            unused.push(r.clone());
            continue;
        };
        let p = &mut places[i];
        let is_canonical = p.canonical == r.name;
        let alias = p
            .aliases
            .iter()
            .position(|a| a.trim_start_matches('=') == r.name);
        match (r.keep, is_canonical, alias) {
            (true, true, _) | (true, _, Some(_)) => p.reviewed.push(r.name.clone()),
            (false, true, _) => {
                places.remove(i);
            }
            (false, false, Some(a)) => {
                p.aliases.remove(a);
            }
            (_, false, None) => unused.push(r.clone()),
        }
    }
    unused
}

/// Writes imported places as a gazetteer CSV.
///
/// ```
/// use gazet::gazetteer::geonames::{import, write_csv, ImportOptions};
/// let r = import("98182\tBaghdad\tBaghdad\tBagdad,Bagdá,بغداد\t33.34058\t44.40088\tP\tPPLC\tIQ\t\t07\t\t\t\t5672513\t\t44\tAsia/Baghdad\t2012-02-19".as_bytes(), "cities.txt", &ImportOptions::default(), None)?;
/// let mut out = Vec::new();
/// write_csv(&mut out, &r.places)?;
/// let g = gazet::Gazetteer::from_sources([("geo.csv".to_string(), String::from_utf8(out)?)])?;
/// let baghdad = g.get("baghdad").ok_or("no baghdad")?;
/// assert_eq!(baghdad.country.as_deref(), Some("IQ"));
/// assert!(baghdad.names.iter().any(|n| n.text == "بغداد"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_csv<W: Write>(w: W, places: &[ImportedPlace]) -> Result<(), csv::Error> {
    let mut wtr = csv::Writer::from_writer(w);
    wtr.write_record(COLUMNS)?;
    for x in places {
        let p = &x.place;
        let pop = p.population.to_string();
        let gid = p.geonameid.to_string();
        let aliases = x.aliases.join("|");
        wtr.write_record([
            x.id.as_str(),
            "place",
            x.canonical.as_str(),
            aliases.as_str(),
            "",
            p.country.as_str(),
            gid.as_str(),
            pop.as_str(),
            p.latitude.as_str(),
            p.longitude.as_str(),
            p.feature_code.as_str(),
            p.admin1.as_str(),
            x.reviewed.join("|").as_str(),
        ])?;
    }
    wtr.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROWS: &str = "89570\tZākhū\tZakhu\tZakho,Zakhu,Zaxo,Zākhū,zakhw,Заху,زاخو,زاخۆ,ZKH\t37.14805\t42.70355\tP\tPPL\tIQ\t\t08\t\t\t\t95052\t\t440\tAsia/Baghdad\t2012-06-05\n\
        2990440\tNice\tNice\tNica,Niza,NCE,Nizza\t43.70313\t7.26608\tP\tPPLA2\tFR\t\tB8\t06\t061\t06088\t338620\t\t25\tEurope/Paris\t2011-11-02\n\
        98182\tBaghdad\tBaghdad\tBagdad,Bagdá,بغداد\t33.34058\t44.40088\tP\tPPLC\tIQ\t\t07\t\t\t\t5672513\t\t44\tAsia/Baghdad\t2012-02-19\n";

    #[test]
    fn imports_filters_and_marks() {
        let r = import(ROWS.as_bytes(), "t.txt", &ImportOptions::default(), None).unwrap();
        let ids: Vec<&str> = r.places.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, vec!["nice", "baghdad", "zakhu"]);
        let zakhu = &r.places[2];
        assert_eq!(zakhu.aliases, vec!["Zakho", "Zaxo", "زاخو", "زاخۆ"]);
        let nice = &r.places[0];
        assert_eq!(nice.aliases[0], "=Nice");
        assert!(!nice.aliases.iter().any(|a| a == "NCE"));
        let mut csv = Vec::new();
        write_csv(&mut csv, &r.places).unwrap();
        // What the importer writes, gazet loads.
        let g = Gazetteer::from_sources([("geo.csv".to_string(), String::from_utf8(csv).unwrap())])
            .unwrap();
        assert_eq!(
            g.get("nice").unwrap().names[0].case,
            crate::gazetteer::NameCase::Cased
        );
        assert_eq!(g.get("zakhu").unwrap().country.as_deref(), Some("IQ"));
    }

    #[test]
    fn filters_and_exclusion() {
        let opts = ImportOptions {
            countries: vec!["IQ".into()],
            min_population: 100_000,
            ..ImportOptions::default()
        };
        let curated = Gazetteer::from_sources([(
            "c.csv".to_string(),
            "id,type,canonical,aliases,wikidata,country\nbaghdad,place,Baghdad,,,IQ\n".to_string(),
        )])
        .unwrap();
        let r = import(ROWS.as_bytes(), "t.txt", &opts, Some(&curated)).unwrap();
        assert!(r.places.is_empty());
        assert_eq!(
            r.already_known,
            vec![("Baghdad".to_string(), "baghdad".to_string())]
        );
    }

    #[test]
    fn capitals_whatever_their_population() {
        let opts = ImportOptions {
            min_population: 1_000_000,
            capitals: true,
            ..ImportOptions::default()
        };
        let r = import(ROWS.as_bytes(), "t.txt", &opts, None).unwrap();
        assert_eq!(r.places.len(), 1);
        let opts = ImportOptions {
            min_population: 10_000_000,
            capitals: true,
            ..ImportOptions::default()
        };
        assert_eq!(
            import(ROWS.as_bytes(), "t.txt", &opts, None)
                .unwrap()
                .places[0]
                .id,
            "baghdad"
        );
    }

    #[test]
    fn reviews_keep_and_drop() {
        let mut r = import(ROWS.as_bytes(), "t.txt", &ImportOptions::default(), None).unwrap();
        let review = |id: &str, name: &str, keep| Review {
            id: id.into(),
            name: name.into(),
            keep,
            note: String::new(),
        };
        let stale = apply_reviews(
            &mut r.places,
            &[
                review("zakhu", "Zaxo", true),
                review("zakhu", "Zakho", false),
                review("nice", "Nice", false),
                review("gone", "X", true),
            ],
        );
        assert_eq!(stale, vec![review("gone", "X", true)]);
        let ids: Vec<&str> = r.places.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, vec!["baghdad", "zakhu"]);
        assert_eq!(r.places[1].aliases, vec!["Zaxo", "زاخو", "زاخۆ"]);
        assert_eq!(r.places[1].reviewed, vec!["Zaxo"]);
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let err = import(
            "1\tx\n".as_bytes(),
            "bad.txt",
            &ImportOptions::default(),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("bad.txt:1:"), "{err}");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Deir ez-Zor"), "deir-ez-zor");
        assert_eq!(slug("Kata'ib Hezbollah"), "kataib-hezbollah");
        assert_eq!(slug("Zākhū"), "zakhu");
    }
}
