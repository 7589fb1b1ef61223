"""The spaCy component: ``nlp.add_pipe("gazet")``.

spaCy is installed by crates/gazet-cli/tests/python.rs; a blank English
pipeline (no model to download) is enough, since gazet needs only spaCy's
tokens to make spans.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

import gazet
from gazet.spacy_component import GazetComponent

TEXT = (
    "Kata'ib Hizballah fighters crossed at Shalamcheh, and Esmail Qa'ani met "
    "Hadi al-Amiri in Baghdad, the Tasnim news agency said."
)


def test_add_pipe_needs_no_import_of_gazet() -> None:
    # A fresh interpreter that never imports gazet: the factory comes from
    # the package's entry point.
    code = (
        "import spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('gazet')\n"
        f"doc = nlp({TEXT!r})\n"
        "print(' '.join(s.kb_id_ for s in doc.spans['gazet']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[:2] == ["kataib-hezbollah", "shalamcheh"]


def test_spans_are_the_mentions() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("gazet")
    doc = nlp(TEXT)
    spans = list(doc.spans["gazet"])
    mentions = gazet.Extractor().extract(TEXT)
    assert len(spans) == len(mentions) >= 5
    for span, m in zip(spans, mentions):
        assert (span.start_char, span.end_char) == (m.char_start, m.char_end)
        assert span.text == m.surface
        assert span.kb_id_ == m.entity_id
        assert span.label_ == m.type.upper()
        assert span._.gazet["score"] == m.score
        assert span._.gazet["canonical"] == m.canonical
    assert {"PERSON", "MILITIA", "PLACE", "OUTLET"} <= {s.label_ for s in spans}
    # Two spellings, one id.
    other = nlp("Esmail Ghaani arrived.")
    qaani = [s for s in spans if s.text == "Esmail Qa'ani"]
    assert other.spans["gazet"][0].kb_id_ == qaani[0].kb_id_ == "esmail-qaani"


def test_pipe_gives_what_one_call_gives() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("gazet", config={"threads": 2})
    texts = [TEXT, "", "Protests in Tehran and Mashhad.", TEXT.upper()] * 5

    def ids(doc: Doc) -> list[tuple]:
        return [(s.start, s.end, s.kb_id_) for s in doc.spans["gazet"]]

    one = [ids(nlp(t)) for t in texts]
    piped = [ids(d) for d in nlp.pipe(texts, batch_size=3)]
    assert piped == one
    assert one[2] and not one[1]


def test_config_key_ents_and_own_gazetteers(tmp_path: Path) -> None:
    g = tmp_path / "g.csv"
    g.write_text("id,type,canonical,aliases\nzorb,place,Zorbatown,Zorba Town\n", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe(
        "gazet",
        config={"gazetteers": [str(g)], "spans_key": "places", "set_ents": True},
    )
    doc = nlp("They left Zorba Town for Baghdad.")
    assert [s.kb_id_ for s in doc.spans["places"]] == ["zorb"]
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [("Zorba Town", "PLACE", "zorb")]
    assert "gazet" not in doc.spans


def test_alignment_modes() -> None:
    nlp = spacy.blank("en")
    # Tokens that split across the mention: "from Tehr" | "an".
    words, spaces = ["Fly", "from Tehr", "an"], [True, False, False]

    def spans(mode: str) -> list[str]:
        component = GazetComponent(gazet.Extractor(), alignment_mode=mode)
        doc = component(Doc(nlp.vocab, words=words, spaces=spaces))
        return [s.text for s in doc.spans["gazet"]]

    assert spans("strict") == []
    assert spans("expand") == ["from Tehran"]
    assert spans("contract") == ["an"]


def test_docs_serialize_and_the_pipeline_pickles() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("gazet")
    doc = nlp(TEXT)
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))[0]
    assert [s.kb_id_ for s in back.spans["gazet"]] == [s.kb_id_ for s in doc.spans["gazet"]]
    assert back.spans["gazet"][0]._.gazet["entity_id"] == "kataib-hezbollah"
    again = pickle.loads(pickle.dumps(nlp))(TEXT)
    assert [s.kb_id_ for s in again.spans["gazet"]] == [s.kb_id_ for s in doc.spans["gazet"]]
