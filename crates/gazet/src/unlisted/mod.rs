//! Unlisted names: the people, militias, outlets and places of a text that
//! no gazetteer lists, recognized from how names are written and from the
//! words around them.
//!
//! A gazetteer never lists everyone: a minister named once, a new militia
//! front, a local broadcaster. A statistical tagger finds such names with
//! low precision; gazet finds them by rules that read the structure of a
//! name, so that each mention it reports has a reason a reader can check:
//!
//! - **a word that says what the name is**, written after it or before it:
//!   `Ketza River`, `Johnny Mountain Camp`, `Hormozgan Province`, `the town
//!   of Balao`, `Camp Speicher` (places); `Alsumaria TV`, `Tehran Radio`,
//!   `SENA news agency` (outlets); `Kata'ib Sayyid al-Shuhada`, `Liwa
//!   Fatemiyoun`, `al-Quds Brigades` (militias). A descriptive word written
//!   in lowercase is left out of the span (`SENA news agency` gives `SENA`),
//!   as the annotation guidelines decide;
//! - **the shape of a person's name**: capitalized words starting with a
//!   given name of one of the lists of `gazetteers/lists` (Arabic, Persian,
//!   Turkish, European, African names: `Andrej Plenkovic`, `Khalaf Ahmad
//!   al-Hebtoor`, `Michael R. Hall`), or after a title or role (`Croatian
//!   President Kolinda Grabar-Kitarovic`, `Brigadier General Amiri`, `said
//!   Abbas Moghtadaei`); a kunya (`Abu Nour al-Badrani`) too. Titles
//!   stay out of the span;
//! - **what the text said before**: once a person is named in full, the
//!   surname alone (`Lowcock` after `Mark Lowcock`) is a short form of the
//!   same person.
//!
//! What is not taken, because names of other things share the shape: a
//! name followed by a word of an organization (`Ali Shariati Street`,
//! `Weintraub Entertainment Group`, `Merrill Lynch and Co`: that name is
//! then taken nowhere in the text), after `the` (`the Philip Morris
//! brand`), in quotes alone (a work's title), written in capitals (a
//! headline), made only of common English words (`Will Power`), or a
//! demonym before a descriptive word (`Iranian province`). A name a
//! gazetteer lists is never taken: it is the gazetteers' to find or to
//! reject.
//!
//! The recognizer reads one field's text and the spans of its listed
//! mentions, and returns [`Found`] names; [`crate::Extractor`] makes each an
//! entity of its own (`unlisted:person:mark-lowcock`).

use crate::english::PLACE_BEFORE;
use crate::gazetteer::{geonames::slug, words, words::FUNCTION_WORDS, EntityType};
use crate::matcher::Matcher;
use crate::normalize;
use lexicon::Lex;
use shortlist::Shortlist;
use std::borrow::Cow;
use std::ops::Range;
#[cfg(test)]
use tokens::tokens;
use tokens::{article_capital, Shape, Tok};

mod lexicon;
mod shortlist;
mod tokens;

/// Is `w` one of `list`? A hash set per list, made once: the lists are
/// asked about every capitalized word of a corpus.
macro_rules! in_list {
    ($list:expr, $w:expr) => {{
        static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
            std::sync::OnceLock::new();
        SET.get_or_init(|| $list.iter().copied().collect())
            .contains($w)
    }};
}

/// A name found that no gazetteer lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Byte offsets into the field's text, end exclusive.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// What it names.
    pub kind: EntityType,
    /// The full name, as the text writes it (whitespace collapsed): for a
    /// short form, the name it stands for.
    pub name: String,
    /// A short form of a name the text gives in full (`Lowcock` after `Mark
    /// Lowcock`).
    pub short: bool,
}

impl Found {
    /// The entity id of an unlisted name: `unlisted:<type>:<slug>`. Gazetteer
    /// ids are slugs, which have no `:`, so the two never collide; the same
    /// name gets the same id in every document.
    ///
    /// ```
    /// use gazet::unlisted::Found;
    /// assert_eq!(Found::id_of(gazet::EntityType::Person, "Mark Lowcock"), "unlisted:person:mark-lowcock");
    /// ```
    pub fn id_of(kind: EntityType, name: &str) -> String {
        format!("unlisted:{}:{}", kind, slug(name))
    }
}

/// A mention the gazetteers found: its span and type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// Byte offsets, end exclusive.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Its entity's type.
    pub kind: EntityType,
}

/// The type of the listed mention a token is in, as far as the recognizer
/// cares (one byte a token).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Held {
    Place,
    Militia,
    Person,
    Other,
}

/// What the words before a name say of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cue {
    None,
    /// A title: `General`, `Mr.`, `spokesman`.
    Title,
    /// A role: `analyst`, `director`; a one-word name after it may be a
    /// company's (`lead manager Drexel`).
    Role,
    /// A verb of saying: `said`.
    Saying,
}

const PARTICLES: &[&str] = &[
    "bin", "ibn", "bint", "al", "el", "de", "da", "di", "del", "della", "der", "den", "van", "von",
    "du", "dos", "das", "do", "la", "le", "ul", "ur", "ud", "ter", "ten",
];

/// Abbreviations written with a dot inside names and titles (`Gen.`, `Dr.`).
const ABBREVIATIONS: &[&str] = &[
    "Dr", "Mr", "Mrs", "Ms", "Gen", "Lt", "Col", "Maj", "Brig", "Capt", "Sgt", "Sen", "Rep", "Gov",
    "Prof", "Adm", "Cmdr", "Jr", "Sr", "St", "Rev", "Hon",
];

/// Roles and titles before a name, besides [`crate::gazetteer::words::is_title`]: a
/// capitalized word after them starts a person's name.
const ROLES: &[&str] = &[
    "director",
    "analyst",
    "lawmaker",
    "legislator",
    "mp",
    "chief",
    "head",
    "ceo",
    "executive",
    "economist",
    "researcher",
    "spokesperson",
    "manager",
    "member",
    "representative",
    "coordinator",
    "attorney",
    "lawyer",
    "activist",
    "journalist",
    "reporter",
    "correspondent",
    "writer",
    "author",
    "commentator",
    "editor",
    "founder",
    "candidate",
    "negotiator",
    "diplomat",
    "militant",
    "fighter",
    "brigadier",
    "councillor",
    "councilor",
    "undersecretary",
    "ombudsman",
    "adviser",
    "advisor",
    "counselor",
    "scholar",
    "expert",
    "professor",
    "democrat",
    "republican",
    "actor",
    "actress",
    "singer",
    "poet",
    "painter",
    "artist",
    "filmmaker",
    "novelist",
    "photographer",
    "musician",
    "composer",
    "striker",
    "midfielder",
    "goalkeeper",
    "coach",
    "athlete",
    "wrestler",
    "cleric",
    "businessman",
    "businesswoman",
    "entrepreneur",
    "historian",
    "archaeologist",
    "scientist",
    "physician",
    "surgeon",
    "architect",
    "dr",
    "mr",
    "mrs",
    "ms",
];

/// Verbs of saying before a name: `said Abbas Moghtadaei`.
/// Prepositions of a place or a day: a name after them, however it is
/// described, is more often a place's or a feast's (`in Tal Afar, the
/// governor said`, `on Eid al-Fitr, Rouhani said`).
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "on", "from", "near", "into", "across", "outside", "inside", "around", "towards",
    "toward",
];

/// The first words of an apposition that describes a person, before its
/// role (`, the opposition leader`, `, an analyst`, `, its chief`).
const APPOSITION_FIRSTS: &[&str] = &["the", "a", "an", "his", "her", "its", "their"];

/// Whom a person tells, after a name and `told`, besides a listed outlet or
/// person: `Kizza Besigye told reporters`.
const TOLD: &[&str] = &[
    "reporters",
    "journalists",
    "the press",
    "a news conference",
    "Reuters",
];

/// Is this a preposition that a headline in title case capitalizes and that
/// is in no name of the four kinds? A `match`, not a list search: it is
/// asked of every capitalized word.
fn title_case_preposition(word: &str) -> bool {
    matches!(
        word,
        "Into"
            | "Onto"
            | "Upon"
            | "Amid"
            | "Against"
            | "Toward"
            | "Towards"
            | "Without"
            | "To"
            | "For"
            | "With"
            | "From"
    )
}

/// The longest line, in bytes, of a text wrapped at a fixed width (lines of
/// 60 to 80 bytes), where a line break may fall inside a name; in a text
/// with longer lines, they are paragraphs.
const MAX_WRAPPED_LINE: usize = 100;

const SAYING: &[&str] = &["said", "says", "told", "added", "stated", "according"];

/// Capitalized words that end the names of organizations, buildings, streets
/// and works: a person's name before them is part of another name.
const ORG_WORDS: &[&str] = &[
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "boulevard",
    "square",
    "highway",
    "expressway",
    "bridge",
    "tower",
    "towers",
    "building",
    "hotel",
    "mall",
    "market",
    "bazaar",
    "park",
    "stadium",
    "arena",
    "hospital",
    "clinic",
    "school",
    "college",
    "university",
    "academy",
    "institute",
    "institution",
    "center",
    "centre",
    "foundation",
    "fund",
    "trust",
    "bank",
    "company",
    "co",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "llc",
    "plc",
    "group",
    "holding",
    "holdings",
    "partners",
    "associates",
    "brothers",
    "bros",
    "industries",
    "securities",
    "capital",
    "markets",
    "entertainment",
    "motor",
    "motors",
    "airlines",
    "airways",
    "energy",
    "oil",
    "petroleum",
    "steel",
    "systems",
    "technologies",
    "communications",
    "international",
    "enterprises",
    "investments",
    "financial",
    "insurance",
    "services",
    "prize",
    "award",
    "awards",
    "cup",
    "trophy",
    "medal",
    "lecture",
    "festival",
    "forum",
    "conference",
    "summit",
    "congress",
    "symposium",
    "seminar",
    "convention",
    "exhibition",
    "expo",
    "games",
    "championship",
    "championships",
    "tournament",
    "olympics",
    "dialogue",
    "initiative",
    "declaration",
    "parliament",
    "court",
    "tribunal",
    "prison",
    "museum",
    "library",
    "gallery",
    "theatre",
    "theater",
    "mosque",
    "shrine",
    "church",
    "cathedral",
    "mausoleum",
    "tomb",
    "airport",
    "port",
    "station",
    "terminal",
    "complex",
    "project",
    "plan",
    "doctrine",
    "act",
    "law",
    "bill",
    "treaty",
    "accord",
    "accords",
    "agreement",
    "commission",
    "committee",
    "council",
    "party",
    "movement",
    "administration",
    "government",
    "cabinet",
    "ministry",
    "department",
    "office",
    "agency",
    "organization",
    "organisation",
    "association",
    "society",
    "union",
    "league",
    "club",
    "team",
    "army",
    "forces",
    "force",
    "corps",
    "guard",
    "guards",
    "brigade",
    "brigades",
    "division",
    "regiment",
    "battalion",
    "family",
    "show",
    "prize",
    "syndrome",
    "disease",
    "effect",
    "index",
    "report",
    "day",
    "week",
    "era",
    "dynasty",
    "palace",
    "village",
    "town",
    "city",
];

/// Words after a name that end a company's name (`Merrill Lynch and Co`).
const COMPANY_AFTER: &[&str] = crate::english::COMPANY_SUFFIXES;

/// Capitalized words after a name that make it a place's (`Ketza River`).
const PLACE_AFTER: &[&str] = &[
    "Province",
    "Governorate",
    "District",
    "County",
    "River",
    "Mountain",
    "Mountains",
    "Valley",
    "Island",
    "Islands",
    "Peninsula",
    "Desert",
    "Strait",
    "Straits",
    "Bay",
    "Lake",
    "Canal",
    "Marshes",
    "Marsh",
    "Plain",
    "Plains",
    "Camp",
    "Airbase",
    "Crossing",
    "Oasis",
    "Dam",
    "Oilfield",
    "Hills",
    "Heights",
    "Gorge",
];

/// Capitalized words after a name that make it a place's too: they end the
/// names of built sites, the guidelines' named sites
/// (`Tahrir Square`, `Milad Tower`, `Umayyad Mosque`): often named for a
/// person (`Imam Ali Shrine`, `Reza Abbasi Museum`), but not after a title
/// of office (`Sen. John Tower` is the senator).
const SITES: &[&str] = &[
    "Square", "Tower", "Bridge", "Palace", "Mosque", "Shrine", "Museum", "Stadium", "Airport",
];

/// Two capitalized words after a name that make it a place's (`Al Asad Air Base`).
const PLACE_AFTER_TWO: &[(&str, &str)] = &[
    ("Air", "Base"),
    ("International", "Airport"),
    ("Border", "Crossing"),
    ("Refugee", "Camp"),
    ("Oil", "Field"),
    ("Gas", "Field"),
];

/// Lowercase words after a name that say it is a place's: left out of the
/// span (`Fars province` gives `Fars`).
const PLACE_AFTER_LOWER: &[&str] = &[
    "province",
    "governorate",
    "district",
    "county",
    "river",
    "valley",
    "mountains",
    "crossing",
    "airbase",
    "oilfield",
    "port",
    "dam",
    "desert",
    "peninsula",
    "marshes",
    "area",
];

/// Two lowercase words after a name that say it is a place's.
const PLACE_AFTER_LOWER_TWO: &[(&str, &str)] = &[
    ("border", "crossing"),
    ("air", "base"),
    ("refugee", "camp"),
    ("displacement", "camp"),
    ("oil", "field"),
    ("gas", "field"),
];

