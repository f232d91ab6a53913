"""How screening compares words: one normalisation for tags, fields and organisations.

Lower case, accents removed, every run of characters other than letters, digits and "/"
(which marks alternatives in tag descriptions) a single space.
"""

from __future__ import annotations

import re
import unicodedata


def normalise_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^0-9a-z/]+", " ", without_accents.lower()).split())


def words_of(text: str) -> tuple[str, ...]:
    return tuple(word for word in normalise_text(text).replace("/", " ").split() if word)
