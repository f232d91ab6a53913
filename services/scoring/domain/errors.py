"""The base of every rule violation in panel scoring.

Kept apart from the modules that raise it (the round, conflicts of interest, the interview
kit, amendments) so that each of them can import it without importing the others.
"""


class ScoringError(Exception):
    """Base of every rule violation in panel scoring; the message is fit to show a user."""