/// The words of a country's divisions that follow a listed place's name
/// (`Nabatiyeh district`), for [`Reader::in_division`].
const DIVISION_WORDS: &[&str] = &[
    "district",
    "governorate",
    "province",
    "county",
    "region",
    "municipality",
    "prefecture",
    "subdistrict",
];

/// `the town of Balao`: a lowercase word before `of` that says the name
/// after it is a place's.
const PLACE_OF: &[&str] = &[
    "town",
    "city",
    "village",
    "province",
    "governorate",
    "district",
    "region",
    "port",
    "county",
    "island",
    "suburb",
    "neighbourhood",
    "neighborhood",
    "municipality",
    "area",
    "outskirts",
    "vicinity",
    "countryside",
    "suburbs",
];

/// Capitalized words after a name that make it an outlet's (`Alsumaria TV`).
const OUTLET_AFTER: &[&str] = &[
    "TV",
    "Television",
    "Radio",
    "Times",
    "Herald",
    "Tribune",
    "Gazette",
    "Journal",
    "Telegraph",
    "Chronicle",
    "Daily",
    "Newspaper",
    "Magazine",
    "News",
];

/// Two capitalized words after a name that make it an outlet's.
const OUTLET_AFTER_TWO: &[(&str, &str)] = &[
    ("News", "Agency"),
    ("Press", "Agency"),
    ("News", "Network"),
    ("TV", "Channel"),
    ("News", "Channel"),
];

/// Lowercase words after a name that say it is an outlet's: left out of the
/// span (`SENA news agency` gives `SENA`).
const OUTLET_AFTER_LOWER: &[&str] = &[
    "newspaper",
    "daily",
    "weekly",
    "magazine",
    "broadcaster",
    "tv",
    "television",
    "radio",
];

/// Endings of adjectives made from names (`Persian-language`,
/// `London-based`): no name's words.
const ADJECTIVE_ENDS: &[&str] = &[" language", " based", " owned", " speaking", " run", " led"];

/// Verbs of an outlet's reporting, after its name (`Kayhan daily wrote`).
const REPORTING: &[&str] = &[
    "said",
    "says",
    "reported",
    "reports",
    "wrote",
    "writes",
    "quoted",
    "quotes",
    "published",
    "carried",
    "cited",
    "added",
    "noted",
    "claimed",
];

/// Two lowercase words after a name that say it is an outlet's.
const OUTLET_AFTER_LOWER_TWO: &[(&str, &str)] = &[
    ("news", "agency"),
    ("press", "agency"),
    ("news", "website"),
    ("news", "site"),
    ("tv", "channel"),
    ("satellite", "channel"),
];

/// Capitalized words before a name that make it an outlet's (`Radio Farda`).
const OUTLET_BEFORE: &[&str] = &["Radio"];

/// The first words of militias' names (`Kata'ib ...`, `Liwa ...`), as keys.
const MILITIA_BEFORE: &[&str] = &[
    "kataib", "kataeb", "katibat", "katibah", "liwa", "liwaa", "saraya", "harakat", "haraket",
    "asaib", "jaysh", "jaish", "jeish", "firqat", "quwat", "faylaq", "failaq", "tajammu",
];

/// Capitalized words after a name that make it a militia's (`al-Quds Brigades`).
const MILITIA_AFTER: &[&str] = &["Brigades", "Battalions"];

/// The words a name of a kind ends with ([`PLACE_AFTER`], [`SITES`], [`OUTLET_AFTER`],
/// [`MILITIA_AFTER`] and the last of [`PLACE_AFTER_TWO`] and
/// [`OUTLET_AFTER_TWO`]): [`Reader::kind_in_run`] reads the lists only for
/// the last word of a run that may be on them.
static KIND_LAST: Shortlist = Shortlist::new(&[PLACE_AFTER, SITES, OUTLET_AFTER, MILITIA_AFTER])
    .with_seconds(PLACE_AFTER_TWO)
    .with_seconds(OUTLET_AFTER_TWO);

/// The words a name of a kind starts with ([`PLACE_BEFORE`],
/// [`OUTLET_BEFORE`]; [`MILITIA_BEFORE`] as keys): likewise for each word of
/// a run.
static KIND_FIRST: Shortlist = Shortlist::new(&[PLACE_BEFORE, OUTLET_BEFORE, MILITIA_BEFORE]);

/// Words of state forces: a `... Brigades` with one of them is no militia.
const STATE_FORCES: &[&str] = &[
    "army",
    "armored",
    "armoured",
    "infantry",
    "mechanized",
    "marine",
    "marines",
    "airborne",
    "artillery",
    "presidential",
    "republican",
    "national",
    "police",
    "border",
    "special",
    "commando",
    "tank",
    "guard",
    "guards",
    "navy",
    "naval",
];

/// Endings of demonyms, with the ending of the place's name they replace:
/// `Iraqi` is `Iraq` + `i`, `Croatian` is `Croatia` + `n`, `Chinese` is
/// `China` less `a` + `ese`.
const DEMONYM_ENDINGS: &[(&str, &str)] = &[
    ("i", ""),
    ("n", ""),
    ("an", ""),
    ("ian", ""),
    ("ian", "y"),
    ("ian", "ia"),
    ("ese", ""),
    ("ese", "a"),
    ("ese", "on"),
    ("ish", "ey"),
    ("ish", "istan"),
    ("ish", "and"),
    ("", "y"),
    ("ic", ""),
    ("ian", "a"),
    ("ian", "ium"),
    ("an", "a"),
    ("an", "o"),
    ("ian", "e"),
];

/// Plural words that end the names of businesses and their papers, never
/// a surname (`Qassem Publications`, `King Soopers Supermarkets`, `Lien
/// Bonds`), besides those of [`ORG_WORDS`] (`Holdings`, `Airlines`).
const BUSINESS_PLURALS: &[&str] = &[
    "publications",
    "supermarkets",
    "stores",
    "foods",
    "bonds",
    "notes",
    "shares",
    "stocks",
    "futures",
    "options",
    "debentures",
    "warrants",
    "units",
    "bills",
    "loans",
    "funds",
    "minerals",
    "metals",
    "chemicals",
    "pharmaceuticals",
    "resources",
    "products",
    "properties",
    "laboratories",
    "labs",
    "electronics",
    "networks",
    "ventures",
    "works",
    "hotels",
    "resorts",
    "insurers",
    "publishers",
    "girls",
    "boys",
    "headquarters",
    "studios",
    "films",
    "productions",
    "records",
    "books",
    "news",
    "times",
];

/// Adjectives of peoples and faiths whose place's name is not made from
/// them by an ending.
const ADJECTIVES: &[&str] = &[
    "arab",
    "arabic",
    "persian",
    "shiite",
    "shia",
    "sunni",
    "muslim",
    "christian",
    "jewish",
    "western",
    "eastern",
    "northern",
    "southern",
    "european",
    "african",
    "asian",
    "islamic",
    "british",
    "french",
    "dutch",
    "swiss",
    "greek",
    "thai",
    "welsh",
    "scottish",
    "irish",
    "english",
    "spanish",
    "danish",
    "swedish",
    "finnish",
    "norwegian",
    "saudi",
    "emirati",
    "kurd",
    "baloch",
    "baluch",
    "pashtun",
    "druze",
    "alawite",
    "yazidi",
    "turkmen",
    "azeri",
    "filipino",
    "hindu",
    "catholic",
    "orthodox",
    "zionist",
    "american",
    "soviet",
    "english-language",
    "afghan",
    "kazakh",
    "uzbek",
];

/// Words that qualify a title rather than name one: `former` alone before
/// a word does not make it a person's name (`former Airco employees`).
const NOT_TITLES: &[&str] = &[
    "former", "late", "vice", "deputy", "senior", "acting", "manager",
];

/// Organizations named like a person, by a given name and a word (`Fannie
/// Mae`, `Dow Jones`), as keys: never an unlisted person.
const NAMED_LIKE_PEOPLE: &[&str] = &[
    "fannie mae",
    "freddie mac",
    "sallie mae",
    "ginnie mae",
    "farmer mac",
    "dow jones",
    "morgan stanley",
    "dean witter",
    "smith barney",
    "paine webber",
    "charles schwab",
    "merrill lynch",
    "jack daniels",
];

/// Words after a descriptive word that end a clause: `Fars province on
/// Monday`; any other lowercase word makes the descriptive word part of a
/// longer phrase (`FmHA county offices`).
const CLAUSE_WORDS: &[&str] = &[
    "on", "in", "of", "at", "to", "and", "or", "but", "with", "from", "by", "for", "near", "was",
    "is", "were", "are", "has", "had", "have", "which", "that", "where", "who", "said", "says",
    "the", "a", "an", "since", "after", "before", "during", "as", "into", "late", "last", "this",
    "will", "would", "could", "can", "may", "might", "reported", "quoted", "cited", "also",
    "earlier", "until", "between", "under", "over", "about", "against", "through", "when",
];

/// The reading of one field.
struct Reader<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    /// Per token: where its key is in `key_text`, for the words that can be
    /// part of a name (the others are their own). One buffer, not a string
    /// a word: most words of a corpus pass through here. The key of a word
    /// of ASCII letters and digits (most) is the word in ASCII lowercase.
    keys: Vec<Option<(usize, usize)>>,
    key_text: String,
    /// Per token: the lists its key is on, looked up the first time a rule
    /// asks ([`Lex::UNKNOWN`] until then): most capitalized words are never
    /// asked about (a listed name's, a word alone at a sentence's start).
    lex: Vec<std::cell::Cell<Lex>>,
    /// Per token: is it a demonym (0: not yet known, 1: no, 2: yes)?
    demonyms: std::cell::RefCell<Vec<u8>>,
    /// The runs of capitalized words, through listed mentions and not.
    runs_through: Vec<Range<usize>>,
    runs_free: Vec<Range<usize>>,
    /// Per token of a run ([`Reader::caps`]): is it inside a listed
    /// mention, and of what type? `None` for the other tokens.
    listed: Vec<Option<Held>>,
    /// The tokens a run is made of (Cap, Initial, Acronym, Particle), in
    /// order: the passes over runs and names skip the rest (most tokens).
    caps: Vec<usize>,
    matcher: &'a Matcher,
    found: Vec<Found>,
    /// The spans of `found`, start to end (see [`Reader::taken`]).
    spans: std::collections::BTreeMap<usize, usize>,
    /// Keys of names seen as part of an organization's name.
    org_names: Vec<String>,
    /// Is the text wrapped at a fixed width (see [`Reader::wrapped`])?
    wrapped: std::cell::Cell<Option<bool>>,
}

