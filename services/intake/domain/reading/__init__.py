"""The rules that read a CV's text, one module per concern.

`text` turns the pages into lines that remember where each character came from; `dates`
finds date ranges and hands their ends to dateparser; `sections` finds headings; `contact`,
`phones`, `places` and `country_names` read the contact details; `positions`,
`position_lines`, `position_headings` and `reordering` read the jobs; `degrees`, `fields`
and `education` read the degrees; `languages` reads the languages. Each module is plain
Python without I/O; `services.intake.domain.parsing` puts them together.
"""
