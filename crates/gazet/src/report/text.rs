//! The small formats the report shares: HTML escaping, numbers with
//! thousands separators, percentages, byte sizes, shortened names, and the
//! colour of each entity type.
//!
//! They are written out by hand rather than through a locale or a
//! formatting crate so that the page's bytes depend on the data alone.

use plotters::style::RGBColor;

/// `s` escaped for HTML text and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed
            // in HTML text; they show as a replacement character.
            c if c.is_control() && c != '\t' && c != '\n' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `s` without control characters, for text handed to plotters (which
/// escapes the markup characters itself, but not these, which XML forbids).
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `n` with a comma every three digits: 27,496.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `part` as a percentage of `whole` with one decimal, or a dash when the
/// whole is zero.
pub(crate) fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_string();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// A byte count in B, KB, MB, GB or TB (powers of 1000), one decimal.
pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// A score with two decimals, or a dash when it is not a number.
pub(crate) fn score(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "–".to_string()
    }
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// The label of an entity: its canonical name, or its id when the name is
/// blank.
pub(crate) fn label<'a>(canonical: &'a str, id: &'a str) -> &'a str {
    if canonical.trim().is_empty() {
        if id.trim().is_empty() {
            "(unnamed)"
        } else {
            id
        }
    } else {
        canonical
    }
}

/// The colours of the usual entity types, and of the others in the order
/// they first appear (Tableau 10, distinct for most colour blindness and
/// dark enough for white text on light paper).
const KNOWN: [(&str, RGBColor); 4] = [
    ("person", RGBColor(0x4e, 0x79, 0xa7)),
    ("militia", RGBColor(0xe1, 0x57, 0x59)),
    ("place", RGBColor(0x59, 0xa1, 0x4f)),
    ("outlet", RGBColor(0xb0, 0x7a, 0xa1)),
];
const OTHERS: [RGBColor; 6] = [
    RGBColor(0xf2, 0x8e, 0x2b),
    RGBColor(0x76, 0xb7, 0xb2),
    RGBColor(0x9c, 0x75, 0x5f),
    RGBColor(0xed, 0xc9, 0x48),
    RGBColor(0xff, 0x9d, 0xa7),
    RGBColor(0xba, 0xb0, 0xac),
];

/// Assigns each entity type its colour, the same for a type across the
/// page.
#[derive(Debug, Default, Clone)]
pub(crate) struct Palette {
    others: Vec<String>,
}

impl Palette {
    /// A palette that knows the types of `types` in this order.
    pub(crate) fn new<'a>(types: impl IntoIterator<Item = &'a str>) -> Palette {
        let mut p = Palette::default();
        for t in types {
            p.register(t);
        }
        p
    }

    fn register(&mut self, t: &str) {
        let t = t.trim().to_lowercase();
        if !KNOWN.iter().any(|(k, _)| *k == t) && !self.others.contains(&t) {
            self.others.push(t);
        }
    }

    /// The colour of entity type `t`.
    pub(crate) fn colour(&self, t: &str) -> RGBColor {
        let t = t.trim().to_lowercase();
        if let Some((_, c)) = KNOWN.iter().find(|(k, _)| *k == t) {
            return *c;
        }
        match self.others.iter().position(|o| *o == t) {
            Some(i) => OTHERS[i % OTHERS.len()],
            None => OTHERS[OTHERS.len() - 1],
        }
    }
}

/// A colour as CSS: #4e79a7.
pub(crate) fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(27_496), "27,496");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(1, 0), "–");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_500_000), "1.5 MB");
        assert_eq!(score(f64::NAN), "–");
        assert_eq!(score(0.926), "0.93");
        assert_eq!(shorten("Popular Mobilization Forces", 10), "Popular M…");
        assert_eq!(shorten("Iran", 10), "Iran");
        assert_eq!(label(" ", "iran"), "iran");
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn colours_are_stable_and_distinct() {
        let p = Palette::new(["person", "event", "weapon"]);
        assert_eq!(css(p.colour("Person")), "#4e79a7");
        assert_ne!(p.colour("event"), p.colour("weapon"));
        assert_eq!(p.colour("event"), Palette::new(["event"]).colour("event"));
    }
}
