//! The English-context rules: what the words around a match say about it.
//!
//! The matcher finds keys in normalized text; whether a key found there names
//! the entity depends on the English around it, in the original text. These
//! rules read it:
//!
//! * where a match stands as a whole word, with a possessive `’s` left outside
//!   the span (or a lost apostrophe's `s` taken in) and an Arabic article
//!   written before it taken in ([`word_span`]);
//! * sentence starts, where a capital says nothing (`at_sentence_start`);
//! * neighbouring words and given names: a given name before a surname makes
//!   someone else (`Nancy Reagan`, [`surname_of_another`]); a surname after a
//!   place named like a person makes a person (`Mehran Kamrava`,
//!   [`before_surname`]); `the` before or `of` after a capitalized common word
//!   makes it the common word (`the Republic`, `common_word_in_use`); a
//!   capitalized neighbour makes a one-word guess part of another name
//!   (`Edi Rama`, `stands_alone`); a verb of saying after a name, or a
//!   leader's institution after `the` and the name, makes a person of a
//!   common word (`Trump said`, `the Trump administration`,
//!   `stands_for_entity`);
//! * capitals: whether the text is written in mixed case at all
//!   ([`is_mixed_case`]), whether a surface keeps a name's capitals
//!   (`keeps_capitals`), is a short acronym (`FAO`, `short_capitals`), or
//!   has a lowercase word where a name has none (`capitalized_words`);
//! * the words of a spelling found by consonant skeleton: the lowercase
//!   ASCII words it is read in (`ascii_word`), and the English words of a
//!   name it must not change (`fixed_word`).
//!
//! They are kept apart from matching because they are another kind of
//! knowledge, and change for other reasons: the matcher knows tries, keys and
//! offsets and nothing of English; these rules know English and nothing of
//! keys. Resolution applies the same ones to the surnames it links across a
//! document ([`crate::resolve::partial`]) without going through the matcher.
//!
//! Most of them read a few words either side of a span, and run only where a
//! key was found. The two that scan a whole text, `is_mixed_case` (once a
//! text, at the first need) and `next_capital` (for the skeleton search), go
//! eight bytes at a time.

use crate::article;
use crate::chars::{self, swar};
use crate::gazetteer::words;
use crate::normalize::{self, Normalized};
use crate::skeleton;

/// Which rules [`word_span`] applies (the matcher's options of the same names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpanOptions {
    /// Recognize possessives (`Iran’s`, `Irans`).
    pub possessive: bool,
    /// Take an Arabic article written before the name into the span.
    pub article: bool,
}

/// Rules applied at a match, beyond the key itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SpanRules {
    /// A possessive `s` followed the name: `'s` left outside the span, or a
    /// bare `s` (lost apostrophe) taken into it.
    pub possessive: Option<Possessive>,
    /// An Arabic article before the name was taken into the span.
    pub article_added: bool,
    /// A person's name written with middle names between its two words
    /// (`Fuad Mohammed Hussein` for `Fuad Hussein`).
    pub middle_names: bool,
}

/// How a possessive was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Possessive {
    /// `Iran’s`: the apostrophe and `s` are outside the span.
    Apostrophe,
    /// `Irans`: the apostrophe was lost; the whole token is the span.
    Bare,
}

/// Where a key found at normalized bytes `ns..ne` stands in the original text,
/// if it stands there as a whole word (see [`WordSpan`]).
pub fn word_span(
    text: &str,
    norm: &Normalized,
    ns: usize,
    ne: usize,
    options: SpanOptions,
) -> Option<WordSpan> {
    let hay = norm.as_str();
    let map = norm.map();
    let key = &hay[ns..ne];
    if !chars::is_boundary(hay[..ns].chars().next_back(), key.chars().next()) {
        return None;
    }
    let last = key.chars().next_back();
    let after = hay[ne..].chars().next();
    // An ayn or hamza written as a modifier letter at either end belongs to
    // the name (`ʿAṣāʾib`, `Karbalāʾ`); normalization deleted it.
    let name_start = with_marks_before(text, map.original_start(ns)?);
    let mut name_end = map.original_end(ne)?;
    let mut rules = SpanRules::default();
    let mut end = name_end;
    let mut lowercase_s = true;
    if !chars::is_boundary(last, after) {
        // Possessive: the key, an `s`, then a boundary.
        if !(options.possessive
            && after == Some('s')
            && last.is_some_and(char::is_alphabetic)
            && chars::is_boundary(Some('s'), hay[ne + 1..].chars().next()))
        {
            return None;
        }
        let s_start = map.original_start(ne)?;
        lowercase_s = text.as_bytes().get(s_start) == Some(&b's');
        if s_start > name_end && text[name_end..s_start].chars().any(chars::is_apostrophe) {
            rules.possessive = Some(Possessive::Apostrophe);
        } else if s_start == name_end && last != Some('s') && ne - ns >= 3 {
            rules.possessive = Some(Possessive::Bare);
            end = map.original_end(ne + 1)?;
        } else {
            return None;
        }
    }
    if end == name_end && rules.possessive.is_none() {
        name_end = with_marks_after(text, name_end);
        end = name_end;
    }
    let mut start = name_start;
    if options.article
        && article::strip_article(key).is_none()
        && let Some(s) = article::article_before(text, norm, ns, key)
    {
        start = s;
        rules.article_added = true;
    }
    Some(WordSpan {
        start,
        end,
        name_start,
        name_end,
        rules,
        lowercase_s,
    })
}

