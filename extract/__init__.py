"""Extraction core: from a parsed mail (``Submission``) to nomination records (``Draft``).

Pure functions over the Document model; nothing here reads files or the network.
"""

from __future__ import annotations

from extract.completeness import finalize
from extract.model import Draft, FileInfo, Submission
from extract.profile import extract_profiles
from extract.registration import extract_registrations


def extract_drafts(sub: Submission) -> list[Draft]:
    """Registration rows if the mail holds a registration list, else profile records.

    Every draft comes back with ``missing`` and ``status`` set.
    """
    drafts = extract_registrations(sub) or extract_profiles(sub)
    return [finalize(d) for d in drafts]


__all__ = ["Draft", "FileInfo", "Submission", "extract_drafts", "extract_profiles", "extract_registrations"]
