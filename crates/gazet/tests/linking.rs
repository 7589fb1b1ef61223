//! Linking that reads the document, not blanket position rules: the public
//! cases of issue 14, each with the built-in gazetteers, through the
//! `Extractor` every front end calls.

use gazet::{Document, Extractor, Field};
use std::sync::OnceLock;

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(|| Extractor::new().unwrap())
}

/// (surface, entity id) of each mention of a one-field text.
fn found(text: &str) -> Vec<(String, String)> {
    let ex = extractor();
    ex.extract_text(text)
        .iter()
        .map(|m| (text[m.start..m.end].to_string(), ex.entity(m).id.clone()))
        .collect()
}

/// The surfaces of the mentions of `id` in a text.
fn of(text: &str, id: &str) -> Vec<String> {
    found(text)
        .into_iter()
        .filter(|(_, e)| e == id)
        .map(|(s, _)| s)
        .collect()
}

#[test]
fn a_name_that_is_a_common_word_is_decided_by_the_words_around_it() {
    // A verb of saying after it, or a leader's institution after `the`.
    assert_eq!(
        of(
            "Trump said on Monday that the talks would go on.",
            "donald-trump"
        ),
        ["Trump"]
    );
    assert_eq!(
        of(
            "The Trump administration and the Trump White House disagreed.",
            "donald-trump"
        ),
        ["Trump", "Trump"]
    );
    // The common word stays a common word.
    assert!(of(
        "Trump cards were played. The trump card won.",
        "donald-trump"
    )
    .is_empty());
}

#[test]
fn a_name_that_is_a_common_word_is_decided_by_the_rest_of_the_field() {
    // Named in full earlier: the sentence starts need no other reason.
    assert_eq!(
        of(
            "Donald Trump arrived late. Trump was tired. Trump left early.",
            "donald-trump"
        ),
        ["Donald Trump", "Trump", "Trump"]
    );
    // Capitalized mid-sentence elsewhere is the same evidence.
    assert_eq!(
        of("Trump was tired, an aide to Trump said.", "donald-trump"),
        ["Trump", "Trump"]
    );
    // Another person of the same surname is not the listed one.
    assert!(of("Melania Trump smiled.", "donald-trump").is_empty());
}

#[test]
fn a_surname_that_is_a_common_word_is_linked_where_the_text_uses_it_as_a_name() {
    let text = "Hossein Salami spoke. Salami sandwiches were served. The salami was \
                cold. “We will act,” Salami said. Guests praised Salami for the \
                Salami Bar.";
    let got: Vec<_> = found(text)
        .into_iter()
        .filter(|(_, e)| e == "hossein-salami")
        .collect();
    // The full name; `Salami said` (a verb of saying after it); `praised
    // Salami for` (capitalized mid-sentence). Not the sentence start before
    // a noun, the lowercase word, nor the start of a longer name.
    assert_eq!(got.len(), 3, "{got:?}");
    let starts: Vec<usize> = extractor()
        .extract_text(text)
        .iter()
        .filter(|m| extractor().entity(m).id == "hossein-salami")
        .map(|m| m.start)
        .collect();
    assert_eq!(
        starts,
        [
            0,
            text.find("Salami said").unwrap(),
            text.find("Salami for").unwrap()
        ]
    );
    // Without the full name, the common word is nobody.
    assert!(of(
        "Salami sandwiches were served, Salami said.",
        "hossein-salami"
    )
    .is_empty());
    // A headline in title case says nothing by its capitals.
    assert!(of(
        "Condoleezza Rice Visits\nRice Prices Rise In Asia Markets",
        "condoleezza-rice"
    )
    .iter()
    .all(|s| s.contains(' ')));
}

#[test]
fn a_month_before_a_place_is_a_date_not_a_given_name() {
    assert_eq!(
        of(
            "In late May Iraq said it would pay. In early August Iraq paid.",
            "iraq"
        ),
        ["Iraq", "Iraq"]
    );
}

