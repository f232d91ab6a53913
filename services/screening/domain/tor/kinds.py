"""What a requirement clause is about, and whether its own words make it mandatory.

This module owns two small judgements on a clause's text: its kind (education when it names
a degree level before any years of experience, language when it names a language with a
level or in a language section, experience when it speaks of experience or years, else
none), and its mandatory wording ("required", "must", "a minimum of", "exigé" → mandatory;
"desirable", "an asset", "souhaité", "un atout" → desirable, which wins when both appear).
In strict mode, used when the ToR has no qualification heading, only clauses that clearly
state a requirement are kept.
"""

from __future__ import annotations

from services.screening.domain.tor import vocabulary as vocab
from services.screening.domain.tor.clauses import is_degree_alternatives
from services.screening.domain.tor.languages import names_a_language


def marker_of(text: str) -> bool | None:
    """False for desirable wording, True for mandatory wording, None for neither."""
    if vocab.DESIRABLE_MARKER.search(text):
        return False
    if vocab.MANDATORY_MARKER.search(text):
        return True
    return None


def kind_of(text: str, hint: str | None, strict: bool = False) -> str | None:
    """education | experience | language for a clause, or None if it is none of those."""
    level = vocab.LEVEL_WORD.search(text)
    head = vocab.EXPERIENCE_WORD.search(text)
    duration = vocab.DURATION.search(text)
    # "5 years of experience after the master's degree" is about experience.
    experience_first = level is not None and any(
        found is not None and found.start() < level.start() for found in (head, duration)
    )
    if level is not None and (is_degree_alternatives(text) or not experience_first):
        generic = level.lastgroup == vocab.GENERIC_LEVEL_GROUP
        if strict and generic and marker_of(text) is None:
            return None
        return "education"
    if names_a_language(text) and not (head and duration):
        has_context = vocab.LANGUAGE_CONTEXT.search(text) is not None
        if has_context or hint == "language":
            if strict and (marker_of(text) is None or not has_context):
                return None
            return "language"
    if head is not None or duration is not None:
        if strict and not (duration or vocab.VAGUE_QUANTITY.search(text) or marker_of(text)):
            return None
        return "experience"
    if hint == "experience" and not strict:
        return "experience"
    return None
