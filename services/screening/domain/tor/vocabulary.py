"""The English and French wordings a Terms of Reference uses for its requirements.

This module owns every word list the ToR reader relies on, so that supporting another
wording (or language) means editing data here, not logic elsewhere: section titles,
mandatory and desirable markers, degree levels and degree equivalents, quantities (digits
and number words), vague quantities, language names and level phrases, and the wordings of
an "in lieu" equivalence. Patterns are compiled case-insensitive and match text in which
curly apostrophes were straightened (see `straight_quotes`).
"""

from __future__ import annotations

import re
import unicodedata

FLAGS = re.IGNORECASE


def straight_quotes(text: str) -> str:
    """Same length as `text`, with curly apostrophes and quotes made straight."""
    return text.translate(str.maketrans("\u2018\u2019\u02bc\u201c\u201d", "'''\"\""))


def fold(text: str) -> str:
    """Lower case without accents, for comparing headings and labels."""
    decomposed = unicodedata.normalize("NFKD", straight_quotes(text).lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(*lines: str) -> frozenset[str]:
    """A set of words written as space-separated lines, so that long lists stay readable."""
    return frozenset(word for line in lines for word in line.split())


# Words a wrapped line can end on in the middle of a phrase ("in close cooperation with").
CONTINUATION_WORDS = _words(
    "the a an of in on at to for with by from and or as into within between among its their",
    "le la les l un une des du de d et ou en dans au aux pour par sur avec entre",
)
# A line of at most this many words after a full line is the end of a wrapped phrase.
WRAPPED_TAIL_MAX_WORDS = 3


def wraps_before_capital(previous_line: str, line: str) -> bool:
    """Whether a full line and the next one, which starts with a capital, are one phrase.

    Lists often put one requirement per line without a bullet or a full stop, so a capital
    after a full line starts a new item, unless the line ended on a word that cannot end a
    phrase, or the next line is only the last words of a title ("... Cluster" / "Munitions").
    """
    last_word = fold(previous_line.rsplit(None, 1)[-1]) if previous_line.split() else ""
    return last_word in CONTINUATION_WORDS or len(line.split()) <= WRAPPED_TAIL_MAX_WORDS


# --- mandatory / desirable ---------------------------------------------------------------

MANDATORY_MARKER = re.compile(
    r"\b(?:a minimum of|minimum|at least|no less than|not less than|required|requirements?"
    r"|must|essential|mandatory|compulsory|indispensable|necessary|imperative"
    r"|exig[ée]e?s?|requise?s?|obligatoires?|au moins|au minimum|minimum de|indispensables?"
    r"|n[ée]cessaires?)\b",
    FLAGS,
)
DESIRABLE_MARKER = re.compile(
    r"\b(?:desirable|desired|an (?:added |additional )?asset|assets|preferred|preference"
    r"|advantageous|an (?:added )?advantage|a plus|an added plus|nice to have|welcome"
    r"|souhait[ée]e?s?|souhaitables?|un atout|atouts?|un plus|un avantage|appr[ée]ci[ée]e?s?)"
    r"(?![\w-])",
    FLAGS,
)

# --- degree levels ------------------------------------------------------------------------

EDUCATION_LEVELS: tuple[str, ...] = ("secondary", "other", "bachelor", "master", "doctorate")

# One alternation, most specific wording first, so that "advanced university degree" is read
# as a master before "university degree" could be read as a bachelor.
_LEVEL_ALTERNATIVES: tuple[tuple[str, str], ...] = (
    ("doctorate", r"ph\.?\s?d\b\.?|doctora(?:te|l degree|l|t)\b|d\.?\s?phil\b\.?"),
    (
        "master",
        r"advanced (?:university |academic )?degree|(?:post-?\s?)?graduate (?:university )?degree"
        r"|postgraduate|master'?s?\b(?:'|\s+2\b)?|m\.?sc\b\.?|m\.a\.|mba\b|ll\.?m\b\.?|m\.?phil\b\.?"
        r"|ma[iî]trise (?=en\b|universitaire|[èe]s\b)|d\.?e\.?a\b\.?|d\.?e\.?s\.?s\b\.?"
        r"|dipl[ôo]me (?:universitaire )?(?:de )?(?:deuxi[èe]me|2e|second) cycle"
        r"|bac\s*\+\s*[45]\b|dipl[ôo]me d'[ée]tudes sup[ée]rieures",
    ),
    (
        "bachelor",
        r"first[- ]level (?:university )?degree|bachelor'?s?\b'?|b\.?sc\b\.?|b\.a\.|ll\.?b\b\.?"
        r"|undergraduate degree|(?<!driving )(?<!driver's )licence(?! de conduire)\b"
        r"|dipl[ôo]me (?:universitaire )?(?:de )?premier cycle|bac\s*\+\s*[23]\b",
    ),
    (
        "secondary",
        r"secondary (?:school|education)(?: diploma| certificate)?|high[- ]school(?: diploma)?"
        r"|baccalaur[ée]at\b|dipl[ôo]me d'[ée]tudes secondaires",
    ),
    ("bachelor", r"(?:university|academic|college) degree|dipl[ôo]me universitaire|degree\b"),
)
LEVEL_WORD = re.compile(
    r"\b(?:"
    + "|".join(
        f"(?P<{level}{index}>{pattern})"
        for index, (level, pattern) in enumerate(_LEVEL_ALTERNATIVES)
    )
    # "Master's degree" is one mention, not a master and then a degree of unknown level.
    + r")(?:\s+(?:university\s+|academic\s+)?(?:degrees?|diplomas?|level)\b)?",
    FLAGS,
)


GENERIC_LEVEL_GROUP = f"bachelor{len(_LEVEL_ALTERNATIVES) - 1}"


def level_of_match(match: re.Match[str]) -> str:
    """The education level named by a LEVEL_WORD match."""
    group = match.lastgroup or ""
    return group.rstrip("0123456789")


DEGREE_EQUIVALENTS: dict[str, str] = {
    "Master 2": "master",
    "DEA": "master",
    "DESS": "master",
    "Maîtrise": "master",
    "LL.M.": "master",
    "MPhil": "master",
    "MBA": "master",
    "MSc": "master",
    "MA": "master",
    "Licence": "bachelor",
    "LLB": "bachelor",
    "BA": "bachelor",
    "BSc": "bachelor",
    "PhD": "doctorate",
    "Doctorat": "doctorate",
}

# A field list item made only of these words leaves the list open: "or another relevant field".
OPEN_FIELD_ADJECTIVES = _words(
    "relevant related similar pertinent appropriate allied equivalent comparable",
    "connexe connexes apparente apparentee apparentes apparentees pertinente pertinents",
    "pertinentes similaire similaires equivalente equivalents equivalentes analogue analogues",
)
OPEN_FIELD_FILLERS = _words(
    "or and in a an any another other closely academic field fields discipline disciplines",
    "area areas subject subjects science sciences study studies",
    "ou et en dans un une tout toute tous autre autres domaine domaines de d formation etudes",
    "filiere filieres",
)
IN_LIEU = re.compile(
    r"\bin lieu of\b|\bin place of\b|\binstead of\b|\bin lieu\b|\ben lieu et place\b"
    r"|\b[àa] la place d|\bau lieu d|\bmay be accepted\b|\bmay be substituted\b"
    r"|\bpeut [êe]tre accept|\bpourra [êe]tre accept|\bpeut remplacer\b",
    FLAGS,
)

# --- quantities ---------------------------------------------------------------------------

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20,
}  # fmt: skip
_NUMBER = r"\d{1,2}(?:[.,]5)?|" + "|".join(
    sorted((re.escape(word) for word in NUMBER_WORDS), key=len, reverse=True)
)
DURATION = re.compile(
    rf"\b(?P<number>{_NUMBER})(?:\s*\(\s*\d{{1,2}}\s*\))?(?:\s*\+)?"
    r"(?:\s*(?:-|\u2013|to|à)\s*\d{1,2})?(?:\s+or more|\s+ou plus)?"
    r"(?:\s+(?:full|additional|more|suppl[ée]mentaires?))?"
    r"\s+(?P<unit>years?|yrs?|ans|ann[ée]es|months?|mois)\b(?!\s+old)",
    FLAGS,
)
ADDITIONAL_YEARS = re.compile(
    rf"\b(?P<number>{_NUMBER})(?:\s*\(\s*\d{{1,2}}\s*\))?\s+(?:additional|more|further|extra)"
    r"\s+years?|\b(?P<number_fr>" + _NUMBER + r")(?:\s*\(\s*\d{1,2}\s*\))?\s+"
    r"(?:ann[ée]es|ans)\s+(?:suppl[ée]mentaires|additionnelles|de plus)",
    FLAGS,
)
COUNT_OF = re.compile(
    rf"\b(?:at least |a minimum of |au moins |minimum )?(?P<number>{_NUMBER})\s+"
    r"(?:of the following|of|des|parmi|among)\b",
    FLAGS,
)


