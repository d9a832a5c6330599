"""Extraction: from a parsed mail (``Submission``) to nominee drafts (``Draft``).

Pure functions over the Document model; nothing here reads files or the
network. In the order a submission meets them:

* ``submission``: the parsed mail as one ``Submission`` (``model``);
* ``sources``: which document is a profile, an article, a list, a cover letter;
* ``labels`` / ``fields`` / ``flattened`` / ``values``: label lines and tables to field values;
* ``sections``: the sections of the official achievement reports (docs/forms.md);
* ``body`` / ``prose``: the mail body, signatures, prose about the nominee;
* ``records``: values grouped per nominee; ``profile`` / ``registration``:
  the drafts; ``attach`` / ``files``: photos and evidence;
* ``supplement``: a reply that only sends missing items;
* ``person_names`` / ``trace_readers`` / ``traces``: typed detectors over all the text: what the submission holds a
  trace of, so that only what is proven absent is flagged; ``legibility``: scans whose OCR is noise in part,
  where nothing is proven absent;
* ``completeness``: which required items a draft lacks (``text``: helpers);
* ``relevance``: whether the mail is a nomination submission at all;
* ``bounds``: fields capped (the cut sent to review), names shown without format characters.
"""

from __future__ import annotations

from extract.attach import claim_named_portrait
from extract.body import forwarded_subject, split_body
from extract.bounds import bound_draft
from extract.completeness import compute_missing, finalize, settle
from extract.legibility import READ_ITEMS, illegible_files
from extract.model import Draft, FileInfo, Submission
from extract.profile import extract_profiles
from extract.registration import extract_registrations
from extract.relevance import not_a_nomination
from extract.submission import build_submission
from extract.supplement import extract_supplement
from extract.traces import find_traces, reconcile
from extract.values import is_empty_value, normalise_email, normalise_phone


def extract_drafts(sub: Submission) -> list[Draft]:
    """Registration rows if the mail holds a registration list, else profile records.

    Every draft comes back with ``missing``, ``review`` and ``status`` set, its
    fields capped and its shown names cleaned (``extract.bounds``).
    """
    drafts = extract_registrations(sub) or extract_profiles(sub)
    if drafts and drafts[0].form == "profile":
        traces = find_traces(sub, split_body(sub.body, sub.sender, forwarded_subject(sub.subject)), set(sub.recipients))
        for draft in drafts:
            reconcile(draft, traces, [d for d in drafts if d is not draft])
            claim_named_portrait(draft, sub.files)
        unreadable = illegible_files(sub)
        for draft in drafts:
            draft.traces = traces.items_for(draft, [d for d in drafts if d is not draft])
            if unreadable:  # an item not found in a scan of noise is no proven absence
                draft.unsettled += [i for i in compute_missing(draft) if i in READ_ITEMS and i not in draft.unsettled]
                draft.notes.append(f"part of '{unreadable[0]}' could not be read (OCR); items not found there go to review")
    return [finalize(bound_draft(d)) for d in drafts]


__all__ = [
    "Draft", "FileInfo", "Submission", "build_submission", "compute_missing", "extract_drafts", "extract_profiles",
    "forwarded_subject",
    "extract_registrations", "extract_supplement", "finalize", "is_empty_value", "normalise_email", "normalise_phone",
    "not_a_nomination", "settle", "split_body",
]