#[test]
fn a_capitalized_word_of_grammar_before_a_name_is_no_given_name() {
    // `In`, `An`, `So` are on a list of given names; in a headline's title
    // case (or a title quoted in running text) they are words of grammar.
    for (text, id, surface) in [
        ("Protests In Tehran Spread", "tehran", "Tehran"),
        (
            "It is at page two of ‘Things To Do In Tehran’ online.",
            "tehran",
            "Tehran",
        ),
        ("Why An Iran Deal Matters", "iran", "Iran"),
        ("Life In Baghdad Goes On", "baghdad", "Baghdad"),
    ] {
        assert_eq!(of(text, id), [surface], "{text}: {:?}", found(text));
        // And no person is made of the headline's words.
        assert!(
            found(text).iter().all(|(_, e)| !e.contains("person")),
            "{text}: {:?}",
            found(text)
        );
    }
    // A given name that is no word of grammar still makes another person.
    assert!(of("Masoud Soleimani spoke.", "qasem-soleimani").is_empty());
}

#[test]
fn another_given_name_makes_another_person() {
    for text in [
        "Mohammad Soleimani, the former telecommunication minister, said.",
        "Masoud Soleimani and Zeinab Soleimani were there.",
        "Alireza Raeisi spoke to reporters.",
        "Mehdi Jahangiri spoke to reporters.",
    ] {
        let people: Vec<_> = found(text)
            .into_iter()
            .filter(|(_, e)| {
                ["qasem-soleimani", "ebrahim-raisi", "eshaq-jahangiri"].contains(&e.as_str())
            })
            .collect();
        assert!(people.is_empty(), "{text}: {people:?}");
    }
    for text in ["Stefan Scholz spoke.", "Brigitte Macron spoke."] {
        assert!(
            found(text).iter().all(|(s, _)| s.contains(' ')),
            "{text}: {:?}",
            found(text)
        );
    }
}

#[test]
fn a_persons_own_given_name_or_a_title_keeps_the_link() {
    for text in [
        "Sardar Soleimani was killed in 2020.",
        "Martyr Soleimani was remembered.",
        "Gen. Soleimani was remembered.",
        "Qasim Soleimani was remembered.",
    ] {
        assert!(
            found(text).iter().any(|(_, e)| e == "qasem-soleimani"),
            "{text}: {:?}",
            found(text)
        );
    }
}

#[test]
fn each_field_is_matched_on_its_own() {
    let ex = extractor();
    let body = "John Kerry met the Iraqi premier. Kerry said the talks went well.";
    let alone = ex.extract(&Document::new("a", vec![Field::new("text", body)]));
    let with_title = ex.extract(&Document::new(
        "a",
        vec![
            Field::new("title", "Talks in Iraq Kerry"),
            Field::new("text", body),
        ],
    ));
    let text_of = |r: &gazet::DocumentResult, field: usize| -> Vec<(usize, usize, String)> {
        r.mentions
            .iter()
            .filter(|m| m.field == field)
            .map(|m| (m.start, m.end, ex.entity(m).id.clone()))
            .collect()
    };
    assert_eq!(text_of(&alone, 0), text_of(&with_title, 1));
    assert!(
        text_of(&alone, 0)
            .iter()
            .filter(|(_, _, e)| e == "john-kerry")
            .count()
            >= 2,
        "{:?}",
        text_of(&alone, 0)
    );
}

#[test]
fn a_common_word_place_at_a_sentence_start_is_decided_by_its_verb() {
    assert_eq!(
        of(
            "Talks ended.\n Turkey was reported this week to buy wheat.",
            "turkey"
        ),
        ["Turkey"]
    );
    assert!(of("Turkey and ham were served.", "turkey").is_empty());
}