impl<'a> Reader<'a> {
    fn word(&self, i: usize) -> &'a str {
        &self.text[self.toks[i].start..self.toks[i].end]
    }

    fn lower(&self, i: usize) -> &str {
        match self.keys[i] {
            Some((s, e)) => &self.key_text[s..e],
            None => self.word(i),
        }
    }

    /// The lists the key of token `i` is on.
    fn lex(&self, i: usize) -> Lex {
        let known = self.lex[i].get();
        if known != Lex::UNKNOWN {
            return known;
        }
        let l = lexicon::lex(self.lower(i));
        self.lex[i].set(l);
        l
    }

    fn shape(&self, i: usize) -> Shape {
        self.toks[i].shape
    }

    /// Are tokens `i` and `i + 1` parts of one name: spaces between them,
    /// at most one line break, or the dot of an abbreviation?
    fn joined(&self, i: usize) -> bool {
        let (a, b) = (&self.toks[i], &self.toks[i + 1]);
        // Most gaps are one space.
        if b.start == a.end + 1 && self.text.as_bytes()[a.end] == b' ' {
            return true;
        }
        // A gap starting with another byte than those of spaces and of the
        // dot is no join (most of the others: `, `, `) `).
        if a.end == b.start
            || !matches!(
                self.text.as_bytes()[a.end],
                b' ' | b'\n' | b'\t' | b'.' | 0xC2
            )
        {
            return false;
        }
        let mut gap = &self.text[a.end..b.start];
        if let Some(rest) = gap.strip_prefix('.')
            && is_abbreviation(self.word(i))
        {
            gap = rest;
        }
        if gap == " " {
            return true;
        }
        let ok = !gap.is_empty()
            && gap
                .chars()
                .all(|c| c == ' ' || c == '\u{a0}' || c == '\n' || c == '\t')
            && gap.matches('\n').count() <= 1;
        if ok && gap.contains('\n') {
            // A line break is inside a name only in text wrapped at a fixed
            // width (Reuters-21578), and not before a word of grammar
            // (`The`); where lines are paragraphs, it ends the name (a
            // byline, `By Saeed Al-Batati`, before the first paragraph).
            return self.wrapped() && !tokens::no_name_word(self.word(i + 1).as_bytes());
        }
        ok
    }

    /// Is the text wrapped at a fixed width: no line longer than
    /// [`MAX_WRAPPED_LINE`]? Worked out the first time a line break is met
    /// between two capitals.
    fn wrapped(&self) -> bool {
        if let Some(w) = self.wrapped.get() {
            return w;
        }
        let w = self.text.split('\n').all(|l| l.len() <= MAX_WRAPPED_LINE);
        self.wrapped.set(Some(w));
        w
    }

    /// Does the span `s..e` overlap a name found? A look-up in the spans
    /// of the names (which never overlap each other), not a scan of them:
    /// a scan made a long document's reading quadratic.
    fn taken(&self, s: usize, e: usize) -> bool {
        self.spans
            .range(..e)
            .next_back()
            .is_some_and(|(_, &end)| end > s)
    }

    fn is_listed_name(&self, s: usize, e: usize) -> bool {
        !self
            .matcher
            .targets_of(&normalize::key(&self.text[s..e]))
            .is_empty()
    }

    /// The runs of capitalized words: tokens joined by spaces, of shapes
    /// Cap, Initial, Acronym or Particle, neither starting nor ending with a
    /// particle; `through_listed` lets them run through listed mentions.
    fn runs(&self, through_listed: bool) -> Vec<Range<usize>> {
        if through_listed {
            self.runs_through.clone()
        } else {
            self.runs_free.clone()
        }
    }

    /// The runs through listed mentions and the runs outside them
    /// ([`Reader::runs`]), in one pass: a run outside listed mentions is a
    /// stretch of unlisted tokens of a run through them (before its
    /// particles are trimmed), so each token's shape and each gap is read
    /// once, not once a kind of run.
    fn make_runs(&self) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let caps = &self.caps;
        let mut through = Vec::new();
        let mut free = Vec::new();
        let mut x = 0;
        while x < caps.len() {
            // A run: the tokens of `caps` from `caps[x]` that follow one
            // another, each joined to the one before.
            let i = caps[x];
            let mut y = x + 1;
            while y < caps.len() && caps[y] == caps[y - 1] + 1 && self.joined(caps[y - 1]) {
                y += 1;
            }
            let j = caps[y - 1] + 1;
            self.push_trimmed(i..j, &mut through);
            let mut k = i;
            while k < j {
                if self.listed[k].is_some() {
                    k += 1;
                    continue;
                }
                let mut e = k + 1;
                while e < j && self.listed[e].is_none() {
                    e += 1;
                }
                self.push_trimmed(k..e, &mut free);
                k = e;
            }
            x = y;
        }
        (through, free)
    }

    /// Adds the run `run` less the particles at its ends, if anything is
    /// left.
    fn push_trimmed(&self, run: Range<usize>, out: &mut Vec<Range<usize>>) {
        let (mut a, mut b) = (run.start, run.end);
        while a < b && self.shape(a) == Shape::Particle {
            a += 1;
        }
        while b > a && self.shape(b - 1) == Shape::Particle {
            b -= 1;
        }
        if a < b {
            out.push(a..b);
        }
    }

    /// The two lowercase words right after token `i` (joined by single
    /// spaces), in lowercase; fewer where they stop.
    fn lower_after(&self, i: usize) -> Vec<Cow<'a, str>> {
        let mut out = Vec::new();
        let mut k = i;
        while out.len() < 2 && k + 1 < self.toks.len() && self.joined(k) {
            k += 1;
            if self.shape(k) != Shape::Lower && self.shape(k) != Shape::Acronym {
                break;
            }
            out.push(lowercase(self.word(k)));
        }
        out
    }

    /// The word right before token `i`, in lowercase, if joined to it.
    fn lower_before(&self, i: usize) -> Option<Cow<'a, str>> {
        (i > 0 && self.joined(i - 1)).then(|| lowercase(self.word(i - 1)))
    }

    fn push(&mut self, first: usize, last: usize, kind: EntityType) {
        let (s, e) = (self.toks[first].start, self.toks[last].end);
        if self.taken(s, e) || self.is_listed_name(s, e) {
            return;
        }
        let name = collapse(&self.text[s..e]);
        // The name's key, once: its slug (`slug`) is empty exactly where
        // the key has no ASCII letter or digit.
        let key = normalize::key(&name);
        if !key.bytes().any(|b| b.is_ascii_alphanumeric())
            || kind == EntityType::Person && NAMED_LIKE_PEOPLE.contains(&key.as_str())
        {
            return;
        }
        self.spans.insert(s, e);
        self.found.push(Found {
            start: s,
            end: e,
            kind,
            name,
            short: false,
        });
    }

    /// Is the name of tokens `a..b` the kind that can stand before a
    /// descriptive word: not a demonym (`Iranian`, `Iraqi`), not only common
    /// words (`State TV`), not a title?
    fn proper(&self, a: usize, b: usize) -> bool {
        self.proper_with(a, b, false)
    }

    /// [`Reader::proper`], with titles allowed inside (`Kata'ib Imam Ali`).
    fn proper_with(&self, a: usize, b: usize, titles: bool) -> bool {
        let mut any_proper = false;
        for i in a..b {
            if self.shape(i) == Shape::Particle {
                continue;
            }
            let l = self.lex(i);
            if (l.any(Lex::TITLE) && !titles) || l.any(Lex::MONTH | Lex::WEEKDAY) {
                return false;
            }
            // `Persian-language`, `London-based`: an adjective.
            if ADJECTIVE_ENDS
                .iter()
                .any(|end| self.lower(i).ends_with(end))
            {
                return false;
            }
            if self.shape(i) == Shape::Acronym || !l.any(Lex::ENGLISH) {
                any_proper = true;
            }
        }
        any_proper && !(b - a == 1 && self.demonym(a))
    }

    /// `Iranian`, `Kurdish`, `Iraqi`, `Lebanese`: a word made from the name
    /// of a listed place by a demonym's ending, or an adjective of peoples
    /// and faiths (`British`, `Arab`, `Shiite`).
    fn demonym(&self, i: usize) -> bool {
        let known = self.demonyms.borrow()[i];
        if known != 0 {
            return known == 2;
        }
        let yes = self.demonym_with(i, true);
        self.demonyms.borrow_mut()[i] = if yes { 2 } else { 1 };
        yes
    }

    /// [`Reader::demonym`]; without `nisba`, a word made with `-i` is not
    /// one (`Tehrani`, `al-Baghdadi` end people's names).
    fn demonym_with(&self, i: usize, nisba: bool) -> bool {
        let w = self.lower(i);
        // `Palestinians`, `Kurds`.
        let w = match w.strip_suffix('s') {
            Some(stem) if stem.len() > 3 => stem,
            _ => w,
        };
        if in_list!(ADJECTIVES, w) {
            return true;
        }
        let mut place = String::new();
        DEMONYM_ENDINGS.iter().any(|(ending, place_ending)| {
            (nisba || *ending != "i")
                && w.strip_suffix(ending).is_some_and(|stem| {
                    place.clear();
                    place.push_str(stem);
                    place.push_str(place_ending);
                    place.len() >= 3 && !self.matcher.targets_of(&place).is_empty()
                })
        })
    }

    /// Places, outlets and militias named with a word that says what they
    /// are.
    fn by_kind_words(&mut self) {
        // Capitalized words after or before a name: the runs go through
        // listed mentions (`Tehran Radio` is an outlet).
        for run in self.runs(true) {
            // `Kenya News Agency KNA`: an acronym after the name.
            let before = self.found.len();
            let (a, b) = (run.start, run.end);
            self.kind_in_run(run);
            if self.found.len() == before && b - a >= 3 && self.shape(b - 1) == Shape::Acronym {
                self.kind_in_run(a..b - 1);
            }
        }
        // Lowercase words after a name: left out of the span.
        for run in self.runs(false) {
            let b = run.end;
            // No lowercase word after the run: nothing to read (most runs).
            if !(b < self.toks.len()
                && matches!(self.shape(b), Shape::Lower | Shape::Acronym)
                && self.joined(b - 1))
            {
                continue;
            }
            // Every descriptive phrase starts with a word flagged so: one
            // lookup rules out the runs before a verb or a preposition.
            if !lexicon::context(&lowercase(self.word(b))).any(Lex::DESCRIPTIVE) {
                continue;
            }
            let after = self.lower_after(b - 1);
            let two = |pairs: &[(&str, &str)]| {
                after.len() == 2 && pairs.iter().any(|(x, y)| after[0] == *x && after[1] == *y)
            };
            let one = |list: &[&str]| after.first().is_some_and(|w| list.contains(&w.as_ref()));
            let kind = if two(PLACE_AFTER_LOWER_TWO) || one(PLACE_AFTER_LOWER) {
                EntityType::Place
            } else if two(OUTLET_AFTER_LOWER_TWO) || one(OUTLET_AFTER_LOWER) {
                EntityType::Outlet
            } else {
                continue;
            };
            let place = kind == EntityType::Place;
            // What follows the descriptive words: the end of a clause, not
            // a longer phrase (`FmHA county offices`) or the outlet's own
            // name (`the OPEC news agency Opecna`).
            let head_words = if two(PLACE_AFTER_LOWER_TWO) || two(OUTLET_AFTER_LOWER_TWO) {
                2
            } else {
                1
            };
            let k = b - 1 + head_words;
            if k + 1 < self.toks.len() && self.joined(k) {
                let clause = self.shape(k + 1) == Shape::Lower
                    && (self.lex(k + 1).any(Lex::CLAUSE) || REPORTING.contains(&self.word(k + 1)));
                if !clause && !matches!(self.shape(k + 1), Shape::Other) {
                    continue;
                }
            }
            let a = self.name_start(run.clone(), 3, place);
            // `area` follows adjectives as often as names: not after a
            // demonym (`Kuwaiti area`), a word of a creed (`Salafist`), a
            // participle (`Kuwaiti-dominated`) or a compound of two
            // capitalized words (`European-Mediterranean area`).
            if place && head_words == 1 && after[0] == "area" {
                let last = self.word(b - 1);
                let lower = last.to_lowercase();
                let parts: Vec<&str> = last.split('-').collect();
                let compound = parts.len() == 2
                    && parts.iter().all(|p| p.starts_with(char::is_uppercase))
                    && parts[0].ends_with("an");
                if self.demonym(b - 1)
                    || compound
                    || lower.ends_with("ist")
                    || lower.ends_with("ed")
                {
                    continue;
                }
            }
            // `daily` and `weekly` are adverbs too (`leave Heathrow daily`):
            // an outlet's word where `the` or `told` stands before the name,
            // or a verb of reporting after the word.
            if !place && head_words == 1 && matches!(after[0].as_ref(), "daily" | "weekly") {
                let before = self.lower_before(a);
                let the = before.is_some_and(|w| w == "the" || w == "told");
                let reports = k + 1 < self.toks.len()
                    && self.joined(k)
                    && REPORTING.contains(&self.word(k + 1));
                if !(the || reports) {
                    continue;
                }
            }
            if self.proper_with(a, b, place)
                && self.plain_words(a, b)
                && !self.starts_with_person(a, b)
                && (kind == EntityType::Outlet || (a..b).all(|i| self.shape(i) != Shape::Acronym))
            {
                self.push(a, b - 1, kind);
            }
        }
        // `the town of Balao`.
        for run in self.runs(false) {
            let a = run.start;
            if a >= 2
                && self.word(a - 1) == "of"
                && self.joined(a - 1)
                && self.joined(a - 2)
                && PLACE_OF.contains(&self.word(a - 2))
            {
                let b = (a + 3).min(run.end);
                // Not an acronym (`the area of IMIDRO`, a company), an
                // adjective (`the vicinity of Central Asian states`), or the
                // first words of a longer name whose rest is listed (`the
                // port of Bandar Imam Khomeini`).
                let part_of_listed = b == run.end
                    && b < self.toks.len()
                    && self.listed.get(b).is_some_and(Option::is_some)
                    && self.joined(b - 1);
                if self.proper(a, b)
                    && !part_of_listed
                    && (a..b).all(|i| self.shape(i) != Shape::Acronym)
                    && !self.demonym(b - 1)
                {
                    self.push(a, b - 1, EntityType::Place);
                }
            }
        }
        self.in_division();
    }

    /// `a strike on a car in Haruf, Nabatiyeh district`: a name set before
    /// a listed place and the word of its division, after a preposition of
    /// place, is a place in it. The division's word ends the phrase (`...
    /// Tyre district, which`), so that a person's name before an office
    /// (`Ali Hosseini, Tehran province governor`) is not taken; nor is a
    /// name after no preposition (`Hosseini, Tehran province`).
    fn in_division(&mut self) {
        for run in self.runs(false) {
            let (a, b) = (run.start, run.end);
            if b >= self.toks.len() || b - a > 3 || self.listed[b] != Some(Held::Place) {
                continue;
            }
            let gap = &self.text[self.toks[b - 1].end..self.toks[b].start];
            if gap != ", " {
                continue;
            }
            let mut e = b + 1;
            while e < self.toks.len() && self.listed[e] == Some(Held::Place) && self.joined(e - 1) {
                e += 1;
            }
            if e >= self.toks.len()
                || !self.joined(e - 1)
                || self.shape(e) != Shape::Lower
                || !DIVISION_WORDS.contains(&self.word(e))
            {
                continue;
            }
            let after = &self.text[self.toks[e].end..];
            if !(after.is_empty() || after.starts_with(['.', ',', ';', ':', ')', '”', '"', '\n']))
            {
                continue;
            }
            let at_place = self.lower_before(a).is_some_and(|w| {
                matches!(
                    w.as_ref(),
                    "in" | "at" | "near" | "from" | "into" | "outside"
                )
            });
            if at_place
                && self.proper(a, b)
                && (a..b).all(|i| self.shape(i) != Shape::Acronym)
                && !self.demonym(b - 1)
                && !self.starts_with_person(a, b)
            {
                self.push(a, b - 1, EntityType::Place);
            }
        }
    }

    /// Where the name of a run ending at `run.end` starts: at most `most`
    /// words, titles and words capitalized for the sentence left out.
    /// A place's name keeps its titles (`Shahid Rajaie port`): `keep_titles`.
    fn name_start(&self, run: Range<usize>, most: usize, keep_titles: bool) -> usize {
        let mut a = run.start.max(run.end.saturating_sub(most));
        while a < run.end {
            let l = self.lex(a);
            if (!keep_titles && l.any(Lex::TITLE | Lex::ROLE))
                || self.shape(a) == Shape::Particle
                // `An Iranian TV`, `UNESCO-registered Lut Desert`; an
                // outlet's `The` is its own (`The Global Post`).
                || (a + 1 < run.end
                    && ((l.any(Lex::FUNCTION) && (keep_titles || self.lower(a) != "the"))
                        || self.hyphen_adjective(a)))
                || (a + 1 < run.end && self.shape(a) == Shape::Cap && self.demonym(a))
                || (l.any(Lex::ENGLISH)
                    && a + 1 < run.end
                    && crate::english::at_sentence_start(self.text, self.toks[a].start))
            {
                a += 1;
            } else {
                break;
            }
        }
        a
    }

    /// Is token `i` an adjective made with a hyphen, a word in lowercase
    /// after it (`UNESCO-registered`, `Safavid-era`), not a name's part
    /// (`Bala-Shahr`) nor an article or connecting vowel (`al-Sabin`,
    /// `Haft-e-Tir`)?
    fn hyphen_adjective(&self, i: usize) -> bool {
        self.word(i)
            .split('-')
            .skip(1)
            .any(|part| part.chars().count() >= 3 && part.chars().all(|c| c.is_lowercase()))
    }

    /// Does `a..b` read as a given name and a surname (`Ali Hassan camp` is
    /// a person's camp)?
    fn starts_with_person(&self, a: usize, b: usize) -> bool {
        b - a >= 2 && self.lex(a).any(Lex::GIVEN)
    }

    fn kind_in_run(&mut self, run: Range<usize>) {
        let (a, b) = (run.start, run.end);
        // Every rule below reads a name and a word that says what it is.
        if b - a < 2 {
            return;
        }
        let last = self.word(b - 1);
        // A listed mention may be inside, not at the descriptive word; and
        // most runs end with no word of the lists.
        let no_kind_word = self.listed[b - 1].is_some() || !KIND_LAST.may_hold(last);
        // `... Air Base`, `... News Agency`.
        if b - a >= 3 && !no_kind_word {
            let pair = (self.word(b - 2), last);
            let kind = if PLACE_AFTER_TWO.contains(&pair) {
                Some(EntityType::Place)
            } else if OUTLET_AFTER_TWO.contains(&pair) {
                Some(EntityType::Outlet)
            } else {
                None
            };
            if let Some(kind) = kind {
                let place = kind == EntityType::Place;
                let s = self.name_start(a..b - 2, 3, place);
                let site = SITES.contains(&last) && self.site_covers(s, b - 2, b - 1);
                if s < b - 2
                    && self.proper_with(s, b - 2, place)
                    && self.plain_words(s, b - 2)
                    && (place || !self.goes_on(b - 1))
                    && (site || self.may_cover(s, b - 2, &kind))
                {
                    self.push(s, b - 1, kind);
                    return;
                }
            }
        }
        if b - a >= 2 && !no_kind_word {
            let kind = if PLACE_AFTER.contains(&last) || SITES.contains(&last) {
                Some(EntityType::Place)
            } else if OUTLET_AFTER.contains(&last) {
                Some(EntityType::Outlet)
            } else if MILITIA_AFTER.contains(&last) {
                Some(EntityType::Militia)
            } else {
                None
            };
            if let Some(kind) = kind {
                let place = kind == EntityType::Place;
                let s = self.name_start(a..b - 1, 4, place);
                // `Sen. John Tower`, `chairman John Tower`: a person.
                let office = SITES.contains(&last)
                    && ((s..b - 1).any(|i| {
                        self.lex(i).any(Lex::TITLE | Lex::ABBREVIATION)
                            && !words::is_others_title(self.lower(i))
                    }) || (s > 0
                        && self.joined(s - 1)
                        && self.lex(s - 1).any(Lex::ROLE | Lex::TITLE)
                        && self.lex(s).any(Lex::GIVEN)));
                // A site takes in the person or place it is named for
                // (`Rafic Hariri International Airport`, `Yazd Water
                // Museum`): the longest name wins.
                let site = SITES.contains(&last) && self.site_covers(s, b - 1, b - 1);
                let ok = s < b - 1
                    && !office
                    && self.proper_with(s, b - 1, place)
                    && self.plain_words(s, b - 1)
                    && (place || !self.goes_on(b - 1))
                    && (site || self.may_cover(s, b - 1, &kind))
                    && (kind != EntityType::Militia
                        || !(s..b - 1).any(|i| self.lex(i).any(Lex::STATE_FORCE)));
                if ok {
                    self.push(s, b - 1, kind);
                    return;
                }
            }
        }
        // `Camp Speicher`, `Radio Farda`, `Kata'ib Sayyid al-Shuhada`.
        for i in a..b.saturating_sub(1) {
            if self.listed[i].is_some() || !KIND_FIRST.may_hold(self.lower(i)) {
                continue;
            }
            let w = self.word(i);
            let kind = if PLACE_BEFORE.contains(&w) {
                EntityType::Place
            } else if OUTLET_BEFORE.contains(&w) {
                EntityType::Outlet
            } else if self.lex(i).any(Lex::MILITIA_BEFORE) {
                EntityType::Militia
            } else {
                continue;
            };
            let most = if kind == EntityType::Militia { 5 } else { 3 };
            // A lake's or a mountain's name ends before a common word
            // (`Lake Urmia Restoration Program` names `Lake Urmia`).
            let feature = matches!(w, "Lake" | "Mount" | "Mt");
            let common = |e: usize| {
                self.shape(e) == Shape::Cap
                    && self.lex(e).any(Lex::ENGLISH)
                    && !self.lex(e).any(Lex::GIVEN)
            };
            let mut e = i + 1;
            while e < b
                && e - i <= most
                && self.shape(e) != Shape::Acronym
                && !(feature && e > i + 1 && common(e))
            {
                e += 1;
            }
            while e > i + 1 && self.shape(e - 1) == Shape::Particle {
                e -= 1;
            }
            let militia = kind == EntityType::Militia;
            // The name runs to the end of the capitalized words (`Cape
            // Canaveral Air Force Station` is no `Cape Canaveral`), but
            // for a lake's or a mountain's.
            if (e == b || (feature && e > i + 1 && common(e)))
                && e > i + 1
                && self.proper_with(i + 1, e, militia)
                && self.plain_words(i + 1, e)
                && (kind == EntityType::Place || !self.goes_on(e - 1))
                && self.may_cover(i + 1, e, &kind)
            {
                self.push(i, e - 1, kind);
                return;
            }
        }
    }

    /// Are tokens `a..b` the specific words of a name, with no word of an
    /// organization among them (`Lake Resources Inc`, `Camp Corp`)?
    fn plain_words(&self, a: usize, b: usize) -> bool {
        (a..b).all(|i| !self.lex(i).any(Lex::ORG | Lex::COMPANY))
    }

    /// Does a longer name go on after token `last`: ` of ` or ` and ` and a
    /// capitalized word (`Nippon Telegraph and Telephone`, `New England
    /// Journal of Medicine`)?
    fn goes_on(&self, last: usize) -> bool {
        let rest = &self.text[self.toks[last].end..];
        ["of ", "and ", "& "].iter().any(|w| {
            rest.strip_prefix(' ')
                .and_then(|r| r.strip_prefix(w))
                .is_some_and(|r| r.starts_with(char::is_uppercase))
        })
    }

    /// May a name of `kind` take in the listed mentions of tokens `a..b`?
    /// An outlet or a militia may take places and militias in (`Tehran
    /// Radio`, `Faylaq Badr`); a place takes in nothing listed (`Tigris
    /// River` stays the gazetteers' `Tigris`).
    fn may_cover(&self, a: usize, b: usize, kind: &EntityType) -> bool {
        (a..b).all(|i| match self.listed[i] {
            None => true,
            Some(Held::Place) => *kind != EntityType::Place,
            Some(Held::Militia) => *kind == EntityType::Militia,
            Some(Held::Person | Held::Other) => false,
        })
    }

    /// May a site's name ending at token `last` take the words `a..b` in:
    /// none is of a listed name but a person's or a place's, the name ends
    /// there (`Tehran Museum of Contemporary Art` is an institution's name,
    /// which keeps its place), it is not a museum's, and its line is not in
    /// title case.
    fn site_covers(&self, a: usize, b: usize, last: usize) -> bool {
        // In a headline in title case, the capital of `Airport` says
        // nothing: `Blast Hits Kabul Airport` is Kabul's airport.
        // A museum is an institution as often as a site (`Shanghai Museum
        // Director Yang Zhigang`), whose name keeps its place.
        self.word(last) != "Museum"
            && !self.goes_on(last)
            && !crate::english::in_title_case(self.text, self.toks[last].start)
            && (a..b).all(|i| !matches!(self.listed[i], Some(Held::Militia | Held::Other)))
    }

    /// People: a given name and a surname, or capitalized words after a
    /// title, a role or a verb of saying.
    fn people(&mut self) {
        for run in self.runs(false) {
            let mut cue = self.cue_before(run.start);
            // One word is a person's name only after a title (see
            // `person_ok`): a run of one word without one names no one, and
            // its word need not be looked up (most runs are one word: a
            // sentence's first, a name alone).
            if run.len() == 1 && cue != Cue::Title {
                continue;
            }
            // `Imam Reza`: the one title that stays in a name's span.
            let mut imam = None;
            let mut i = run.start;
            while i < run.end {
                let w = self.lower(i);
                let l = self.lex(i);
                let shape = self.shape(i);
                let dean = w == "dean" && i + 1 < run.end && self.shape(i + 1) == Shape::Cap;
                if shape == Shape::Cap && l.any(Lex::NOT_TITLE) {
                    i += 1;
                    continue;
                }
                // `Lieutenant-General`: a title in any part.
                let compound = w.contains(['-', ' ']);
                let title = if compound {
                    w.split(['-', ' '])
                        .any(|p| lexicon::lex(p).any(Lex::TITLE | Lex::ABBREVIATION))
                } else {
                    l.any(Lex::TITLE | Lex::ABBREVIATION)
                };
                // A title in capitals too: `Nationals MP Barnaby Joyce`.
                let cap_or_title = shape == Shape::Cap || (shape == Shape::Acronym && title);
                if cap_or_title && w != "said" && !dean && (title || l.any(Lex::ROLE)) {
                    // `the Admiral Nakhimov` is a ship's name.
                    let the = i > 0 && self.joined(i - 1) && self.lower(i - 1) == "the";
                    cue = if the {
                        Cue::None
                    } else if title {
                        Cue::Title
                    } else {
                        Cue::Role
                    };
                    imam = (w == "imam").then_some(i);
                    i += 1;
                    continue;
                }
                // The first part of a compound: `Abdul-Mahdi`.
                let first = if compound {
                    lexicon::lex(w.split(['-', ' ']).next().unwrap_or(""))
                } else {
                    l
                };
                let given = shape == Shape::Cap
                    && !article_capital(self.word(i))
                    && !l.any(Lex::FUNCTION)
                    && (first.any(Lex::GIVEN | Lex::KUNYA) || dean);
                // A name no list has, told by what follows it (`Toyoo
                // Gyohten, Vice Finance Minister for ...`).
                let apposed =
                    !given && i == run.start && cue == Cue::None && self.apposed(run.clone());
                let titled = (cue != Cue::None || apposed)
                    && shape == Shape::Cap
                    && !l.any(Lex::ENGLISH | Lex::MONTH | Lex::WEEKDAY);
                // A given name, a common word that is none, then a given
                // name: the end of an office's name before its holder
                // (`Minister of Transport and Urban Development Rostam
                // Qasemi`); the person's name starts at the second, and
                // has a surname (`Yves Saint Laurent` is one name).
                let office_end = given
                    && cue == Cue::None
                    && i + 3 < run.end
                    && self.shape(i + 1) == Shape::Cap
                    && self.lex(i + 1).any(Lex::ENGLISH)
                    && !self.lex(i + 1).any(Lex::GIVEN)
                    && self.shape(i + 2) == Shape::Cap
                    && self.lex(i + 2).any(Lex::GIVEN);
                if !(given || titled) || office_end {
                    cue = Cue::None;
                    imam = None;
                    i += 1;
                    continue;
                }
                let mut e = i + 1;
                while e < run.end && e - i < 5 {
                    let stop = self.shape(e) == Shape::Acronym
                        || self
                            .lex(e)
                            .any(Lex::ORG | Lex::TITLE | Lex::MONTH | Lex::WEEKDAY);
                    if stop {
                        break;
                    }
                    e += 1;
                }
                while e > i + 1 && matches!(self.shape(e - 1), Shape::Particle | Shape::Initial) {
                    e -= 1;
                }
                let mut next = e;
                if self.person_ok(i, e, cue, run.end) {
                    let from = if imam == Some(i.wrapping_sub(1)) {
                        i - 1
                    } else {
                        i
                    };
                    self.push(from, e - 1, EntityType::Person);
                } else if e - i >= 2 && self.org_follows(e, run.end) {
                    self.org_names.push(self.key(i, e));
                } else if apposed && !given {
                    // Not a name from its first word: one may start at the
                    // next (`the Exchequer Nigel Lawson, who`).
                    next = i + 1;
                }
                cue = Cue::None;
                imam = None;
                i = next;
            }
        }
    }

    fn key(&self, a: usize, b: usize) -> String {
        normalize::key(&self.text[self.toks[a].start..self.toks[b - 1].end])
    }

    /// Is a word of an organization right after tokens `..e` of a run
    /// ending at `run_end` (`Ali Shariati Street`, `Merrill Lynch and Co`)?
    fn org_follows(&self, e: usize, run_end: usize) -> bool {
        if e < run_end && (self.lex(e).any(Lex::ORG) || self.shape(e) == Shape::Acronym) {
            return true;
        }
        let rest = &self.text[self.toks[e - 1].end..];
        let rest = rest.trim_start_matches([',', ' ']);
        let rest = rest
            .strip_prefix("and ")
            .or_else(|| rest.strip_prefix("& "))
            .unwrap_or(rest);
        COMPANY_AFTER.iter().any(|c| {
            rest.strip_prefix(c)
                .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
        })
    }

    /// Do tokens `a..e` make a person's name?
    fn person_ok(&self, a: usize, e: usize, cue: Cue, run_end: usize) -> bool {
        let words_in = (a..e).filter(|&i| self.shape(i) == Shape::Cap).count();
        // One word is a person's only after a title or role (`General
        // Amiri`), not after `said` (`said Citibank`).
        if words_in < 2 && !(cue == Cue::Title && words_in == 1) {
            return false;
        }
        if self.org_follows(e, run_end) {
            return false;
        }
        let last = self.lower(e - 1);
        let (last_lex, first_lex) = (self.lex(e - 1), self.lex(a));
        if words_in == 1 {
            // A surname after a title (`General Amiri`): no common word,
            // no given name alone, and the end of a clause or a verb after
            // it (not `Sgt. York gun`).
            let verb_after = e >= self.toks.len()
                || !self.joined(e - 1)
                || match self.shape(e) {
                    Shape::Lower => {
                        let next = self.word(e);
                        self.lex(e).any(Lex::CLAUSE)
                            || SAYING.contains(&next)
                            || next.ends_with("ed")
                            || next.ends_with('s')
                    }
                    _ => false,
                };
            return verb_after
                && last.chars().count() >= 3
                && !last_lex.any(Lex::ORG | Lex::COMPANY | Lex::ENGLISH | Lex::GIVEN)
                && !self.demonym(a);
        }
        // A plural common word ends a company's name (`Stuart
        // Pharmaceuticals`), not a person's; but a surname may read as one
        // after a title or a role and a first name that is no common word
        // (`Senator Lawton Chiles`, `Democrat Lawton Chiles`), outside a
        // headline in title case (`Governor Reeves Opts Into`).
        if last_lex.any(Lex::ENGLISH)
            && last.ends_with('s')
            && !(matches!(cue, Cue::Title | Cue::Role)
                && e - a == 2
                && !first_lex.any(Lex::ENGLISH | Lex::ORG | Lex::COMPANY)
                && !last_lex.any(Lex::ORG | Lex::COMPANY)
                && last.len() >= 4
                && self.word(a).chars().all(|c| c.is_alphabetic() || c == '-')
                && !crate::english::in_title_case(self.text, self.toks[a].start)
                && !BUSINESS_PLURALS.contains(&last))
        {
            return false;
        }
        // Common words both (`Will Power`), unless a title says so.
        if last_lex.any(Lex::ENGLISH) && first_lex.any(Lex::ENGLISH) && cue == Cue::None {
            return false;
        }
        // Two common words after the first are a phrase in capitals, not a
        // name (`Loan Release Call Avge Rate`, a table's heading).
        let common = (a + 1..e)
            .filter(|&i| {
                let l = self.lex(i);
                self.shape(i) == Shape::Cap && l.any(Lex::ENGLISH) && !l.any(Lex::GIVEN)
            })
            .count();
        // The rest of a place's name (`Barbara Channel` of `Santa Barbara
        // Channel`).
        if a > 0
            && self.joined(a - 1)
            && self.shape(a - 1) == Shape::Cap
            && words::is_place_word(self.lower(a - 1))
        {
            return false;
        }
        if common >= 2 && cue == Cue::None {
            return false;
        }
        // A firm of partners before a role and its holder (`Carroll
        // McEntee and McGinley analyst Brian Singer`); not a person's name
        // and another's description (`Herve Renard and Australia coach`,
        // `Asghar Farhadi and Oscar-nominated filmmaker`).
        if e + 2 < self.toks.len()
            && self.word(e) == "and"
            && self.joined(e - 1)
            && self.joined(e)
            && self.shape(e + 1) == Shape::Cap
            && self.listed[e + 1].is_none()
            && !self.word(e + 1).contains('-')
            && !self.demonym(e + 1)
            && self.joined(e + 1)
            && self.shape(e + 2) == Shape::Lower
            && self.lex(e + 2).any(Lex::ROLE)
        {
            return false;
        }
        if (a..e).any(|i| {
            self.lex(i).any(Lex::WEEKDAY)
                || (i == a && self.demonym(i))
                || (i + 1 == e && self.demonym_with(i, false))
        }) {
            return false;
        }
        // `the Philip Morris brand`; a name alone in quotes (a work).
        let before = self.text[..self.toks[a].start].trim_end();
        let the = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("the"));
        let quoted = before.ends_with(['"', '“', '‘'])
            && self.text[self.toks[e - 1].end..].starts_with(['"', '”', '’']);
        !(quoted || (the && cue == Cue::None))
    }

    /// Is the run `run` two or three capitalized words that may be a
    /// person's name though none is a given name: none a common English
    /// word, a word of an organization's name, a title, a role, a demonym,
    /// a month, no acronym or initial among them, and not starting as
    /// places' names do (`Tal Afar`, `Rio Grande`)?
    fn bare_name(&self, run: Range<usize>) -> bool {
        let words = (run.start..run.end)
            .filter(|&i| self.shape(i) == Shape::Cap)
            .count();
        (2..=3).contains(&words)
            && !words::is_place_word(self.lower(run.start))
            && (run.start..run.end).all(|i| match self.shape(i) {
                Shape::Particle => true,
                Shape::Cap => {
                    let l = self.lex(i);
                    !l.any(Lex::ORG | Lex::COMPANY | Lex::TITLE | Lex::ROLE | Lex::FUNCTION)
                        && (!l.any(Lex::ENGLISH | Lex::MONTH | Lex::WEEKDAY) || l.any(Lex::GIVEN))
                        && !self.demonym(i)
                }
                _ => false,
            })
    }

    /// The full names of people the text names by a title and a surname
    /// (`Mr. Gyohten`, `General Amiri`): a run of two or three words
    /// ending in that surname elsewhere in the field (`Toyoo Gyohten
    /// said`) names the same person, though no list has its given name.
    fn full_names(&mut self) {
        let surnames: rustc_hash::FxHashSet<String> = self
            .found
            .iter()
            .filter(|f| f.kind == EntityType::Person && !f.name.contains(char::is_whitespace))
            .map(|f| normalize::key(&f.name))
            .collect();
        if surnames.is_empty() {
            return;
        }
        for run in self.runs(false) {
            let last = run.end - 1;
            if self.shape(last) != Shape::Cap
                || !surnames.contains(self.lower(last))
                || !self.bare_name(run.clone())
                || self.lower_before(run.start).is_some_and(|w| w == "the")
            {
                continue;
            }
            self.push(run.start, last, EntityType::Person);
        }
    }

    /// Names no list's given name starts, in a list with a person's name
    /// (`Jalal Hosseini and Vouria Ghaffouri`, `Maryam Hazrati, Sareh
    /// Mohammadi, and Shahla Khosravi`): joined by `and` to a listed person
    /// or to one found by a given name before this pass, or between two
    /// such people in a list. The name is a [`Reader::bare_name`],
    /// not after a preposition of place or `of` (`of Societe Bancaire du
    /// Liban and Walid Nasouli`), and ends where a list's item ends: at a
    /// separator, a stop, or a word that is no role, title or word of a
    /// group or a place (not `Shahram Irani and Jahad Daneshgahi director`).
    fn coordinated(&mut self) {
        let before_pass = self.found.len();
        for run in self.runs(false) {
            let (s, e) = (self.toks[run.start].start, self.toks[run.end - 1].end);
            let before = &self.text[..s];
            let after = &self.text[e..];
            let and_before = before.ends_with(" and ");
            let and_after = after.starts_with(" and ");
            let sep_before = and_before || before.ends_with(", ");
            let sep_after = and_after || after.starts_with(", ");
            if !(sep_before || sep_after) {
                continue;
            }
            // The token of the person's name across each separator.
            let prev = if and_before {
                run.start.checked_sub(2)
            } else if sep_before {
                run.start.checked_sub(1)
            } else {
                None
            };
            let next = if and_after {
                Some(run.end + 1)
            } else if sep_after {
                Some(run.end)
            } else {
                None
            };
            // A listed person, or one found by a given name (not by a
            // title, whose errors would spread through a list of places).
            let person = |i: usize| {
                i < self.toks.len()
                    && (self.listed[i] == Some(Held::Person)
                        || self.found[..before_pass].iter().any(|f| {
                            f.kind == EntityType::Person
                                && f.start <= self.toks[i].start
                                && self.toks[i].end <= f.end
                                && f.name.split_whitespace().next().is_some_and(|w| {
                                    lexicon::lex(&normalize::key(w)).any(Lex::GIVEN | Lex::KUNYA)
                                })
                        }))
            };
            // Joined by `and` to a person, or by commas between two.
            let joined = (and_before && prev.is_some_and(person))
                || (and_after && next.is_some_and(person))
                || (sep_before
                    && sep_after
                    && prev.is_some_and(person)
                    && next.is_some_and(person));
            if !joined || self.taken(s, e) || !self.bare_name(run.clone()) {
                continue;
            }
            let preposition = self
                .lower_before(run.start)
                .is_some_and(|w| w == "of" || PLACE_PREPOSITIONS.contains(&w.as_ref()));
            // A noun after it makes the run a modifier (`Jahad Daneshgahi
            // director`), not a list's item.
            let item_ends = sep_after
                || !after.starts_with(' ')
                || run.end >= self.toks.len()
                || self.shape(run.end) != Shape::Lower
                || !self
                    .lex(run.end)
                    .any(Lex::ROLE | Lex::TITLE | Lex::ORG | Lex::DESCRIPTIVE);
            if preposition || !item_ends {
                continue;
            }
            self.push(run.start, run.end - 1, EntityType::Person);
        }
    }

    /// Does what follows the run of capitalized words `run` say that it
    /// names a person, though no word of it is a given name: an apposition
    /// of a role or title (`Toyoo Gyohten, Vice Finance Minister for ...`,
    /// `Kizza Besigye, the opposition leader,`), an age (`Kizza Besigye,
    /// 68,`), `who`, or `told` and whom (`told reporters`, a listed outlet
    /// or person)?
    ///
    /// The run is two or three words, none a common English word, a word of
    /// an organization's name, a demonym or an acronym, and not the place
    /// of a preposition (`in Tal Afar, the governor said`). A role followed
    /// by a capitalized word is that name's (`Goldman Sachs, chief
    /// economist Jim O'Neill said`), not the run's.
    fn apposed(&self, run: Range<usize>) -> bool {
        if !self.bare_name(run.clone()) {
            return false;
        }
        if let Some(w) = self.lower_before(run.start)
            && PLACE_PREPOSITIONS.contains(&w.as_ref())
        {
            return false;
        }
        let after = &self.text[self.toks[run.end - 1].end..];
        // `told reporters`, `told Reuters`: told someone, by a person.
        if let Some(told) = after.strip_prefix(" told ") {
            let k = run.end + 1;
            return TOLD.iter().any(|w| {
                told.strip_prefix(w)
                    .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
            }) || (k < self.toks.len()
                && self.toks[k].start == self.toks[run.end].end + 1
                && matches!(self.listed[k], Some(Held::Person | Held::Other)));
        }
        let Some(rest) = after.strip_prefix(", ") else {
            return false;
        };
        if rest.starts_with("who ") {
            return true;
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 2 && rest[2..].starts_with(", ") {
            return true;
        }
        let mut role = false;
        for (n, word) in rest.split(' ').take(6).enumerate() {
            let bare = word.trim_end_matches([',', '.', ';', ':']);
            let ends = bare.len() < word.len();
            if bare.is_empty() || !bare.chars().all(|c| c.is_alphabetic() || c == '-') {
                return false;
            }
            let key = lowercase(bare);
            let capital = bare.starts_with(char::is_uppercase);
            if role && capital {
                return false;
            }
            if n == 0 && APPOSITION_FIRSTS.contains(&key.as_ref()) {
                continue;
            }
            let l = lexicon::context(&key);
            if l.any(Lex::ROLE | Lex::TITLE) && !l.any(Lex::NOT_TITLE) {
                role = true;
            } else if role && CLAUSE_WORDS.contains(&key.as_ref()) {
                return true;
            }
            if ends {
                return role;
            }
        }
        false
    }

    /// Is the word before token `i` a role or title (`spokesman Ali
    /// Hassan`) or a verb of saying (`said Abbas Moghtadaei`), in lowercase?
    fn cue_before(&self, i: usize) -> Cue {
        let Some(w) = self.lower_before(i) else {
            return Cue::None;
        };
        let w = w.trim_end_matches('.');
        let l = lexicon::context(w);
        if SAYING.contains(&w) {
            Cue::Saying
        } else if l.any(Lex::NOT_TITLE) {
            Cue::None
        } else if l.any(Lex::TITLE | Lex::ABBREVIATION) {
            Cue::Title
        } else if l.any(Lex::ROLE) {
            Cue::Role
        } else {
            Cue::None
        }
    }

    /// The key a name may be written by alone later in the field, and
    /// whether that is a short form: a person's surname (`Lowcock` of `Mark
    /// Lowcock`), unless it is a frequent given name or ends a patronymic
    /// chain (a common word, `Ford` of `Robert Ford`, only where the text
    /// uses it as a name); a one-word name itself (`Balao` after `the town
    /// of Balao`).
    fn alone_key(f: &Found) -> Option<(String, bool)> {
        let key = normalize::key(&f.name);
        // One word, though its key may have two (`Adib-Moghaddam`).
        if !f.name.contains(char::is_whitespace) {
            return Some((key, false));
        }
        if f.kind != EntityType::Person {
            return None;
        }
        let words_of: Vec<&str> = f.name.split_whitespace().collect();
        let last = normalize::key(words_of.last()?);
        // `Osama bin Laden`, `Willy De Croo`: the surname is more than its
        // last word.
        let chain = key
            .split(' ')
            .any(|w| PARTICLES.contains(&w) || matches!(w, "ben" | "ould"));
        let ok = !chain
            && last.chars().count() >= 4
            && !matches!(
                last.as_str(),
                "shah" | "khan" | "pasha" | "bey" | "agha" | "effendi"
            )
            && !lexicon::lex(&last).any(Lex::TITLE | Lex::FREQUENT_GIVEN | Lex::KUNYA);
        ok.then_some((last, true))
    }

    /// A person's name of several words that ends a longer one found
    /// before it (`Jaberi Ansari` after `Hossein Jaberi Ansari`) is a short
    /// form of that one, when only one does.
    fn tails(&mut self) {
        let people: Vec<(usize, String)> = self
            .found
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == EntityType::Person && f.name.contains(' '))
            .map(|(i, f)| (i, normalize::key(&f.name)))
            .collect();
        if people.len() < 2 {
            return;
        }
        for (i, key) in &people {
            let mut longer = people.iter().filter(|(j, k)| {
                k.len() > key.len()
                    && k.ends_with(key.as_str())
                    && k.as_bytes()[k.len() - key.len() - 1] == b' '
                    && self.found[*j].start < self.found[*i].start
            });
            let Some(&(j, ref k)) = longer.next() else {
                continue;
            };
            if longer.all(|(_, other)| other == k) {
                let name = self.found[j].name.clone();
                let f = &mut self.found[*i];
                f.name = name;
                f.short = true;
            }
        }
    }

    /// Where a surname at token `i` starts, taking in the capitalized words
    /// before it that are the words before the last of `name` (the full
    /// name it is a short form of), but never its first word: `Jaberi
    /// Ansari` of `Hossein Jaberi Ansari`.
    fn surname_start(&self, i: usize, name: &str) -> usize {
        let words: Vec<&str> = name.split_whitespace().collect();
        let (mut from, mut w) = (i, words.len().saturating_sub(1));
        let mut key = String::new();
        while from > 0 && w > 1 && self.joined(from - 1) {
            key.clear();
            word_key(words[w - 1], &mut key);
            if self.shape(from - 1) != Shape::Cap || self.lower(from - 1) != key {
                break;
            }
            from -= 1;
            w -= 1;
        }
        from
    }

    /// The names found, written alone elsewhere in the field: a person's
    /// surname, a place's or outlet's one-word name, linked to the name
    /// found where the word stands alone (no capitalized word joined to it
    /// but a title, or one capitalized for the sentence).
    fn short_forms(&mut self) {
        self.tails();
        // (key, found index, short)
        let mut keys: Vec<(String, usize, bool)> = Vec::new();
        // Where each key is in `keys`: a look-up, not a scan (quadratic in
        // a long document).
        let mut index: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        // The key of each name, computed once for the two passes below.
        let mut alone: Vec<Option<(String, bool)>> =
            self.found.iter().map(Self::alone_key).collect();
        // Surnames of the names of several words first, then the names of
        // one word: `Mr. Lowcock` is a short form of `Mark Lowcock`.
        for short_first in [true, false] {
            for (fi, slot) in alone.iter_mut().enumerate() {
                let Some((key, short)) = slot.take_if(|(_, short)| *short == short_first) else {
                    continue;
                };
                match index.get(&key).copied() {
                    Some(p) if !short && keys[p].2 && keys[p].1 != usize::MAX => {
                        let full = &self.found[keys[p].1];
                        let (name, kind) = (full.name.clone(), full.kind.clone());
                        if kind == self.found[fi].kind {
                            let f = &mut self.found[fi];
                            f.name = name;
                            f.short = true;
                        }
                    }
                    // Two names of one surname: the surname alone is no one's.
                    Some(p) if self.found[keys[p].1.min(fi)].name != self.found[fi].name => {
                        keys[p].1 = usize::MAX
                    }
                    Some(_) => {}
                    None => {
                        index.insert(key.clone(), keys.len());
                        keys.push((key, fi, short));
                    }
                }
            }
        }
        if keys.is_empty() {
            return;
        }
        let mut added = Vec::new();
        for &i in &self.caps {
            let t = &self.toks[i];
            if !matches!(t.shape, Shape::Cap | Shape::Acronym) || self.listed[i].is_some() {
                continue;
            }
            let key = self.lower(i);
            let Some(&(_, fi, short)) = index.get(key).map(|&p| &keys[p]) else {
                continue;
            };
            if fi == usize::MAX || self.taken(t.start, t.end) {
                continue;
            }
            let cap =
                |k: usize| matches!(self.shape(k), Shape::Cap | Shape::Initial | Shape::Acronym);
            // A surname of several words (`Jaberi Ansari` of `Hossein
            // Jaberi Ansari`): the words before it that end the full name
            // too, but never its first.
            let from = if short {
                self.surname_start(i, &self.found[fi].name)
            } else {
                i
            };
            let before = from > 0
                && self.joined(from - 1)
                && cap(from - 1)
                && !self.lex(from - 1).any(Lex::TITLE | Lex::ROLE)
                && !crate::english::at_sentence_start(self.text, self.toks[from - 1].start);
            let after = i + 1 < self.toks.len() && self.joined(i) && cap(i + 1);
            // A common word (`Ford` of `Robert Ford`) where the text uses
            // it as a name.
            if before
                || after
                || (short
                    && self.lex(i).any(Lex::ENGLISH)
                    && !crate::english::common_surname_in_use(self.text, t.start, t.end))
            {
                continue;
            }
            let f = &self.found[fi];
            let start = self.toks[from].start;
            if from < i && self.taken(start, t.end) {
                continue;
            }
            added.push(Found {
                start,
                end: t.end,
                kind: f.kind.clone(),
                name: f.name.clone(),
                short,
            });
        }
        self.found.extend(added);
    }
}

