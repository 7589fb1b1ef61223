//! The matcher's rules as a user of the library sees them: the spans and
//! entities found in a text after resolution. The matcher alone reports
//! overlapping candidates, so these tests go through [`gazet::resolve`], the
//! layer above the matcher, and live here rather than among the matcher's
//! unit tests, which use nothing above it.

use gazet::matcher::Matcher;
use gazet::{resolve, CaseMode, Gazetteer, MatchOptions};

fn gaz(rows: &str) -> Gazetteer {
    Gazetteer::from_sources([(
        "t.csv".to_string(),
        format!("id,type,canonical,aliases\n{rows}"),
    )])
    .unwrap()
}

/// Spans after resolution (the matcher alone reports overlaps).
fn spans(m: &Matcher, text: &str) -> Vec<String> {
    resolve::mentions(m, text)
        .iter()
        .map(|c| text[c.start..c.end].to_string())
        .collect()
}

#[test]
fn whole_words_only() {
    let m = Matcher::new(&gaz("iran,place,Iran,\n"), MatchOptions::default()).unwrap();
    assert_eq!(
        spans(&m, "Iranian Iran-backed (Iran) Irani iran_x"),
        vec!["Iran", "Iran"]
    );
}

#[test]
fn acronyms_match_only_in_capitals() {
    let m = Matcher::new(
        &gaz("pmf,militia,Popular Mobilization Forces,PMF\nus,place,United States,US|U.S.\n"),
        MatchOptions::default(),
    )
    .unwrap();
    assert_eq!(
        spans(&m, "the PMF and the pmf; US, us, Us, U.S.-led, u.s."),
        vec!["PMF", "US", "U.S."]
    );
    let m = Matcher::new(
        &gaz("us,place,United States,US\n"),
        MatchOptions::plain(CaseMode::Insensitive),
    )
    .unwrap();
    assert_eq!(spans(&m, "tell us"), vec!["us"]);
}

#[test]
fn marked_names_keep_their_capitals() {
    let g = gaz("republic,outlet,Republic,=Republic\n");
    let m = Matcher::new(&g, MatchOptions::default()).unwrap();
    let text = "add Republic; the republic; REPUBLIC; rePublic";
    assert_eq!(spans(&m, text), vec!["Republic", "REPUBLIC"]);
    // At the start of a sentence or line a capital says nothing; `the
    // Republic` and `Republic of` are the common word.
    assert!(spans(&m, "Republic day. Republic is. “Republic”\nRepublic").is_empty());
    assert!(spans(&m, "with the Republic against; Republic of Chile").is_empty());
    // Part of a longer name, or a plural; title case is fine.
    assert!(spans(&m, "the People’s Republic reversed").is_empty());
    assert!(spans(
        &m,
        "in the Azerbaijan Republic, also called Republic Day, Central Asian Republics"
    )
    .is_empty());
    assert_eq!(
        spans(&m, "Follow\nAdd Republic As Your Trusted Source"),
        vec!["Republic"]
    );
    let m = Matcher::new(&g, MatchOptions::plain(CaseMode::Sensitive)).unwrap();
    assert_eq!(spans(&m, text), vec!["Republic"]);
}

#[test]
fn a_marked_name_of_several_words_keeps_its_capitals_at_a_sentence_start() {
    let g = gaz("is,militia,Islamic State,=Islamic State\n\
         tt,outlet,Tehran Times,=The Tehran Times\n\
         atl,outlet,The Atlantic,=The Atlantic\n");
    let m = Matcher::new(&g, MatchOptions::default()).unwrap();
    // A capital past the first word is the name's, when the next word has none.
    assert_eq!(
        spans(
            &m,
            "Islamic State fighters attacked. The Tehran Times reported it. Islamic State (IS), \
             the group, said so."
        ),
        vec!["Islamic State", "The Tehran Times", "Islamic State"]
    );
    // A headline in title case, the common phrase, one word after `The`.
    assert!(spans(&m, "Islamic State Fighters Attack Town").is_empty());
    assert!(spans(&m, "Islamic state law applies. An Islamic state.").is_empty());
    assert!(spans(&m, "The Atlantic powers are uneasy.").is_empty());
}

