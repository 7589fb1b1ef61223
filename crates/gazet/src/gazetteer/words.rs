//! Word lists compiled into the binary: common English words and given names,
//! and the words of names: titles, patronymic particles.
//!
//! They decide which names are at risk of matching ordinary text (`check`
//! warns; the GeoNames importer marks such aliases `=`), and which word of a
//! person's full name is a surname that may stand alone ([`surname_key`]: the
//! partial names of [`crate::resolve::partial`], and the GeoNames importer,
//! which keeps such surnames out of place names). Their sources and licences
//! are in `gazetteers/lists/README.md`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

const ENGLISH: &str = include_str!("../../../../gazetteers/lists/english-words.txt");
const GIVEN: &str = include_str!("../../../../gazetteers/lists/given-names.tsv");
const ENGLISH_GIVEN: &str = include_str!("../../../../gazetteers/lists/english-given-names.txt");
const WORLD_GIVEN: &str = include_str!("../../../../gazetteers/lists/world-given-names.txt");
const PERSIAN_KURDISH_GIVEN: &str =
    include_str!("../../../../gazetteers/lists/persian-kurdish-given-names.txt");

/// The titles of religion and royalty: before a frequent given name they
/// name someone else than the person a document names in full (`Imam
/// Hussein`, `Sheikh Rashid`, `King Abdullah`, not `Fuad Hussein`); see
/// [`is_others_title`]. Titles too (see [`TITLES`]).
const HONORIFICS: &[&str] = &[
    "ayatollah",
    "sheikh",
    "sheik",
    "shaikh",
    "sayyid",
    "sayed",
    "seyed",
    "seyyed",
    "sayyed",
    "seyyedeh",
    "seyedeh",
    "sayyedeh",
    "imam",
    "mullah",
    "hojatoleslam",
    "king",
    "queen",
    "prince",
    "princess",
    "emir",
    "sultan",
    "lady",
];

/// Titles and honorifics that stand before names and are also given names on
/// some list (`Sheikh`, `Imam`, `General`): never taken for a given name.
/// With [`HONORIFICS`], the titles of [`is_title`].
const TITLES: &[&str] = &[
    "general",
    "president",
    "said",
    "major",
    "marshal",
    "judge",
    "justice",
    "pastor",
    "bishop",
    "dean",
    "rev",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lord",
    "minister",
    "secretary",
    "senator",
    "sen",
    "rep",
    // A member of a parliament (`Labour MP Diane Abbott`), of the European
    // one, of the Knesset: written in capitals, before the name.
    "mp",
    "mep",
    "mk",
    "governor",
    "gov",
    "mayor",
    "chairman",
    "leader",
    "speaker",
    "commander",
    "colonel",
    "col",
    "gen",
    "lt",
    "capt",
    "captain",
    "admiral",
    "ambassador",
    "envoy",
    "premier",
    "chancellor",
    "spokesman",
    "spokeswoman",
    "pope",
    "cardinal",
    "rabbi",
    "cleric",
    "vice",
    "deputy",
    "former",
    "late",
    "sardar",
    "martyr",
    "shahid",
    "haj",
    "hajj",
    "haji",
    "hajji",
    "lieutenant",
    "brigadier",
    "sergeant",
    "sgt",
    "maj",
    "prof",
    "professor",
    "madam",
    "miss",
    "hojjatoleslam",
    "hojatolislam",
    "allameh",
    "mawlana",
    "maulana",
    "seyyid",
    "mulla",
];

/// The months: `May`, `June` and `August` are given names on some list, but
/// before a name they are mostly dates (`In late May Iraq said`).
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words that start places' names in Spanish, Portuguese and Italian (`Rio
/// Grande`, `San Pedro`), on some list of given names, and in Arabic and
/// Persian (`Madinat al-Sadr`, `Bandar Abbas`, `Ras Tanura`): never taken
/// for a given name.
const PLACE_WORDS: &[&str] = &[
    "rio", "san", "santa", "sao", "puerto", "porto", "ciudad", "cabo", "lago", "villa", "madinat",
    "medinat", "bandar", "shahrak", "kafr", "deir", "dayr", "tal", "ras", "jabal", "jebel", "wadi",
    "qasr", "jazirat",
];