/// Does `s` end in an apostrophe (of any of the forms the normalizer
/// deletes) and an `s`, after a letter: `McDonald's`, `Macy’s`, and
/// `America's` as a text writes it?
pub fn ends_with_apostrophe_s(s: &str) -> bool {
    let mut rev = s.chars().rev();
    matches!(rev.next(), Some('s' | 'S'))
        && rev.next().is_some_and(chars::is_apostrophe)
        && rev.next().is_some_and(char::is_alphabetic)
}

/// Ayn and hamza written as modifier letters, which transliterations put at
/// the ends of names (`ʿAlī`, `Karbalāʾ`) and normalization deletes.
const MARKS: [char; 4] = ['ʿ', 'ʾ', 'ʻ', 'ʼ'];

/// `start` moved back over the marks right before it, when no letter or
/// digit comes before them.
fn with_marks_before(text: &str, start: usize) -> usize {
    let marks = text[..start]
        .chars()
        .rev()
        .take_while(|c| MARKS.contains(c))
        .map(char::len_utf8)
        .sum::<usize>();
    let before = text[..start - marks].chars().next_back();
    if marks > 0 && !before.is_some_and(char::is_alphanumeric) {
        start - marks
    } else {
        start
    }
}

/// `end` moved on over the marks right after it, when no letter or digit
/// comes after them; or over an apostrophe (`'`, `’`) written for a final
/// hamza (`Harakat al-Nujaba'`): after a word with an Arabic article that
/// ends in a vowel (the plurals `al-Nujaba'`, `al-Shuhada'`), before no
/// letter or digit, and closing no quote the text opened before the name
/// (`the 'al-Nujaba'`). Elsewhere such an apostrophe is a possessive whose
/// `s` was lost (`Russia’ law`), outside the name.
fn with_marks_after(text: &str, end: usize) -> usize {
    let marks = text[end..]
        .chars()
        .take_while(|c| MARKS.contains(c))
        .map(char::len_utf8)
        .sum::<usize>();
    let after = text[end + marks..].chars().next();
    if marks > 0 && !after.is_some_and(char::is_alphanumeric) {
        return end + marks;
    }
    let mut rest = text[end..].chars();
    let (Some(mark @ ('\'' | '’')), after) = (rest.next(), rest.next()) else {
        return end;
    };
    let word = text[..end].rsplit(char::is_whitespace).next().unwrap_or("");
    let arabic = crate::article::strip_article(&crate::normalize::key(word)).is_some()
        && word
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, 'a' | 'i' | 'u' | 'ā' | 'ī' | 'ū'));
    if arabic && !after.is_some_and(char::is_alphanumeric) && !quote_opened(text, end) {
        end + mark.len_utf8()
    } else {
        end
    }
}

/// Is a single quote open at `end`: one written before it on its line,
/// after a space, a bracket or the line's start (`the 'Nujaba`)?
fn quote_opened(text: &str, end: usize) -> bool {
    let line = text[..end].rsplit('\n').next().unwrap_or("");
    let mut before = ' ';
    for c in line.chars() {
        if matches!(c, '\'' | '‘')
            && (before.is_whitespace() || matches!(before, '(' | '[' | '"' | '“'))
        {
            return true;
        }
        before = c;
    }
    false
}

/// A key standing as a whole word in the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordSpan {
    /// The span, with an added article or a bare possessive `s`.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// The part that matched the key.
    pub name_start: usize,
    /// See `name_start`.
    pub name_end: usize,
    /// The rules applied.
    pub rules: SpanRules,
    /// The possessive `s`, if any, is lowercase.
    pub lowercase_s: bool,
}

/// Does a sentence, paragraph or text start at `pos`, so that a capital
/// there says nothing about a name? Opening quotes and brackets are skipped.
/// A line break is one, unless the line before ends in a word, a comma or a
/// hyphen: wire copy is wrapped mid-sentence (`Muthanna and` / `Mohammed
/// al-Qassem`).
pub(crate) fn at_sentence_start(text: &str, pos: usize) -> bool {
    for (i, c) in text[..pos].char_indices().rev() {
        if c == '\n' {
            // Wrapped mid-sentence when the line before ends in a word, a
            // comma or a hyphen.
            let before = text[..i].trim_end().chars().next_back();
            return !before.is_some_and(|b| b.is_alphanumeric() || matches!(b, ',' | '-' | ';'));
        }
        if c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«') {
            continue;
        }
        return matches!(c, '.' | '!' | '?' | ':' | '…');
    }
    true
}

/// The word touching the end (`before`) or the start (`!before`) of `s`, if
/// `s` is there and ends (starts) with a letter.
fn adjacent_word(s: Option<&str>, before: bool) -> Option<&str> {
    let s = s?;
    let in_word = |c: char| c.is_alphanumeric() || chars::is_apostrophe(c);
    let w = if before {
        let start = s
            .rfind(|c: char| !in_word(c))
            .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
        &s[start..]
    } else {
        let end = s.find(|c: char| !in_word(c)).unwrap_or(s.len());
        &s[..end]
    };
    (!w.is_empty()).then_some(w)
}

