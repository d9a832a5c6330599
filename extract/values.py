"""Normalising the values found next to labels.

Forms are filled in by hand: phone numbers come as "0912.345.678",
"(0239) 3812 345", "+84 912345678" or two numbers in one cell; e-mail
addresses are wrapped in text or left as placeholders; names are typed in
capitals and preceded by titles. These helpers turn them into the export
format (E.164, lower-case address, "Nguyễn Thị Hoa") or None.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from extract.text import fold, nfc

# ---------------------------------------------------------------- phones

_PHONE_CANDIDATE = re.compile(r"(?<![\w@])\+?\(?\d[\d\s.\-()]{6,}\d(?![\w@])")
_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _parse_vn(candidate: str) -> phonenumbers.PhoneNumber | None:
    digits = re.sub(r"[^\d+]", "", candidate)
    if not digits:
        return None
    tries = [candidate]
    if digits.startswith("84") and not digits.startswith("+"):
        tries.append("+" + digits)  # "84912345678" written without the plus
    if digits.startswith("0084"):
        tries.append("+" + digits[2:])
    for t in tries:
        try:
            num = phonenumbers.parse(t, "VN")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return num
    return None


# "năm học 2022-2023 2) …": a school year, whatever digits follow it, is no number
_SCHOOL_YEARS = re.compile(r"(?<![\d+])(?:19|20)\d{2}\s*[-–—/]\s*(?:19|20)\d{2}(?!\d)")


def _without_years(text: str) -> str:
    return _SCHOOL_YEARS.sub(" năm ", text)


def _phone_numbers(text: str) -> list[phonenumbers.PhoneNumber]:
    text = _without_years(re.sub(r"[.…_]{2,}", " ", text))  # dotted leaders: "ĐT: ……079.756.9240……"
    found: list[phonenumbers.PhoneNumber] = []
    seen: set[str] = set()

    def add(num):
        key = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        if key not in seen:
            seen.add(key)
            found.append(num)

    for m in phonenumbers.PhoneNumberMatcher(text, "VN", leniency=phonenumbers.Leniency.VALID):
        add(m.number)
    for m in _PHONE_CANDIDATE.finditer(text):
        chunk = m.group(0)
        # A run may hold several numbers joined by " - " or spaces; try pieces too.
        pieces = [chunk] + re.split(r"\s[-–]\s|\s{2,}|/", chunk)
        for piece in pieces:
            num = _parse_vn(piece.strip(" .-()"))
            if num is not None:
                add(num)
    # keep document order
    order = {phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164): i for i, n in enumerate(found)}
    digits_text = re.sub(r"\D", "", text)

    def position(num):
        national = str(num.national_number)
        pos = digits_text.find(national)
        return pos if pos >= 0 else 10**6 + order[phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)]

    return sorted(found, key=position)


# A Vietnamese number's shape once "+84"/"0084" is read as the trunk "0": ten digits for a mobile (03, 05,
# 07, 08, 09), eleven for a landline (02 and a three-digit area code).
_VN_SHAPE = re.compile(r"0[35789]\d{8}|02\d{9}")


def _shaped_number(text: str) -> str | None:
    """A number written under a phone label with the right shape that the numbering plan does not (yet) know
    ("089x" blocks opened after the metadata, a new area code): the school's own writing, kept as written."""
    for m in _PHONE_CANDIDATE.finditer(_without_years(text)):
        digits = re.sub(r"\D", "", m.group(0))
        if m.group(0).lstrip("(").startswith("+") or digits.startswith(("84", "0084")):
            digits = "0" + re.sub(r"^(?:00)?84", "", digits)
        if _VN_SHAPE.fullmatch(digits):
            return "+84" + digits[1:]
    return None


def normalise_phone(text: str | None) -> str | None:
    """The first mobile number in ``text`` (else the first valid one), as E.164.

    Vietnamese landlines keep their area code: "(0239) 3812 345" →
    "+842393812345". Invalid or absent numbers give None.
    """
    if not text:
        return None
    text = nfc(text)
    nums = _phone_numbers(text)
    if not nums:
        return _shaped_number(text)
    mobiles = [n for n in nums if phonenumbers.number_type(n) in _MOBILE_TYPES]
    best = mobiles[0] if mobiles else nums[0]
    return phonenumbers.format_number(best, phonenumbers.PhoneNumberFormat.E164)


def possible_phones(text: str | None) -> list[str]:
    """Numbers that have a Vietnamese number's shape, valid or not (a trace, never a value), in E.164."""
    if not text:
        return []
    found = []
    for m in phonenumbers.PhoneNumberMatcher(_without_years(nfc(text)), "VN", leniency=phonenumbers.Leniency.POSSIBLE):
        if "/" in m.raw_string:
            continue  # "09/2018 - 08/2021": dates, not a number
        if len(phonenumbers.national_significant_number(m.number)) >= 9:
            e164 = phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            if e164 not in found:
                found.append(e164)
    return found


