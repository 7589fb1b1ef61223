//! Consonant skeletons: finding spellings that no rule foresaw.
//!
//! Arabic script writes consonants and leaves most vowels out, so the Latin
//! spellings of one name agree on their consonants far more than on their
//! vowels: `Humaidawi` and `Hamidawi`, `Sulaymani` and `Soleimani`. A
//! skeleton keeps a word's consonants, with the letters that transliterate
//! one Arabic consonant made one (`kh` → `x`, `gh`/`q` → `q`, `sh` → `$`,
//! `ph` → `f`, `w`/`v` → `v`, `dh`/`z` → `z`, `th` → `t`, `ch` → `c`), doubled
//! letters written once, vowels, `y` and a final `h` dropped, and the Arabic
//! article left out.
//!
//! Every name of an entity transliterated from Arabic script is indexed by
//! the skeletons of its words. The text is read word by word, runs of words
//! whose skeletons match a name's are candidates, and a candidate stands only
//! if a weighted edit distance between its letters and the name's is small:
//! changing or dropping a vowel, doubling a letter or writing `q` for `gh` is
//! cheap, changing a consonant is not. The matcher then applies the same
//! guards as for rule-made variants.

use std::collections::HashMap;

/// The skeleton of one normalized (lowercase) word; empty for an article.
pub fn word_skeleton(word: &str) -> String {
    if matches!(
        word,
        "al" | "el" | "ul" | "as" | "ash" | "ad" | "ar" | "at" | "az" | "an" | "adh" | "ath"
    ) {
        return String::new();
    }
    let b: Vec<char> = word.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let (c, next) = (b[i], b.get(i + 1).copied());
        let (mapped, step) = match (c, next) {
            ('k', Some('h')) => ('x', 2),
            ('g', Some('h')) => ('q', 2),
            ('s', Some('h')) => ('$', 2),
            ('c', Some('h')) => ('c', 2),
            ('z', Some('h')) => ('z', 2),
            ('d', Some('h')) => ('z', 2),
            ('t', Some('h')) => ('t', 2),
            ('p', Some('h')) => ('f', 2),
            ('q', _) => ('q', 1),
            ('w', _) | ('v', _) => ('v', 1),
            ('h', None) if i > 0 => ('\0', 1),
            (c, _) if "aeiouy".contains(c) => ('\0', 1),
            (c, _) if c.is_ascii_alphabetic() => (c, 1),
            _ => ('\0', 1),
        };
        if mapped != '\0' && !out.ends_with(mapped) {
            out.push(mapped);
        }
        i += step;
    }
    out
}

