"""Importing this module readies the CV parser: the sandbox's forkserver imports it.

dateparser loads its language data on first use, which costs more than reading a whole
CV. Every reading runs in a fresh child of the forkserver, so the data is loaded once,
here, in the forkserver, and every child starts with it.
"""

from services.intake.domain.parsing import parse_profile

parse_profile(["Programme Officer, UNDP, Geneva\nJanuary 2015 \u2013 décembre 2018\nsince 2019"])