/// The capitalized word right before `start`, on the same line, separated by
/// spaces only, if it is not a title (`President`): the word before a
/// surname that may make it part of a longer name (`Jalaluddin Haqqani`,
/// `Nawaz Sharif`). With it, whether it starts a sentence (and so may be
/// capitalized for that alone).
pub fn word_before_name(text: &str, start: usize) -> Option<(&str, bool)> {
    let before = &text[..start];
    let trimmed = before.trim_end_matches([' ', '\u{a0}']);
    if trimmed.len() == before.len() {
        return None;
    }
    let word_start = trimmed.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = &trimmed[word_start..];
    let mut chars = word.chars();
    let capitalized = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
    (capitalized && !words::is_title(&word.to_lowercase()))
        .then(|| (word, at_sentence_start(text, word_start)))
}

/// Is the one-word name at `start` the surname of someone the text names
/// with another given name (`Nancy Reagan`, `Mojtaba Khamenei`, `Zeinab
/// Soleimani`)? Then it belongs to that person, not to the entity the
/// gazetteer lists under the bare name.
///
/// The word right before it, capitalized, on the same line, is such a given
/// name when it is on a list of given names, or, before the surname of a
/// `person`, when it is no common English word (a given name no list has:
/// `Zeinab`). It is not when it is one of the entity's own given names
/// (`own`: `Qasem` before `Soleimani`, in any spelling the caller accepts),
/// a title (`Sardar`), a month (`In late May Iraq said`), a word of grammar
/// ([`words::FUNCTION_WORDS`]: `Protests In Tehran`), or a common English
/// word starting a sentence (`Will`, `Rose`: capitalized for the sentence).
pub fn surname_of_another(
    text: &str,
    start: usize,
    person: bool,
    own: impl Fn(&str) -> bool,
) -> bool {
    let Some((word, sentence_start)) = word_before_name(text, start) else {
        return false;
    };
    let word = word.to_lowercase();
    if words::is_month(&word) || own(&word) {
        return false;
    }
    // A word of grammar is no given name (`Protests In Tehran`, `In
    // Trump's America`: a headline's capitals), though a list has it.
    if words::is_function_word(&word) {
        return false;
    }
    let english = words::is_english_word(&word);
    if words::is_first_name(&word) {
        return !(sentence_start && english);
    }
    person && !english
}

/// Does a surname follow `end` on the same line, separated by one space: a
/// capitalized word that is not a common English word (`Mehran Kamrava`, not
/// `Mehran Border`) nor a title (`Georgia Gov. Brian Kemp`, `Florida Sen.
/// Rick Scott`: the state's governor and senator)? Then a given name before
/// it names a person.
pub fn before_surname(text: &str, end: usize) -> bool {
    let Some(w) = adjacent_word(text[end..].strip_prefix(' '), false) else {
        return false;
    };
    let mut cs = w.chars();
    if !(cs.next().is_some_and(char::is_uppercase)
        && cs.all(|c| c.is_lowercase() || chars::is_apostrophe(c)))
    {
        return false;
    }
    let lower = w.to_lowercase();
    !words::is_english_word(&lower) && !words::is_title(&lower)
}

/// Does a one-word name at `start..end` stand alone: not written in capitals,
/// and with no capitalized word (other than a title, or one capitalized only
/// because it starts the sentence) right before or after it? In a line
/// written in title case (`ISIS Attacks Hasake Refugee Point`) every word is
/// capitalized, so its neighbours say nothing.
pub(crate) fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    if !surface.chars().any(char::is_lowercase) {
        return false;
    }
    if in_title_case(text, start) {
        return true;
    }
    let cap = |w: Option<&str>| {
        w.is_some_and(|w| w.starts_with(char::is_uppercase) && !words::is_title(&w.to_lowercase()))
    };
    let before = text[..start].strip_suffix([' ', '-']);
    let prev = adjacent_word(before, true);
    let prev_cap = cap(prev) && !prev.is_some_and(|w| at_sentence_start(text, start - 1 - w.len()));
    let after = text[end..].strip_prefix([' ', '-']);
    let mut next = adjacent_word(after, false);
    // An article joins the next name: `Beshar al-Assad`.
    if let (Some(a), Some(rest)) = (next, after)
        && skeleton::is_article(&a.to_lowercase())
    {
        next = adjacent_word(rest[a.len()..].strip_prefix([' ', '-']), false);
    }
    !prev_cap && !cap(next)
}

/// Is the line around `at` written in title case, as headlines are: of its
/// words of four letters or more, at least three, all capitalized, and at
/// least two of them common English words (`Attacks`, `Refugee`, `Point`),
/// which running text writes in lowercase?
pub(crate) fn in_title_case(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let (mut long, mut english) = (0, 0);
    for w in text[line_start..line_end].split(|c: char| !c.is_alphabetic()) {
        if w.chars().count() < 4 {
            continue;
        }
        if !w.starts_with(char::is_uppercase) {
            return false;
        }
        long += 1;
        if words::is_english_word(&w.to_lowercase()) {
            english += 1;
        }
    }
    long >= 3 && english >= 2
}