/// The skeleton of a normalized name: its words' skeletons, space-separated,
/// articles left out. `None` when a word is not plain Latin letters.
pub fn skeleton(key: &str) -> Option<String> {
    let mut parts = Vec::new();
    for w in key.split(' ') {
        if !w.chars().all(|c| c.is_ascii_lowercase()) {
            return None;
        }
        let s = word_skeleton(w);
        if !s.is_empty() {
            parts.push(s);
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn vowel(c: char) -> bool {
    "aeiouy".contains(c)
}

fn substitution(a: char, b: char) -> f32 {
    if a == b {
        return 0.0;
    }
    let pair =
        |x: &str, y: &str| (x.contains(a) && y.contains(b)) || (x.contains(b) && y.contains(a));
    if vowel(a) && vowel(b) {
        0.3
    } else if pair("qkg", "qkg")
        || pair("sz", "sz")
        || pair("td", "td")
        || pair("vw", "vw")
        || pair("wu", "wu")
        || pair("yi", "yi")
        || pair("ei", "y")
    {
        0.5
    } else {
        1.0
    }
}

fn indel(c: char) -> f32 {
    if vowel(c) || c == 'h' || c == ' ' {
        0.3
    } else {
        1.0
    }
}

/// Weighted edit distance between two normalized names: vowel changes, `h`
/// and doubled letters are cheap, consonant changes are not.
pub fn weighted_distance(a: &str, b: &str) -> f32 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<f32> = std::iter::once(0.0)
        .chain(b.iter().scan(0.0, |acc, &c| {
            *acc += indel(c);
            Some(*acc)
        }))
        .collect();
    let mut cur = vec![0.0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = prev[0] + indel(ca);
        for (j, &cb) in b.iter().enumerate() {
            // Dropping one of a doubled letter costs little.
            let del_a = if i > 0 && a[i - 1] == ca {
                0.2
            } else {
                indel(ca)
            };
            let ins_b = if j > 0 && b[j - 1] == cb {
                0.2
            } else {
                indel(cb)
            };
            cur[j + 1] = (prev[j] + substitution(ca, cb))
                .min(prev[j + 1] + del_a)
                .min(cur[j] + ins_b);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A word with the digraphs of one Arabic consonant written as one letter
/// (`gh` → `q`, `kh` → `x`, `sh` → `$`, ...), vowels kept.
fn digraphs(s: &str) -> String {
    s.replace("kh", "x")
        .replace("gh", "q")
        .replace("sh", "$")
        .replace("ch", "c")
        .replace("zh", "z")
        .replace("dh", "z")
        .replace("th", "t")
        .replace("ph", "f")
        .replace('w', "v")
}

/// Is `surface` close enough to `name` (both normalized) to be a spelling of
/// it? Their words start with the same letters, and over their letters with
/// digraphs made one the weighted distance is at most 0.1 per letter of the
/// name, and 1.5.
pub fn confirmed(surface: &str, name: &str) -> Option<f32> {
    let (a, b) = (digraphs(surface), digraphs(name));
    // Each word starts with the same letter: `Hamid Vahedi` is not `Ahmad Vahidi`.
    let initials = |s: &str| -> Vec<char> {
        s.split(' ')
            .filter(|w| !word_skeleton(w).is_empty())
            .filter_map(|w| w.chars().next())
            .collect()
    };
    if initials(&a) != initials(&b) {
        return None;
    }
    let d = weighted_distance(&a, &b);
    let limit = (b.chars().count() as f32 * 0.1).min(1.5);
    (d <= limit).then_some(d)
}

/// Names indexed by skeleton: skeleton → (pattern keys).
#[derive(Clone, Debug, Default)]
pub struct SkeletonIndex {
    map: HashMap<String, Vec<usize>>,
    /// The skeletons of the names' first words: most words of a text are
    /// ruled out by one look-up here.
    firsts: std::collections::HashSet<String>,
    /// Most words in an indexed skeleton.
    pub max_words: usize,
}

impl SkeletonIndex {
    /// Adds a name (by its index among the matcher's keys) under its skeleton.
    pub fn add(&mut self, skeleton: String, key_index: usize) {
        self.max_words = self.max_words.max(skeleton.split(' ').count());
        if let Some(first) = skeleton.split(' ').next() {
            self.firsts.insert(first.to_string());
        }
        let list = self.map.entry(skeleton).or_default();
        if !list.contains(&key_index) {
            list.push(key_index);
        }
    }

    /// Does some indexed name start with a word of this skeleton?
    pub fn starts(&self, first_word_skeleton: &str) -> bool {
        self.firsts.contains(first_word_skeleton)
    }

    /// The keys indexed under this skeleton.
    pub fn get(&self, skeleton: &str) -> &[usize] {
        self.map.get(skeleton).map_or(&[], Vec::as_slice)
    }

    /// Number of skeletons.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_share_a_skeleton() {
        for (a, b) in [
            ("humaidawi", "hamidawi"),
            ("soleimani", "sulaymani"),
            ("qaani", "ghaani"),
            ("shalamcheh", "shalamcha"),
            ("muhandis", "mohandes"),
            ("kataib", "kataeb"),
            ("hezbollah", "hizballah"),
        ] {
            assert_eq!(word_skeleton(a), word_skeleton(b), "{a} / {b}");
        }
        assert_eq!(
            skeleton("abu mahdi al muhandis").as_deref(),
            Some("b mhd mhnds")
        );
        assert_eq!(skeleton("قاآني"), None);
    }

    #[test]
    fn distances_weigh_vowels_light_and_consonants_heavy() {
        assert!(weighted_distance("humaidawi", "hamidawi") < 1.0);
        assert!(weighted_distance("hezbollah", "hizballah") < 1.0);
        assert!(weighted_distance("hassan", "hasan") < 0.5);
        assert!(weighted_distance("hassan", "hassar") >= 1.0);
        assert!(confirmed("qasim sulaymani", "qasem soleimani").is_some());
        assert!(confirmed("esmail ghaani", "esmail qaani").is_some());
        assert!(confirmed("abu hussein al humaidawi", "abu hussein al hamidawi").is_some());
        assert!(confirmed("hamid vahedi", "ahmad vahidi").is_none());
        assert!(confirmed("sulaymaniyah", "soleimani").is_none());
        assert!(confirmed("karim", "kazim").is_none());
    }
}