/// Is this lowercase word one that starts places' names (see
/// `PLACE_WORDS`: `santa`, `rio`, `madinat`, `bandar`)?
pub fn is_place_word(word: &str) -> bool {
    PLACE_WORDS.contains(&word)
}

/// Is this lowercase word the name of a month?
pub fn is_month(word: &str) -> bool {
    MONTHS.contains(&word)
}

/// Is this lowercase word a title or honorific written before names
/// (`president`, `ayatollah`, `minister`)?
pub fn is_title(word: &str) -> bool {
    static CELL: OnceLock<HashSet<&'static str>> = OnceLock::new();
    CELL.get_or_init(|| TITLES.iter().chain(HONORIFICS).copied().collect())
        .contains(word)
}

fn set(
    cell: &'static OnceLock<HashSet<&'static str>>,
    text: &'static str,
) -> &'static HashSet<&'static str> {
    cell.get_or_init(|| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Is this normalized key (lowercase) a common English word (`republic`, `nice`)?
pub fn is_english_word(key: &str) -> bool {
    static CELL: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(&CELL, ENGLISH).contains(key)
}

fn given() -> &'static HashMap<&'static str, u32> {
    static CELL: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    CELL.get_or_init(|| {
        GIVEN
            .lines()
            .filter_map(|l| {
                let (name, count) = l.split_once('\t')?;
                Some((name, count.trim().parse().ok()?))
            })
            .collect()
    })
}

/// Every word of the lists of this module (titles, months, English words,
/// given names), each once or more: the words a merged index of them needs.
pub(crate) fn listed_words() -> impl Iterator<Item = &'static str> {
    TITLES
        .iter()
        .chain(HONORIFICS)
        .chain(MONTHS)
        .copied()
        .chain(given().keys().copied())
        .chain(
            [ENGLISH, ENGLISH_GIVEN, WORLD_GIVEN, PERSIAN_KURDISH_GIVEN]
                .into_iter()
                .flat_map(str::lines)
                .map(str::trim),
        )
        .filter(|w| !w.is_empty())
}

/// Is this normalized key (lowercase) a given name (`mehran`, `badr`)?
pub fn is_given_name(key: &str) -> bool {
    given().contains_key(key)
}

/// Words that are on some list of given names but, capitalized, mostly
/// start a sentence (`An Israeli`, `Many Japanese`) or a headline's
/// words (`Protests In Tehran`): closed-class words, never a given name
/// before a surname.
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "many",
    "some",
    "all",
    "most",
    "more",
    "his",
    "her",
    "its",
    "our",
    "their",
    "this",
    "that",
    "these",
    "those",
    "every",
    "each",
    "any",
    "no",
    "not",
    "but",
    "and",
    "or",
    "if",
    "so",
    "as",
    "at",
    "by",
    "in",
    "on",
    "to",
    "for",
    "with",
    "he",
    "she",
    "it",
    "we",
    "they",
    "you",
    "will",
    "can",
    "may",
    "also",
    "then",
    "than",
    "there",
    "here",
    "when",
    "while",
    // Prepositions, conjunctions and adverbs that start sentences (`Among
    // Sumitomo's problems`), some on a list of given names.
    "among",
    "amid",
    "amongst",
    "despite",
    "unlike",
    "like",
    "under",
    "over",
    "after",
    "before",
    "during",
    "since",
    "until",
    "although",
    "though",
    "because",
    "whether",
    "from",
    "into",
    "upon",
    "about",
    "above",
    "below",
    "between",
    "beyond",
    "across",
    "against",
    "along",
    "around",
    "behind",
    "beside",
    "besides",
    "near",
    "through",
    "throughout",
    "toward",
    "towards",
    "within",
    "without",
    "yet",
    "nor",
    "both",
    "either",
    "neither",
    "such",
    "what",
    "which",
    "who",
    "whose",
    "where",
    "why",
    "how",
    "my",
    "your",
    "another",
    "other",
    "few",
    "several",
    "only",
    "even",
    "just",
    "still",
    "already",
    "now",
    "however",
    "meanwhile",
    "thus",
    "instead",
    "once",
    "again",
    "last",
    "next",
    "unless",
];