#[test]
fn descriptive_words_in_lowercase_are_not_part_of_a_name() {
    // As `Fars province` gives `Fars`: the outlet is named, the span is its name.
    assert_eq!(
        found("Tasnim news agency reported the visit."),
        [("Tasnim".to_string(), "tasnim-news-agency".to_string())]
    );
    // What is left may be another entity's name.
    assert_eq!(
        of("Fighting in the Damascus countryside went on.", "damascus"),
        ["Damascus"]
    );
    // Capitalized, the division word is part of the place's name.
    assert_eq!(
        of(
            "The Water Department of Hormozgan Province said.",
            "hormozgan"
        ),
        ["Hormozgan Province"]
    );
    // A natural feature's kind in lowercase: the span is the feature's
    // name, the entity the feature, even where the name alone is another's
    // (`Hormuz`, an island too).
    assert_eq!(
        found("Dams on the Tigris and Euphrates rivers and the Hormuz strait."),
        [
            ("Tigris".to_string(), "tigris".to_string()),
            ("Euphrates".to_string(), "euphrates".to_string()),
            ("Hormuz".to_string(), "strait-of-hormuz".to_string()),
        ]
    );
    // Not where what is left is no name (`Red`, `Arabian`).
    assert_eq!(
        of("Ships in the Red sea and the Arabian sea.", "red-sea"),
        ["Red sea"]
    );
}

#[test]
fn a_lake_or_a_mountain_is_no_town_of_its_name() {
    let text = "Water levels in Lake Urmia fell, and snow covered Mount Damavand.";
    assert!(of(text, "urmia").is_empty() && of(text, "damavand").is_empty());
    let got = found(text);
    assert_eq!(
        got,
        [
            (
                "Lake Urmia".to_string(),
                "unlisted:place:lake-urmia".to_string()
            ),
            (
                "Mount Damavand".to_string(),
                "unlisted:place:mount-damavand".to_string()
            ),
        ]
    );
    // A listed name with the word stays listed (`Cape Town`, `Lake Chad`).
    assert_eq!(of("He flew to Cape Town.", "cape-town"), ["Cape Town"]);
}

#[test]
fn reuters_signs_its_wire_copy() {
    assert_eq!(of("Prices rose 2 pct.\n REUTER\n", "reuters"), ["REUTER"]);
}

#[test]
fn a_headline_in_title_case_keeps_its_one_word_variants() {
    // Every word of a headline is capitalized: the neighbours of `Hasake`
    // say nothing, and a headline alone is no text written in capitals.
    assert_eq!(
        of("ISIS Attacks Hasake Refugee Point", "hasakah"),
        ["Hasake"]
    );
    // In running text, a capitalized neighbour still makes another name.
    assert!(of("The Hasake Refugee point was hit.", "hasakah").is_empty());
}

#[test]
fn a_name_written_with_its_article_beats_a_name_given_one() {
    assert_eq!(
        of("El Salvador and Bahia signed.", "el-salvador"),
        ["El Salvador"]
    );
}

#[test]
fn an_acronym_the_text_defines_names_the_entity_from_there_on() {
    let text = "The Islamic State (IS) claimed it. Later IS fighters fled.";
    assert_eq!(of(text, "islamic-state"), ["Islamic State", "IS", "IS"]);
    // An acronym in parentheses that does not spell the name, or that is
    // another entity's name, defines nothing (a source, a code).
    assert_eq!(
        of("Kata'ib Hezbollah (AP) said. AP", "kataib-hezbollah"),
        ["Kata'ib Hezbollah"]
    );
    assert_eq!(of("Basra (BSR) and BSR", "basra").len(), 1);
}

#[test]
fn a_group_named_in_full_is_named_by_its_first_word() {
    let text = "Asa’ib pressed them. The Badr Organization agreed, and Badr will run, \
                as will Asa'ib Ahl al-Haq. Badr Lahlou, a writer, disagreed.";
    assert_eq!(of(text, "badr-organization"), ["Badr Organization", "Badr"]);
    assert_eq!(
        of(text, "asaib-ahl-al-haq"),
        ["Asa’ib", "Asa'ib Ahl al-Haq"]
    );
    // Not without the full name.
    assert!(of("Badr will run.", "badr-organization").is_empty());
}

