//! Transliteration variants: the spellings of a name that no gazetteer lists.
//!
//! One Arabic or Persian name reaches English news in many Latin spellings.
//! Normalization already makes case, diacritics, apostrophes (ayn, hamza) and
//! hyphens irrelevant. The rules here go further: applied to a name's key when
//! the gazetteer is compiled, each rewrites it into other likely spellings,
//! and every variant is compiled into the same trie as the names, tagged
//! with the rules that made it ([`VariantRules`]), so matching stays exact
//! and fast.
//!
//! Each rule ([`VariantRule`], written by the names below) describes one way
//! transliterations differ, and applies to any name, never to a listed
//! string:
//!
//! * `article`: the Arabic article written `al`, `el`, or assimilated before a
//!   sun letter (`al-Sadr` / `as-Sadr`, `al-Shams` / `ash-Shams`);
//! * `abd`: the servant names (`Abd al-Mahdi` / `Abdul Mahdi` / `Abdel Mahdi`);
//! * `ibn`: `bin` / `ibn` / `ben`;
//! * `ending`: ta marbuta and final h (`-eh` / `-ah` / `-a`, and `-eh` / `-e`:
//!   `Shalamcheh` / `Shalamcha` / `Shalamche`);
//! * `double`: a doubled consonant written single (`Hassan` / `Hasan`,
//!   `Qassem` / `Qasem`) or a single one doubled;
//! * `q`: `q` / `gh` / `k` for qaf and ghayn (`Qaani` / `Ghaani`, `Qasem` / `Kasem`);
//! * `vowel`: long vowels written doubled or as digraphs (`ou` / `u`, `ee` / `i`,
//!   `oo` / `u`, `ei` / `ey`);
//! * `ization`: British and American spellings (`Organisation` / `Organization`).
//!
//! The rules describe transliteration from Arabic script, so they apply to the
//! names of entities transliterated from it ([`transliterated`]). Variants of
//! a name are made by up to two rule applications, at most [`MAX_VARIANTS`]
//! per name. Only names of five letters or more vary, and the
//! matcher guards every variant match (see [`crate::matcher`]).

use std::collections::BTreeMap;
use std::fmt;

/// Countries whose languages are written in Arabic script.
const ARABIC_SCRIPT_COUNTRIES: &[&str] = &[
    "AE", "AF", "BH", "DZ", "EG", "EH", "IQ", "IR", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PK",
    "PS", "QA", "SA", "SD", "SY", "TN", "YE",
];

/// Are this entity's Latin names transliterations from Arabic script? It
/// belongs to a country whose languages are written in it, or it has no
/// country and a name written in it (a group across borders). Havana has an
/// Arabic name too, but its Latin name is no transliteration.
pub fn transliterated(e: &crate::gazetteer::Entity) -> bool {
    match e.country.as_deref() {
        Some(c) => ARABIC_SCRIPT_COUNTRIES.contains(&c),
        None => e
            .names
            .iter()
            .any(|n| crate::chars::script(&n.text) == "arabic"),
    }
}

/// Most variants made from one name.
pub const MAX_VARIANTS: usize = 48;

/// A rule that makes transliteration variants (see the module
/// documentation for what each one does).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VariantRule {
    /// The Arabic article: `al` / `el`, assimilated before a sun letter.
    Article,
    /// The servant names: `Abd al-` / `Abdul` / `Abdel`.
    Abd,
    /// `bin` / `ibn` / `ben`.
    Ibn,
    /// British and American spellings: `-isation` / `-ization`.
    Ization,
    /// Ta marbuta and final h: `-eh` / `-ah` / `-a` / `-e`.
    Ending,
    /// `q` / `gh` / `k` for qaf and ghayn.
    Q,
    /// A doubled consonant written single, or a single one doubled.
    Double,
    /// Long vowels written doubled or as digraphs: `ou` / `u`, `ee` / `i`.
    Vowel,
}

impl VariantRule {
    /// The rule's name, as the `rule` column writes it (`article`, `q`).
    pub fn as_str(self) -> &'static str {
        match self {
            VariantRule::Article => "article",
            VariantRule::Abd => "abd",
            VariantRule::Ibn => "ibn",
            VariantRule::Ization => "ization",
            VariantRule::Ending => "ending",
            VariantRule::Q => "q",
            VariantRule::Double => "double",
            VariantRule::Vowel => "vowel",
        }
    }
}

impl fmt::Display for VariantRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rules that made a variant: one rule, or two applied in turn. Written
/// `q`, or `+`-joined: `q+double`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VariantRules {
    first: VariantRule,
    second: Option<VariantRule>,
}