def number_value(word: str) -> float | None:
    """The value of a digit string or a number word ("seven", "sept"); None otherwise."""
    cleaned = word.strip().lower().replace(",", ".")
    if cleaned in NUMBER_WORDS:
        return float(NUMBER_WORDS[cleaned])
    try:
        return float(cleaned)
    except ValueError:
        return None


def months_of(duration: re.Match[str]) -> int:
    """Months of a DURATION match ("10 years" → 120, "six months" → 6)."""
    value = number_value(duration.group("number")) or 0
    unit = duration.group("unit").lower()
    return round(value if unit.startswith(("month", "mois")) else value * 12)


VAGUE_QUANTITY = re.compile(
    r"\b(?:considerable|extensive|substantial|significant|solid|ample|broad|wide|long"
    r"|lengthy|sizeable|solides?|consid[ée]rables?|significatives?|substantielles?|vastes?"
    r"|longues?|larges?|importantes?)\b",
    FLAGS,
)
GRADED_DEFAULT_MONTHS = 36

# --- experience wording -------------------------------------------------------------------

EXPERIENCE_WORD = re.compile(
    r"\bexperiences?\b|\bexp[ée]riences?\b|\btrack[- ]record\b|\brecord of\b"
    r"|\bbackground (?:in|of)\b|\bantécédents\b",
    FLAGS,
)
EXPERIENCE_HEAD = re.compile(
    r"\bexperiences?\b|\bexp[ée]riences?\b|\btrack[- ]record\b|\brecord\b|\bbackground\b",
    FLAGS,
)
# Words between an experience noun and its field: "experience, preferably in the field of X".
FIELD_LEAD_WORDS = _words(
    "in within of with at on across as into for the a an",
    "working gained acquired obtained preferably ideally particularly especially notably including",
    "field fields area areas domain domains sector sectors",
    "dans en de du des d la le les l un une au aux sein matière matiere auprès aupres",
    "domaine domaines secteur secteurs travaillant acquise",
)
# The prepositions that, a few words after an experience noun, open its field.
FIELD_PREPOSITIONS = _words(
    "in within of with at on across",
    "dans en de du des d au aux auprès aupres",
)
NESTED_YEARS = re.compile(
    r",?\s*\b(?:of which|out of which|including|among which|dont|parmi lesquelles"
    r"|parmi lesquels)\b(?=\s+(?:at least |a minimum of |au moins |minimum )?"
    rf"(?:{_NUMBER})\b)",
    FLAGS,
)
# Words that say nothing about the kind of work, left out of tag names (which are ASCII).
TAG_STOPWORDS = _words(
    "a an the and or of in on at to for with within by as its their his her any other",
    "work working experience professional relevant related proven demonstrated progressively",
    "responsible specific substantive similar",
    "de du des la le les l d et ou en dans au aux pour par sur un une travail",
    "experience professionnelle pertinente averee avérée confirmee confirmée",
)