#[test]
fn an_outlet_takes_in_its_medium() {
    assert_eq!(
        found("Alsumaria TV and Rudaw TV reported it."),
        [
            ("Alsumaria TV".to_string(), "al-sumaria".to_string()),
            ("Rudaw TV".to_string(), "rudaw".to_string())
        ]
    );
}

#[test]
fn an_outlet_listed_with_its_short_medium_word_is_named_with_the_whole_word() {
    // `Al-Hadath TV` is listed, not `Al-Hadath` (a Beirut suburb); the
    // lowercase medium is left out of the span, as in `Tasnim news agency`.
    assert_eq!(
        found("Saudi-owned Al-Hadath television identified one of the dead."),
        [("Al-Hadath".to_string(), "al-hadath".to_string())]
    );
    assert_eq!(
        found("He spoke to Belqees television and to Al-Hadath Television."),
        [
            ("Belqees".to_string(), "belqees-tv".to_string()),
            ("Al-Hadath Television".to_string(), "al-hadath".to_string())
        ]
    );
    // What is left names the channel, not the group it is named after.
    assert_eq!(
        found("The Al-Nujaba channel reported it."),
        [("Al-Nujaba".to_string(), "al-nujaba-tv".to_string())]
    );
}

#[test]
fn an_ayn_or_hamza_at_either_end_of_a_name_is_part_of_it() {
    let text = "the ʿAṣāʾib Ahl al-Ḥaqq in Karbalāʾ; Iranʼs";
    let spans: Vec<String> = found(text).into_iter().map(|(s, _)| s).collect();
    assert_eq!(spans, ["ʿAṣāʾib Ahl al-Ḥaqq", "Karbalāʾ", "Iran"]);
}

#[test]
fn an_instrument_code_is_no_place() {
    let text = "Hitachi Ltd <HIT.T> and Toshiba signed; the town of Hit; <HIT> rose.";
    // The codes in angle brackets name securities, not the town.
    assert_eq!(of(text, "hit"), ["Hit"]);
}

#[test]
fn a_ship_named_after_a_place_is_no_place() {
    let text = "The battleship Missouri left Iowa; USS Iowa sailed. The tanker Iran Deylam.";
    assert_eq!(of(text, "iowa"), ["Iowa"]);
    assert!(of(text, "missouri").is_empty());
    // A place inside a longer ship's name is still the place.
    assert_eq!(of(text, "iran"), ["Iran"]);
}

#[test]
fn a_company_named_by_a_place_or_a_network_is_neither() {
    // A place's name that is a common word, at the start of a company's
    // name, names the company there and alone in the rest of the field...
    let text = "Phoenix Steel Corp said it rose. Phoenix chairman Tom Lee spoke in Phoenix.";
    assert_eq!(
        found(text).iter().filter(|(s, _)| s == "Phoenix").count(),
        1,
        "{:?}",
        found(text)
    );
    // ... but a place of another name stays a place (`Philadelphia
    // Electric Co`), and a country stays the country (`China Steel Corp`).
    assert_eq!(
        of("Philadelphia Electric Co said so.", "philadelphia"),
        ["Philadelphia"]
    );
    assert_eq!(
        of("China Steel Corp said China grew.", "china"),
        ["China", "China"]
    );
    // The parent of a news division is no outlet (`CBS Inc`, `CBS chairman`),
    // and its news division is.
    let text = "CBS Inc said it will pay him. CBS chairman William Paley agreed.";
    assert!(of(text, "cbs-news").is_empty(), "{:?}", found(text));
    assert_eq!(
        of("CBS News reported it; CBS said so.", "cbs-news"),
        ["CBS News", "CBS"]
    );
    // An outlet's own company is the outlet.
    assert_eq!(
        of("Reuters Holdings PLC said Reuters grew.", "reuters"),
        ["Reuters", "Reuters"]
    );
}