/// Is a capitalized common word (`=Republic`) at `start..end` used as a common
/// word? At the start of a sentence or line a capital says nothing. A one-word
/// name is also the common word after `the` or before `of` (`the Republic`,
/// `Republic of Chile`), and part of a longer name when exactly one of its
/// neighbours is capitalized (`Azerbaijan Republic`, `Republic Day`); when both
/// are, the text is in title case (`Add Republic As Your Source`) and the name
/// stands. A name of several words at the start of a sentence is in use as
/// a name when a word past its first (and past a leading `The`) keeps its
/// capital and no capitalized word follows (`Islamic State fighters
/// attacked`, `The Tehran Times reported`, `Islamic State (IS) said`); before a
/// capitalized word the line may be a headline in title case (`Islamic
/// State Fighters Attack`), where capitals say nothing.
pub(crate) fn common_word_in_use(text: &str, start: usize, end: usize, name: &str) -> bool {
    let next = adjacent_word(text[end..].strip_prefix(' '), false);
    // A title before a name is capitalized for the name, not for itself.
    let capitalized = |w: Option<&str>| {
        w.is_some_and(|w| w.starts_with(char::is_uppercase) && !words::is_title(&w.to_lowercase()))
    };
    if at_sentence_start(text, start) {
        // Past a leading `The`: in `The Atlantic powers`, `The Observer is
        // scheduled` (a spacecraft), the one word left is capitalized as a
        // name of something else.
        let mut words = text[start..end].split_whitespace().peekable();
        words.next_if(|w| w.eq_ignore_ascii_case("the"));
        let later_capital = words.skip(1).any(|w| w.starts_with(char::is_uppercase));
        return !later_capital || capitalized(next);
    }
    if name.contains(' ') {
        return false;
    }
    let prev = adjacent_word(text[..start].strip_suffix(' '), true);
    prev.is_some_and(|w| w.eq_ignore_ascii_case("the"))
        || next == Some("of")
        || capitalized(prev) != capitalized(next)
}

/// Verbs of saying: a capitalized word right before one is someone speaking
/// (`Trump said`, `Sputnik reported`), whatever else the word means.
#[rustfmt::skip]
const SAYING: &[&str] = &[
    "said", "says", "told", "tells", "added", "adds", "wrote", "writes", "tweeted", "posted",
    "stated", "declared", "announced", "argued", "insisted", "warned", "claimed", "noted",
    "replied", "responded", "asked", "urged", "vowed", "promised", "threatened", "denied",
    "confirmed", "acknowledged", "admitted", "explained", "stressed", "signed", "ordered",
    "reported", "reports", "quoted", "cited", "remarked", "commented", "asserted",
    "emphasized", "emphasised", "underlined", "observed", "recalled", "maintained",
    "suggested", "predicted", "remarks", "believes",
];

/// Auxiliary verbs: a capitalized place name right before one is the place
/// doing or being something (`Turkey was reported`, `China has`).
#[rustfmt::skip]
const AUXILIARIES: &[&str] = &[
    "is", "was", "has", "had", "have", "will", "would", "could", "should", "can", "may",
    "must", "did", "does", "remains", "became", "plans", "wants", "needs", "agreed",
];

/// The kind of entity a common word may name, for [`stands_for_entity`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// A person (`=Trump`).
    Person,
    /// A place (`=Turkey`, `=Chad`).
    Place,
    /// A news outlet (`=Sputnik`, `=Republic`).
    Outlet,
    /// Anything else: the words around it never decide.
    Other,
}

/// What a person's name before it makes an institution or a time of theirs
/// (`the Trump administration`, `the Rouhani government`).
const OF_A_LEADER: &[&str] = &[
    "administration",
    "government",
    "presidency",
    "era",
    "campaign",
    "cabinet",
    "family",
    "doctrine",
    "regime",
    "team",
    "years",
    "camp",
    "presidential",
    "white",
];

/// Do the words around a name at `start..end` say it names an entity of
/// this kind, not the common word it also is? For names whose capital says
/// nothing at a sentence start or after `the`. A verb of saying right after
/// it (`Trump said`, `Sputnik reported`); for a person, after `the`, a word
/// of a leader's institution or time (`the Trump administration`, `the Trump
/// White House`); for a place, an auxiliary verb (`Turkey was reported`).
pub fn stands_for_entity(text: &str, start: usize, end: usize, kind: Standing) -> bool {
    if kind == Standing::Other {
        return false;
    }
    let next = adjacent_word(text[end..].strip_prefix(' '), false).map(str::to_lowercase);
    let Some(next) = next else {
        return false;
    };
    let next = next.as_str();
    match kind {
        _ if SAYING.contains(&next) => true,
        Standing::Person => {
            let prev = adjacent_word(text[..start].strip_suffix(' '), true);
            prev.is_some_and(|w| w.eq_ignore_ascii_case("the")) && OF_A_LEADER.contains(&next)
        }
        Standing::Place => AUXILIARIES.contains(&next),
        Standing::Outlet | Standing::Other => false,
    }
}

