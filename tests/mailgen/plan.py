"""The schedule: which kind of message comes next, arrival times, numbering, and writing .eml/.json/index.json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import envelope, forward, layouts_multi, layouts_profile, malformed, other_mail, threads
from .ctx import Ctx, Item, new_ctx
from .draft import VN_TZ, Draft
from .truth import message_truth
from .util import weighted

SUBMISSION_LAYOUTS = {
    "docx_kv": 10, "docx_table2": 7, "docx_table3": 3, "docx_table4": 4, "docx_table_below": 3, "official_report": 7,
    "official_collective": 4, "cv_hs02": 4, "pdf_text": 6, "pdf_scan": 5, "photo_scan": 2, "body_plain": 6,
    "body_html_table": 3, "prose": 5, "zip": 4, "forward": 5, "legacy_tcvn3": 3, "legacy_vni": 3, "multi_docx": 3,
    "multi_files": 2, "xlsx_profiles": 2, "xlsx_reg": 5, "docx_reg": 5,
}
OTHER = {"reply": 6, "dup_same_id": 2, "dup_resent": 2, "dup_pdf_of_docx": 2, "dup_district_bo": 2, "auto_reply": 3,
         "bounce": 2, "newsletter": 2, "noreply": 2, "not_nomination": 5, "spam_en": 3, "personal_broken": 1,
         "malformed": 5}
DEPENDENT = {"reply", "dup_same_id", "dup_resent", "dup_pdf_of_docx", "dup_district_bo"}
SUBMISSION_SHARE = 0.62


def schedule(ctx: Ctx, count: int) -> list[str]:
    """Tokens in arrival order: every kind at least once when count allows, the rest by weight."""
    rng = ctx.rng
    must = list(SUBMISSION_LAYOUTS) + list(OTHER)
    if count < len(must):
        must = []
    tokens = must[:count]
    while len(tokens) < count:
        tokens.append(weighted(rng, SUBMISSION_LAYOUTS) if rng.random() < SUBMISSION_SHARE else weighted(rng, OTHER))
    rng.shuffle(tokens)
    # dependents need an earlier original: keep the first few slots for submissions
    for i in range(min(6, len(tokens))):
        if tokens[i] in DEPENDENT or tokens[i] in OTHER:
            j = next((k for k in range(i + 1, len(tokens)) if tokens[k] in SUBMISSION_LAYOUTS), None)
            if j is not None:
                tokens[i], tokens[j] = tokens[j], tokens[i]
    return tokens


def _build(ctx: Ctx, token: str, when: dt.datetime) -> Draft:
    rng = ctx.rng
    if token == "forward":
        return forward.build(ctx, when)
    if token in ("multi_docx", "multi_files", "xlsx_profiles"):
        return layouts_multi.build_multi(ctx, token)
    if token in ("xlsx_reg", "docx_reg"):
        return layouts_multi.build_registration(ctx, token)
    if token in SUBMISSION_LAYOUTS:
        return layouts_profile.build(ctx, token)
    if token == "reply":
        cands = threads.reply_candidates(ctx)
        if cands:
            return threads.build_reply(ctx, rng.choice(cands[-12:]))
    elif token.startswith("dup_"):
        kind = token[4:]
        cands = threads.dup_candidates(ctx, kind)
        if cands:
            return threads.build_duplicate(ctx, rng.choice(cands), kind)
    elif token == "malformed":
        return malformed.build(ctx, rng.choice(malformed.KINDS))
    elif token in other_mail.BUILDERS:
        return other_mail.BUILDERS[token](ctx)
    return layouts_profile.build(ctx, weighted(rng, {k: v for k, v in SUBMISSION_LAYOUTS.items() if k.startswith("docx_")}))


def generate(seed: int, count: int) -> list[Item]:
    ctx = new_ctx(seed)
    rng = ctx.rng
    when = dt.datetime(ctx.year, 3, rng.randint(4, 12), 7, 30, tzinfo=VN_TZ)
    tokens = schedule(ctx, count)
    pending: list[str] = []
    for n in range(count):
        token = tokens[n]
        if token in DEPENDENT and not (threads.reply_candidates(ctx) if token == "reply" else threads.dup_candidates(ctx, token[4:])):
            pending.append(token)        # try again later; a submission takes this slot
            token = weighted(rng, SUBMISSION_LAYOUTS)
        elif pending and rng.random() < 0.5 and token in SUBMISSION_LAYOUTS and token in tokens[:n]:
            cand = pending[0]
            ok = threads.reply_candidates(ctx) if cand == "reply" else threads.dup_candidates(ctx, cand[4:])
            if ok:
                token = pending.pop(0)
        when = when + dt.timedelta(minutes=rng.randint(7, 200))
        if when.hour >= 21:
            when = (when + dt.timedelta(days=1)).replace(hour=7, minute=rng.randint(0, 59))
        draft = _build(ctx, token, when)
        envelope.stamp(draft, rng, when)
        item = Item(f"{n + 1:03d}.eml", draft)
        item.raw = envelope.build(draft, rng)
        ctx.history.append(item)
    return ctx.history


def hard_because(draft: Draft) -> str:
    seen, parts = set(), []
    for h in draft.hard:
        if h not in seen:
            seen.add(h)
            parts.append(h)
    return "; ".join(parts) or draft.case


def write(items: list[Item], out: Path, seed: int) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    for old in list(out.glob("*.eml")) + list(out.glob("*.json")):
        old.unlink()
    index = {"set": "generated", "seed": seed, "count": len(items), "messages": []}
    for item in items:
        truth = message_truth(item.file, item.draft, hard_because(item.draft))
        (out / item.file).write_bytes(item.raw)
        (out / item.file.replace(".eml", ".json")).write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n")
        index["messages"].append({"file": item.file, "mailbox": truth["mailbox"], "category": truth["category"],
                                  "case": truth["case"], "layout": truth["layout"], "records": len(truth["records"]),
                                  "expect_flag": truth["expect_flag"], "expect_failed": truth["expect_failed"],
                                  "bytes": len(item.raw), "hard_because": truth["hard_because"]})
    (out / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n")
    return index