/// Is this lowercase word one of [`FUNCTION_WORDS`]?
pub fn is_function_word(word: &str) -> bool {
    static CELL: OnceLock<HashSet<&'static str>> = OnceLock::new();
    CELL.get_or_init(|| FUNCTION_WORDS.iter().copied().collect())
        .contains(word)
}

/// Could this lowercase word be someone's given name, in the sense that a
/// surname right after it names that someone (`Nancy Reagan`, `Mojtaba
/// Khamenei`)? A given name of the OFAC list borne by two people or more, or a
/// first name of the US Census, and not a title (`Ayatollah`, `General`).
pub fn is_first_name(word: &str) -> bool {
    static CELL: OnceLock<HashSet<&'static str>> = OnceLock::new();
    if is_title(word) {
        return false;
    }
    set(&CELL, ENGLISH_GIVEN).contains(word) || given().get(word).is_some_and(|&n| n >= 2)
}

/// Is this lowercase word a given name on any list (the OFAC list, the US
/// Census, Faker's Latin-script locales: `kolinda`, `andrej`, `zahra`; the
/// Persian and Kurdish names they lack: `ashkan`, `rebwar`), and
/// no title or month? The unlisted-name recognizer starts a person's name
/// there.
pub fn is_any_given_name(word: &str) -> bool {
    // One set of the four lists, titles and months left out: the
    // recognizer asks for every capitalized word of a corpus.
    static CELL: OnceLock<HashSet<&'static str>> = OnceLock::new();
    CELL.get_or_init(|| {
        given()
            .keys()
            .copied()
            .chain(
                ENGLISH_GIVEN
                    .lines()
                    .chain(WORLD_GIVEN.lines())
                    .chain(PERSIAN_KURDISH_GIVEN.lines())
                    .map(str::trim),
            )
            .filter(|w| !w.is_empty() && !is_title(w) && !is_month(w) && !PLACE_WORDS.contains(w))
            .collect()
    })
    .contains(word)
}

/// Is this normalized key a frequent given name (`hussein`, `abbas`): borne by
/// five or more people on the source list?
pub fn is_frequent_given_name(key: &str) -> bool {
    given().get(key).is_some_and(|&n| n >= 5)
}

/// Words that join a patronymic chain (`Mohammed bin Salman Al Saud`): in
/// such a name the last word is a father's or a family's name, not the
/// person's surname.
pub(crate) const PATRONYMIC: &[&str] = &["bin", "ibn", "bint", "ben", "ould"];

/// Titles written after a name (`Reza Shah`, `Enver Pasha`): not surnames.
const TRAILING_TITLES: &[&str] = &[
    "shah", "pasha", "bey", "effendi", "agha", "sultan", "emir", "khan",
];

/// Words that join the word after them into one compound name: "servant
/// of" and the name of God it takes (`Abdul Mahdi`, `Abdel Fattah`), and
/// "father of" in family names (`Abu Marzouk`, `Bou Habib`).
const COMPOUND_HEADS: &[&str] = &[
    "abd", "abdul", "abdel", "abdol", "abdal", "abdu", "abdoul", "abu", "abou", "bou", "bu",
];

/// Is this lowercase title one that, before a frequent given name, names
/// someone else (`Imam`, `Sheikh`, `King`)? See [`ShortName::alone_only`].
pub fn is_others_title(word: &str) -> bool {
    HONORIFICS.contains(&word)
}