#[test]
fn a_division_word_before_another_name_is_that_name_s() {
    // `District` of `U.S. District Court` belongs to the court.
    assert_eq!(
        of(
            "He sued in U.S. District Court in Wilmington.",
            "united-states"
        ),
        ["U.S."]
    );
    assert_eq!(
        of("Fighting in Hormozgan Province went on.", "hormozgan"),
        ["Hormozgan Province"]
    );
    assert_eq!(
        of("the Hormozgan Province Water Company said", "hormozgan"),
        ["Hormozgan Province"]
    );
    assert_eq!(
        of("Rains hit Amapa State and Iwate Prefecture.", "iwate"),
        ["Iwate Prefecture"]
    );
    assert_eq!(
        of("the Iraq State Oil Marketing Organization", "iraq"),
        ["Iraq"]
    );
    // `city` in lowercase is left out, and the city stays the city.
    assert_eq!(
        of("meat cutters in New York city rejected it.", "new-york"),
        ["New York"]
    );
}

#[test]
fn outlets_that_news_cites_are_listed() {
    // gazetteers/outlets-cited.csv: outlets the news corpora cite.
    let text = "The Toronto Star reported it, and Scientific American wrote so.";
    assert_eq!(of(text, "toronto-star"), ["Toronto Star"]);
    assert_eq!(of(text, "scientific-american"), ["Scientific American"]);
    // A common phrase among them matches only as written.
    assert_eq!(
        of("the financial post of the firm", "financial-post"),
        Vec::<String>::new()
    );
    assert_eq!(
        of("told the Financial Post on Monday", "financial-post"),
        ["Financial Post"]
    );
}

#[test]
fn an_agency_cited_by_its_first_word_is_the_agency() {
    // Before a verb of reporting, with or without the full name in the
    // field: the agency, not the province of the same name.
    let text = "Officials met in Shiraz on Monday, Fars reported. Mehr quoted the governor.";
    assert_eq!(of(text, "fars-news-agency"), ["Fars"]);
    assert_eq!(of(text, "mehr-news-agency"), ["Mehr"]);
    assert!(of(text, "fars").is_empty());
    // Without the full name: after `according to` before a clause's end,
    // and as a photograph's credit; not before another word.
    let text = "According to Mehr, the talks ended. The tower at night. \
                (Mehr/Asghar Khamseh) According to Fars province officials, it rained.";
    assert_eq!(of(text, "mehr-news-agency"), ["Mehr", "Mehr"]);
    assert!(of(text, "fars-news-agency").is_empty());
    assert_eq!(of(text, "fars"), ["Fars"]);
    // With the full name in the field, the other ways of citing it.
    let text = "The Fars News Agency named the suspects. According to Fars, three \
                were held in Fars province; the list published by Fars was long.";
    assert_eq!(
        of(text, "fars-news-agency"),
        ["Fars News Agency", "Fars", "Fars"]
    );
    assert_eq!(of(text, "fars"), ["Fars"]);
    // Not cited: the province.
    assert_eq!(of("Protests spread to Fars on Monday.", "fars"), ["Fars"]);
    // A place that names an outlet in other words, or that speaks, stays
    // the place (`Washington` of `Washington Post`, `Bahrain announced`).
    let text = "The Washington Post said so. According to Washington, talks went on.";
    assert!(of(text, "washington").contains(&"Washington".to_string()));
    let text = "The Bahrain News Agency said so. Bahrain announced the visit.";
    assert_eq!(of(text, "bahrain"), ["Bahrain"]);
}

