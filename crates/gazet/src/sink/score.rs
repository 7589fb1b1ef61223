//! A mention's score as the tables write it: to two decimals, the text
//! `format!("{score:.2}")` gives.
//!
//! Why not that `format!`: the float formatter works out the exact decimal
//! expansion of the number, over a thousand instructions a score, and a run
//! writes a score for each of its millions of mentions. A score is between
//! 0 and 1, so a hundred times it is exact in an `f64` (a 24-bit mantissa
//! times 100 needs 31 bits of the 53), and rounding that product half to
//! even is the formatter's rounding of the exact value; a test compares the
//! two over the scores a run can hold.

/// A score of 0 to 1 to two decimals: `d.dd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TwoDecimals {
    /// The score times 100, rounded: 0 to 100.
    hundredths: u8,
    text: [u8; 4],
}

impl TwoDecimals {
    /// `score` to two decimals, if it is a number from 0 to 1.
    pub(crate) fn of(score: f32) -> Option<TwoDecimals> {
        // `-0.00` is the formatter's text of a negative zero.
        if !(0.0..=1.0).contains(&score) || score.is_sign_negative() {
            return None;
        }
        // From 0 to 100: the range was checked.
        let hundredths = (f64::from(score) * 100.0).round_ties_even() as u8;
        let digit = |d: u8| b'0' + d;
        Some(TwoDecimals {
            hundredths,
            text: [
                digit(hundredths / 100),
                b'.',
                digit(hundredths / 10 % 10),
                digit(hundredths % 10),
            ],
        })
    }

    /// `0.85`.
    pub(crate) fn as_str(&self) -> &str {
        // Four ASCII digits and a dot.
        std::str::from_utf8(&self.text).unwrap_or_default()
    }

    /// The number the text is: the `f64` nearest to it, as parsing the text
    /// gives (a correctly rounded division by 100).
    pub(crate) fn value(self) -> f64 {
        f64::from(self.hundredths) / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text and value of `score`, or the formatter's where none.
    fn check(score: f32) {
        let text = format!("{score:.2}");
        match TwoDecimals::of(score) {
            Some(t) => {
                assert_eq!(t.as_str(), text, "{score:e}");
                assert_eq!(t.value(), text.parse::<f64>().unwrap(), "{score:e}");
            }
            None => assert!(!(0.0..=1.0).contains(&score) || score == 0.0, "{score:e}"),
        }
    }

    #[test]
    fn two_decimals_are_what_the_formatter_writes() {
        // The ties and their neighbours: 0.005, 0.125, 0.375, 0.475, ...
        for k in 0..=200u32 {
            let tie = k as f32 / 200.0;
            for s in [tie, tie.next_down(), tie.next_up()] {
                check(s);
            }
        }
        // Every f32 from 0 to 1, a step of 1,009 bit patterns apart.
        let mut bits = 0u32;
        while bits <= 1.0f32.to_bits() {
            check(f32::from_bits(bits));
            bits += 1009;
        }
        for s in [
            1.0,
            0.0,
            -0.0,
            0.85,
            0.97,
            -0.5,
            1.5,
            f32::NAN,
            f32::INFINITY,
        ] {
            check(s);
        }
    }
}
