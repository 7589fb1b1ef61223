"""gazet as a spaCy pipeline component: ``nlp.add_pipe("gazet")``.

The component puts the mentions of each document in ``doc.spans["gazet"]``
(the key is configurable), one span per mention, labelled with the entity's
type in capitals (``PERSON``, ``MILITIA``, ``PLACE``, ``OUTLET``) and with the
entity id as ``kb_id_``, so that every spelling of a name links to one id.
Each span's ``span._.gazet`` holds the rest of the mention (canonical name,
score, match kind, rule, alias, Wikidata id, country, ambiguous ids) as a
plain dict, which ``DocBin`` can serialize.

The factory is registered with spaCy through the ``spacy_factories`` entry
point of the package, so ``nlp.add_pipe("gazet")`` needs no import of
gazet. Its settings (``config={...}``) are the ``Extractor``'s
(``gazetteers``, ``variants``, ``unlisted``, ``min_score``, ``threads``) and:

- ``spans_key``: the span group (default ``"gazet"``);
- ``set_ents``: also add the mentions to ``doc.ents`` where they overlap no
  entity already there (default ``False``);
- ``alignment_mode``: how a mention that does not fall on token boundaries
  becomes a span (``"expand"``, the default, takes the tokens it touches;
  ``"contract"`` the tokens inside it, dropping it if none; ``"strict"``
  drops it).

``nlp.pipe`` matches a batch of texts at once, on all the extractor's
threads with the GIL released.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from gazet._gazet import Extractor, Mention

ALIGNMENT_MODES = ("expand", "contract", "strict")

if not Span.has_extension("gazet"):
    Span.set_extension("gazet", default=None)


class GazetComponent:
    """The pipeline component (made by the ``gazet`` factory)."""

    def __init__(
        self,
        extractor: Extractor,
        spans_key: str = "gazet",
        set_ents: bool = False,
        alignment_mode: str = "expand",
    ) -> None:
        if alignment_mode not in ALIGNMENT_MODES:
            raise ValueError(
                f"alignment_mode must be one of {ALIGNMENT_MODES}, not {alignment_mode!r}"
            )
        self.extractor = extractor
        self.spans_key = spans_key
        self.set_ents = set_ents
        self.alignment_mode = alignment_mode

    def __call__(self, doc: Doc) -> Doc:
        self._assign(doc, self.extractor.extract(doc.text))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: list[Doc]) -> Iterator[Doc]:
        results = self.extractor.extract_batch([d.text for d in docs])
        for doc, result in zip(docs, results):
            self._assign(doc, result.mentions)
            yield doc

    def _assign(self, doc: Doc, mentions: list[Mention]) -> None:
        spans = []
        for m in mentions:
            span = doc.char_span(
                m.char_start,
                m.char_end,
                label=m.type.upper(),
                kb_id=m.entity_id,
                alignment_mode=self.alignment_mode,
            )
            if span is None:
                continue
            span._.gazet = {
                "entity_id": m.entity_id,
                "canonical": m.canonical,
                "score": m.score,
                "sentence": m.sentence,
                "dateline": m.dateline,
                "match": m.match,
                "rule": m.rule,
                "alias": m.alias,
                "wikidata": m.wikidata,
                "country": m.country,
                "ambiguous": list(m.ambiguous),
            }
            spans.append(span)
        doc.spans[self.spans_key] = spans
        if self.set_ents:
            taken = {i for e in doc.ents for i in range(e.start, e.end)}
            free = [s for s in filter_spans(spans) if not taken.intersection(range(s.start, s.end))]
            doc.ents = sorted([*doc.ents, *free], key=lambda s: s.start)


@Language.factory(
    "gazet",
    default_config={
        "gazetteers": None,
        "variants": True,
        "unlisted": True,
        "min_score": 0.0,
        "threads": None,
        "spans_key": "gazet",
        "set_ents": False,
        "alignment_mode": "expand",
    },
)
def make_component(
    nlp: Language,
    name: str,
    gazetteers: list[str] | None,
    variants: bool,
    unlisted: bool,
    min_score: float,
    threads: int | None,
    spans_key: str,
    set_ents: bool,
    alignment_mode: str,
) -> GazetComponent:
    """The ``gazet`` factory: an extractor with these settings, as a
    component."""
    extractor = Extractor(
        gazetteers=gazetteers,
        variants=variants,
        unlisted=unlisted,
        min_score=min_score,
        threads=threads,
    )
    return GazetComponent(extractor, spans_key, set_ents, alignment_mode)


__all__ = ["GazetComponent", "make_component"]