/// Is a surname that is also a common word (`Salami`, `Ford`) at
/// `start..end` used as a name? Its capital must say so: not in a line in
/// title case (`Rice Prices Rise`), where every word is capitalized; not at
/// a sentence's start or after an article (`Rice prices rose`, `the Rice
/// harvest`) unless a verb of saying or a leader's institution follows
/// (`Salami said`, `the Bush administration`).
pub(crate) fn common_surname_in_use(text: &str, start: usize, end: usize) -> bool {
    if in_title_case(text, start) {
        return false;
    }
    let before = adjacent_word(text[..start].strip_suffix(' '), true);
    let article =
        before.is_some_and(|w| ["the", "a", "an"].iter().any(|a| w.eq_ignore_ascii_case(a)));
    if article || at_sentence_start(text, start) {
        return stands_for_entity(text, start, end, Standing::Person);
    }
    true
}

/// Words that describe a name rather than belong to it when written in
/// lowercase after it (`Tasnim news agency`, `Fars province`, `Damascus
/// countryside`, `Moscow airport`): capitalized, they are part of the name
/// (`Tasnim News Agency`, `Hormozgan Province`).
const GENERIC_TAIL: &[&str] = &[
    "news",
    "agency",
    "television",
    "channel",
    "province",
    "governorate",
    "countryside",
    "airport",
    "port",
    "district",
    "county",
    "region",
    "city",
];

/// The kinds of natural features, written in lowercase after a name
/// (`Euphrates river`, `Zagros mountains`): left out of it as the words of
/// [`GENERIC_TAIL`] are, and as the recognizer of unlisted places leaves
/// them out; what is left names the same feature, whatever else it may
/// name (`Hormuz` of `Hormuz strait` is the strait, not the island).
pub const FEATURE_TAIL: &[&str] = &[
    "river",
    "rivers",
    "sea",
    "lake",
    "strait",
    "valley",
    "mountains",
    "desert",
    "peninsula",
    "marshes",
];

/// Where a name found at `start..end` ends once the descriptive words it
/// ends with, written in lowercase (`news agency` in `Tasnim news agency`),
/// are left out; `None` when it ends with none, or is nothing else.
pub fn without_generic_tail(text: &str, start: usize, end: usize) -> Option<usize> {
    let surface = &text[start..end];
    let mut keep = surface.len();
    loop {
        let head = surface[..keep].trim_end();
        let word_start = head.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
        let word = &head[word_start..];
        if word_start == 0 || !(GENERIC_TAIL.contains(&word) || FEATURE_TAIL.contains(&word)) {
            break;
        }
        keep = surface[..word_start].trim_end().len();
    }
    (keep < surface.len()).then_some(start + keep)
}

/// Words naming a first-level division, written after its name with a
/// capital (`Hormozgan Province`): part of the place's name.
pub const DIVISION_WORDS: &[&str] = &[
    "Province",
    "Governorate",
    "Region",
    "County",
    "District",
    "State",
    "Prefecture",
    "Oblast",
];

/// Words naming an outlet's medium, written after its name with a capital
/// (`Alsumaria TV`, `Rudaw Television`, `Tehran Radio`): part of the
/// outlet's name.
pub const MEDIUM_WORDS: &[&str] = &[
    "TV",
    "Television",
    "Radio",
    "Channel",
    "Network",
    "News",
    "Agency",
    "Daily",
    "Newspaper",
];

/// Languages an outlet's service is named by, after its name (`RT Arabic`,
/// `BBC Persian`, `France 24 Arabic`): part of the outlet's name.
pub const SERVICE_LANGUAGES: &[&str] = &[
    "Arabic", "Persian", "Farsi", "English", "French", "Turkish", "Turk", "Urdu", "Kurdish",
    "Russian", "Spanish", "German", "Hebrew", "Pashto", "Dari", "Hindi", "Chinese", "Azeri",
];

/// Where an outlet's name ending at `end` ends with the language of its
/// service taken in (`RT` + ` Arabic`); `None` when none follows, or when
/// the language says what the next word is (`Hamshahri Persian daily`,
/// `Persian language daily`, `RT Arabic-language`, `Tass Russian News
/// Agency`).
///
/// ```
/// use gazet::english::with_service_language;
/// fn end(text: &str) -> Option<&str> {
///     with_service_language(text, 2).map(|e| &text[..e])
/// }
/// assert_eq!(end("RT Arabic said"), Some("RT Arabic"));
/// assert_eq!(end("RT Arabic service"), Some("RT Arabic"));
/// assert_eq!(end("RT Arabic-language site"), None);
/// assert_eq!(end("RT Persian daily"), None);
/// assert_eq!(end("RT said"), None);
/// ```
pub fn with_service_language(text: &str, end: usize) -> Option<usize> {
    let at = with_trailing_words(text, end, SERVICE_LANGUAGES, 1)?;
    let rest = &text[at..];
    if rest.starts_with(['-', '\u{2010}', '\u{2011}']) {
        return None;
    }
    let next = adjacent_word(rest.strip_prefix(' '), false).unwrap_or("");
    let describes = matches!(
        next.to_ascii_lowercase().as_str(),
        "language"
            | "daily"
            | "newspaper"
            | "paper"
            | "weekly"
            | "monthly"
            | "magazine"
            | "journal"
            | "news"
            | "agency"
            | "radio"
            | "tv"
            | "television"
            | "channel"
    );
    (!describes).then_some(at)
}