/// The short form by which news names a person after naming them in full:
/// `Rubin` for `Michael Rubin`, `Abdul Mahdi` for `Adel Abdul Mahdi`,
/// `Abbas` for `Mahmoud Abbas`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShortName<'a> {
    /// The short form's key (normalized).
    pub key: &'a str,
    /// The short form is also a frequent given name (`Abbas`, `Hussein`,
    /// `Rashid`): it stands for the person only where it stands alone, with
    /// no capitalized word after it (`Abbas Araghchi`) and none before it but
    /// a title that is not an honorific of someone else (`President Abbas`,
    /// not `Imam Hussein`).
    pub alone_only: bool,
    /// The short form is also a common English word (`Salami` of `Hossein
    /// Salami`, `Rice` of `Condoleezza Rice`): it stands for the person
    /// only where the text uses it as a name, capitalized where a capital
    /// says something (see [`crate::resolve::partial`]).
    pub common_word: bool,
}

/// The short form of a person's full name (normalized), if it may stand
/// alone: the surname of [`surname_key`], or a compound surname (`abdul
/// mahdi`), or a last word that is also a frequent given name, then only
/// where it stands alone.
pub fn short_name(full_name_key: &str) -> Option<ShortName<'_>> {
    let tokens: Vec<&str> = full_name_key.split(' ').collect();
    // `bin Salman` of `Mohammed bin Salman`, `bin Farhan` of `Faisal bin
    // Farhan`: the father's name alone is the father's, with `bin` it is
    // the son's.
    if let [first, middle @ .., particle, last] = &tokens[..]
        && matches!(*particle, "bin" | "ibn")
        && !middle.iter().any(|t| PATRONYMIC.contains(t))
        && !is_title(first)
        && last.chars().count() >= 3
        && last.chars().all(char::is_alphabetic)
        && !is_title(last)
    {
        let at = full_name_key.len() - particle.len() - 1 - last.len();
        return Some(ShortName {
            key: &full_name_key[at..],
            alone_only: false,
            common_word: false,
        });
    }
    if tokens.len() >= 3 && !tokens[1..].iter().any(|t| PATRONYMIC.contains(t)) {
        let head = tokens[tokens.len() - 2];
        let last = tokens[tokens.len() - 1];
        if COMPOUND_HEADS.contains(&head)
            && last.chars().count() >= 3
            && last.chars().all(char::is_alphabetic)
        {
            let at = full_name_key.len() - head.len() - 1 - last.len();
            return Some(ShortName {
                key: &full_name_key[at..],
                alone_only: false,
                common_word: false,
            });
        }
    }
    if let Some(key) = surname_key(full_name_key) {
        return Some(ShortName {
            key,
            alone_only: false,
            common_word: false,
        });
    }
    let (&last, rest) = tokens.split_last()?;
    // A surname that is also a common word (`Hossein Salami`): what the
    // text writes around it decides.
    if !rest.is_empty()
        && !rest.iter().skip(1).any(|t| PATRONYMIC.contains(t))
        && !TRAILING_TITLES.contains(&last)
        && !rest.iter().all(|t| is_title(t))
        && last.chars().count() >= 4
        && last.chars().all(char::is_alphabetic)
        && is_english_word(last)
        && !is_title(last)
        && !is_frequent_given_name(last)
    {
        return Some(ShortName {
            key: last,
            alone_only: true,
            common_word: true,
        });
    }
    // `Imam Hussein`: a title and a given name are no full name.
    let ok = rest.iter().any(|t| !is_title(t))
        && !rest.iter().skip(1).any(|t| PATRONYMIC.contains(t))
        && !TRAILING_TITLES.contains(&last)
        && !COMPOUND_HEADS.contains(rest.last()?)
        && last.chars().count() >= 4
        && last.chars().all(char::is_alphabetic)
        && !is_english_word(last)
        && is_frequent_given_name(last);
    ok.then_some(ShortName {
        key: last,
        alone_only: true,
        common_word: false,
    })
}