impl VariantRules {
    /// One rule.
    pub fn one(rule: VariantRule) -> VariantRules {
        VariantRules {
            first: rule,
            second: None,
        }
    }

    /// Two rules, `first` applied first.
    pub fn two(first: VariantRule, second: VariantRule) -> VariantRules {
        VariantRules {
            first,
            second: Some(second),
        }
    }

    /// The rule applied first.
    pub fn first(self) -> VariantRule {
        self.first
    }

    /// The rule applied second, if two were.
    pub fn second(self) -> Option<VariantRule> {
        self.second
    }

    /// Did two rules make the variant?
    pub fn is_combined(self) -> bool {
        self.second.is_some()
    }
}

impl fmt::Display for VariantRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.first.as_str())?;
        if let Some(second) = self.second {
            write!(f, "+{second}")?;
        }
        Ok(())
    }
}

/// Articles that may stand before a sun letter in assimilated form.
const SUN: &[(&str, &str)] = &[
    ("sh", "ash"),
    ("th", "ath"),
    ("dh", "adh"),
    ("s", "as"),
    ("d", "ad"),
    ("r", "ar"),
    ("t", "at"),
    ("z", "az"),
    ("n", "an"),
];

/// The words of a key, split at its single spaces (a byte loop: most keys
/// are a few short words, which a search for the next space costs more
/// than reading).
fn words(key: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(4);
    let mut start = 0;
    for (i, b) in key.bytes().enumerate() {
        if b == b' ' {
            out.push(&key[start..i]);
            start = i + 1;
        }
    }
    out.push(&key[start..]);
    out
}

/// The words `w` joined by spaces, with word `i` replaced by `new`.
fn with_word(w: &[&str], i: usize, new: &str) -> String {
    let len = w.iter().map(|x| x.len() + 1).sum::<usize>() + new.len();
    let mut out = String::with_capacity(len);
    for (j, word) in w.iter().enumerate() {
        if j > 0 {
            out.push(' ');
        }
        out.push_str(if j == i { new } else { word });
    }
    out
}

/// The byte offsets of `needle` in `word`, left to right, not overlapping:
/// `str::match_indices` for the one- and two-letter pieces the rules
/// rewrite, without building a substring searcher at each word.
fn pieces<'a>(word: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (w, n) = (word.as_bytes(), needle.as_bytes());
    let mut at = 0;
    std::iter::from_fn(move || {
        while at + n.len() <= w.len() {
            let i = at;
            if w[i..].starts_with(n) {
                at = i + n.len();
                return Some(i);
            }
            at += 1;
        }
        None
    })
}

