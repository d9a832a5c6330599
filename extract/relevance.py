"""Is this mail a nomination submission at all? Only nominations are answered (SPEC).

A department's general mailbox receives meeting invitations, exam
dispatches, newsletters, scams and personal mail beside the dossiers. A
mail is a submission when its sender says so (the subject, their own words
or the file names speak of sending a dossier, an information sheet, a
registration list, an achievement report: the official forms of
docs/forms.md) or when its documents carry nominee data under the forms'
labels. Anything else is ignored with a reason: no record, no reply, and no
``failed`` state because an unrelated mail's attachment is broken.
"""

from __future__ import annotations

from domain import fold
from extract.body import Body
from extract.model import Draft, Submission

# What a sender writes when sending a nomination (folded; docs/forms.md names the forms).
SUBMISSION_PHRASES = (
    "ho so dien hinh", "ho so de nghi", "ho so cua", "gui ho so", "bo sung ho so", "bo sung thong tin",
    "thong tin dien hinh", "thong tin ve dien hinh", "phieu thong tin", "ban dang ky", "danh sach dang ky",
    "dang ky mo hinh", "dang ky dien hinh", "dang ky xay dung", "bao cao thanh tich", "tom tat thanh tich",
    "so yeu ly lich", "de nghi bieu duong", "de nghi cong nhan", "de nghi khen thuong", "de nghi xet",
    "guong dien hinh", "guong nguoi tot", "nguoi tot viec tot", "dien hinh tien tien cua", "ho so dhtt",
    "thong tin dhtt", "dang ky dhtt",
)
# Field labels of the forms; three of them with values make a document nominee data on its own.
_DATA_FIELDS = ("name", "achievement_summary", "address", "phone", "email", "model_title")


def submission_intent(sub: Submission, body: Body) -> str | None:
    """The phrase by which the sender says this is a nomination submission, or None."""
    texts = [sub.subject, *body.lines[:40], *(f.name for f in sub.files)]
    for text in texts:
        folded = fold(text)
        for phrase in SUBMISSION_PHRASES:
            if phrase in folded:
                return phrase
    return None


def carries_nominee_data(drafts: list[Draft]) -> bool:
    """Registration rows, or a profile giving a name or title and two more of the forms' items."""
    for draft in drafts:
        if draft.form == "registration" and draft.unit and draft.model_title:
            return True
        given = [f for f in _DATA_FIELDS if getattr(draft, f)]
        if (draft.name or draft.model_title) and len(given) >= 3:
            return True
    return False


def not_a_nomination(sub: Submission, body: Body, drafts: list[Draft]) -> str | None:
    """Why this mail is not a nomination submission (one line), or None when it is one."""
    if submission_intent(sub, body) or carries_nominee_data(drafts):
        return None
    if drafts:
        return "not about nominations: the values found are not a nominee's (no nomination wording, no form)"
    return "not a submission: no nomination wording and no nominee data"
