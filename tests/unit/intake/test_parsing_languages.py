"""Languages: names in several languages mapped to English, levels normalised."""

import pytest

from services.intake.domain.parsing import parse_profile


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("Native", "native"),
        ("Mother tongue", "native"),
        ("Mother-tongue", "native"),
        ("Native speaker", "native"),
        ("Native or bilingual proficiency", "native"),
        ("First language", "native"),
        ("langue maternelle", "native"),
        ("Muttersprache", "native"),
        ("lengua materna", "native"),
        ("C1", "fluent"),
        ("C2", "fluent"),
        ("Fluent", "fluent"),
        ("Bilingual", "fluent"),
        ("bilingue", "fluent"),
        ("Excellent", "fluent"),
        ("Very good", "fluent"),
        ("Advanced", "fluent"),
        ("Proficient", "fluent"),
        ("Full professional proficiency", "fluent"),
        ("courant", "fluent"),
        ("excellent niveau", "fluent"),
        ("lu, écrit, parlé", "fluent"),
        ("fließend", "fluent"),
        ("B1", "working"),
        ("B2", "working"),
        ("Working knowledge", "working"),
        ("Good working knowledge", "working"),
        ("Professional working proficiency", "working"),
        ("Intermediate", "working"),
        ("Upper intermediate", "working"),
        ("Conversational", "working"),
        ("Good", "working"),
        ("niveau intermédiaire", "working"),
        ("bon niveau", "working"),
        ("A1", "basic"),
        ("A2", "basic"),
        ("Basic", "basic"),
        ("Elementary", "basic"),
        ("Elementary proficiency", "basic"),
        ("Limited working proficiency", "basic"),
        ("Beginner", "basic"),
        ("notions", "basic"),
        ("débutant", "basic"),
    ],
)
def test_language_levels(written: str, level: str) -> None:
    (language,) = parse_profile(f"Languages\nRussian: {written}\n").languages

    assert (language.language, language.level, language.level_as_written) == (
        "Russian",
        level,
        written,
    )


@pytest.mark.parametrize(
    ("written", "english"),
    [
        ("Anglais", "English"),
        ("Français", "French"),
        ("Espagnol", "Spanish"),
        ("Arabe", "Arabic"),
        ("Chinois", "Chinese"),
        ("Russe", "Russian"),
        ("Allemand", "German"),
        ("Portugais", "Portuguese"),
        ("Inglés", "English"),
        ("Francés", "French"),
        ("Alemán", "German"),
        ("Englisch", "English"),
        ("Französisch", "French"),
        ("Deutsch", "German"),
        ("Mandarin", "Chinese"),
        ("Kiswahili", "Swahili"),
    ],
)
def test_language_names_become_english(written: str, english: str) -> None:
    (language,) = parse_profile(f"Langues\n{written} : courant\n").languages

    assert (language.language, language.language_as_written, language.level) == (
        english,
        written,
        "fluent",
    )


def test_several_languages_on_one_line_with_levels_before_or_after() -> None:
    text = "LANGUAGES\nFluent in French; basic knowledge of Portuguese\nEnglish (native)\n"

    assert [
        (item.language, item.level, item.level_as_written) for item in parse_profile(text).languages
    ] == [
        ("French", "fluent", "Fluent"),
        ("Portuguese", "basic", "basic knowledge"),
        ("English", "native", "native"),
    ]


def test_french_languages_in_brackets_on_one_line() -> None:
    profile = parse_profile("Langues\nFrançais (langue maternelle); Arabe (B2); Russe (A2)\n")

    assert [
        (item.language, item.language_as_written, item.level) for item in profile.languages
    ] == [
        ("French", "Français", "native"),
        ("Arabic", "Arabe", "working"),
        ("Russian", "Russe", "basic"),
    ]


def test_grid_cells_put_the_level_lines_below_the_language() -> None:
    text = "Language Skills\nLanguage\n\nLevel\n\nPortuguese\n\nNative\n\nEnglish\n\nC1\n"

    assert [(item.language, item.level) for item in parse_profile(text).languages] == [
        ("Portuguese", "native"),
        ("English", "fluent"),
    ]


def test_a_cefr_code_with_its_name_is_read_as_the_code() -> None:
    (language,) = parse_profile("Languages\nEnglish \u2013 C1 (Advanced)\n").languages

    assert (language.level, language.level_as_written) == ("fluent", "C1")


def test_a_level_wrapped_onto_the_next_line_is_read_whole() -> None:
    (language,) = parse_profile("Languages\nEnglish: Full professional\nproficiency\n").languages

    assert (language.level, language.level_as_written) == (
        "fluent",
        "Full professional proficiency",
    )


def test_a_language_without_a_recognised_level_keeps_a_null_level() -> None:
    (language,) = parse_profile("Languages\nSwahili\n").languages

    assert (language.language, language.level, language.level_as_written) == ("Swahili", None, None)


def test_a_language_listed_twice_is_kept_once() -> None:
    languages = parse_profile("Languages\nEnglish: C2\nEnglish: fluent\n").languages

    assert [(item.language, item.level) for item in languages] == [("English", "fluent")]


def test_without_a_languages_heading_short_language_lines_are_read() -> None:
    text = "Kofi Mensah\nkofi@example.com\nEnglish: fluent\nTwi: native\nFrench - B1\n"

    assert [
        (item.language, item.level, item.level_as_written) for item in parse_profile(text).languages
    ] == [("English", "fluent", "fluent"), ("French", "working", "B1")]
