"""The shape of a candidate's corrected profile, checked at the edge (API and pages alike).

`ProfileCorrectionSchema` loads `{education?, positions?, languages?}`: a section given
replaces the one read from the CV, a section left out stays as read. Every message says
what to do, and `flat_messages()` turns marshmallow's nested messages into one entry per
field, numbered from 1 as the candidate counts: `{"positions[2].end": ["..."]}`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from services.intake.domain.profile import DEGREE_LEVELS, LANGUAGE_LEVELS

YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_TEXT = 300


class Text(fields.String):
    """A string with its spaces tidied and NUL characters dropped; blank reads as None,
    or is refused with `blank` when the field must say something."""

    def __init__(
        self,
        *,
        max_length: int = MAX_TEXT,
        pattern: re.Pattern[str] | None = None,
        pattern_error: str = "",
        blank: str | None = None,
        **kwargs: Any,
    ) -> None:
        if blank is not None:
            kwargs.update(required=True, error_messages={"required": blank, "null": blank})
        else:
            kwargs.update(load_default=None, allow_none=True)
        super().__init__(**kwargs)
        self.max_length, self.pattern, self.pattern_error = max_length, pattern, pattern_error
        self.blank = blank

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        text = super()._deserialize(value, attr, data, **kwargs)
        tidied = " ".join(text.replace("\x00", "").split())
        if not tidied:
            if self.blank is not None:
                raise ValidationError(self.blank)
            return None
        if len(tidied) > self.max_length:
            raise ValidationError(f"Keep this under {self.max_length} characters.")
        if self.pattern is not None and not self.pattern.match(tidied):
            raise ValidationError(self.pattern_error)
        return tidied


def _year_month(blank: str | None = None) -> Text:
    return Text(
        pattern=YEAR_MONTH,
        pattern_error="Give the month as YYYY-MM, for example 2019-06.",
        blank=blank,
    )


class _Entry(Schema):
    error_messages = {
        "type": "Each entry must be an object with its fields.",
        "unknown": "This is not one of the entry's fields.",
    }


class DegreeCorrection(_Entry):
    level = fields.String(
        required=True,
        validate=validate.OneOf(DEGREE_LEVELS, error=f"Choose one of: {', '.join(DEGREE_LEVELS)}."),
    )
    degree_as_written = Text(blank="Give the degree as it is called.")
    field = Text()
    institution = Text()
    year_completed = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1940, 2100, error="Give the year, for example 2012."),
    )


class PositionCorrection(_Entry):
    title = Text()
    employer = Text()
    start = _year_month(blank="Give the month this position started (YYYY-MM).")
    end = _year_month()
    ongoing = fields.Boolean(load_default=False)
    city = Text()
    country = Text()
    bullets = fields.List(
        Text(max_length=2000),
        load_default=list,
        validate=validate.Length(max=50, error="Keep it to 50 lines or fewer."),
    )

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _consistent(self, data: Mapping[str, Any], original: Any, **kwargs: Any) -> None:
        if not isinstance(original, Mapping):
            return
        errors: dict[str, str] = {}
        if not data.get("title") and not data.get("employer"):
            errors["title"] = "Give the position's title or its employer."
        start, end, ongoing = data.get("start"), data.get("end"), data.get("ongoing")
        if ongoing and end:
            errors["end"] = (
                "An ongoing position has no end month: leave it empty, or untick ongoing."
            )
        elif not ongoing and not end and "end" in data:
            errors["end"] = "Give the month this position ended (YYYY-MM), or mark it as ongoing."
        elif start and end and end < start:
            errors["end"] = "The end month is before the start month."
        if errors:
            raise ValidationError({field: [message] for field, message in errors.items()})

    @post_load
    def _without_blank_lines(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data["bullets"] = [line for line in data.get("bullets") or () if line]
        return data


class LanguageCorrection(_Entry):
    language = Text(max_length=100, blank="Give the language.")
    level = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(
            LANGUAGE_LEVELS, error=f"Choose one of: {', '.join(LANGUAGE_LEVELS)}."
        ),
    )


def _entries(schema: type[Schema], most: int) -> fields.List:
    return fields.List(
        fields.Nested(schema),
        validate=validate.Length(max=most, error=f"Keep it to {most} entries or fewer."),
    )


class ProfileCorrectionSchema(Schema):
    """The profile as the candidate confirms it; a section left out stays as read."""

    education = _entries(DegreeCorrection, 30)
    positions = _entries(PositionCorrection, 80)
    languages = _entries(LanguageCorrection, 30)


def flat_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """`{"positions": {1: {"end": [...]}}}` → `{"positions[2].end": [...]}`."""
    if isinstance(messages, list):
        return {prefix or "profile": [str(m) for m in messages]}
    if not isinstance(messages, Mapping):
        return {prefix or "profile": [str(messages)]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        if isinstance(key, int):
            where = f"{prefix}[{key + 1}]"
        elif key == "_schema":
            where = prefix
        else:
            where = f"{prefix}.{key}" if prefix else str(key)
        for name, found in flat_messages(value, where).items():
            flat.setdefault(name, []).extend(found)
    return flat