#[test]
fn possessives() {
    let m = Matcher::new(
        &gaz("k,person,Ali Khamenei,Khamenei\nus,place,United States,US\n"),
        MatchOptions::default(),
    )
    .unwrap();
    assert_eq!(
        spans(
            &m,
            "Khamenei’s rule, Khamenei's men, Khameneis turn, Khamenei’ses, USS Cole, US's"
        ),
        vec!["Khamenei", "Khamenei", "Khameneis", "US"]
    );
}

#[test]
fn a_possessive_s_is_no_letter_of_a_name_ending_in_s() {
    let g = gaz("us,place,United States,America\nam,place,Americas,\nmc,place,McDonald's,\n");
    let m = Matcher::new(&g, MatchOptions::default()).unwrap();
    let found = |text: &str| -> Vec<(String, String)> {
        resolve::mentions(&m, text)
            .iter()
            .map(|c| {
                let id = g.entities()[c.entity as usize].id.clone();
                (text[c.start..c.end].to_string(), id)
            })
            .collect()
    };
    // The possessive of `America`, not the region `Americas`.
    assert_eq!(
        found("the decline of America's banks and of America’s"),
        [
            ("America".into(), "us".into()),
            ("America".into(), "us".into())
        ]
    );
    assert_eq!(
        found("across the Americas"),
        [("Americas".into(), "am".into())]
    );
    // No name without the `s`: the apostrophe is misplaced, the name stands.
    let ph = Matcher::new(&gaz("ph,place,Philippines,\n"), MatchOptions::default()).unwrap();
    assert_eq!(spans(&ph, "the Philippine’s capital"), ["Philippine’s"]);
    // A name written with its apostrophe matches where the text writes it.
    assert_eq!(
        found("a McDonald's and a McDonald’s"),
        [
            ("McDonald's".into(), "mc".into()),
            ("McDonald’s".into(), "mc".into())
        ]
    );
}
#[test]
fn arabic_article_is_optional_and_kept_in_the_span() {
    let m = Matcher::new(&gaz("shalamcheh,place,Shalamcheh,\nsudani,person,Mohammed Shia al-Sudani,al-Sudani\nsadr,person,Moqtada al-Sadr,Sadr\n"), MatchOptions::default()).unwrap();
    assert_eq!(
        spans(
            &m,
            "al-Shalamcheh, Shalamcheh, Al Shalamcheh, Sudani, al-Sudani, as-Sadr, as Sadr"
        ),
        vec![
            "al-Shalamcheh",
            "Shalamcheh",
            "Al Shalamcheh",
            "Sudani",
            "al-Sudani",
            "as-Sadr",
            "Sadr"
        ]
    );
}

#[test]
fn lowercase_surfaces_match_only_in_lowercase_text() {
    let m = Matcher::new(
        &gaz("sucre,place,Sucre,\nperu,place,Peru,\n"),
        MatchOptions::default(),
    )
    .unwrap();
    assert_eq!(
        spans(
            &m,
            "Prices rose to 110 sucres from 65 sucres in Sucre, Peru said."
        ),
        vec!["Sucre", "Peru"]
    );
    assert_eq!(
        spans(&m, "peru's consumer prices rose, the central bank said"),
        vec!["peru"]
    );
}

#[test]
fn short_capitals_are_acronyms() {
    let m = Matcher::new(&gaz("al-faw,place,Al Faw,Fao\n"), MatchOptions::default()).unwrap();
    assert_eq!(spans(&m, "the FAO said; in Fao"), vec!["Fao"]);
}

#[test]
fn a_title_is_not_a_capitalized_neighbour() {
    let mt = Matcher::new(
        &gaz("trump,person,Donald Trump,=Trump\n"),
        MatchOptions::default(),
    )
    .unwrap();
    assert_eq!(
        spans(&mt, "He urged President Trump to act; a trump card"),
        vec!["Trump"]
    );
}

#[test]
fn a_surname_after_another_given_name_is_someone_else() {
    let m = Matcher::new(
        &gaz("reagan,person,Ronald Reagan,Reagan\nk,person,Ali Khamenei,Khamenei\n"),
        MatchOptions::default(),
    )
    .unwrap();
    assert_eq!(
        spans(&m, "Then Nancy Reagan met Reagan. President Reagan and Mojtaba Khamenei, Ayatollah Khamenei. Will Reagan go?"),
        vec!["Reagan", "Reagan", "Khamenei", "Reagan"]
    );
    let m = Matcher::new(&gaz("houston,place,Houston,\n"), MatchOptions::default()).unwrap();
    assert_eq!(
        spans(&m, "in Houston, said Donald Houston"),
        vec!["Houston"]
    );
}