/// Where a name ending at `end` ends with the words of `words` that follow
/// it, capitalized as listed, taken in (`Hormozgan` + ` Province`,
/// `Alsumaria` + ` TV`), at most `most` of them; `None` when none follows.
pub fn with_trailing_words(text: &str, end: usize, words: &[&str], most: usize) -> Option<usize> {
    let mut at = end;
    for _ in 0..most {
        let Some(word) = adjacent_word(text[at..].strip_prefix(' '), false) else {
            break;
        };
        if !words.contains(&word) {
            break;
        }
        at += 1 + word.len();
    }
    (at > end).then_some(at)
}

/// Words for a ship, before its name: ships are named after places (`the
/// battleship Missouri`, `USS Iowa`, `HMS Sheffield`), and a ship is no place.
const VESSELS: &[&str] = &[
    "battleship",
    "warship",
    "frigate",
    "destroyer",
    "cruiser",
    "carrier",
    "submarine",
    "tanker",
    "supertanker",
    "freighter",
    "vessel",
    "ship",
    "corvette",
    "uss",
    "hms",
    "ins",
    "mv",
    "ss",
];

/// Capitalized words before a name that make it another place's (`Lake
/// Urmia` is no city of Urmia, `Mount Damavand` no town of Damavand,
/// `Camp Speicher`).
pub const PLACE_BEFORE: &[&str] = &["Mount", "Mt", "Lake", "Camp", "Cape", "Fort"];

/// Is the name starting at `start` the rest of another place's name, one of
/// [`PLACE_BEFORE`] right before it (`Lake Urmia`)?
pub fn after_place_word(text: &str, start: usize) -> bool {
    text[..start]
        .strip_suffix(' ')
        .and_then(|before| adjacent_word(Some(before), true))
        .is_some_and(|w| PLACE_BEFORE.contains(&w))
}

/// Is the name at `start..end` a ship's whole name: a word for a ship right
/// before it (`the battleship Missouri`, `USS Iowa`) and no capitalized word
/// after it? Then a place's name there names the ship. (A place inside a
/// longer ship's name, `the tanker Iran Deylam`, is still the place, as a
/// place inside any other name is.)
pub fn ship_name(text: &str, start: usize, end: usize) -> bool {
    let vessel = adjacent_word(text[..start].strip_suffix(' '), true)
        .is_some_and(|w| VESSELS.contains(&w.to_lowercase().as_str()));
    vessel && !capital_after(text, end)
}

/// Does a capitalized word follow `end`, after one space (`District` +
/// ` Court`)?
pub fn capital_after(text: &str, end: usize) -> bool {
    adjacent_word(text[end..].strip_prefix(' '), false)
        .is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// The legal suffixes of companies' names, as written (`Inc`, `Corp`): what
/// [`starts_company`] and the unlisted-name recognizer end a company with.
pub(crate) const COMPANY_SUFFIXES: &[&str] = &[
    "Co", "Inc", "Corp", "Ltd", "LLC", "Plc", "PLC", "AG", "SA", "NV", "GmbH",
];

/// The words that end a company's name besides its suffixes (`Phoenix
/// Holdings`).
const COMPANY_WORDS: &[&str] = &["Corporation", "Company", "Holdings", "Incorporated"];

/// Is the name ending at `end` the start of a company's name: followed by
/// at most `most` capitalized words, then a word that ends a company's name
/// (`Phoenix` + ` Financial Corp`, `CBS` + ` Inc`)?
pub fn starts_company(text: &str, end: usize, most: usize) -> bool {
    let mut at = end;
    for _ in 0..=most {
        let Some(word) = adjacent_word(text[at..].strip_prefix(' '), false) else {
            return false;
        };
        if COMPANY_SUFFIXES.contains(&word) || COMPANY_WORDS.contains(&word) {
            return true;
        }
        if !word.starts_with(char::is_uppercase) {
            return false;
        }
        at += 1 + word.len();
    }
    false
}

/// Words before a name that place it (`in Phoenix`, `of Phoenix`).
const PLACING: &[&str] = &[
    "in", "at", "from", "near", "of", "to", "into", "outside", "around",
];

/// Is the word right before `start` one that places what follows (`in`,
/// `near`)?
pub fn placed(text: &str, start: usize) -> bool {
    adjacent_word(text[..start].strip_suffix(' '), true)
        .is_some_and(|w| PLACING.contains(&w.to_lowercase().as_str()))
}

/// Verbs of reporting after a source's name (`Fars reported`, `Mehr
/// quoted`); not the verbs of saying, which a place's name does as often
/// (`Bahrain said`, `Bahrain announced`).
const REPORTED: &[&str] = &[
    "reported",
    "reports",
    "quoted",
    "quotes",
    "cited",
    "wrote",
    "writes",
    "published",
    "carried",
    "aired",
    "broadcast",
];

/// Verbs of publishing before `by` and a source's name (`carried in full by
/// Fars`, `quoted by Mehr`).
const PUBLISHED: &[&str] = &[
    "carried",
    "reported",
    "published",
    "quoted",
    "cited",
    "aired",
    "broadcast",
    "released",
];

/// Does the name at `start..end` stand where a text cites its source:
/// before a verb of reporting (`Fars reported`), after `according to`,
/// `told`, `citing` or `quoting`, or after `by` with a verb of publishing
/// at most four words before it in the sentence (`carried in full by
/// Fars`)? A lone `by` is no cue (`surrounded by Fars`).
pub fn cites_source(text: &str, start: usize, end: usize) -> bool {
    let after = text[end..]
        .trim_start_matches([' ', '\u{a0}'])
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if REPORTED.iter().any(|w| w.eq_ignore_ascii_case(after)) {
        return true;
    }
    // The words before, back to the sentence's start, nearest first.
    let clause = &text[..start];
    let clause = clause
        .rfind(['.', '!', '?', ';', ':', '\n'])
        .map_or(clause, |i| &clause[i + 1..]);
    let before: Vec<String> = clause
        .split(|c: char| !c.is_alphabetic())
        .rev()
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_lowercase)
        .collect();
    match before.first().map(String::as_str) {
        Some("told" | "citing" | "quoting") => true,
        Some("to") => before.get(1).is_some_and(|w| w == "according"),
        Some("by") => before[1..]
            .iter()
            .take(4)
            .any(|w| PUBLISHED.contains(&w.as_str())),
        _ => false,
    }
}

