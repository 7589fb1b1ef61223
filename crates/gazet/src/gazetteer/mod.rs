//! Gazetteers: the entities gazet looks for, loaded and validated.
//!
//! A gazetteer is a plain CSV file a person can read and edit, one entity per
//! row, with the header `id,type,canonical,aliases,wikidata,country` (other
//! columns are allowed and ignored, so files can carry notes and sources).
//! `aliases` holds every other spelling, separated by `|`. An alias written in
//! capitals (`PMF`, `U.S.`) matches only in capitals; an alias prefixed with
//! `=` (`=Republic`) matches only where the text keeps its capitals
//! (`Republic`, `REPUBLIC`, never `republic`), for names that are also common
//! words.
//!
//! Loading checks everything a typo can break and reports every problem at
//! once, each with its file and line, rather than stopping at the first: a
//! duplicate id, an empty name, a missing column, a malformed QID or country
//! code is an error; a name shared by two entities is a warning naming both.
//! The default gazetteers under `gazetteers/` are compiled into the binary.

pub mod check;
pub mod geonames;
pub(crate) mod words;

use crate::error::{Error, Problem};
use crate::normalize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The default gazetteer files, embedded at build time: (name, contents). The
/// curated files come first: where a name is ambiguous, the first entity in
/// this order is the one reported.
///
/// ```
/// let (name, csv) = gazet::gazetteer::DEFAULT_FILES[0];
/// assert_eq!(name, "gazetteers/militias.csv");
/// assert!(csv.starts_with("id,type,canonical,aliases"));
/// ```
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    (
        "gazetteers/militias.csv",
        include_str!("../../../../gazetteers/militias.csv"),
    ),
    (
        "gazetteers/outlets.csv",
        include_str!("../../../../gazetteers/outlets.csv"),
    ),
    (
        "gazetteers/outlets-cited.csv",
        include_str!("../../../../gazetteers/outlets-cited.csv"),
    ),
    (
        "gazetteers/people.csv",
        include_str!("../../../../gazetteers/people.csv"),
    ),
    (
        "gazetteers/places.csv",
        include_str!("../../../../gazetteers/places.csv"),
    ),
    (
        "gazetteers/places-geonames-region.csv",
        include_str!("../../../../gazetteers/places-geonames-region.csv"),
    ),
    (
        "gazetteers/places-geonames-domain.csv",
        include_str!("../../../../gazetteers/places-geonames-domain.csv"),
    ),
    (
        "gazetteers/places-divisions.csv",
        include_str!("../../../../gazetteers/places-divisions.csv"),
    ),
    (
        "gazetteers/places-geonames-world.csv",
        include_str!("../../../../gazetteers/places-geonames-world.csv"),
    ),
];

/// Columns every gazetteer file must have.
///
/// ```
/// let missing = gazet::Gazetteer::from_sources([("x.csv".to_string(), "id,type\n".to_string())]);
/// assert!(missing.unwrap_err().to_string().contains("aliases"));
/// ```
pub const REQUIRED_COLUMNS: &[&str] = &["id", "type", "canonical", "aliases"];

/// Where an entity was defined.
///
/// ```
/// let g = gazet::Gazetteer::from_sources([(
///     "places.csv".to_string(),
///     "id,type,canonical,aliases\nqom,place,Qom,Ghom\n".to_string(),
/// )])?;
/// assert_eq!(g.entities()[0].origin.to_string(), "places.csv:2");
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file, as given (or the embedded default's name).
    pub file: String,
    /// The 1-based line of the row.
    pub line: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// How a name's case is checked against the text.
///
/// ```
/// use gazet::gazetteer::{Name, NameCase};
/// assert_eq!(Name::parse("Tehran").case, NameCase::Any);
/// assert_eq!(Name::parse("PMF").case, NameCase::Acronym);
/// assert_eq!(Name::parse("=Republic").case, NameCase::Cased);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameCase {
    /// Any case (`Tehran` matches `TEHRAN` and `tehran`).
    Any,
    /// Written in capitals in the gazetteer: matches only as written (`PMF`).
    Acronym,
    /// Marked with `=`: matches only where the text keeps the name's capitals
    /// (`=Republic` matches `Republic` and `REPUBLIC`, never `republic`). For
    /// names that are also common words.
    Cased,
}