#[test]
fn a_place_named_like_a_person_before_a_surname_is_the_person() {
    let m = Matcher::new(
        &gaz("mehran,place,Mehran,\nisrael,place,Israel,\n"),
        MatchOptions::default(),
    )
    .unwrap();
    assert_eq!(
        spans(&m, "via Mehran to Iraq, a piece by Mehran Kamrava; the Israel Defense Forces; minister Israel Katz"),
        vec!["Mehran", "Israel"]
    );
}

#[test]
fn a_spanish_el_is_not_dropped() {
    let m = Matcher::new(
        &gaz("el-salvador,place,El Salvador,\nsisi,person,Abdel Fattah el-Sisi,el-Sisi\n"),
        MatchOptions::default(),
    )
    .unwrap();
    assert_eq!(
        spans(&m, "Salvador Allende; El Salvador; Sisi"),
        vec!["El Salvador", "Sisi"]
    );
}

#[test]
fn arabic_script_boundaries() {
    let m = Matcher::new(&gaz("iraq,place,Iraq,العراق\n"), MatchOptions::default()).unwrap();
    assert_eq!(spans(&m, "في العراق، والعراقيين"), vec!["العراق"]);
}

/// Ids of the mentions of `text` (the whole document pipeline).
fn ids(g: &Gazetteer, m: &Matcher, text: &str) -> Vec<String> {
    resolve::document(m, g, &[text])
        .remove(0)
        .iter()
        .map(|x| g.entities()[x.entity as usize].id.clone())
        .collect()
}

fn gaz_with_countries(rows: &str) -> Gazetteer {
    Gazetteer::from_sources([(
        "t.csv".to_string(),
        format!("id,type,canonical,aliases,wikidata,country\n{rows}"),
    )])
    .unwrap()
}

#[test]
fn skeleton_matches_find_unlisted_spellings() {
    let g = gaz_with_countries(
        "soleimani,person,Qasem Soleimani,,,IR\nkh,militia,Kata'ib Hezbollah,,,IQ\n",
    );
    let m = Matcher::new(&g, MatchOptions::default()).unwrap();
    assert_eq!(
        ids(
            &g,
            &m,
            "Iran mourned Qassim Sulaimani and Khataib Hizballah fighters."
        ),
        ["soleimani", "kh"]
    );
    // Lowercase words are no part of a name; other names stay apart.
    assert!(ids(&g, &m, "Qasem said; Kasim Salman came; qasem soleimani").is_empty());
    // A spelling found by skeleton is a whole name, not the start of a
    // longer one.
    assert!(ids(&g, &m, "Iran mourned Qassim Sulaimani Haji Deligani.").is_empty());
}

#[test]
fn a_skeleton_match_never_overlaps_a_listed_name() {
    let g = gaz_with_countries(
        "khomeini,person,Ruhollah Khomeini,Khomeini,,IR\n\
         port,place,Bandar Emam Khomeyni,Emam Khomeyni,,IR\n",
    );
    let m = Matcher::new(&g, MatchOptions::default()).unwrap();
    assert_eq!(
        ids(&g, &m, "As Imam Khomeini said, it stands."),
        ["khomeini"]
    );
    // Where no listed name is in the way, the same run is found.
    assert_eq!(ids(&g, &m, "Ships reached Emam Khomeyny port."), ["port"]);
    // A listed name of the same entity, held whole, is no obstacle.
    let g = gaz_with_countries("assad,person,Bashar al-Assad,al-Assad,,SY\n");
    let m = Matcher::new(&g, MatchOptions::default()).unwrap();
    let found = resolve::mentions(&m, "President Beshar al-Assad spoke.");
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].start, found[0].end), (10, 25));
}

#[test]
fn one_word_skeletons_come_from_canonical_names_only() {
    // `Kurrachi` is an alias: `Qureshi` is not found through it.
    let g =
        gaz_with_countries("karachi,place,Karachi,Kurrachi,,PK\npakistan,place,Pakistan,,,PK\n");
    let m = Matcher::new(&g, MatchOptions::default()).unwrap();
    assert_eq!(
        ids(&g, &m, "Karachi: in Pakistan, Qureshi spoke."),
        ["karachi", "pakistan"]
    );
    assert_eq!(
        ids(&g, &m, "Karachi: in Pakistan, Karaachi grew."),
        ["karachi", "pakistan", "karachi"]
    );
}