/// One rule applied once, in every way it applies: the rewritten keys.
/// `key` is lowercase ASCII letters and spaces (see [`variants`]), so the
/// rules read bytes.
// Index loops: a rule looks at a word's neighbours and rebuilds the key with
// the word at that index replaced.
#[allow(clippy::needless_range_loop)]
fn apply(rule: VariantRule, key: &str) -> Vec<String> {
    let w = words(key);
    let mut out = Vec::new();
    let replace_word = |i: usize, new: &str| -> String { with_word(&w, i, new) };
    match rule {
        VariantRule::Article => {
            for i in 0..w.len().saturating_sub(1) {
                let next = w[i + 1];
                match w[i] {
                    "al" | "el" => {
                        out.push(replace_word(i, if w[i] == "al" { "el" } else { "al" }));
                        if let Some((_, art)) = SUN.iter().find(|(c, _)| next.starts_with(c)) {
                            out.push(replace_word(i, art));
                        }
                    }
                    a if SUN.iter().any(|(c, art)| *art == a && next.starts_with(c)) => {
                        out.push(replace_word(i, "al"))
                    }
                    _ => {}
                }
            }
        }
        VariantRule::Abd => {
            for i in 0..w.len() {
                let rest_starts = |n: usize| i + n < w.len();
                match w[i] {
                    "abd" if rest_starts(2) && matches!(w[i + 1], "al" | "el" | "ul") => {
                        for form in ["abdul", "abdel", "abdol"] {
                            let mut v: Vec<&str> = w[..i].to_vec();
                            v.push(form);
                            v.extend(&w[i + 2..]);
                            out.push(v.join(" "));
                        }
                    }
                    "abdul" | "abdel" | "abdol" | "abdal" if rest_starts(1) => {
                        let mut v: Vec<&str> = w[..i].to_vec();
                        v.extend(["abd", "al"]);
                        v.extend(&w[i + 1..]);
                        out.push(v.join(" "));
                        for form in ["abdul", "abdel"] {
                            if form != w[i] {
                                out.push(replace_word(i, form));
                            }
                        }
                        // The article assimilated to a sun letter: `Abdur Rahman`.
                        if let Some((c, _)) = SUN.iter().find(|(c, _)| w[i + 1].starts_with(c)) {
                            out.push(replace_word(i, &format!("abdu{c}")));
                        }
                    }
                    // `Abdur Rahman`, `Abdus Salam`: back to `Abdul`.
                    word if rest_starts(1)
                        && word.strip_prefix("abdu").is_some_and(|c| {
                            SUN.iter().any(|(s, _)| *s == c) && w[i + 1].starts_with(c)
                        }) =>
                    {
                        for form in ["abdul", "abdel"] {
                            out.push(replace_word(i, form));
                        }
                        let mut v: Vec<&str> = w[..i].to_vec();
                        v.extend(["abd", "al"]);
                        v.extend(&w[i + 1..]);
                        out.push(v.join(" "));
                    }
                    _ => {}
                }
            }
        }
        VariantRule::Ibn => {
            for i in 1..w.len().saturating_sub(1) {
                if matches!(w[i], "bin" | "ibn" | "ben") {
                    for form in ["bin", "ibn", "ben"] {
                        if form != w[i] {
                            out.push(replace_word(i, form));
                        }
                    }
                }
            }
        }
        VariantRule::Ending => {
            // Ta marbuta and final h: `-eh` / `-ah` / `-a`, and Persian `-eh` /
            // `-e`. Never `-a` to `-e`: that makes demonyms (`Argentine`).
            const ENDINGS: &[(&str, &[&str])] = &[
                ("eh", &["ah", "a", "e"]),
                ("ah", &["eh", "a"]),
                ("a", &["ah", "eh"]),
                ("e", &["eh"]),
            ];
            for i in 0..w.len() {
                let word = w[i];
                if word.len() < 5 {
                    continue;
                }
                let found = ENDINGS.iter().find_map(|(end, tos)| {
                    let stem = word.strip_suffix(end)?;
                    // After a consonant only: `-iyah`, `-aa` are other things.
                    stem.bytes()
                        .next_back()
                        .filter(|c| !b"aeiouy".contains(c))
                        .map(|_| (stem, *tos))
                });
                if let Some((stem, tos)) = found {
                    for to in tos {
                        out.push(replace_word(i, &format!("{stem}{to}")));
                    }
                }
            }
        }
        VariantRule::Double => {
            for i in 0..w.len() {
                let word = w[i];
                let cs = word.as_bytes();
                for j in 1..cs.len() {
                    let c = cs[j];
                    if b"aeiouy".contains(&c) || !c.is_ascii_alphabetic() {
                        continue;
                    }
                    if cs[j - 1] == c {
                        // Doubled: write it single.
                        let single = [&word[..j], &word[j + 1..]].concat();
                        out.push(replace_word(i, &single));
                    } else if j + 1 < cs.len()
                        && b"aeiou".contains(&cs[j - 1])
                        && b"aeiou".contains(&cs[j + 1])
                    {
                        // Single between vowels: write it doubled.
                        let doubled = [&word[..=j], &word[j..]].concat();
                        out.push(replace_word(i, &doubled));
                    }
                }
            }
        }
        VariantRule::Q => {
            for i in 0..w.len() {
                let word = w[i];
                for (from, tos) in [("gh", &["q"][..]), ("q", &["gh", "k"][..])] {
                    for at in pieces(word, from) {
                        for to in tos {
                            let new = [&word[..at], to, &word[at + from.len()..]].concat();
                            out.push(replace_word(i, &new));
                        }
                    }
                }
            }
        }
        VariantRule::Vowel => {
            for i in 0..w.len() {
                let word = w[i];
                for (from, to) in [
                    ("ou", "u"),
                    ("u", "ou"),
                    ("ee", "i"),
                    ("oo", "u"),
                    ("ei", "ey"),
                    ("ey", "ei"),
                ] {
                    for at in pieces(word, from) {
                        let new = [&word[..at], to, &word[at + from.len()..]].concat();
                        out.push(replace_word(i, &new));
                    }
                }
            }
        }
        VariantRule::Ization => {
            for (from, to) in [("isation", "ization"), ("ization", "isation")] {
                if key.contains(from) {
                    out.push(key.replace(from, to));
                }
            }
        }
    }
    out.retain(|v| v != key);
    out
}

/// Every rule, in the order variants are made (the most reliable first).
pub const RULES: &[VariantRule] = &[
    VariantRule::Article,
    VariantRule::Abd,
    VariantRule::Ibn,
    VariantRule::Ization,
    VariantRule::Ending,
    VariantRule::Q,
    VariantRule::Double,
    VariantRule::Vowel,
];