/// Is the name at `start..end` a stock's instrument code, as wire stories
/// write it after a company's name (`Hitachi Ltd <HIT.T>`, `<IRAN>`): in
/// angle brackets, alone or before a dot and an exchange's letters? Then it
/// names a security, not a place or anyone.
pub fn instrument_code(text: &str, start: usize, end: usize) -> bool {
    if !text[..start].ends_with('<') {
        return false;
    }
    let rest = &text[end..];
    let rest = match rest.strip_prefix('.') {
        Some(r) => r.trim_start_matches(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()),
        None => rest,
    };
    rest.starts_with('>')
}

/// Is this text written in mixed case, as news is: do at least one word in
/// twenty start with a capital, and is it not written all in capitals? Wire
/// stories written all in lowercase (or capitals) carry no case information,
/// and names match there in any case. A headline in title case is mixed case.
pub fn is_mixed_case(text: &str) -> bool {
    let (mut words, mut upper, mut lower) = (0usize, 0usize, 0usize);
    // Any small letter at all: a text in title case (`Iran Says It Will`)
    // starts no word with one, but is not written in capitals.
    let mut small = false;
    let mut prev_alpha = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII eight bytes at a time: the words that start in them, and
        // how many of those with a capital or a small letter.
        if let Some(x) = swar::load(bytes, i).filter(|x| x & swar::HIGHS == 0) {
            let up = swar::in_range(x, b'A', b'Z');
            let low = swar::in_range(x, b'a', b'z');
            let alpha = up | low;
            let starts = alpha & !(alpha << 8 | u64::from(prev_alpha) << 7);
            words += starts.count_ones() as usize;
            upper += (starts & up).count_ones() as usize;
            lower += (starts & low).count_ones() as usize;
            small |= low != 0;
            prev_alpha = alpha >> 63 != 0;
            i += 8;
            continue;
        }
        let b = bytes[i];
        // ASCII by byte; other characters decoded.
        let (alpha, up, low) = if b < 0x80 {
            i += 1;
            (
                b.is_ascii_alphabetic(),
                b.is_ascii_uppercase(),
                b.is_ascii_lowercase(),
            )
        } else {
            let c = text[i..].chars().next().expect("i is a char boundary");
            i += c.len_utf8();
            (c.is_alphabetic(), c.is_uppercase(), c.is_lowercase())
        };
        small |= low;
        if alpha && !prev_alpha {
            words += 1;
            if up {
                upper += 1;
            } else if low {
                lower += 1;
            }
        }
        prev_alpha = alpha;
    }
    upper > 0 && (lower > 0 || small) && upper * 20 >= words
}