/// Is `w` one of [`ABBREVIATIONS`], as written (`Gen`)?
fn is_abbreviation(w: &str) -> bool {
    w.len() <= 4 && ABBREVIATIONS.contains(&w)
}

/// `w` in lowercase, borrowed when it is already (most words are).
fn lowercase(w: &str) -> Cow<'_, str> {
    if w.bytes()
        .all(|b| b.is_ascii_lowercase() || !b.is_ascii_alphabetic() && b < 0x80)
    {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// The key of one word (`normalize::key`), written at the end of `out`;
/// computed directly for plain ASCII words, which most are.
fn word_key(w: &str, out: &mut String) {
    let w = w.trim_end_matches('.');
    let bytes = w.as_bytes();
    // Letters and digits only (most words): the word in lowercase.
    if bytes.iter().all(u8::is_ascii_alphanumeric) {
        let from = out.len();
        out.push_str(w);
        out[from..].make_ascii_lowercase();
        return;
    }
    if !bytes
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'\'')
    {
        out.push_str(&normalize::key(w));
        return;
    }
    let from = out.len();
    for &b in bytes {
        match b {
            b'\'' => {}
            b'-' => {
                if out.len() > from && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            _ => out.push(b.to_ascii_lowercase() as char),
        }
    }
    while out.len() > from && out.ends_with(' ') {
        out.pop();
    }
}

/// `James C.\nLane` → `James C. Lane`.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The unlisted names of one field's `text`, whose listed mentions are
/// `listed` (sorted by start), sorted by start. They overlap no listed
/// mention, but where a longer name takes listed places or militias in
/// (`Tehran Radio`, `Faylaq Badr`): those the caller drops.
///
/// ```
/// use gazet::unlisted::{find, Listed};
/// use gazet::{EntityType, Extractor};
/// let ex = Extractor::new()?;
/// let text = "UN aid chief Mark Lowcock visited the Ketza River. Lowcock said so.";
/// let found = find(ex.matcher(), text, &[]);
/// let got: Vec<_> = found.iter().map(|f| (&text[f.start..f.end], f.kind.clone(), f.short)).collect();
/// assert_eq!(got, [
///     ("Mark Lowcock", EntityType::Person, false),
///     ("Ketza River", EntityType::Place, false),
///     ("Lowcock", EntityType::Person, true),
/// ]);
/// // A listed mention's words are not taken: `Ketza` as a listed place.
/// let listed = [Listed { start: 38, end: 43, kind: EntityType::Place }];
/// assert!(find(ex.matcher(), text, &listed).iter().all(|f| f.kind == EntityType::Person));
/// # Ok::<(), gazet::Error>(())
/// ```
pub fn find(matcher: &Matcher, text: &str, listed: &[Listed]) -> Vec<Found> {
    let mut buffers = BUFFERS.take();
    buffers.toks.clear();
    tokens::tokens_into(text, listed, &mut buffers.toks);
    let (found, buffers) = find_in_tokens(matcher, text, listed, buffers);
    BUFFERS.set(buffers.kept());
    found
}

/// The listed person an unlisted person's name is, written with middle
/// names: its first and last words are the two words of a listed person's
/// name, with one or two words between them (`Fuad Mohammed Hussein` for
/// `Fuad Hussein`, `Jamal Ahmad Khashoggi`, `Wendy R. Sherman`). Gives the
/// entity and its name.
///
/// Not for an Iranian: a Persian name of three words is a given name and a
/// surname of two (`Hossein Nouri Hamedani` is not `Hossein Hamadani`).
/// Not where a word between makes the last a father's or a family's name
/// (`Imam Hussain ibn Ali` is not Imam Ali), where the first word starts a
/// compound given name (`Mohammad Reza Baqeri` is not `Mohammad Bagheri`,
/// `Ali Akbar Velayati` is no `Ali Velayati`), where the first and last
/// words are one (`Abdullah Ahmed Abdullah`), and where the two words name
/// more than one listed entity, or a short form that is no one's full name.
///
/// ```
/// use gazet::unlisted::{find, listed_with_middle_names};
/// let ex = gazet::Extractor::new()?;
/// let text = "Foreign Minister Fuad Mohammed Hussein arrived.";
/// let found = find(ex.matcher(), text, &[]);
/// let (entity, _) = listed_with_middle_names(ex.matcher(), ex.gazetteer(), text, &found[0]).unwrap();
/// assert_eq!(ex.gazetteer().entities()[entity as usize].id, "fuad-hussein");
/// # Ok::<(), gazet::Error>(())
/// ```
pub fn listed_with_middle_names(
    matcher: &Matcher,
    gazetteer: &crate::gazetteer::Gazetteer,
    text: &str,
    f: &Found,
) -> Option<(u32, u32)> {
    if f.kind != EntityType::Person || f.short {
        return None;
    }
    let words: Vec<&str> = text.get(f.start..f.end)?.split_whitespace().collect();
    if !(3..=4).contains(&words.len()) {
        return None;
    }
    let mut keys = words.iter().map(|w| normalize::key(w));
    let first = keys.next()?;
    let middle: Vec<String> = keys.by_ref().take(words.len() - 2).collect();
    let last = keys.next()?;
    let joins = |k: &str| {
        k.split(' ').any(|w| {
            words::PATRONYMIC.contains(&w) || matches!(w, "abu" | "abou" | "umm" | "al" | "el")
        })
    };
    if first == last
        || COMPOUND_FIRST.contains(&first.as_str())
        || middle.iter().any(|m| joins(m))
        || !last.chars().next().is_some_and(char::is_alphabetic)
    {
        return None;
    }
    let key = format!("{first} {last}");
    let targets = matcher.targets_of(&key);
    // Persian names have no middle names: three words are a given name
    // and a surname of two (`Hossein Nouri Hamedani`, a cleric, is not the
    // general `Hossein Hamadani`).
    let person = |e: u32| {
        gazetteer
            .entities()
            .get(e as usize)
            .is_some_and(|x| x.kind == EntityType::Person && x.country.as_deref() != Some("IR"))
    };
    let (entity, name) = targets.first().map(|t| (t.entity, t.name))?;
    let one = targets.iter().all(|t| t.entity == entity);
    (one && person(entity)
        && targets
            .iter()
            .any(|t| t.rule == crate::matcher::KeyRule::Name))
    .then_some((entity, name))
}

/// The first words of compound given names (`Mohammad Reza`, `Ali Akbar`,
/// `Abdol Hossein`, `Seyed Ali`, `Gholam Hossein`), before which a name's
/// second word is part of the given name, not a middle name.
const COMPOUND_FIRST: &[&str] = &[
    "mohammad",
    "mohammed",
    "muhammad",
    "mohamed",
    "mohamad",
    "muhammed",
    "ali",
    "abdol",
    "abdul",
    "abd",
    "abdel",
    "abdal",
    "seyed",
    "seyyed",
    "sayyed",
    "sayed",
    "mir",
    "amir",
    "gholam",
    "gholamreza",
    "hajj",
    "haj",
];

/// Makes the word lists into the lexicon now rather than at the first
/// field that needs it (see [`crate::ExtractorBuilder::build`]).
pub(crate) fn warm() {
    lexicon::warm();
}

/// The per-token tables of one field's reading, kept by each thread from
/// one field to the next.
///
/// Why: a field's tables take a few bytes a byte of text, and a run reads
/// one field after another; allocated afresh for each, six tables a field
/// were allocated, grown and freed, and their memory first touched again.
#[derive(Default)]
struct Buffers {
    toks: Vec<Tok>,
    keys: Vec<Option<(usize, usize)>>,
    key_text: String,
    lex: Vec<std::cell::Cell<Lex>>,
    demonyms: Vec<u8>,
    listed: Vec<Option<Held>>,
    caps: Vec<usize>,
}

impl Buffers {
    /// The buffers to keep for the next field: all but those a huge field
    /// grew (more tokens than [`Buffers::KEEP`]), which go back to the
    /// allocator so that one huge document does not hold its memory for the
    /// rest of the run.
    fn kept(self) -> Buffers {
        if self.toks.capacity() > Self::KEEP {
            Buffers::default()
        } else {
            self
        }
    }

    const KEEP: usize = 1 << 16;
}

thread_local! {
    static BUFFERS: std::cell::Cell<Buffers> = std::cell::Cell::new(Buffers::default());
}

/// Does a mention of `listed` (sorted by start, apart) stick out of
/// `start..end` while overlapping it?
fn cuts(listed: &[Listed], start: usize, end: usize) -> bool {
    let first = listed.partition_point(|l| l.end <= start);
    listed[first..]
        .iter()
        .take_while(|l| l.start < end)
        .any(|l| l.start < start || l.end > end)
}

/// [`find`], over the tokens `buffers.toks` of `text` (its other tables
/// are filled here); gives the buffers back with the names.
fn find_in_tokens(
    matcher: &Matcher,
    text: &str,
    listed: &[Listed],
    buffers: Buffers,
) -> (Vec<Found>, Buffers) {
    let Buffers {
        toks,
        mut keys,
        mut key_text,
        mut lex,
        mut demonyms,
        listed: mut on,
        mut caps,
    } = buffers;
    // No capital, no name.
    if toks.is_empty() {
        let buffers = Buffers {
            toks,
            keys,
            key_text,
            lex,
            demonyms,
            listed: on,
            caps,
        };
        return (Vec::new(), buffers);
    }
    // The keys of the words a name is made of, and the lists each is on.
    key_text.clear();
    keys.clear();
    lex.clear();
    lex.resize(toks.len(), std::cell::Cell::new(Lex::UNKNOWN));
    caps.clear();
    for (i, t) in toks.iter().enumerate() {
        match t.shape {
            Shape::Cap | Shape::Initial | Shape::Acronym => {
                let word = &text[t.start..t.end];
                let bare = word.trim_end_matches('.');
                let s = key_text.len();
                if bare.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    // Its key (see `word_key`) is the word in lowercase.
                    key_text.push_str(bare);
                    key_text[s..].make_ascii_lowercase();
                    keys.push(Some((s, key_text.len())));
                } else {
                    word_key(word, &mut key_text);
                    keys.push(Some((s, key_text.len())));
                }
                // A preposition capitalized in a headline in title case
                // (`Reeves Opts Into Federal Tax Credit`) is in no name: no
                // run goes through it.
                if !title_case_preposition(word) {
                    caps.push(i);
                }
            }
            Shape::Particle => {
                keys.push(None);
                caps.push(i);
            }
            Shape::Lower | Shape::Other => keys.push(None),
        }
    }
    // The listed mention each token of a run is in: the rules ask of no
    // other token.
    on.clear();
    on.resize(toks.len(), None);
    let mut li = 0;
    for &i in &caps {
        let t = &toks[i];
        while li < listed.len() && listed[li].end <= t.start {
            li += 1;
        }
        if let Some(l) = listed[li..]
            .iter()
            .take_while(|l| l.start < t.end)
            .find(|l| l.end > t.start)
        {
            on[i] = Some(match l.kind {
                EntityType::Place => Held::Place,
                EntityType::Militia => Held::Militia,
                EntityType::Person => Held::Person,
                _ => Held::Other,
            });
        }
    }
    demonyms.clear();
    demonyms.resize(toks.len(), 0);
    let mut r = Reader {
        text,
        toks,
        keys,
        key_text,
        lex,
        demonyms: std::cell::RefCell::new(demonyms),
        runs_through: Vec::new(),
        runs_free: Vec::new(),
        listed: on,
        caps,
        matcher,
        found: Vec::new(),
        spans: std::collections::BTreeMap::new(),
        org_names: Vec::new(),
        wrapped: std::cell::Cell::new(None),
    };
    (r.runs_through, r.runs_free) = r.make_runs();
    r.by_kind_words();
    r.people();
    r.full_names();
    r.coordinated();
    // A name seen as part of an organization's is taken nowhere.
    if !r.org_names.is_empty() {
        let orgs = std::mem::take(&mut r.org_names);
        let orgs: std::collections::HashSet<String> = orgs.into_iter().collect();
        r.found
            .retain(|f| f.kind != EntityType::Person || !orgs.contains(&normalize::key(&f.name)));
        r.spans = r.found.iter().map(|f| (f.start, f.end)).collect();
    }
    // A name takes a listed one whole or not at all: the rules look at
    // tokens, and a token may be part of a listed name (`Saraya U.` would
    // end inside `U.S.`).
    let before = r.found.len();
    r.found.retain(|f| !cuts(listed, f.start, f.end));
    if r.found.len() != before {
        r.spans = r.found.iter().map(|f| (f.start, f.end)).collect();
    }
    r.short_forms();
    r.found.sort_by_key(|f| f.start);
    let buffers = Buffers {
        toks: r.toks,
        keys: r.keys,
        key_text: r.key_text,
        lex: r.lex,
        demonyms: r.demonyms.into_inner(),
        listed: r.listed,
        caps: r.caps,
    };
    (r.found, buffers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Extractor;

    fn found(text: &str) -> Vec<(String, String)> {
        let ex = Extractor::new().unwrap();
        find(ex.matcher(), text, &[])
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.kind.to_string()))
            .collect()
    }

    /// The people found in `text`, as written.
    fn people(text: &str) -> Vec<String> {
        found(text)
            .into_iter()
            .filter(|(_, kind)| kind == "person")
            .map(|(name, _)| name)
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_lake_or_a_mountain_is_no_town_of_its_name() {
        // The recognizer alone (no listed names given): the name ends
        // before a common word.
        assert_eq!(
            found("The Lake Urmia Restoration Program and Mount Damavand. Lake City grew."),
            pairs(&[("Lake Urmia", "place"), ("Mount Damavand", "place")])
        );
    }

    #[test]
    fn named_sites_are_places() {
        assert_eq!(
            found(
                "Protesters filled Tahrir Square and marched to the Umayyad Mosque. \
                 Visitors of the UNESCO-registered Naqsh-e Jahan Square praised it."
            ),
            pairs(&[
                ("Tahrir Square", "place"),
                ("Umayyad Mosque", "place"),
                ("Naqsh-e Jahan Square", "place"),
            ])
        );
        // A person whose surname is a site's word, after a title or role.
        for text in [
            "Sen. John Tower said so.",
            "The board chairman John Tower said so.",
        ] {
            assert!(
                found(text).iter().all(|(_, kind)| kind != "place"),
                "{text}: {:?}",
                found(text)
            );
        }
    }

    #[test]
    fn an_office_ends_before_its_holder() {
        assert_eq!(
            people(
                "Minister of Transport and Urban Development Rostam Qasemi visited Meybod, \
                 and Minister of Industry Reza Fatemi Amin went to Bafq."
            ),
            ["Rostam Qasemi", "Reza Fatemi Amin"]
        );
        assert_eq!(
            people("The designer Yves Saint Laurent died."),
            ["Yves Saint Laurent"]
        );
    }

    #[test]
    fn people_by_given_name_and_by_title() {
        assert_eq!(
            found("Croatian President Kolinda Grabar-Kitarovic met Andrej Plenkovic."),
            pairs(&[
                ("Kolinda Grabar-Kitarovic", "person"),
                ("Andrej Plenkovic", "person")
            ])
        );
        assert_eq!(
            found("Michael R. Hall, president of the firm, and James C.\nLane."),
            pairs(&[("Michael R. Hall", "person"), ("James C.\nLane", "person")])
        );
        assert_eq!(
            found("Second Brigadier General Amiri said the home was ready."),
            pairs(&[("Amiri", "person")])
        );
        assert_eq!(
            found("Abu Nour al-Badrani, the group's leader, said."),
            pairs(&[("Abu Nour al-Badrani", "person")])
        );
        // A title written in capitals: a member of a parliament.
        assert_eq!(
            found("Nationals MP Barnaby Joyce is preparing for surgery."),
            pairs(&[("Barnaby Joyce", "person")])
        );
    }

    #[test]
    fn people_by_what_follows_their_name() {
        // No word of these names is on a list of given names.
        assert_eq!(
            people("It will be headed by Toyoo Gyohten, Vice Finance Minister for International Affairs."),
            ["Toyoo Gyohten"]
        );
        assert_eq!(
            people("Talks were led by Toyoo Gyohten, the vice finance minister."),
            ["Toyoo Gyohten"]
        );
        assert_eq!(
            people("Police detained Kizza Besigye, who leads the opposition."),
            ["Kizza Besigye"]
        );
        assert_eq!(
            people("Police detained Kizza Besigye, 68, on Monday."),
            ["Kizza Besigye"]
        );
        assert_eq!(
            people("Kizza Besigye told reporters he would run."),
            ["Kizza Besigye"]
        );
        assert!(people("Kizza Besigye told the crowd he would run.").is_empty());
        // A role that belongs to the next name, a place, a feast, a
        // description that is no role: no person.
        assert!(!people("Goldman Sachs, chief economist Jim Oneill said.")
            .contains(&"Goldman Sachs".to_string()));
        assert!(people("Fighting went on in Tal Afar, the governor said.").is_empty());
        assert!(people("On Eid al-Fitr, the president said peace would come.").is_empty());
        assert!(people("Shares of Kidder Peabody, the brokerage, fell.").is_empty());
        // A surname after a title elsewhere (`Mr. Gyohten`) makes the run
        // ending in it a name.
        assert_eq!(
            people("Toyoo Gyohten said rates would fall. Mr. Gyohten added that the yen rose."),
            ["Toyoo Gyohten", "Gyohten"]
        );
        assert!(people("Toyoo Gyohten said rates would fall.").is_empty());
        // After `the`, the name starts later, at its given name.
        assert_eq!(
            people("He met the Chancellor of the Exchequer Nigel Lawson, who said no."),
            ["Nigel Lawson"]
        );
    }

    #[test]
    fn people_in_a_list_with_a_person() {
        // `Vouria Ghaffouri` starts with no given name on the lists.
        assert_eq!(
            people("He left defenders Jalal Hosseini and Vouria Ghaffouri out of the squad."),
            ["Jalal Hosseini", "Vouria Ghaffouri"]
        );
        assert_eq!(
            people("Winners were Ali Karimi, Vouria Ghaffouri, Jalal Hosseini and Reza Bahrami."),
            [
                "Ali Karimi",
                "Vouria Ghaffouri",
                "Jalal Hosseini",
                "Reza Bahrami"
            ]
        );
        // Not after `of` or a preposition of place; not before a noun.
        assert!(
            !people("Bankers of Societe Bancaire and Walid Nasouli met.")
                .contains(&"Societe Bancaire".to_string())
        );
        assert!(
            !people("It was attended by Jalal Hosseini and Jahad Daneshgahi director Hamid.")
                .contains(&"Jahad Daneshgahi".to_string())
        );
        // No person beside it: nothing.
        assert!(people("Shares of Kidder Peabody and Vouria Ghaffouri rose.").is_empty());
    }

    /// Each name found in `text`: its span, the full name it stands for,
    /// and whether it is a short form.
    fn spans_and_names(text: &str) -> Vec<(String, String, bool)> {
        let ex = Extractor::new().unwrap();
        find(ex.matcher(), text, &[])
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), f.name, f.short))
            .collect()
    }

    #[test]
    fn the_end_of_a_longer_name_is_its_short_form() {
        let text = "Deputy Foreign Minister Hossein Jaberi Ansari met him. Jaberi Ansari, who started his tour, spoke.";
        let got = spans_and_names(text);
        let full = "Hossein Jaberi Ansari".to_string();
        assert_eq!(
            got,
            [
                (full.clone(), full.clone(), false),
                ("Jaberi Ansari".to_string(), full, true)
            ]
        );
    }

    #[test]
    fn a_surname_of_two_words_is_found_whole() {
        // Before a verb of saying (no clause names it a person), as at
        // the end of a longer name; alone, the last word.
        let text = "Deputy Foreign Minister Hossein Jaberi Ansari met the envoy. \
                    Jaberi Ansari said the talks were good. Later Ansari left.";
        let got = spans_and_names(text);
        let full = "Hossein Jaberi Ansari".to_string();
        assert_eq!(got[0], (full.clone(), full.clone(), false));
        assert_eq!(got[1], ("Jaberi Ansari".to_string(), full.clone(), true));
        assert_eq!(got[2], ("Ansari".to_string(), full, true));
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn roles_of_public_life_and_surnames_that_read_as_plurals() {
        // A party, an art, a sport before a name no list has.
        assert_eq!(
            people(
                "It was proposed by Democrat Lawton Chiles of Florida. \
                 Actress Merila Zarei won. Coach Dragan Skocic left."
            ),
            ["Lawton Chiles", "Merila Zarei", "Dragan Skocic"]
        );
        // A plural after a title and a first name is a surname, not a
        // business's word.
        assert_eq!(
            people("Senator Jeff Sessions spoke. Chairman Joe Minerals rose."),
            ["Jeff Sessions"]
        );
        // A name, then another's description: not a firm of partners.
        assert_eq!(
            people("Director Asghar Farhadi and Oscar-nominated filmmaker Majid Majidi came."),
            ["Asghar Farhadi", "Majid Majidi"]
        );
        // `Seyyedeh` is an honorific, left out.
        assert_eq!(
            people("It was led by archaeologist Seyyedeh Mana Rohani on Monday."),
            ["Mana Rohani"]
        );
    }

    #[test]
    fn short_forms_follow_the_full_name() {
        assert_eq!(
            found("Lowcock spoke. Mark Lowcock, the UN's aid chief, and Mr. Lowcock's staff."),
            pairs(&[
                ("Lowcock", "person"),
                ("Mark Lowcock", "person"),
                ("Lowcock", "person")
            ])
        );
        // A surname that is a common word, where the text uses it as a
        // name: mid-sentence, or before a verb of saying; not a sentence's
        // start before a noun.
        assert_eq!(
            people(
                "The envoy Robert Ford spoke. Ford remarked that it was over. \
                 Ford trucks were sold. Officials met Ford in May."
            ),
            ["Robert Ford", "Ford", "Ford"]
        );
    }

    #[test]
    fn places_outlets_and_militias_by_their_words() {
        assert_eq!(
            found("It reached the Ketza River and Johnny Mountain Camp near the town of Balao."),
            pairs(&[
                ("Ketza River", "place"),
                ("Johnny Mountain Camp", "place"),
                ("Balao", "place")
            ])
        );
        assert_eq!(
            found("He told SENA news agency and Zindabad TV, then Kata'ib Sayf al-Mahdiyya."),
            pairs(&[
                ("SENA", "outlet"),
                ("Zindabad TV", "outlet"),
                ("Kata'ib Sayf al-Mahdiyya", "militia")
            ])
        );
        assert_eq!(
            found("Fighters of the Abbas Brigades and the 5th Armored Brigades met."),
            pairs(&[("Abbas Brigades", "militia")])
        );
        // The area, outskirts or countryside of a place; not of a company,
        // an adjective, or the first word of a listed name.
        assert_eq!(
            found("Strikes hit the area of al-Jabbanah and the outskirts of Baladruz."),
            pairs(&[("al-Jabbanah", "place"), ("Baladruz", "place")])
        );
        assert!(found("in the area of IMIDRO and the vicinity of Central Asian states").is_empty());
        // `area` after the name; not after an adjective.
        assert_eq!(
            found("He was killed in the Ain Baal area on Monday."),
            pairs(&[("Ain Baal", "place")])
        );
        assert!(
            found("in the Salafist area and the European-Mediterranean area, he said").is_empty()
        );
    }

    #[test]
    fn a_place_set_before_a_listed_place_and_its_division_word() {
        let ex = Extractor::new().unwrap();
        let places = |text: &str| -> Vec<String> {
            ex.extract_text(text)
                .into_iter()
                .filter(|m| m.entity.is_unlisted())
                .map(|m| format!("{} {}", &text[m.start..m.end], ex.entity(&m).kind))
                .collect()
        };
        assert_eq!(
            places("An Israeli strike on a car in Haruf, Nabatiyeh district. Another hit a motorcycle in Qlaileh, Tyre district, which killed one."),
            ["Haruf place", "Qlaileh place"]
        );
        // Not without a preposition of place, nor before an office.
        assert!(places("said Ali Hosseini, Tehran province governor.")
            .iter()
            .all(|p| !p.ends_with("place")));
        assert!(places("Hosseini, Tehran province, said so.")
            .iter()
            .all(|p| !p.ends_with("place")));
    }

    #[test]
    fn a_line_break_is_inside_a_name_only_in_wrapped_text() {
        // Lines that are paragraphs: a byline ends at its line.
        let paragraphs = "By Saeed Al-Batati\nThe ships were warned on Monday after reports \
                          of an explosion southwest of the port, the agency said in a statement.";
        assert_eq!(found(paragraphs), pairs(&[("Saeed Al-Batati", "person")]));
        // Text wrapped at a fixed width: a name goes on to the next line,
        // but not into a word of grammar.
        let wrapped = "The talks were opened by British Chancellor of the Exchequer Nigel\n\
                       Lawson, who spoke first. An aide, Ibrahim Abdul-Karim\nThe minister said.";
        assert_eq!(
            found(wrapped),
            pairs(&[
                ("Nigel\nLawson", "person"),
                ("Ibrahim Abdul-Karim", "person")
            ])
        );
    }

    #[test]
    fn guards_against_names_of_other_things() {
        // Streets, organizations, companies, works, headlines, demonyms.
        assert!(found("They met on Ali Shariati Street.").is_empty());
        // Events and bodies named like people.
        assert!(found("He spoke at Al-Rafidain Forum 2021 in Baghdad.").is_empty());
        assert!(found("She won at the Winter Olympics, Maria Toss said.")
            .iter()
            .all(|(name, _)| name == "Maria Toss"));
        assert!(found("Weintraub Entertainment Group said it rose.").is_empty());
        assert!(
            found("Merrill Lynch and Co rose. Merrill Lynch said so.").is_empty(),
            "{:?}",
            found("Merrill Lynch and Co rose. Merrill Lynch said so.")
        );
        assert!(found("He read \"Maria Stuart\" again.").is_empty());
        assert!(found("WILL POWER WINS, said the Iranian province chief.").is_empty());
        assert!(found("the Iranian province of the east, and Iraqi TV said.").is_empty());
        assert!(found("Will Power is a common phrase.").is_empty());
        // A headline in title case: its prepositions are in no name.
        assert!(found("Governor Reeves Opts Into Federal Tax Credit Program").is_empty());
        // A preposition that is a given name somewhere starts no name.
        assert!(found("Among Sumitomo's problems are its limits.").is_empty());
        // Companies named like people, and firms of partners.
        assert!(found("Fannie Mae's critics said Dow Jones rose.").is_empty());
        assert_eq!(
            found("said Carroll McEntee and McGinley analyst Brian Singer."),
            pairs(&[("Brian Singer", "person")])
        );
        // The plural of an acronym, a table's heading in capitals, a place
        // word of Spanish (`Rio`, `Santa`) and the rest of its name.
        assert!(found("Sterling CDs were steady, traders said.").is_empty());
        assert!(found("Natl Loan Release Call Avge Rate Level Price").is_empty());
        assert!(found("Soybean meal Fob Rio Grande May. The Santa Barbara Channel.").is_empty());
        // `daily` is an adverb too: an outlet's word after `the` or `told`, or
        // before a verb of reporting.
        assert!(found("Flights leave Heathrow daily, but not on Sunday.").is_empty());
        assert!(found("an English-language Indian newspaper wrote it.").is_empty());
        assert_eq!(
            found("the Zarbalan daily wrote. Kermanak daily reported it."),
            pairs(&[("Zarbalan", "outlet"), ("Kermanak", "outlet")])
        );
    }

    #[test]
    fn an_acronym_after_a_name_and_a_demonym_in_a_name() {
        // Through the listed place `Kenya` (the caller passes it as listed).
        let ex = Extractor::new().unwrap();
        let text = "the official Kenya News Agency KNA said.";
        let listed = [Listed {
            start: 13,
            end: 18,
            kind: EntityType::Place,
        }];
        let f = find(ex.matcher(), text, &listed);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (&text[f[0].start..f[0].end], &f[0].kind),
            ("Kenya News Agency", &EntityType::Outlet)
        );
        // `Japanese` ends no person's name; `al-Baghdadi` may.
        assert!(found("welcome Many Japanese banks, he said").is_empty());
        assert_eq!(
            found("Abu Nour al-Baghdadi said."),
            pairs(&[("Abu Nour al-Baghdadi", "person")])
        );
    }

    #[test]
    fn a_listed_name_is_never_taken() {
        // `Qasem Soleimani` is listed: it is the gazetteers' to find.
        assert!(found("General Qasem Soleimani").is_empty());
        assert!(found("Kata'ib Hezbollah fighters").is_empty());
    }

    #[test]
    fn word_keys_are_the_normalized_keys() {
        for w in [
            "Kata'ib",
            "Soltani-Nejad",
            "R.",
            "al-Hebtoor",
            "SENA",
            "Grabar-Kitarovic",
            "Zākhū",
            "Qāʾānī",
            "X-",
            "McDonald",
        ] {
            // Written after what the buffer holds already, as `find` does.
            let mut out = String::from("before");
            word_key(w, &mut out);
            assert_eq!(&out[6..], normalize::key(w.trim_end_matches('.')), "{w}");
        }
    }

    /// Texts of every shape for [`tokens`]: words of a small vocabulary
    /// (names, particles, titles, descriptive words, lowercase words,
    /// punctuation, non-ASCII spaces and letters) drawn by a fixed
    /// generator.
    fn random_texts() -> Vec<String> {
        const VOCABULARY: &[&str] = &[
            "the",
            "of",
            "town",
            "said",
            "on",
            "and",
            "province",
            "news",
            "agency",
            "a",
            "in",
            "Mark",
            "Lowcock",
            "Ketza",
            "River",
            "General",
            "Amiri",
            "bin",
            "al-Hebtoor",
            "Abu",
            "Radio",
            "Farda",
            "Camp",
            "Speicher",
            "Kata'ib",
            "Brigades",
            "SENA",
            "TV",
            "R.",
            "Gen.",
            "Mr.",
            "Iran's",
            "Street",
            "Inc",
            "former",
            "Iranian",
            "Monday",
            "Zākhū",
            "Qāʾānī",
            "\u{a0}",
            "—",
            ",",
            ".",
            "\"",
            "(",
            ")",
            "\n",
            "\n\n",
            "2020",
            "U.S.",
            "Balao",
            "county",
            "offices",
            "spokesman",
            "Ali",
            "Hassan",
            "Tehran",
            "Times",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..400)
            .map(|_| {
                let n = (next() % 60) as usize;
                let mut text = String::new();
                for _ in 0..n {
                    text.push_str(VOCABULARY[(next() % VOCABULARY.len() as u64) as usize]);
                    text.push_str(match next() % 9 {
                        0 => "",
                        1 => "  ",
                        _ => " ",
                    });
                }
                text
            })
            .collect()
    }

    /// Reading only the words near capitals finds what reading every word
    /// finds: on written sentences, on the sample corpus, on the seeds
    /// when `../shared` is there, and on generated texts.
    #[test]
    fn the_words_near_capitals_are_enough() {
        let ex = Extractor::new().unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut texts = random_texts();
        for dir in [root.join("examples/sample"), root.join("../shared/seeds")] {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                if let Ok(t) = std::fs::read_to_string(entry.path()) {
                    texts.push(t);
                }
            }
        }
        texts.push(
            "the town of Balao and Fars province on Monday, said spokesman Ali Hassan.".into(),
        );
        texts.push(
            "The Tehran Radio said. In Iraq, the Hezbollah Brigades and Mr. Gyohten met. \
             On Friday Gyohten, Qasem Soleimani and Vouria Ghaffouri said so. However \
             Ghaffouri's view was Iran's."
                .into(),
        );
        for text in &texts {
            // With the listed mentions of the text (whose words open no
            // window) and with none.
            let listed: Vec<Listed> = ex
                .extract_text(text)
                .iter()
                .filter_map(|m| match &m.entity {
                    crate::mention::EntityRef::Listed(i) => Some(Listed {
                        start: m.start,
                        end: m.end,
                        kind: ex.gazetteer().entities()[*i as usize].kind.clone(),
                    }),
                    crate::mention::EntityRef::Unlisted(_) => None,
                })
                .collect();
            for listed in [&listed[..], &[]] {
                let sparse = find(ex.matcher(), text, listed);
                let buffers = Buffers {
                    toks: tokens::all_tokens(text),
                    ..Buffers::default()
                };
                let (dense, _) = find_in_tokens(ex.matcher(), text, listed, buffers);
                assert_eq!(sparse, dense, "{text}");
            }
            // The sparse tokens are the dense ones, less some.
            let all = tokens::all_tokens(text);
            for t in tokens(text) {
                assert!(all
                    .iter()
                    .any(|u| (u.start, u.end, u.shape) == (t.start, t.end, t.shape)));
            }
        }
    }

    #[test]
    fn ids_are_namespaced_slugs() {
        assert_eq!(
            Found::id_of(EntityType::Place, "Band-e-Karkheh"),
            "unlisted:place:band-e-karkheh"
        );
    }
}