/// One name of an entity: its canonical name or an alias.
///
/// ```
/// let g = gazet::Extractor::new()?.gazetteer().clone();
/// let erbil = g.get("erbil").unwrap();
/// assert_eq!(erbil.names[0].text, "Erbil"); // the canonical name first
/// assert!(erbil.names.iter().any(|n| n.text == "Irbil"));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The name as written in the gazetteer, without any `=` mark.
    pub text: String,
    /// How its case is checked.
    pub case: NameCase,
}

impl Name {
    /// Parses one name as written in the `aliases` column.
    ///
    /// ```
    /// let n = gazet::gazetteer::Name::parse(" =Republic ");
    /// assert_eq!(n.text, "Republic");
    /// ```
    pub fn parse(raw: &str) -> Name {
        let raw = raw.trim();
        match raw.strip_prefix('=') {
            Some(rest) => Name {
                text: rest.trim().to_string(),
                case: NameCase::Cased,
            },
            None => {
                let case = if is_acronym(raw) {
                    NameCase::Acronym
                } else {
                    NameCase::Any
                };
                Name {
                    text: raw.to_string(),
                    case,
                }
            }
        }
    }
}

/// Is this name written all in capitals (`PMF`, `U.S.`, `CNN`)? At least one
/// letter, and no lowercase letter.
///
/// ```
/// use gazet::gazetteer::is_acronym;
/// assert!(is_acronym("U.S.") && is_acronym("PMF"));
/// assert!(!is_acronym("Pmf") && !is_acronym("123"));
/// ```
pub fn is_acronym(name: &str) -> bool {
    name.chars().any(|c| c.is_uppercase()) && !name.chars().any(|c| c.is_lowercase())
}

/// What kind of thing an entity is: the `type` column.
///
/// The four kinds gazet's rules know (a person's surname links back to the
/// person; outlets are brands, never varied; places and groups that are also
/// given names are guarded), and any other lowercase type a user's gazetteer
/// gives (`organization`, `event`), matched as listed.
///
/// ```
/// use gazet::gazetteer::EntityType;
/// assert_eq!(EntityType::parse("militia"), EntityType::Militia);
/// assert_eq!(EntityType::parse("event").as_str(), "event");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// `person`.
    Person,
    /// `militia`: armed groups, their fronts and brigades.
    Militia,
    /// `place`.
    Place,
    /// `outlet`: news outlets and agencies.
    Outlet,
    /// Any other type, as written.
    Other(Box<str>),
}

impl EntityType {
    /// The type of a `type` cell.
    pub fn parse(s: &str) -> EntityType {
        match s {
            "person" => EntityType::Person,
            "militia" => EntityType::Militia,
            "place" => EntityType::Place,
            "outlet" => EntityType::Outlet,
            other => EntityType::Other(other.into()),
        }
    }