/// Where the next capital ASCII letter or non-ASCII byte is, from `from`:
/// eight bytes at a time, for capitals are a few in a line.
pub(crate) fn next_capital(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(x) = swar::load(bytes, from) {
        let found = swar::in_range(x, b'A', b'Z') | (x & swar::HIGHS);
        if found != 0 {
            return Some(from + (found.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    let rest = bytes.get(from..)?;
    rest.iter()
        .position(|&b| b.is_ascii_uppercase() || b >= 0x80)
        .map(|p| from + p)
}

/// Does `surface` keep every capital letter of `name`? Both are normalized
/// without case folding and equal once folded. `REPUBLIC` and `Republic` keep
/// the capitals of `Republic`; `republic` does not.
pub(crate) fn keeps_capitals(surface: &str, name: &str) -> bool {
    let (mut s, mut n) = (surface.chars(), name.chars());
    loop {
        match (s.next(), n.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) => {
                if b.is_uppercase() && !a.is_uppercase() {
                    return false;
                }
            }
            // Folding changed the length (`STRASSE`, `Straße`): only equal will do.
            _ => return surface == name,
        }
    }
}

/// Is this surface an acronym of three capitals or fewer (`FAO`)?
pub(crate) fn short_capitals(surface: &str) -> bool {
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 3
        && surface
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase())
}

/// Particles written in lowercase inside names (`Osama bin Laden`, `Inayat
/// ur Rahman`), besides the articles.
const NAME_PARTICLES: &[&str] = &[
    "bin", "ibn", "ben", "bint", "abu", "ul", "ur", "ud", "us", "uz",
];

/// Is every word of the original `text[start..end]` capitalized, but for
/// articles and particles? A name found by skeleton has no lowercase word in
/// it: `Marion is`, `New share` are no names.
pub(crate) fn capitalized_words(text: &str, start: usize, end: usize) -> bool {
    text[start..end]
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .all(|w| {
            w.starts_with(|c: char| !c.is_lowercase()) || {
                let k = normalize::key(w);
                skeleton::is_article(&k) || NAME_PARTICLES.contains(&k.as_str())
            }
        })
}

/// The end of the whole word of lowercase ASCII letters that starts at
/// normalized byte `start`, if one does: not glued to other word characters.
///
/// Asked of every capitalized word of a text by the skeleton search, so the
/// letters are read eight at a time and a neighbour is decoded only when it
/// is not ASCII.
pub(crate) fn ascii_word(hay: &str, start: usize) -> Option<usize> {
    let b = hay.as_bytes();
    let end = lowercase_end(b, start);
    if end == start {
        return None;
    }
    let glued_before = match start.checked_sub(1).map(|i| b[i]) {
        None => false,
        Some(c) if c < 0x80 => chars::is_word(char::from(c)),
        Some(_) => hay[..start].chars().next_back().is_some_and(chars::is_word),
    };
    let glued_after = match b.get(end) {
        None => false,
        Some(&c) if c < 0x80 => chars::is_word(char::from(c)),
        Some(_) => hay[end..].chars().next().is_some_and(chars::is_word),
    };
    (!glued_before && !glued_after).then_some(end)
}

/// The end of the lowercase ASCII letters of `b` from `at`.
#[inline]
fn lowercase_end(b: &[u8], mut at: usize) -> usize {
    while let Some(x) = swar::load(b, at) {
        let stop = !swar::in_range(x, b'a', b'z') & swar::HIGHS;
        if stop != 0 {
            return at + (stop.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < b.len() && b[at].is_ascii_lowercase() {
        at += 1;
    }
    at
}

/// A word of a name that a skeleton match must not change: an English word
/// (`Sultan`, `Said`, `Gill`), which is no transliteration.
pub(crate) fn fixed_word(w: &str) -> bool {
    w.len() > 3 && words::is_english_word(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A whole word of lowercase ASCII letters, read eight bytes at a time,
    /// with its neighbours decoded where they are not ASCII.
    #[test]
    fn ascii_words_stand_alone() {
        assert_eq!(ascii_word("abc def", 0), Some(3));
        assert_eq!(ascii_word("abc def", 4), Some(7));
        assert_eq!(ascii_word("abcdefghijklmnop qr", 0), Some(16));
        assert_eq!(ascii_word("abcdefghijklmnopqr", 0), Some(18));
        assert_eq!(ascii_word("xabc", 1), None);
        assert_eq!(ascii_word("abc1", 0), None);
        assert_eq!(ascii_word("abc_", 0), None);
        assert_eq!(ascii_word("abcé", 0), None);
        assert_eq!(ascii_word("éabc", 2), None);
        assert_eq!(ascii_word("abc—def", 0), Some(3));
        assert_eq!(ascii_word("—abc", 3), Some(6));
        assert_eq!(ascii_word("Abc", 0), None);
        assert_eq!(ascii_word("", 0), None);
    }

    #[test]
    fn a_source_is_cited_by_the_words_around_it() {
        let at = |text: &str, name: &str| {
            let s = text.find(name).unwrap();
            cites_source(text, s, s + name.len())
        };
        assert!(at("Three were held, Fars reported.", "Fars"));
        assert!(at("Mehr quoted him as saying so.", "Mehr"));
        assert!(at("According to Fars, three were held.", "Fars"));
        assert!(at("A source told Mehr that it was over.", "Mehr"));
        assert!(at("It was carried in full by Fars and others.", "Fars"));
        assert!(!at("The city was surrounded by Fars tribes.", "Fars"));
        assert!(!at("Bahrain announced the visit.", "Bahrain"));
        assert!(!at("Protests spread to Fars on Monday.", "Fars"));
        // `by` looks back within its sentence only.
        assert!(!at("It was reported. Then by Fars came more.", "Fars"));
    }

    proptest::proptest! {
        /// The scans that read eight bytes at a time agree with a plain
        /// loop over the characters.
        #[test]
        fn eight_byte_scans_agree_with_a_character_loop(text in "([a-zA-Z]{1,7}[ ,.]{0,2}|É|é|ß|\\d){0,30}") {
            let (mut words, mut upper, mut lower, mut prev) = (0, 0, 0, false);
            let small = text.chars().any(char::is_lowercase);
            for c in text.chars() {
                let alpha = c.is_alphabetic();
                if alpha && !prev {
                    words += 1;
                    upper += usize::from(c.is_uppercase());
                    lower += usize::from(c.is_lowercase());
                }
                prev = alpha;
            }
            let want = upper > 0 && (lower > 0 || small) && upper * 20 >= words;
            proptest::prop_assert_eq!(is_mixed_case(&text), want);
            for from in 0..=text.len() {
                let want = text.as_bytes()[from..]
                    .iter()
                    .position(|&b| b.is_ascii_uppercase() || b >= 0x80)
                    .map(|p| from + p);
                proptest::prop_assert_eq!(next_capital(text.as_bytes(), from), want);
            }
        }
    }
}
