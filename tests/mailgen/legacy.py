"""Encode Unicode Vietnamese the way pre-Unicode fonts stored it (TCVN3/ABC and VNI Windows).

Written independently of the product's decoder (parsers/legacy_encodings.py) from the published
charts, so a wrong table in either place shows up as a test failure instead of cancelling out.
"""

from __future__ import annotations

import unicodedata

# TCVN3 (VN3): letter -> code (as a latin-1 character). Only seven capitals exist in VN3.
_VN3_ROWS = {
    "ĂÂÊÔƠƯĐăâêôơưđ": "\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae",
    "àảãáạ": "\xb5\xb6\xb7\xb8\xb9", "ằẳẵắặ": "\xbb\xbc\xbd\xbe\xc6", "ầẩẫấậ": "\xc7\xc8\xc9\xca\xcb",
    "èẻẽéẹ": "\xcc\xce\xcf\xd0\xd1", "ềểễếệ": "\xd2\xd3\xd4\xd5\xd6", "ìỉĩíị": "\xd7\xd8\xdc\xdd\xde",
    "òỏõóọ": "\xdf\xe1\xe2\xe3\xe4", "ồổỗốộ": "\xe5\xe6\xe7\xe8\xe9", "ờởỡớợ": "\xea\xeb\xec\xed\xee",
    "ùủũúụ": "\xef\xf1\xf2\xf3\xf4", "ừửữứự": "\xf5\xf6\xf7\xf8\xf9", "ỳỷỹýỵ": "\xfa\xfb\xfc\xfd\xfe",
}
VN3 = {letter: code for letters, codes in _VN3_ROWS.items() for letter, code in zip(letters, codes)}
TCVN3_FONTS = (".VnTime", ".VnArial", ".VnCentury Schoolbook")


def _tcvn3_char(ch: str) -> tuple[str, bool]:
    """(code, needs_caps_font) for one NFC character."""
    if ch in VN3:
        return VN3[ch], False
    low = ch.lower()
    if ch != low and low in VN3:
        return VN3[low], True   # toned capital: the lower-case code drawn by the 'H' font
    return ch, False


def tcvn3_runs(text: str, font: str = ".VnTime", all_caps: bool = False) -> list[tuple[str, str]]:
    """Split ``text`` into (encoded, font) runs; toned capitals go to the capital font ``font + 'H'``."""
    text = unicodedata.normalize("NFC", text)
    caps_font = font + "H"
    if all_caps:
        return [("".join(_tcvn3_char(c.lower())[0] for c in text), caps_font)]
    runs: list[tuple[str, str]] = []
    for ch in text:
        code, caps = _tcvn3_char(ch)
        f = caps_font if caps else font
        if runs and runs[-1][1] == f:
            runs[-1] = (runs[-1][0] + code, f)
        else:
            runs.append((code, f))
    return runs


_VIET_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
_TONES = {"\u0300": 0, "\u0301": 1, "\u0309": 2, "\u0303": 3, "\u0323": 4}
_VNI_TONE = "øùûõï"          # grave acute hook tilde dot, after a plain vowel (or ơ/ư)
_VNI_CIRC = "àáåãä"          # circumflex + tone; plain circumflex is "â"
_VNI_BREVE = "èéúüë"         # breve + tone; plain breve is "ê"
_VNI_I = "ìíæóò"             # i with a tone: one code
VNI_FONTS = ("VNI-Times", "VNI-Helve", "VNI-Times")


def _vni_char(ch: str) -> str:
    if ch in "đĐ":
        return "ñ" if ch == "đ" else "Ñ"
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    if base.lower() not in "aeiouy" or not marks or any(m not in _VIET_MARKS for m in marks):
        return ch
    upper = base.isupper()
    b = base.lower()
    tone = next((_TONES[m] for m in marks if m in _TONES), None)
    if "\u031b" in marks:                       # horn: ơ ư have a code of their own
        code = {"o": "ô", "u": "ö"}[b] + (_VNI_TONE[tone] if tone is not None else "")
    elif "\u0302" in marks:
        code = b + ("â" if tone is None else _VNI_CIRC[tone])
    elif "\u0306" in marks:
        code = b + ("ê" if tone is None else _VNI_BREVE[tone])
    elif b == "i" and tone is not None:
        code = _VNI_I[tone]
    elif b == "y" and tone == 4:
        code = "î"
    elif tone is None:
        return ch                               # not a Vietnamese letter (ö, ü ...)
    else:
        code = b + _VNI_TONE[tone]
    return code.upper() if upper else code


def vni(text: str) -> str:
    return "".join(_vni_char(ch) for ch in unicodedata.normalize("NFC", text))
