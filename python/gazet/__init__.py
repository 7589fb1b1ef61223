"""gazet: find people, militias, places and news outlets in news text.

The matching runs in Rust (the same core as the ``gazet`` command line, so
the answers are the same); this package converts arguments and results.

>>> import gazet
>>> ex = gazet.Extractor()
>>> [m.entity_id for m in ex.extract("Kata'ib Hizballah fighters crossed at Shalamcheh")]
['kataib-hezbollah', 'shalamcheh']
"""

from gazet._gazet import (
    DocumentResult,
    Extractor,
    GazetteerError,
    Mention,
    __version__,
)

__all__ = ["DocumentResult", "Extractor", "GazetteerError", "Mention", "__version__"]
