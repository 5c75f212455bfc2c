"""The kinds of interaction: what the database allows and what people type are checked
against this one list (models.py and services/validators.py both read it)."""

from __future__ import annotations

IN_PERSON = "in-person"
INTERACTION_KINDS = (IN_PERSON, "call", "video", "message")