    /// As written in the `type` column.
    pub fn as_str(&self) -> &str {
        match self {
            EntityType::Person => "person",
            EntityType::Militia => "militia",
            EntityType::Place => "place",
            EntityType::Outlet => "outlet",
            EntityType::Other(s) => s,
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for EntityType {
    fn from(s: &str) -> EntityType {
        EntityType::parse(s)
    }
}

/// How high a place stands, for the places whose gazetteer row says it:
/// in an optional `feature_code` column, by GeoNames' feature code (`PCLI`
/// a country, `ADM1` a division, `PPLA` a locality; see
/// [`PlaceLevel::of_feature_code`]), or by an ISO 3166-2 code in an optional
/// `iso_3166_2` column (a first-level division).
///
/// A name that a country shares with a place of another country
/// (`Georgia`, the country and the US state) is decided with it: the
/// country's name names the country unless the document is about places of
/// the other (see [`crate::resolve`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceLevel {
    /// A country or a territory of its own (`Georgia`, `Puerto Rico`).
    Country,
    /// An administrative division of a country (`Texas`, `Fars`).
    Division,
    /// A city, town or village (`Atlanta`).
    Locality,
}

impl PlaceLevel {
    /// The level of a GeoNames feature code: `PCL...` (independent and
    /// dependent political entities) and `TERR` are countries, `ADM...`
    /// divisions, `PPL...` localities; any other code (an island, a
    /// mountain) says no level.
    ///
    /// ```
    /// use gazet::gazetteer::PlaceLevel;
    /// assert_eq!(PlaceLevel::of_feature_code("PCLI"), Some(PlaceLevel::Country));
    /// assert_eq!(PlaceLevel::of_feature_code("PPLA2"), Some(PlaceLevel::Locality));
    /// assert_eq!(PlaceLevel::of_feature_code("ISL"), None);
    /// ```
    pub fn of_feature_code(code: &str) -> Option<PlaceLevel> {
        let code = code.trim();
        if code.starts_with("PCL") || code == "TERR" {
            Some(PlaceLevel::Country)
        } else if code.starts_with("ADM") {
            Some(PlaceLevel::Division)
        } else if code.starts_with("PPL") {
            Some(PlaceLevel::Locality)
        } else {
            None
        }
    }
}

/// An entity of the gazetteer.
///
/// ```
/// let ex = gazet::Extractor::new()?;
/// let kh = ex.gazetteer().get("kataib-hezbollah").unwrap();
/// assert_eq!(kh.kind, gazet::EntityType::Militia);
/// assert_eq!(kh.country.as_deref(), Some("IQ"));
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Stable lowercase ASCII slug (`kataib-hezbollah`).
    pub id: String,
    /// `person`, `militia`, `place`, `outlet`, or another lowercase type.
    pub kind: EntityType,
    /// The usual English press spelling (`Kata'ib Hezbollah`).
    pub canonical: String,
    /// The names that match: in a loaded gazetteer, the canonical name first,
    /// then every alias. An entity made in code may leave its canonical name
    /// out, to be reported but never matched.
    pub names: Vec<Name>,
    /// Wikidata QID (`Q794`).
    pub wikidata: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// For a place, whether it is a country itself, a first-level division
    /// of one, or a locality, where its gazetteer row says (see
    /// [`PlaceLevel`]).
    pub level: Option<PlaceLevel>,
    /// Names whose risk warnings a person has reviewed and accepted (the
    /// optional `reviewed` column; `*` for every name of the entity).
    pub reviewed: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

impl Entity {
    /// An entity with one name, its canonical name (matched in any case unless
    /// written in capitals), and no optional fields.
    ///
    /// ```
    /// use gazet::{Entity, EntityType};
    /// let e = Entity::new("nujaba", "militia", "Harakat al-Nujaba");
    /// assert_eq!(e.kind, EntityType::Militia);
    /// assert_eq!(e.names.len(), 1);
    /// ```
    pub fn new(id: &str, kind: impl Into<EntityType>, canonical: &str) -> Entity {
        Entity {
            id: id.to_string(),
            kind: kind.into(),
            canonical: canonical.to_string(),
            names: vec![Name::parse(canonical)],
            wikidata: None,
            country: None,
            level: None,
            reviewed: Vec::new(),
            origin: Origin {
                file: "(code)".to_string(),
                line: 0,
            },
        }
    }

    /// Has a person reviewed the risks of this name (as written, without `=`)?
    ///
    /// ```
    /// let mut e = gazet::Entity::new("homs", "place", "Homs");
    /// assert!(!e.is_reviewed("Homs"));
    /// e.reviewed.push("*".into());
    /// assert!(e.is_reviewed("Homs"));
    /// ```
    pub fn is_reviewed(&self, name: &str) -> bool {
        self.reviewed.iter().any(|r| r == "*" || r == name)
    }
}

/// A problem that does not stop loading.
///
/// ```
/// use gazet::{Entity, Gazetteer};
/// let g = Gazetteer::from_entities(vec![
///     Entity::new("tripoli-libya", "place", "Tripoli"),
///     Entity::new("tripoli-lebanon", "place", "Tripoli"),
/// ])?;
/// assert!(!g.warnings().is_empty()); // a name two entities share
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub origin: Origin,
    /// What.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.origin, self.message)
    }
}