#[test]
fn an_unlisted_name_takes_a_listed_one_whole_or_not_at_all() {
    // Found by the jsonl_reader fuzz target: `Saraya` (the first word of
    // militias' names) and the initial `U.` made `Saraya U.`, an unlisted
    // militia ending inside the listed `U.S.`, and the two overlapped.
    for text in [
        "Saraya U.S.",
        "Saraya U.S. forces left.",
        "Kataib U.S.A. said.",
    ] {
        let ms = extractor().extract_text(text);
        for w in ms.windows(2) {
            assert!(
                w[0].end <= w[1].start,
                "{text:?}: {}..{} and {}..{} overlap",
                w[0].start,
                w[0].end,
                w[1].start,
                w[1].end
            );
        }
        assert!(
            found(text).iter().any(|(_, id)| id == "united-states"),
            "{text:?}: {:?}",
            found(text)
        );
    }
}

#[test]
fn a_countrys_name_is_a_us_state_only_in_a_story_about_us_places() {
    // A story on the Caucasus that names Washington and New York, as world
    // news does: the country.
    let caucasus = "Georgia and Armenia reopened the border on Monday. Officials in \
                    Washington and at the UN in New York welcomed the step, and Georgia \
                    said trade would resume.";
    assert_eq!(of(caucasus, "georgia"), ["Georgia", "Georgia"]);
    assert!(of(caucasus, "georgia-us-ga").is_empty());
    // A story full of US places: the state.
    let storm = "The storm flooded Savannah and Atlanta after it left Florida, and \
                 South Carolina and Alabama declared emergencies. Georgia's governor \
                 asked for federal aid.";
    assert_eq!(of(storm, "georgia-us-ga"), ["Georgia"]);
    assert!(of(storm, "georgia").is_empty());
    // Beside a US city, or called a state, with nothing else to go on.
    assert_eq!(
        of("The firm is based in Atlanta, Georgia.", "georgia-us-ga"),
        ["Georgia"]
    );
    assert_eq!(
        of("The state of Georgia sued the firm.", "georgia-us-ga"),
        ["Georgia"]
    );
    // Listed with countries in a story full of US places.
    assert_eq!(
        of(
            "Texas, Florida and Ohio lobbied Congress to admit Ukraine and Georgia.",
            "georgia"
        ),
        ["Georgia"]
    );
}

#[test]
fn a_long_form_the_text_gives_a_listed_acronym_names_it_or_unnames_it() {
    let text = "The Popular Mobilization Front (PMF) said the PMF would stay.";
    assert_eq!(
        of(text, "popular-mobilization-forces"),
        ["Popular Mobilization Front", "PMF", "PMF"]
    );
    let text = "The Armed Forces of the Philippines (AFP) said the AFP would stay.";
    assert!(of(text, "agence-france-presse").is_empty());
}

#[test]
fn an_apostrophe_for_a_final_hamza_is_part_of_the_name_a_lost_possessive_is_not() {
    let spans = |text: &str| -> Vec<String> { found(text).into_iter().map(|(s, _)| s).collect() };
    assert_eq!(
        spans("Kata'ib Hezbollah and Harakat al-Nujaba' (حركة النجباء) refused."),
        ["Kata'ib Hezbollah", "Harakat al-Nujaba'", "حركة النجباء"]
    );
    // A possessive whose `s` was lost, and a quote the text opened.
    assert_eq!(spans("Russia’ law and Iraq’ oil."), ["Russia", "Iraq"]);
    assert_eq!(
        spans("a group called 'Harakat al-Nujaba' by some"),
        ["Harakat al-Nujaba"]
    );
}