def find_phones(text: str | None) -> list[str]:
    """Every valid number in ``text`` in E.164, in order of appearance."""
    if not text:
        return []
    return [phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164) for n in _phone_numbers(nfc(text))]


# ---------------------------------------------------------------- e-mail

_EMAIL = re.compile(r"(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
# Placeholders seen on blank forms: "xxx@gmail.com", "email@domain.com".
_PLACEHOLDER_LOCAL = re.compile(r"^(?:x+|\.+|abc|abcxyz|xyz|email|mail|ten|tenban|yourname|name|username|user|example|test|a|noreply|no-reply)$")
_PLACEHOLDER_DOMAINS = {"domain.com", "example.com", "example.org", "example.net", "email.com", "abc.com", "xyz.com"}


def readable_at(text: str) -> str:
    """A labelled e-mail typed "ten [at] gmail.com" or "Ten @ gmail.com", rejoined."""
    text = re.sub(r"\s*[\[({]\s*(?:at|@|a còng|a cong)\s*[\])}]\s*|\s+@\s*|\s*@\s+", "@", nfc(text), flags=re.IGNORECASE)
    return re.sub(r"\s*(?:\[dot\]|\(dot\))\s*", ".", text, flags=re.IGNORECASE)


def normalise_email(text: str | None) -> str | None:
    """The first real e-mail address in ``text``, lower-cased, or None."""
    if not text:
        return None
    text = re.sub(r"[.…_]{2,}", " ", nfc(text).replace("mailto:", " "))  # dotted leaders: "Email: ....ten@x.vn"
    for m in _EMAIL.finditer(text):
        addr = m.group(1).rstrip(".").lower()
        local, _, domain = addr.partition("@")
        if ".." in addr or local.endswith(".") or _PLACEHOLDER_LOCAL.match(local) or domain in _PLACEHOLDER_DOMAINS:
            continue
        return addr
    return None


# ---------------------------------------------------------------- names

# Titles and forms of address written before names; matched on folded text.
HONORIFICS = [
    "nha giao nhan dan", "nha giao uu tu", "ngnd", "ngut", "pgs.ts", "pgs. ts", "gs.ts", "gs. ts",
    "pgs", "gs", "tskh", "ts", "ths", "cn", "ks", "bs", "ds", "nhà giáo",
    "co giao", "thay giao", "dong chi", "d/c", "d.c", "thay", "co", "chi", "anh", "em",
    "ong", "ba", "ban", "hieu truong", "pho hieu truong", "giao vien",
]
# Weak forms that are also surnames (Ông, Bà...) are only removed when a full name remains.
_WEAK = {"ong", "ba", "chi", "anh", "em", "ban"}


def strip_honorifics(name: str | None) -> str:
    """Remove leading titles: "cô giáo", "thầy", "đ/c", "TS.", "PGS.TS.", "NGƯT." ..."""
    name = nfc(name)
    changed = True
    while changed and name:
        changed = False
        folded = fold(name)
        for h in sorted(HONORIFICS, key=len, reverse=True):
            h = fold(h)
            m = re.match(re.escape(h) + r"(?:\.|:)?(?=\s|$)\s*", folded)
            if not m:
                continue
            rest = name[m.end():].lstrip(" .:,-")
            words = rest.split()
            if h in _WEAK and len(words) < 3:
                continue
            if len(words) < 1:
                continue
            name, changed = rest, True
            break
    return name.strip(" ,.;:-")


def vietnamese_name_case(text: str | None) -> str:
    """Capitalise each word of a name typed all in capitals (or all lower).

    Mixed-case input is returned unchanged: the writer chose that case.
    """
    text = nfc(text)
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return text
    if any(c.islower() for c in letters) and any(c.isupper() for c in letters):
        return text
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


# Abbreviations in unit names that stay in capitals ("Trường THCS Hương Minh").
UNIT_ACRONYMS = {"thcs", "thpt", "th", "mn", "gddt", "gd&dt", "gd", "dt", "ubnd", "dh", "cd", "ptdtbt", "ptdtnt",
                 "gdtx", "gdnn", "tp", "tt", "dhsp", "sgd", "pgd", "tw", "cntt", "stem", "hđnd", "hdnd", "nn"}


# School types keep lower case after their first word ("Trường Mầm non", "Trường Tiểu học").
LOWER_TAILS = ("Mầm non", "Tiểu học", "Trung học cơ sở", "Trung học phổ thông", "Giáo dục và Đào tạo",
               "Phổ thông dân tộc nội trú", "Phổ thông dân tộc bán trú", "Giáo dục thường xuyên",
               "Đại học", "Cao đẳng", "Trung học", "Liên cấp", "Mẫu giáo", "Nhà trẻ")


def unit_case(text: str | None) -> str:
    """Normal case for a unit typed in capitals, keeping acronyms (THCS, GD&ĐT)."""
    text = nfc(text)
    if not text or any(c.islower() for c in text if c.isalpha()):
        return text
    out = []
    for w in text.split(" "):
        core = fold(w).strip(".,;:()")
        if core in UNIT_ACRONYMS or not any(ch in "aeiouy" for ch in core):
            out.append(w)
        else:
            out.append(w[:1].upper() + w[1:].lower())
    result = " ".join(out)
    for tail in LOWER_TAILS:
        result = re.sub(re.escape(tail.title()), tail, result)
    m = _TEAM.match(result)
    if m:  # "TỔ NGỮ VĂN - LỊCH SỬ": a team is named after its subjects, written in sentence case
        parts = [p[:1].upper() + p[1:].lower() if not p.isupper() else p for p in re.split(r"(\s+[-–]\s+)", m.group(2))]
        result = m.group(1) + "".join(parts)
    return result


# A school's team ("Tổ", "Nhóm", "Khối") followed by the subjects it teaches.
_TEAM = re.compile(r"^((?:Tổ|Nhóm|Khối)\s+(?:chuyên môn\s+)?)(.+)$")


# ---------------------------------------------------------------- leaders

# Dotted leaders and fill-in lines of printed forms: "Họ và tên: ……Nguyễn Văn A……", "ĐT: ____0912…".
_LEADERS = re.compile(r"^[\s.…_·‥]+|[\s.…_·‥]+$")


def strip_leaders(text: str | None) -> str | None:
    """A value without the dots, ellipses and underscores a form printed around it."""
    if text is None:
        return None
    inner = _LEADERS.sub("", text)
    if text.rstrip().endswith(".") and not text.rstrip().endswith(("..", "…")):
        inner = inner + "." if inner and not inner.endswith(".") else inner  # a sentence's own full stop
    return inner or None


# ---------------------------------------------------------------- empties

_EMPTY_WORDS = {
    "khong", "khong co", "chua co", "dang cap nhat", "chua cap nhat", "se cap nhat", "se bo sung",
    "chua", "na", "n a", "none", "null", "nil", "trong", "khong ro", "x", "xx", "xxx", "nil",
    "chua bo sung", "bo sung sau", "cap nhat sau", "khong xac dinh", "tbd", "...",
}


def is_empty_value(text: str | None) -> bool:
    """True for values that mean "not given": blanks, dots, "-", "không có", "N/A"..."""
    if text is None:
        return True
    t = nfc(text)
    if not re.search(r"[0-9A-Za-zÀ-ỹĐđ]", t):
        return True  # only dots, dashes, underscores, ellipses
    folded = fold(t)
    core = re.sub(r"[^a-z0-9 ]+", " ", folded)
    core = re.sub(r"\s+", " ", core).strip()
    return core in _EMPTY_WORDS or folded.strip("()[] .") in _EMPTY_WORDS


# ---------------------------------------------------------------- links

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'“”]+")
# Evidence hosts sometimes written without a scheme.
LINK_HOSTS = ("drive.google.com", "docs.google.com", "1drv.ms", "onedrive.live.com", "sharepoint.com",
              "youtube.com", "youtu.be", "dropbox.com", "photos.app.goo.gl", "photos.google.com",
              "padlet.com", "canva.com", "fb.watch", "facebook.com", "forms.gle", "bit.ly")
_BARE = re.compile(r"(?i)(?<![\w/.@-])((?:[a-z0-9-]+\.)*(?:" + "|".join(re.escape(h) for h in LINK_HOSTS)
                   + r")/[^\s<>\"'“”]*)")
_TRAIL = ".,;:!?…'\"”’»"


def _trim(url: str) -> str:
    while url:
        if url[-1] in _TRAIL:
            url = url[:-1]
        elif url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif url[-1] == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        elif url[-1] == ">":
            url = url[:-1]
        else:
            break
    return url


def find_links(text: str | None) -> list[str]:
    """URLs in ``text`` as written, trailing punctuation removed, first seen first."""
    if not text:
        return []
    text = re.sub(r"[_…]{2,}|\.{3,}", " ", unicodedata.normalize("NFC", text))  # "Minh chứng: ____https://…"
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for m in _URL.finditer(text):
        url = _trim(m.group(0))
        if len(url) > 10:
            found.append((m.start(), url))
        spans.append(m.span())
    for m in _BARE.finditer(text):
        if not any(a <= m.start(1) < b for a, b in spans):
            found.append((m.start(1), _trim(m.group(1))))
    out: list[str] = []
    for _, url in sorted(found):
        if url not in out:
            out.append(url)
    return out


def is_evidence_host(url: str) -> bool:
    """A file-sharing or video host: such links are evidence wherever they appear."""
    host = re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", url).split("/")[0].lower()
    return any(host == h or host.endswith("." + h) for h in LINK_HOSTS)