/// A validated set of entities.
///
/// ```
/// let g = gazet::Gazetteer::default_embedded()?;
/// assert!(g.len() > 1000);
/// assert!(g.get("esmail-qaani").is_some());
/// # Ok::<(), gazet::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    /// Found the first time they are asked for: the names of a large
    /// gazetteer take a while to compare, and a program that never asks
    /// (a library's caller, a worker) should not wait for them.
    warnings: OnceLock<Vec<Warning>>,
}

impl Gazetteer {
    /// The gazetteers compiled into the binary.
    ///
    /// ```
    /// let g = gazet::Gazetteer::default_embedded()?;
    /// assert_eq!(g.entities()[0].origin.file, "gazetteers/militias.csv");
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn default_embedded() -> Result<Gazetteer, Error> {
        Gazetteer::from_sources(
            DEFAULT_FILES
                .iter()
                .map(|(n, c)| (n.to_string(), c.to_string())),
        )
    }

    /// Loads gazetteer files, or every `.csv` file of a directory (not of its
    /// subdirectories), in sorted order.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("gazet-doc-from-paths-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("a.csv"), "id,type,canonical,aliases\nqom,place,Qom,\n")?;
    /// std::fs::write(dir.join("b.csv"), "id,type,canonical,aliases\nahvaz,place,Ahvaz,Ahwaz\n")?;
    /// let g = gazet::Gazetteer::from_paths(&[&dir])?;
    /// assert_eq!(g.len(), 2);
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Gazetteer, Error> {
        Gazetteer::from_sources(Gazetteer::read_sources(paths)?)
    }