#[test]
fn a_listed_person_written_with_middle_names_is_that_person() {
    // An Arab's father's name between the given name and the surname, a
    // Western middle initial; the bare surname after it is theirs too.
    let text = "Foreign Minister Fuad Mohammed Hussein arrived in Tehran. \
                Hussein said the talks were useful. Senator Lindsey O. Graham agreed.";
    assert_eq!(
        of(text, "fuad-hussein"),
        ["Fuad Mohammed Hussein", "Hussein"]
    );
    assert_eq!(of(text, "lindsey-graham"), ["Lindsey O. Graham"]);
    let ex = extractor();
    let m = ex
        .extract_text(text)
        .into_iter()
        .find(|m| &text[m.start..m.end] == "Fuad Mohammed Hussein")
        .unwrap();
    assert_eq!(m.rules.to_string(), "middle-names");
    // Not a compound given name, a father's name after `ibn`, nor a
    // Persian name, whose three words are a given name and a surname of
    // two: other people.
    for (text, id) in [
        ("Mohammad Reza Bagheri spoke on Monday.", "mohammad-bagheri"),
        ("The shrine of Imam Hussain ibn Ali was full.", "imam-ali"),
        (
            "Grand Ayatollah Hossein Nouri Hamedani said so.",
            "hossein-hamadani",
        ),
    ] {
        assert!(of(text, id).is_empty(), "{text}");
    }
}

#[test]
fn a_site_takes_in_the_person_or_place_it_is_named_for() {
    // The longest name wins: an airport, a palace, a square named for a
    // person or a place is one place.
    let text = "The plane landed at Rafic Hariri International Airport on Monday. \
                Visitors crowded the Golestan Palace, then Heathrow Airport.";
    let got = found(text);
    assert!(got.contains(&(
        "Rafic Hariri International Airport".to_string(),
        "unlisted:place:rafic-hariri-international-airport".to_string()
    )));
    assert!(got.contains(&(
        "Golestan Palace".to_string(),
        "unlisted:place:golestan-palace".to_string()
    )));
    assert!(got.iter().any(|(s, _)| s == "Heathrow Airport"));
    assert!(of(text, "rafik-hariri").is_empty() && of(text, "golestan").is_empty());
    // An institution's longer name, a museum's, a headline's capitals:
    // the place stays.
    for (text, place) in [
        (
            "He visited the Tehran Museum of Contemporary Art on Monday.",
            "tehran",
        ),
        (
            "Shanghai Museum Director Yang Zhigang signed it.",
            "shanghai",
        ),
        ("Blast Hits Kabul Airport As Crowds Gather", "kabul"),
    ] {
        assert_eq!(of(text, place).len(), 1, "{text}");
    }
}

#[test]
fn an_outlet_takes_in_the_language_of_its_service() {
    let text = "He told RT Arabic on Monday, and CNN Turk reported it. \
                Hamshahri Persian daily wrote the same.";
    let got = found(text);
    assert!(got.contains(&("RT Arabic".to_string(), "rt".to_string())));
    assert!(got.contains(&("CNN Turk".to_string(), "cnn".to_string())));
    // The language of the paper, not of a service.
    assert_eq!(of(text, "hamshahri"), ["Hamshahri"]);
}

#[test]
fn a_spelling_found_by_its_skeleton_may_be_possessive() {
    let text = "Syrian President Beshar al-Assad’s government is strong.";
    let ex = extractor();
    let got = ex.extract_text(text);
    let m = got
        .iter()
        .find(|m| ex.entity(m).id == "bashar-al-assad")
        .unwrap();
    assert_eq!(&text[m.start..m.end], "Beshar al-Assad");
    assert_eq!(m.kind, gazet::MatchKind::Skeleton);
    assert_eq!(m.rules.to_string(), "possessive");
}

#[test]
fn mt_is_mount_and_the_popular_committees_are_a_group() {
    let text = "Iron ore from Mt Newman was shipped. Yemeni army and Popular Committees \
                fighters fired; the popular committees of the town met.";
    let got = found(text);
    assert!(got.contains(&(
        "Mt Newman".to_string(),
        "unlisted:place:mt-newman".to_string()
    )));
    assert_eq!(of(text, "popular-committees"), ["Popular Committees"]);
}