# --- languages ----------------------------------------------------------------------------

LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    # canonical English name: (pattern, code)
    "English": (r"english|anglais|inglés|ingles", "EN"),
    "French": (r"french|fran[çc]ais|francés|frances", "FR"),
    "Spanish": (r"spanish|espagnol|español|espanol|castilian", "ES"),
    "Arabic": (r"arabic|arabe", "AR"),
    "Chinese": (r"chinese|mandarin|chinois", "ZH"),
    "Russian": (r"russian|russe", "RU"),
    "Portuguese": (r"portuguese|portugais|português", "PT"),
    "German": (r"german|allemand", "DE"),
    "Italian": (r"italian|italien", "IT"),
    "Japanese": (r"japanese|japonais", "JA"),
    "Swahili": (r"kiswahili|swahili", "SW"),
    "Dutch": (r"dutch|n[ée]erlandais", "NL"),
    "Turkish": (r"turkish|turc", "TR"),
    "Persian": (r"persian|farsi|persan", "FA"),
    "Dari": (r"dari", "PRS"),
    "Pashto": (r"pashto|pachto", "PS"),
    "Ukrainian": (r"ukrainian|ukrainien", "UK"),
    "Polish": (r"polish|polonais", "PL"),
    "Amharic": (r"amharic|amharique", "AM"),
    "Hausa": (r"hausa|haoussa", "HA"),
    "Somali": (r"somali", "SO"),
    "Hindi": (r"hindi", "HI"),
    "Urdu": (r"urdu|ourdou", "UR"),
    "Bengali": (r"bengali|bangla", "BN"),
    "Indonesian": (r"bahasa indonesia|indonesian|indon[ée]sien", "ID"),
    "Korean": (r"korean|cor[ée]en", "KO"),
}
LANGUAGE_NAME = re.compile(
    "|".join(
        rf"(?P<{code}>\b(?:{pattern})\b(?!-speaking|-language|\s+speaking countr))"
        for pattern, code in LANGUAGE_NAMES.values()
    ),
    FLAGS,
)
LANGUAGE_BY_CODE: dict[str, str] = {code: name for name, (_, code) in LANGUAGE_NAMES.items()}
UN_OFFICIAL_LANGUAGES: tuple[str, ...] = (
    "Arabic", "Chinese", "English", "French", "Russian", "Spanish",
)  # fmt: skip
UN_OFFICIAL_LANGUAGE = re.compile(
    r"\b(?:(?P<other>another|other|additional|second|one more|any other|autre|autres|"
    r"une seconde|une deuxi[èe]me|seconde|deuxi[èe]me)\s+)?(?:(?:one|two|one or more) of the\s+)?"
    r"(?:(?:u\.?n\.?|united nations)\s+(?:official|working)\s+languages?"
    r"|official\s+(?:u\.?n\.?|united nations)\s+languages?"
    r"|official languages? of the (?:u\.?n\.?|united nations)"
    r"|langues? officielles? (?:de l'onu|des nations unies|de l'organisation des nations unies))",
    FLAGS,
)
LANGUAGE_CONTEXT = re.compile(
    r"\blanguages?\b|\blangues?\b|\bfluen(?:cy|t)\b|\bproficien(?:cy|t)\b|\bcommand\b"
    r"|\bknowledge\b|\bspeak|\bwritten\b|\bspoken\b|\boral\b|\bmother tongue\b|\bnative\b"
    r"|\bbilingual\b|\bma[iî]tris|\bconnaissances?\b|\bcourant\b|\bparl[ée]|\b[ée]crit\b"
    r"|\bbilingue\b|\blangue maternelle\b|\b[A-C][12]\b",
    FLAGS,
)
INFORMATIONAL_LANGUAGE = re.compile(
    r"\b(?:are|is) the (?:two |six )?(?:official |working )+languages?\b"
    r"|\bsont les (?:deux )?langues (?:de travail|officielles)\b",
    FLAGS,
)
# Checked in order: the specific wordings before the generic ones ("good command" is working
# although "command of" alone means fluent).
LANGUAGE_LEVEL_PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("native", re.compile(r"\bnative\b|\bmother tongue\b|\blangue maternelle\b", FLAGS)),
    (
        "working",
        re.compile(
            r"\bworking (?:knowledge|level|proficiency|command|fluency)\b"
            r"|\bgood (?:working )?(?:knowledge|command)\b|\bbonne (?:connaissance|ma[iî]trise)"
            r"|\bconnaissances? pratiques?\b|\bintermediate\b|\binterm[ée]diaire\b|\bb[12]\b",
            FLAGS,
        ),
    ),
    ("basic", re.compile(r"\bbasic\b|\belementary\b|\bnotions?\b|\ba[12]\b|\bde base\b", FLAGS)),
    (
        "fluent",
        re.compile(
            r"\bfluen(?:cy|t|tly)\b|\bproficien(?:cy|t)\b|\bexcellent\b|\bfull (?:command"
            r"|professional)|\bstrong (?:command|knowledge)\b|\bthorough\b|\bmastery\b"
            r"|\bperfect\b|\bbilingual\b|\bc[12]\b|\bcourant\b|\bcouramment\b|\bparfaite?\b"
            r"|\bexcellente?s?\b|\bma[iî]trise\b|\bbilingue\b|\bcommand of\b|\bhigh level\b",
            FLAGS,
        ),
    ),
    ("working", re.compile(r"\bknowledge\b|\bconnaissances?\b|\bpratique\b", FLAGS)),
)
LANGUAGE_LEVELS: tuple[str, ...] = ("basic", "working", "fluent", "native")

