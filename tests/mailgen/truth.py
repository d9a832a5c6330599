"""Ground truth: records from nominees, the per-message JSON, and a validator of the schema rules."""

from __future__ import annotations

import re
import unicodedata

from .nominee import Nominee

PROFILE_ITEMS = ["name", "achievement_summary", "address", "phone", "email", "photo", "evidence"]
REG_ITEMS = ["unit", "model_title", "field"]
RECORD_KEYS = ["form", "kind", "unit", "name", "model_title", "field", "achievement_summary", "address", "phone", "email",
               "photos", "evidence", "missing", "status"]
E164 = re.compile(r"^\+84\d{8,10}$")


def profile_record(nom: Nominee, keywords: int = 3) -> dict:
    missing = nom.missing_items()
    kws = [a.keyword for a in nom.achievements][:keywords] if nom.shown("summary") else []
    return {
        "form": "profile", "kind": nom.kind, "unit": nom.unit, "name": nom.name,
        "model_title": nom.model_title, "field": nom.field if nom.show_field else None,
        "achievement_summary": nom.summary if nom.shown("summary") else None,
        "address": nom.address if nom.shown("address") else None,
        "phone": nom.phone.e164 if nom.shown("phone") else None,
        "email": nom.email.address if nom.shown("email") else None,
        "photos": nom.photos, "evidence": list(nom.evidence), "missing": missing,
        "status": "incomplete" if missing else "complete", "achievement_keywords": kws, "review": list(nom.review),
    }


def message_truth(file: str, draft, hard_because: str) -> dict:
    records = draft.records
    truth = {
        "file": file, "mailbox": draft.mailbox.name, "message_id": draft.message_id, "category": draft.category,
        "thread_of": draft.truth_extra.get("thread_of"), "records": records,
        "expect_flag": draft.category in ("submission", "reply_completion") and any(r["status"] == "incomplete" for r in records),
        "expect_failed": draft.category == "malformed", "hard_because": hard_because, "case": draft.case, "layout": draft.layout,
    }
    for key in ("duplicate_of", "duplicate_of_file", "thread_of_file", "failure_reason"):
        if key in draft.truth_extra:
            truth[key] = draft.truth_extra[key]
    return truth


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def validate(truth: dict) -> list[str]:
    """Schema-rule violations of one truth JSON (empty list when valid)."""
    errors = []
    for s in _strings(truth):
        if unicodedata.normalize("NFC", s) != s:
            errors.append(f"not NFC: {s!r}")
    cat = truth["category"]
    if truth["expect_failed"] != (cat == "malformed"):
        errors.append("expect_failed must be true exactly for malformed")
    if cat == "malformed" and not truth.get("failure_reason"):
        errors.append("malformed without failure_reason")
    if cat == "duplicate" and not (truth.get("duplicate_of") and truth.get("duplicate_of_file")):
        errors.append("duplicate without duplicate_of(_file)")
    if cat == "reply_completion" and not (truth.get("thread_of") and truth.get("thread_of_file")):
        errors.append("reply without thread_of(_file)")
    if cat not in ("submission", "reply_completion") and (truth["records"] or truth["expect_flag"]):
        errors.append(f"{cat} must have no records and no flag")
    if cat in ("submission", "reply_completion") and not truth["records"]:
        errors.append("submission without records")
    incomplete = False
    for rec in truth["records"]:
        for key in RECORD_KEYS + ["review"]:
            if key not in rec:
                errors.append(f"record lacks {key}")
        items = PROFILE_ITEMS if rec["form"] == "profile" else REG_ITEMS
        if any(m not in items for m in rec["missing"]):
            errors.append(f"unknown missing item in {rec['missing']}")
        if (rec["status"] == "complete") != (not rec["missing"]):
            errors.append("status disagrees with missing")
        incomplete |= rec["status"] == "incomplete"
        if rec["phone"] is not None and not E164.match(rec["phone"]):
            errors.append(f"phone not E.164: {rec['phone']}")
        if rec["email"] is not None and (rec["email"] != rec["email"].lower() or "@" not in rec["email"] or " " in rec["email"]):
            errors.append(f"email not normal: {rec['email']}")
        if rec["form"] == "profile":
            pairs = {"achievement_summary": rec["achievement_summary"], "address": rec["address"], "phone": rec["phone"],
                     "email": rec["email"], "name": rec["name"]}
            for item, value in pairs.items():
                if (value is None) != (item in rec["missing"]):
                    errors.append(f"{item}: value/missing disagree")
            if (rec["photos"] == 0) != ("photo" in rec["missing"]):
                errors.append("photos/missing disagree")
            if (not rec["evidence"]) != ("evidence" in rec["missing"]):
                errors.append("evidence/missing disagree")
            for kw in rec.get("achievement_keywords", []):
                if kw.lower() not in (rec["achievement_summary"] or "").lower():
                    errors.append(f"keyword not in summary: {kw}")
        else:
            for item in REG_ITEMS:
                if (rec[item] is None) != (item in rec["missing"]):
                    errors.append(f"{item}: value/missing disagree")
    if cat in ("submission", "reply_completion") and truth["expect_flag"] != incomplete:
        errors.append("expect_flag disagrees with records")
    return errors
