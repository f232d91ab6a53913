"""Degree names of many systems, and the level each one stands for.

This module owns the table that maps how a degree is written to its level: English,
French, German, Spanish, Portuguese and Italian names and their usual abbreviations
("MA", "LL.M.", "DEA", "Maîtrise", "Diplom", "Laurea magistrale", "Mestrado", "PhD", …).
A German university Diplom and a French DEA, DESS, Master 2 or Maîtrise count as master's;
a Licence, Licenciatura or Laurea (first cycle) as bachelor's; certificates and diplomas
that name no degree as "other"; school-leaving certificates as "secondary". Names written
in words match in any case; abbreviations match in their usual case only, so that "ma" or
"ba" inside ordinary words never count. Where several names could start at one place, the
earlier row of the table wins, so the specific rows come before the general ones.
"""

from __future__ import annotations

import re

_POSSESSIVE = r"(?:'s|\u2019s)?"
# What a degree is "of": a usual two-word name, which may wrap onto the next line ("Master
# of Business" / "Administration"), or capitalised words on the same line ("Master of Peace
# and Conflict Studies", "MASTER OF ARTS"), up to "in", a comma or a bracket.
_USUAL_NAME = (
    r"(?:Business|Public|Development|Advanced|International|Social|Fine|Global|Liberal|"
    r"Political|Environmental|Human|Strategic|European|Applied|Humanitarian|Urban|Economic)"
    r"\s+(?:Administration|Policy|Health|Affairs|Relations|Studies|Law|Arts|Science|"
    r"Sciences|Work|Management|Economics|Diplomacy|Action|Planning|Development|Rights)"
)
_CAPITALISED = r"(?!(?i:in|en|at|from|with|on|for)(?![\w]))(?-i:[A-Z])[\w'\u2019\-]*"
_OF_WHAT = (
    rf"\s+of\s+(?:the\s+)?(?:{_USUAL_NAME}(?![\w])"
    rf"|{_CAPITALISED}(?:[ \t]+(?:(?:and|&)[ \t]+)?{_CAPITALISED}){{0,4}}"
    r"|(?:arts|science|sciences|laws|law|philosophy|letters|engineering)(?![\w]))"
)
_DE = r"\s+(?:d[eu]s?|en|in|of)\s+"

# (level, names written in words, abbreviations).
DEGREE_TABLE: tuple[tuple[str, str, str], ...] = (
    ("doctorate", rf"Doctor{_OF_WHAT}", ""),
    ("master", rf"(?:Executive\s+)?Master{_POSSESSIVE}{_OF_WHAT}", ""),
    ("bachelor", rf"Bachelor{_POSSESSIVE}{_OF_WHAT}", ""),
    (
        "doctorate",
        r"Doctorate|Doctorat|Doctoral\s+degree|Docteur|Doktorat|Doktor|Doctorado|"
        r"Doutorado|Doutoramento|Dottorato(?:\s+di\s+ricerca)?|Habilitation",
        r"Ph\.?\s?D\.?|D\.?\s?Phil\.?|Dr\.\s?(?:phil|rer\.\s?\w+|iur|jur|sc|med)\.?|"
        r"DBA|EdD|Ed\.D\.|LLD|LL\.D\.|JSD|SJD|S\.J\.D\.|DSc|D\.Sc\.",
    ),
    (
        "master",
        r"Master\s*(?:2|II|1|I)(?!\w)|Mast[eè]re(?:\s+spécialisé)?|"
        r"Laurea\s+(?:magistrale|specialistica)|Diplôme\s+d[\u2019']ingénieur|"
        r"Diplôme\s+d[\u2019']études\s+(?:approfondies|supérieures\s+spécialisées)",
        r"M2",
    ),
    (
        "master",
        rf"(?:Executive\s+)?Master{_POSSESSIVE}(?:\s+degree)?|Masters|Maîtrise|Maitrise|"
        r"Magister|Magistère|Magíster|Maestría|Maestria|Mestrado|Diplom(?![^\W\d_])|"
        r"Diplom-\w+",
        r"(?:Executive\s+)?(?:MBA|MPA)|LL\.?\s?M\.?|M\.\s?A\.|MA|M\.\s?Sc\.?|MSc|MS(?!\s+(?:Office|Word|Excel|Project))|M\.S\.|MPhil|M\.Phil\.?|MPP|EMBA|"
        r"MIA|MAS|MALD|MRes|MLitt|M\.Litt\.?|MEng|MEd|MSW|MPH|MFA|MIB|MDP|MASt|"
        r"DEA|DESS|Dipl\.-\w+\.?",
    ),
    (
        "bachelor",
        rf"Bachelor{_POSSESSIVE}(?:\s+degree)?|Bachelors|Licence|Licenciatura|Licenciado|"
        rf"Licenciada|Bachelier|Bacharelado|Laurea(?:\s+triennale)?|Grado(?={_DE})|"
        r"Undergraduate\s+degree|First\s+degree",
        r"LL\.?\s?B\.?|B\.\s?A\.|BA|B\.\s?Sc\.?|BSc|BS|B\.S\.|BEng|B\.Eng\.|BBA|B\.Com\.?|BCom|"
        r"BEd|BSW|BFA|BPhil",
    ),
    (
        "secondary",
        r"Baccalauréat|Baccalaureat|International\s+Baccalaureate|High\s+School(?:\s+Diploma)?|"
        r"Secondary\s+School(?:\s+Certificate)?|Abitur|Matura|Maturité|Bachillerato|"
        r"Diploma\s+di\s+maturità|Ensino\s+médio",
        r"A[- ]levels?|GCSEs?|IB\s+Diploma",
    ),
    (
        "other",
        r"(?:Executive\s+|Postgraduate\s+|Post-graduate\s+|Graduate\s+|Advanced\s+|"
        r"Professional\s+)?(?:Certificate|Certificat|Certificado|Certification|Zertifikat|"
        r"Diploma|Diplôme|Diplomado)|Associate\s+degree",
        r"CAS|DAS",
    ),
)


def _alternatives(names: str, abbreviations: str) -> str:
    alternatives = [f"(?i:{names})"] if names else []
    return "|".join([*alternatives, abbreviations] if abbreviations else alternatives)


DEGREE = re.compile(
    "|".join(
        rf"(?P<{level}{number}>(?<![\w.])(?:{_alternatives(names, short)})(?![\w]))"
        for number, (level, names, short) in enumerate(DEGREE_TABLE)
    )
)
# "(Hons)", or the abbreviation repeating a degree written in words: "Master of Arts (MA)".
SUFFIX = re.compile(r"^\s*\((?:Hons?\.?|Honours|Honors|[A-Z][A-Za-z.]{1,7})\)")


def level_of(match: re.Match[str]) -> str:
    """The level of a `DEGREE` match: the table row whose group matched."""
    group = next(name for name, value in match.groupdict().items() if value)
    return group.rstrip("0123456789")