/// The variants of a normalized key, each with the rules that made it (two
/// when two applied). Keys outside lowercase Latin letters, or of fewer than
/// five letters, have none.
pub fn variants(key: &str) -> Vec<(String, VariantRules)> {
    let letters = key.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 5 || !key.chars().all(|c| c.is_ascii_lowercase() || c == ' ') {
        return Vec::new();
    }
    let mut found: BTreeMap<String, VariantRules> = BTreeMap::new();
    let mut first = Vec::new();
    for &rule in RULES {
        for v in apply(rule, key) {
            if !found.contains_key(&v) {
                found.insert(v.clone(), VariantRules::one(rule));
                first.push((v, rule));
            }
        }
    }
    'outer: for (v, r1) in &first {
        for &rule in RULES.iter().filter(|&r| r != r1) {
            for v2 in apply(rule, v) {
                if found.len() >= MAX_VARIANTS {
                    break 'outer;
                }
                if v2 != key && !found.contains_key(&v2) {
                    found.insert(v2, VariantRules::two(*r1, rule));
                }
            }
        }
    }
    let mut out: Vec<(String, VariantRules)> = found.into_iter().collect();
    // Single-rule variants first, then by key: the cap keeps the likeliest.
    out.sort_by(|a, b| (a.1.is_combined(), &a.0).cmp(&(b.1.is_combined(), &b.0)));
    out.truncate(MAX_VARIANTS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules that made `variant` of `key`, as written (`q+double`).
    fn has(key: &str, variant: &str) -> Option<String> {
        variants(key)
            .into_iter()
            .find(|(v, _)| v == variant)
            .map(|(_, r)| r.to_string())
    }

    #[test]
    fn rules_are_written_by_their_names() {
        let names: Vec<&str> = RULES.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            names,
            ["article", "abd", "ibn", "ization", "ending", "q", "double", "vowel"]
        );
        let q = VariantRules::one(VariantRule::Q);
        assert_eq!((q.to_string(), q.is_combined()), ("q".to_string(), false));
        let two = VariantRules::two(VariantRule::Q, VariantRule::Double);
        assert_eq!(
            (two.to_string(), two.is_combined()),
            ("q+double".to_string(), true)
        );
        assert_eq!(
            (two.first(), two.second()),
            (VariantRule::Q, Some(VariantRule::Double))
        );
    }

    #[test]
    fn each_rule() {
        assert_eq!(
            has("moqtada al sadr", "moqtada as sadr").as_deref(),
            Some("article")
        );
        assert_eq!(
            has("harakat al nujaba", "harakat el nujaba").as_deref(),
            Some("article")
        );
        assert_eq!(has("abdul rahman", "abdur rahman").as_deref(), Some("abd"));
        assert_eq!(has("abdus salam", "abdul salam").as_deref(), Some("abd"));
        assert_eq!(has("abdus salam", "abd al salam").as_deref(), Some("abd"));
        assert_eq!(has("abdul karim", "abduk karim"), None);
        assert_eq!(
            has("adil abd al mahdi", "adil abdul mahdi").as_deref(),
            Some("abd")
        );
        assert_eq!(
            has("mohammed bin salman", "mohammed ibn salman").as_deref(),
            Some("ibn")
        );
        assert_eq!(has("shalamcheh", "shalamcha").as_deref(), Some("ending"));
        assert_eq!(has("shalamcheh", "shalamche").as_deref(), Some("ending"));
        assert_eq!(has("argentina", "argentine"), None);
        assert_eq!(
            has("hassan nasrallah", "hasan nasrallah").as_deref(),
            Some("double")
        );
        assert_eq!(
            has("qasem soleimani", "qassem soleimani").as_deref(),
            Some("double")
        );
        assert_eq!(has("esmail qaani", "esmail ghaani").as_deref(), Some("q"));
        assert_eq!(
            has("badr organization", "badr organisation").as_deref(),
            Some("ization")
        );
        assert_eq!(
            has("mahmoud abbas", "mahmud abbas").as_deref(),
            Some("vowel")
        );
    }

    #[test]
    fn two_rules_combine_and_the_count_is_capped() {
        assert!(has("qasem soleimani", "ghassem soleimani").is_some_and(|r| r.contains('+')));
        for key in [
            "abu mahdi al muhandis",
            "hassan nasrallah",
            "kataib sayyid al shuhada",
        ] {
            let v = variants(key);
            assert!(
                !v.is_empty() && v.len() <= MAX_VARIANTS,
                "{key}: {}",
                v.len()
            );
            assert!(v.iter().all(|(k, _)| k != key));
        }
    }

    #[test]
    fn short_and_non_latin_keys_do_not_vary() {
        assert!(variants("iran").is_empty());
        assert!(variants("العراق").is_empty());
        assert!(variants("u.s. army").is_empty());
    }
}
