"""The forms of the secretariat's vacancy editor pages (`pages_vacancies`): a vacancy from
a ToR, its title and closing date, a criterion (its key rule parameters, or the rule as
JSON), a tag's terms, a competency, and the buttons that only carry a CSRF token. Each
checks what a person can get wrong and says so in words beside the field; the views
fill in the choices that depend on the vacancy (degree levels, tags, versions).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from marshmallow import ValidationError as MarshmallowValidationError
from marshmallow import validate as marshmallow_validate
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Field,
    FloatField,
    Form,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.validators import ValidationError as FormValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from services.screening.domain.criteria import LANGUAGE_LEVELS
from services.screening.entrypoints import rule_forms as rf

TOR_ACCEPT = ".pdf,.docx,.txt,application/pdf,text/plain,"
TOR_ACCEPT += "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE_CHOICES = [
    SelectChoice(level, rf.LANGUAGE_LEVEL_NAMES[level]) for level in reversed(LANGUAGE_LEVELS)
]


def email_address(_form: Form, field: Field) -> None:
    """The same check as the API's `fields.Email`."""
    try:
        marshmallow_validate.Email()(field.data or "")
    except MarshmallowValidationError as error:
        raise FormValidationError(_("Give an email address such as hr@example.org.")) from error


def positive(_form: Form, field: Field) -> None:
    if field.data is not None and field.data <= 0:
        raise FormValidationError(_("The weight must be more than 0."))


class NewVacancyForm(FlaskForm):
    tor = FileField(
        _l("Terms of Reference (ToR)"),
        validators=[FileRequired(_l("Choose the ToR file."))],
        render_kw={"accept": TOR_ACCEPT},
    )
    reference = StringField(
        _l("Reference"),
        validators=[DataRequired(_l("Give the vacancy's reference.")), Length(max=100)],
    )
    title = StringField(_l("Title"), validators=[Optional(), Length(max=300)])
    closing_date = DateField(_l("Closing date"), validators=[Optional()])
    contact_email = EmailField(
        _l("Contact email"), validators=[DataRequired(_l("Give a contact email.")), email_address]
    )


class DetailsForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("The title cannot be empty.")), Length(max=300)]
    )
    closing_date = DateField(_l("Closing date"), validators=[Optional()])


class CheckboxesField(SelectMultipleField):
    """Several choices, each a checkbox (the template draws them in a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CriterionForm(FlaskForm):
    text = TextAreaField(
        _l("Text, as the ToR states it"),
        validators=[DataRequired(_l("The criterion needs its text.")), Length(max=4000)],
    )
    mandatory = BooleanField(_l("Mandatory (otherwise desirable)"))
    min_level = SelectField(_l("Minimum degree"))
    study_fields = TextAreaField(_l("Fields of study"), validators=[Length(max=20_000)])
    tag = SelectField(_l("Experience in"))
    months = IntegerField(
        _l("Minimum months"),
        validators=[InputRequired(_l("Give a number of months.")), NumberRange(1, rf.MAX_MONTHS)],
    )
    language = StringField(
        _l("Language"), validators=[DataRequired(_l("Name the language.")), Length(max=100)]
    )
    met_levels = CheckboxesField(_l("Levels that meet the criterion"), choices=LANGUAGE_CHOICES)
    unclear_levels = CheckboxesField(_l("Levels a person decides on"), choices=LANGUAGE_CHOICES)
    languages = TextAreaField(
        _l("Languages"),
        validators=[DataRequired(_l("Name at least one language.")), Length(max=2000)],
    )
    any_level = SelectField(_l("Minimum level"), choices=LANGUAGE_CHOICES)
    min_count = IntegerField(
        _l("How many of these languages"),
        validators=[InputRequired(_l("Give a number.")), NumberRange(min=1, max=50)],
    )


class RuleJsonForm(FlaskForm):
    rule_json = TextAreaField(
        _l("The rule as JSON"),
        validators=[DataRequired(_l("Write the rule.")), Length(max=50_000)],
    )


class TagTermsForm(FlaskForm):
    synonyms = TextAreaField(_l("Your own terms (synonyms)"), validators=[Length(max=20_000)])
    struck = TextAreaField(_l("Proposed terms to strike out"), validators=[Length(max=20_000)])


class CompetencyForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Give the competency a name.")), Length(max=300)]
    )
    kind = StringField(_l("Kind"), validators=[Length(max=50)])
    weight = FloatField(
        _l("Weight"), default=1.0, validators=[InputRequired(_l("Give a weight.")), positive]
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=4000)])
    indicators = TextAreaField(_l("Indicators"), validators=[Length(max=20_000)])


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token: remove, publish, dismiss."""


class RescreenForm(FlaskForm):
    criteria_version = IntegerField(validators=[InputRequired(), NumberRange(min=1)])


class CompareForm(FlaskForm):
    class Meta:
        csrf = False

    from_version = SelectField(_l("Compare with"), coerce=int)