/// The surname key of a person's full name (normalized), if it may stand alone.
pub fn surname_key(full_name_key: &str) -> Option<&str> {
    let tokens: Vec<&str> = full_name_key.split(' ').collect();
    let (&last, rest) = tokens.split_last()?;
    if rest.is_empty()
        || rest.iter().skip(1).any(|t| PATRONYMIC.contains(t))
        || TRAILING_TITLES.contains(&last)
    {
        return None;
    }
    let ok = last.chars().count() >= 4
        && last.chars().all(char::is_alphabetic)
        && !is_english_word(last)
        && !is_frequent_given_name(last);
    ok.then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert!(
            is_english_word("republic") && is_english_word("nice") && is_english_word("turkey")
        );
        assert!(!is_english_word("basra") && !is_english_word("tehran"));
        assert!(is_given_name("mehran") && is_given_name("badr") && is_given_name("hadi"));
        assert!(!is_given_name("tehran"));
        assert!(is_any_given_name("kolinda") || is_any_given_name("andrej"));
        assert!(is_any_given_name("zahra") && is_any_given_name("nancy"));
        assert!(is_any_given_name("ashkan") && is_any_given_name("rebwar"));
        assert!(!is_any_given_name("general") && !is_any_given_name("may"));
        assert!(is_frequent_given_name("hussein") && !is_frequent_given_name("harris"));
        assert!(
            is_first_name("nancy")
                && is_first_name("mojtaba")
                && !is_first_name("ayatollah")
                && !is_first_name("president")
        );
    }

    #[test]
    fn surname_keys() {
        assert_eq!(surname_key("michael rubin"), Some("rubin"));
        assert_eq!(surname_key("rubin"), None);
        assert_eq!(surname_key("saddam hussein"), None); // a frequent given name
        assert_eq!(surname_key("condoleezza rice"), None); // an English word
        assert_eq!(surname_key("ali ali"), None); // too short
        assert_eq!(surname_key("mohammed bin salman al saud"), None); // a patronymic chain
        assert_eq!(surname_key("mohammad reza shah"), None); // a title
        assert_eq!(surname_key("ben gurion"), Some("gurion")); // `Ben` first is a name
    }

    #[test]
    fn short_names() {
        let short = |k| short_name(k).map(|s| (s.key, s.alone_only));
        let common = |k| short_name(k).is_some_and(|s| s.common_word);
        assert_eq!(short("michael rubin"), Some(("rubin", false)));
        assert_eq!(short("adel abdul mahdi"), Some(("abdul mahdi", false)));
        assert_eq!(short("abdul latif rashid"), Some(("rashid", true)));
        assert_eq!(short("mahmoud abbas"), Some(("abbas", true)));
        assert_eq!(short("fuad hussein"), Some(("hussein", true)));
        assert_eq!(short("abdul mahdi"), None); // nothing is left before it
        assert_eq!(short("abdallah bou habib"), Some(("bou habib", false)));
        assert_eq!(short("mousa abu marzouk"), Some(("abu marzouk", false)));
        assert_eq!(short("hussein"), None);
        // A title and a given name.
        assert_eq!(short("imam hussein"), None);
        // A patronymic chain: the father's name with `bin`, never alone.
        assert_eq!(short("mohammed bin salman"), Some(("bin salman", false)));
        assert_eq!(short("khalid bin salman bin abdulaziz"), None);
        // A common word: the text around it decides (it must stand alone).
        assert_eq!(short("condoleezza rice"), Some(("rice", true)));
        assert_eq!(short("hossein salami"), Some(("salami", true)));
        assert!(common("hossein salami") && !common("michael rubin") && !common("mahmoud abbas"));
        assert_eq!(short("mohammad reza shah"), None);
        assert_eq!(short("king"), None);
        assert_eq!(short("general rice"), None); // a title is no given name
    }
}