# --- section titles -----------------------------------------------------------------------

# Each pattern is matched in full against a folded heading (lower case, no accents, no
# numbering or trailing colon).
QUALIFICATION_HEADINGS: tuple[tuple[str, str], ...] = (
    # kind hint, pattern
    (
        "language",
        r"(?:required |desired |desirable )?(?:languages?|language (?:requirements?|skills"
        r"|proficiency|knowledge)|langues?|connaissances? linguistiques?"
        r"|competences? linguistiques?|exigences? linguistiques?|langues? requises?)",
    ),
    (
        "education",
        r"(?:required |minimum )?(?:education(?:al)?(?: background| requirements?| and training"
        r"| qualifications?| level)?|academic (?:qualifications?|background|requirements?"
        r"|degrees?)|formation(?: academique| universitaire| requise)?|diplomes?(?: requis)?"
        r"|etudes|niveau d'etudes|qualifications? academiques?)",
    ),
    (
        "experience",
        r"(?:required |minimum |relevant |desired )?(?:(?:work|professional|relevant) )?"
        r"experience(?: requirements?| required)?|experience professionnelle(?: requise)?"
        r"|experiences?(?: requises?)?",
    ),
    (
        "other",
        r"(?:other |technical |key |specific |additional )?(?:skills|knowledge|abilities)"
        r"(?: and (?:skills|knowledge|abilities|attributes))*|other (?:requirements|criteria)"
        r"|autres? (?:competences|exigences|qualifications|connaissances)|aptitudes"
        r"|connaissances(?: et (?:competences|aptitudes))?|savoir-faire",
    ),
    (
        "any",
        r"(?:(?:recruitment|required|minimum|essential|desirable|desired|preferred|additional"
        r"|key|candidate|eligibility|mandatory|general) )*(?:qualifications?|requirements?"
        r"|criteria)(?: (?:and|&|/) (?:experience|skills|competencies|education|profile"
        r"|qualifications))*(?: \((?:essential|desirable|required|preferred)\))?"
        r"|(?:candidate |required |desired |person )?(?:profile|specification)"
        r"|(?:(?:required|desired|desirable|essential|minimum|key) )?(?:skills|knowledge|education"
        r"|qualifications|competencies)(?:(?:,|,? and|,? &| /) (?:skills|knowledge|abilities"
        r"|experience"
        r"|qualifications|education|competencies))+"
        r"|(?:(?:required|desired|desirable|essential|minimum|key) )?experience(?:,? (?:and|&|/)"
        r" (?:skills|knowledge|qualifications|education|competencies))+"
        r"|(?:competencies|skills) and qualifications|selection criteria|eligibility"
        r"|education and (?:work )?experience|experience and (?:education|qualifications)"
        r"|(?:essential|desirable|required|preferred|mandatory|optional|assets?|an asset"
        r"|minimum requirements|what we are looking for|who you are|your profile"
        r"|the ideal candidate)"
        r"|profil(?: recherche| requis| du candidat| de la candidate| souhaite)?"
        r"|qualifications? (?:requises?|souhaitees?|minimales?|exigees?|et experience)"
        r"|criteres(?: de selection| d'eligibilite| requis)?|exigences(?: minimales)?"
        r"|conditions requises|atouts?|elements? souhaites?|(?:qualifications|competences)"
        r" (?:et|&) (?:experience|qualifications)|competences requises",
    ),
)
COMPETENCY_HEADING = re.compile(
    r"(?:(?:candidate|required|key|core|functional|technical|managerial|management|leadership"
    r"|behaviou?ral|personal|organizational|organisational|corporate|un)\s+)*"
    r"(?:competenc(?:y|ies)|values?|competences?|valeurs?)"
    r"(?:\s+(?:framework|and values|and competenc(?:y|ies)|/ ?profile|and profile|cles"
    r"|de base|fondamentales|et competences"
    r"|fonctionnelles|techniques|comportementales|de gestion|manageriales|requises))*",
    FLAGS,
)
CORE_COMPETENCY = re.compile(
    r"\bcore\b|\bvalues?\b|\bde base\b|\bfondamentales\b|\bvaleurs?", FLAGS
)
FUNCTIONAL_COMPETENCY = re.compile(
    r"\bfunctional\b|\btechnical\b|\bfonctionnelles\b|\btechniques\b|\bmanagerial\b"
    r"|\bmanagement\b|\bleadership\b|\bmanageriales\b|\bde gestion\b",
    FLAGS,
)
STOP_HEADINGS = re.compile(
    r"(?:remarks?|notes?|note to candidates|assessment(?: method)?|special notice|how to apply"
    r"|to apply|application(?:s| procedure| process| instructions)?|submission(?: of applications)?"
    r"|additional information|other information|further information|united nations "
    r"considerations|conditions(?: of (?:employment|service))?|remuneration|salary|benefits"
    r"|what we offer|contract(?: type| duration| details)?|terms of employment|duties"
    r"(?: and responsibilities)?|responsibilities|key (?:functions|results|responsibilities)"
    r"|(?:organi[sz]ational )?(?:context|setting|background)|purpose|summary|impact of results"
    r"|deliverables|reporting lines?|tasks|disclaimer|no fee|status|equal opportunit(?:y|ies)"
    r"|modalites de candidature|candidature|dossier de candidature|comment postuler"
    r"|remarques?|taches|responsabilites|contexte|fonctions|missions?|processus de selection"
    r"|informations? complementaires?|conditions d'emploi|remuneration|avantages|contrat)",
    FLAGS,
)
MANDATORY_HEADING = re.compile(
    r"\b(?:required|minimum|essential|mandatory|requises?|minimales?|obligatoires?|exigees?"
    r"|indispensables?)\b",
    FLAGS,
)
DESIRABLE_HEADING = re.compile(
    r"\b(?:desirable|desired|preferred|assets?|advantageous|optional|additional|souhaitees?"
    r"|souhaitables?|atouts?|souhaites?)\b",
    FLAGS,
)

# --- header fields ------------------------------------------------------------------------

POSITION_LABEL = re.compile(
    r"(?:(?:position|post|job|vacancy|posting|functional|official)\s+)?title|position|post"
    r"|vacancy|intitule(?: du poste)?|titre(?: du poste)?|poste|fonction|emploi",
    FLAGS,
)
DUTY_STATION_LABEL = re.compile(
    r"duty station|duty location|location|place of assignment|place of work|based in|lieu"
    r"(?: d'affectation| de travail| du poste)?|affectation",
    FLAGS,
)
CLOSING_LABEL = re.compile(
    r"\b(?:closing date|deadline|application deadline|apply by|date de cl[ôo]ture"
    r"|date limite|no later than|not later than|au plus tard le|avant le|posting period"
    r"|application period|p[ée]riode de (?:publication|candidature))\b",
    FLAGS,
)
GENERIC_TITLES = re.compile(
    r"(?:terms of reference|tor|vacancy(?: announcement| notice)?|job (?:description|opening"
    r"|announcement)|termes de reference|avis de vacance(?: de poste)?|appel a candidatures"
    r"|fiche de poste|description de poste|job posting|recruitment)",
    FLAGS,
)