    /// The (name, CSV text) pairs that [`Gazetteer::from_paths`] loads: a
    /// front end that ships a gazetteer to other machines (a pickled
    /// extractor) carries these rather than the paths.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("gazet-doc-read-sources-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("a.csv"), "id,type,canonical,aliases\nqom,place,Qom,\n")?;
    /// let sources = gazet::Gazetteer::read_sources(&[&dir])?;
    /// assert_eq!(sources.len(), 1);
    /// assert!(sources[0].0.ends_with("a.csv") && sources[0].1.contains("Qom"));
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_sources<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<(String, String)>, Error> {
        let mut files = Vec::new();
        for p in paths {
            collect_csv(p.as_ref(), &mut files)?;
        }
        if files.is_empty() {
            return Err(Error::Usage(format!(
                "no gazetteer file (*.csv) found in {}",
                paths
                    .iter()
                    .map(|p| p.as_ref().display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let mut sources = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).map_err(|e| Error::Io {
                path: f.display().to_string(),
                message: format!("cannot read gazetteer: {e}"),
            })?;
            sources.push((f.display().to_string(), text));
        }
        Ok(sources)
    }

    /// Loads gazetteers from (name, CSV text) pairs. Every problem of every
    /// file is reported together.
    ///
    /// ```
    /// let csv = "id,type,canonical,aliases\nkh,militia,Kata'ib Hezbollah,Kataib Hizballah\n";
    /// let g = gazet::Gazetteer::from_sources([("kh.csv".to_string(), csv.to_string())])?;
    /// assert_eq!(g.get("kh").unwrap().names.len(), 2);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn from_sources<I: IntoIterator<Item = (String, String)>>(
        sources: I,
    ) -> Result<Gazetteer, Error> {
        let mut problems = Vec::new();
        let mut entities = Vec::new();
        for (name, text) in sources {
            parse_file(&name, &text, &mut entities, &mut problems);
        }
        let mut seen: HashMap<&str, &Origin> = HashMap::new();
        for e in &entities {
            if let Some(first) = seen.insert(&e.id, &e.origin) {
                problems.push(Problem::at(
                    &e.origin.file,
                    e.origin.line,
                    format!("duplicate id '{}' (first defined at {first})", e.id),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Gazetteer(problems));
        }
        Ok(Gazetteer {
            entities,
            warnings: OnceLock::new(),
        })
    }

    /// Builds a gazetteer from entities made in code (for tests and library
    /// users); the same checks apply.
    ///
    /// ```
    /// use gazet::{Entity, Gazetteer};
    /// assert!(Gazetteer::from_entities(vec![Entity::new("Not a slug", "place", "X")]).is_err());
    /// ```
    pub fn from_entities(entities: Vec<Entity>) -> Result<Gazetteer, Error> {
        let mut problems = Vec::new();
        for e in &entities {
            check_entity(e, &mut problems);
        }
        if !problems.is_empty() {
            return Err(Error::Gazetteer(problems));
        }
        Ok(Gazetteer {
            entities,
            warnings: OnceLock::new(),
        })
    }

    /// The entities, in file then row order.
    ///
    /// ```
    /// use gazet::{Entity, Gazetteer};
    /// let g = Gazetteer::from_entities(vec![Entity::new("qom", "place", "Qom")])?;
    /// assert_eq!(g.entities()[0].canonical, "Qom");
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Non-fatal problems of the entities (names several share), found the
    /// first time they are asked for.
    ///
    /// ```
    /// let g = gazet::Gazetteer::from_entities(vec![gazet::Entity::new("qom", "place", "Qom")])?;
    /// assert!(g.warnings().is_empty());
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn warnings(&self) -> &[Warning] {
        self.warnings
            .get_or_init(|| shared_name_warnings(&self.entities))
    }

    /// The entity with this id.
    ///
    /// ```
    /// let g = gazet::Gazetteer::from_entities(vec![gazet::Entity::new("qom", "place", "Qom")])?;
    /// assert!(g.get("qom").is_some() && g.get("tehran").is_none());
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Number of entities.
    ///
    /// ```
    /// assert_eq!(gazet::Gazetteer::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// True when there is no entity.
    ///
    /// ```
    /// assert!(gazet::Gazetteer::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Every distinct name of every entity (canonical names and aliases, as
    /// written, without the `=` mark), sorted by bytes and deduplicated. For
    /// `gazet gazetteer names`, and for feeding the same name list to other
    /// matchers when comparing them with gazet.
    ///
    /// ```
    /// let csv = "id,type,canonical,aliases\nqom,place,Qom,=Ghom\n";
    /// let g = gazet::Gazetteer::from_sources([("q.csv".to_string(), csv.to_string())])?;
    /// assert_eq!(g.names(), ["Ghom", "Qom"]);
    /// # Ok::<(), gazet::Error>(())
    /// ```
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .entities
            .iter()
            .flat_map(|e| e.names.iter().map(|n| n.text.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

fn collect_csv(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        message: format!("cannot open gazetteer: {e}"),
    })?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Error::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    // Only the directory's own files: subdirectories hold other things (the
    // word lists and review files of `gazetteers/lists`).
    out.extend(
        entries
            .into_iter()
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "csv")),
    );
    Ok(())
}

fn parse_file(file: &str, text: &str, entities: &mut Vec<Entity>, problems: &mut Vec<Problem>) {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(Problem::at(file, 1, format!("cannot read the header: {e}")));
            return;
        }
    };
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .filter(|c| col(c).is_none())
        .collect();
    if !missing.is_empty() {
        problems.push(Problem::at(
            file,
            1,
            format!(
                "missing required column(s) {} (the header must have {}; found: {})",
                missing.join(", "),
                REQUIRED_COLUMNS.join(","),
                headers.iter().collect::<Vec<_>>().join(",")
            ),
        ));
        return;
    }
    let (ci, ct, cc, ca) = (
        col("id").unwrap(),
        col("type").unwrap(),
        col("canonical").unwrap(),
        col("aliases").unwrap(),
    );
    let (cw, cn, cr) = (col("wikidata"), col("country"), col("reviewed"));
    let (cf, cd) = (col("feature_code"), col("iso_3166_2"));
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(Problem::at(file, line, format!("malformed CSV row: {e}")));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        // No cell of a gazetteer holds a line break: one that does comes
        // from a quote left open, which would take the rows after it into
        // one cell.
        if rec.iter().any(|cell| cell.contains(['\n', '\r'])) {
            problems.push(Problem::at(
                file,
                line,
                "a quote opened in this row is not closed: its cell runs over the lines after it \
                 (close the quote, or write a literal quote as \"\" inside a quoted cell)"
                    .to_string(),
            ));
            continue;
        }
        let get = |i: usize| rec.get(i).unwrap_or("").trim();
        let opt = |i: Option<usize>| i.map(get).filter(|s| !s.is_empty()).map(str::to_string);
        let canonical = get(cc).to_string();
        let mut names = vec![Name {
            case: if is_acronym(&canonical) {
                NameCase::Acronym
            } else {
                NameCase::Any
            },
            text: canonical.clone(),
        }];
        let aliases = get(ca);
        if !aliases.is_empty() {
            for raw in aliases.split('|') {
                let name = Name::parse(raw);
                if name.text.is_empty() {
                    problems.push(Problem::at(
                        file,
                        line,
                        format!(
                            "empty alias in '{aliases}' (two '|' in a row, or a '|' at an end?)"
                        ),
                    ));
                    continue;
                }
                // `=Name` repeating the canonical name tightens the canonical.
                if name.text == canonical {
                    names[0].case = name.case;
                    continue;
                }
                names.push(name);
            }
        }
        let e = Entity {
            id: get(ci).to_string(),
            kind: EntityType::parse(get(ct)),
            canonical,
            names,
            wikidata: opt(cw),
            country: opt(cn),
            level: match (opt(cf), opt(cd)) {
                (Some(code), _) => PlaceLevel::of_feature_code(&code),
                (None, Some(_)) => Some(PlaceLevel::Division),
                (None, None) => None,
            },
            reviewed: opt(cr)
                .map(|r| {
                    r.split('|')
                        .map(|x| x.trim().trim_start_matches('=').to_string())
                        .filter(|x| !x.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            origin: Origin {
                file: file.to_string(),
                line,
            },
        };
        let before = problems.len();
        check_entity(&e, problems);
        if problems.len() == before {
            entities.push(e);
        }
    }
}

fn check_entity(e: &Entity, problems: &mut Vec<Problem>) {
    let mut bad = |msg: String| problems.push(Problem::at(&e.origin.file, e.origin.line, msg));
    if e.id.is_empty() {
        bad("empty id".into());
    } else if !is_slug(&e.id) {
        bad(format!("id '{}' is not a lowercase ASCII slug (letters, digits, single hyphens: 'kataib-hezbollah')", e.id));
    }
    if e.kind.as_str().is_empty() {
        bad(format!(
            "entity '{}' has an empty type (person, militia, place, outlet, ...)",
            e.id
        ));
    } else if !e
        .kind
        .as_str()
        .chars()
        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-')
    {
        bad(format!(
            "type '{}' must be lowercase ASCII (person, militia, place, outlet, ...)",
            e.kind
        ));
    }
    if e.canonical.is_empty() {
        bad(format!("entity '{}' has an empty canonical name", e.id));
    }
    for n in &e.names {
        if !n.text.is_empty() && normalize::key(&n.text).is_empty() {
            bad(format!(
                "name '{}' of '{}' is empty once normalized (only punctuation?)",
                n.text, e.id
            ));
        }
    }
    if let Some(q) = &e.wikidata
        && !is_qid(q)
    {
        bad(format!(
            "malformed Wikidata QID '{q}' for '{}' (expected Q followed by digits: Q794)",
            e.id
        ));
    }
    if let Some(c) = &e.country
        && !(c.len() == 2 && c.chars().all(|c| c.is_ascii_uppercase()))
    {
        bad(format!(
            "country '{c}' of '{}' is not an ISO 3166-1 alpha-2 code (IR, IQ, US)",
            e.id
        ));
    }
}

/// `kataib-hezbollah`: lowercase ASCII letters and digits in hyphen-separated parts.
///
/// ```
/// use gazet::gazetteer::is_slug;
/// assert!(is_slug("kataib-hezbollah") && is_slug("route-66"));
/// assert!(!is_slug("Kataib") && !is_slug("a--b") && !is_slug(""));
/// ```
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `Q794`.
///
/// ```
/// use gazet::gazetteer::is_qid;
/// assert!(is_qid("Q794"));
/// assert!(!is_qid("Q0") && !is_qid("794") && !is_qid("Q"));
/// ```
pub fn is_qid(s: &str) -> bool {
    let digits = s.strip_prefix('Q').unwrap_or("");
    !digits.is_empty() && !digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

fn shared_name_warnings(entities: &[Entity]) -> Vec<Warning> {
    let mut by_key: BTreeMap<String, Vec<(usize, &str)>> = BTreeMap::new();
    for (i, e) in entities.iter().enumerate() {
        for n in &e.names {
            let list = by_key.entry(normalize::key(&n.text)).or_default();
            if !list.iter().any(|(j, _)| *j == i) {
                list.push((i, &n.text));
            }
        }
    }
    let mut warnings = Vec::new();
    for list in by_key.values().filter(|l| l.len() > 1) {
        let (first, name) = list[0];
        for &(other, other_name) in &list[1..] {
            let (a, b) = (&entities[first], &entities[other]);
            if a.is_reviewed(name) || b.is_reviewed(other_name) {
                continue;
            }
            warnings.push(Warning {
                origin: b.origin.clone(),
                message: format!(
                    "name '{other_name}' of '{}' is also '{name}' of '{}' ({}): matches will be flagged ambiguous",
                    b.id, a.id, a.origin
                ),
            });
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Gazetteer, Error> {
        Gazetteer::from_sources([("test.csv".to_string(), text.to_string())])
    }

    #[test]
    fn parses_names_and_case_rules() {
        let g = load("id,type,canonical,aliases,wikidata,country\nrepublic,outlet,Republic,=Republic|Republic TV|RTV,,IN\n").unwrap();
        let e = &g.entities()[0];
        assert_eq!(
            e.names[0],
            Name {
                text: "Republic".into(),
                case: NameCase::Cased
            }
        );
        assert_eq!(e.names[1].case, NameCase::Any);
        assert_eq!(e.names[2].case, NameCase::Acronym);
        assert_eq!(e.country.as_deref(), Some("IN"));
        assert_eq!(e.wikidata, None);
    }

    #[test]
    fn a_places_level_comes_from_its_feature_code_or_its_iso_3166_2_code() {
        let g = load(
            "id,type,canonical,aliases,wikidata,country,feature_code,iso_3166_2\n\
             georgia,place,Georgia,,,GE,PCLI,\n\
             fars,place,Fars,,,IR,,IR-07\n\
             atlanta,place,Atlanta,,,US,PPLA,\n\
             kharg,place,Kharg Island,,,IR,ISL,\n\
             tehran,place,Tehran,,,IR,,\n",
        )
        .unwrap();
        let level = |id: &str| g.get(id).unwrap().level;
        assert_eq!(level("georgia"), Some(PlaceLevel::Country));
        assert_eq!(level("fars"), Some(PlaceLevel::Division));
        assert_eq!(level("atlanta"), Some(PlaceLevel::Locality));
        assert_eq!(level("kharg"), None);
        assert_eq!(level("tehran"), None);
        // Files without the columns say nothing.
        let g = load("id,type,canonical,aliases\ngeorgia,place,Georgia,\n").unwrap();
        assert_eq!(g.get("georgia").unwrap().level, None);
        // The built-in gazetteers mark the countries, the divisions and the
        // cities.
        let g = Gazetteer::default_embedded().unwrap();
        for (id, want) in [
            ("georgia", PlaceLevel::Country),
            ("georgia-us-ga", PlaceLevel::Division),
            ("iran", PlaceLevel::Country),
            ("texas", PlaceLevel::Division),
            ("atlanta", PlaceLevel::Locality),
        ] {
            assert_eq!(g.get(id).unwrap().level, Some(want), "{id}");
        }
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = "id,type,canonical,aliases,wikidata\n\
                    iran,place,Iran,,Q794\n\
                    iran,place,Iran again,,\n\
                    Bad Id,place,X,,\n\
                    x,place,,,\n\
                    y,place,Y,a||b,\n\
                    z,place,Z,,794\n";
        let err = load(text).unwrap_err().to_string();
        assert!(
            err.contains("test.csv:3: duplicate id 'iran' (first defined at test.csv:2)"),
            "{err}"
        );
        assert!(err.contains("test.csv:4: id 'Bad Id'"), "{err}");
        assert!(
            err.contains("test.csv:5: entity 'x' has an empty canonical"),
            "{err}"
        );
        assert!(err.contains("test.csv:6: empty alias"), "{err}");
        assert!(
            err.contains("test.csv:7: malformed Wikidata QID '794'"),
            "{err}"
        );
    }

    #[test]
    fn an_unclosed_quote_is_an_error_not_rows_swallowed() {
        let text = "id,type,canonical,aliases\n\
                    iran,place,Iran,\"Persia\n\
                    iraq,place,Iraq,\n\
                    syria,place,Syria,\n";
        let err = load(text).unwrap_err().to_string();
        assert!(
            err.contains("test.csv:2: a quote opened in this row is not closed"),
            "{err}"
        );
        // A quoted cell that closes is read as before.
        let g = load("id,type,canonical,aliases\niran,place,Iran,\"Persia|Iran, Islamic Republic of\"\niraq,place,Iraq,\n").unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g.entities()[0].names[2].text, "Iran, Islamic Republic of");
    }

    #[test]
    fn missing_column_is_an_error() {
        let err = load("id,type,canonical\niran,place,Iran\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("test.csv:1: missing required column(s) aliases"),
            "{err}"
        );
    }

    #[test]
    fn shared_alias_is_a_warning_naming_both() {
        let g = load("id,type,canonical,aliases\nfars-province,place,Fars,Pars\nfars-news-agency,outlet,Fars News Agency,Fars\n").unwrap();
        assert_eq!(g.warnings().len(), 1);
        let w = g.warnings()[0].to_string();
        assert!(
            w.contains("fars-news-agency")
                && w.contains("fars-province")
                && w.contains("test.csv:2"),
            "{w}"
        );
    }

    #[test]
    fn slugs_and_qids() {
        assert!(
            is_slug("kataib-hezbollah")
                && is_slug("g7")
                && !is_slug("a--b")
                && !is_slug("-a")
                && !is_slug("Iran")
        );
        assert!(is_qid("Q794") && !is_qid("Q") && !is_qid("Q0794") && !is_qid("q794"));
    }

    #[test]
    fn every_gazetteer_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../gazetteers");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv"))
            .map(|n| format!("gazetteers/{n}"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = DEFAULT_FILES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(
            on_disk, embedded,
            "add new gazetteer files to DEFAULT_FILES"
        );
    }

    #[test]
    fn names_are_distinct_sorted_and_unmarked() {
        let g = load(
            "id,type,canonical,aliases\n\
             republic,outlet,Republic,=Republic|Republic TV|RTV\n\
             fars,place,Fars,Pars|=Republic\n\
             tyre,place,Tyre,Sour|Pars\n",
        )
        .unwrap();
        assert_eq!(
            g.names(),
            [
                "Fars",
                "Pars",
                "RTV",
                "Republic",
                "Republic TV",
                "Sour",
                "Tyre"
            ]
        );
        let defaults = Gazetteer::default_embedded().unwrap();
        let names = defaults.names();
        assert!(names.contains(&"Kata'ib Hezbollah"), "{names:?}");
        assert!(names.iter().all(|n| !n.starts_with('=') && !n.is_empty()));
        assert!(names.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn defaults_load_without_errors() {
        let g = Gazetteer::default_embedded().unwrap();
        assert!(g.len() > 50);
    }
}
