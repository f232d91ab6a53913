"""Whom notify writes to about an application: the candidate's name and address as
intake's events gave them, kept until the candidate is erased. Interview invitations
and decisions come from scoring, whose events name the candidate but carry no address."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CandidateContact:
    application_id: str
    vacancy_id: str
    name: str
    email: str
