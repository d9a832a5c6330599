"""Which photos and evidence belong to which nominee.

With one nominee every file of the mail is theirs. When a mail carries
several nominees, files are matched by the nominee's name in the file name
("2. Ảnh Đinh Thanh Thủy.jpg"), by the number prefix shared with the
nominee's profile file ("1. Thông tin ...", "1. GK ..."), or by the folder
they sit in inside a ZIP. Files that match no one are shared evidence.
"""

from __future__ import annotations

import re

from domain import visible
from extract.files import (
    EVIDENCE as EV_ROLE,
)
from extract.files import (
    EVIDENCE_WORDS,
    IGNORE,
    PHOTO,
    PHOTO_MAYBE,
    PORTRAIT_WORDS,
    file_image,
    fold_name,
    picture_role,
    stem,
    upright,
)
from extract.files import (
    PAPERWORK as PW_ROLE,
)
from extract.sources import ARTICLE, EVIDENCE, PICTURE, PROFILE, SourceFile
from extract.text import any_phrase
from extract.values import find_links, is_evidence_host


def _prefix(name: str) -> str | None:
    m = re.match(r"^\s*(\d{1,3})\s*[.)_\-]", name or "")
    return m.group(1) if m else None


def _folder(src: SourceFile) -> str | None:
    path = None
    if src.file.document is not None:
        path = src.file.document.source
    elif file_image(src.file) is not None:
        path = file_image(src.file).name
    if path and "/" in path:
        return path.rsplit("/", 1)[0]
    return None


def owner(src: SourceFile, groups: list, anchors: list[dict]) -> int | None:
    """Index of the group a file belongs to, or None when it is shared/unknown."""
    if len(groups) == 1:
        return 0
    s = stem(src.file.name)
    by_name = [i for i, a in enumerate(anchors) if any(n and n in s for n in a["names"])]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:  # the longest name wins ("Trường THCS A" vs "A")
        return max(by_name, key=lambda i: max(len(n) for n in anchors[i]["names"] if n in s))
    p = _prefix(src.file.name)
    by_prefix = [i for i, a in enumerate(anchors) if p and p in a["prefixes"]]
    if len(by_prefix) == 1:
        return by_prefix[0]
    folder = _folder(src)
    by_folder = [i for i, a in enumerate(anchors) if folder and folder in a["folders"]]
    if len(by_folder) == 1:
        return by_folder[0]
    return None


def anchors_for(group_sources: list[SourceFile], names: list[str]) -> dict:
    return {
        "names": [fold_name(n) for n in names if n and len(fold_name(n).split()) >= 2],
        "prefixes": {p for p in (_prefix(s.file.name) for s in group_sources) if p},
        "folders": {f for f in (_folder(s) for s in group_sources) if f},
    }


def embedded_photos(group_sources: list[SourceFile]) -> set[str]:
    """sha256 of pictures inside the nominee's own documents that look like photos."""
    seen: set[str] = set()
    for src in group_sources:
        doc = src.file.document
        if doc is None or src.role not in (PROFILE, ARTICLE):
            continue
        for img in doc.images:
            if "logo" in (img.name or "").lower():
                continue
            if img.kind == "photo" or (img.kind == "unknown" and min(img.width, img.height) >= 120
                                       and 0.4 <= img.width / max(img.height, 1) <= 2.5):
                seen.add(img.sha256 or f"{src.index}/{img.name}")
            elif img.kind == "document" and upright(img) and min(img.width, img.height) >= 120 \
                    and max(img.width, img.height) <= SMALL_PORTRAIT_SIDE:
                seen.add(img.sha256 or f"{src.index}/{img.name}")  # the form's 3x4 box: a grainy ID photo
    return seen


# A picture named as a portrait this small is no readable page: the classifier's "document" is noise.
SMALL_PORTRAIT_SIDE = 800


def _portrait(src: SourceFile, named: bool = False) -> bool:
    """A picture counts as the nominee's photo only if it was decoded and looks like a photograph.

    One named as a portrait ("Ảnh chân dung", "Ảnh 3x4") or after the nominee,
    or standing upright like an ID photo, counts as well when it is too small
    to be a page (grainy ID photos can look like text to the classifier).
    """
    img = file_image(src.file)
    if img is None:
        return False
    named = named or any_phrase(stem(src.file.name), PORTRAIT_WORDS)
    small = max(img.width or 0, img.height or 0) <= SMALL_PORTRAIT_SIDE
    return img.kind != "document" or (small and (named or upright(img)))


def _not_a_photo(src: SourceFile, notes: list[str]) -> None:
    why = "it could not be decoded" if file_image(src.file) is None else "it does not look like a portrait"
    notes.append(f"picture '{visible(src.file.name)}' not counted as the nominee's photo: {why}; to review")


def photos_and_evidence(group_index: int, groups: list, sources: list[SourceFile], anchors: list[dict],
                        names: list[str], own_sources: list[SourceFile],
                        notes: list[str] | None = None) -> tuple[int, list[str]]:
    """(number of nominee photos, evidence file names) for one group; pictures not counted go to ``notes``."""
    notes = notes if notes is not None else []
    photos = embedded_photos(own_sources)
    evidence: list[str] = []
    maybes: list[SourceFile] = []
    for src in sources:
        who = owner(src, groups, anchors)
        mine = who == group_index
        shared = who is None
        if src.role == EVIDENCE and (mine or shared):
            evidence.append(src.file.name)
        elif src.role == PICTURE and (mine or shared):
            role = picture_role(src.file, names)
            img = file_image(src.file)
            key = img.sha256 if img is not None and img.sha256 else src.file.name
            if role in (PHOTO, PHOTO_MAYBE) and not _portrait(src, named=role == PHOTO):
                if role == PHOTO or file_image(src.file) is None:
                    _not_a_photo(src, notes)
                else:
                    evidence.append(src.file.name)
            elif role == PHOTO and (mine or len(groups) == 1):
                if key not in photos:
                    photos.add(key)
            elif role == PHOTO_MAYBE:
                maybes.append(src)
            elif role == EV_ROLE:
                evidence.append(src.file.name)
            elif role in (IGNORE, PW_ROLE):
                continue
    for src in maybes:
        if not photos and (owner(src, groups, anchors) == group_index or len(groups) == 1):
            photos.add(src.file.name)
        else:
            evidence.append(src.file.name)
    return len(photos), evidence


def body_links(lines: list[str], evidence_lines: set[int]) -> list[tuple[str, str]]:
    """(url, line) for links in the sender's text: file hosts anywhere, other URLs on evidence lines."""
    out = []
    for i, line in enumerate(lines):
        for url in find_links(line):
            if is_evidence_host(url) or i in evidence_lines:
                out.append((url, line))
    return out


def claim_named_portrait(draft, files: list) -> None:
    """A picture named after the nominee counts as the photo once the name is known.

    The name may only be settled after the files were shared out (a prose
    article names the nominee in running text): "Ảnh Hoàng Huyền Xuân.jpg",
    put among the evidence for want of a name then, is her photo.
    """
    if draft.kind != "individual" or not draft.name or draft.photos:
        return
    name = fold_name(draft.name)
    for f in files:
        if f.name not in draft.evidence or file_image(f) is None:
            continue
        s = stem(f.name)
        if name in s and not any_phrase(s, EVIDENCE_WORDS) and _portrait(SourceFile(0, f, PICTURE), named=True):
            draft.evidence = [e for e in draft.evidence if e != f.name]
            draft.photos = 1
            return
