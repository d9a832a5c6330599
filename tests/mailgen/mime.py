"""A small deterministic MIME writer: header encoding, bodies, attachments, multipart trees (LF endings)."""

from __future__ import annotations

import base64
import quopri
import random
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote

from .util import hex_token, token


@dataclass
class Part:
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    children: list["Part"] | None = None
    boundary: str | None = None
    preamble: str = ""


def _is_ascii(text: str) -> bool:
    return all(ord(c) < 128 for c in text)


def encoded_words(text: str, mode: str = "B", charset: str = "UTF-8", split: bool = True) -> str:
    """RFC 2047 words folded with LF + space; like Gmail, a word only ends after a space (or never, split=False)."""
    words, chunk = [], ""
    for piece in text.split(" "):
        trial = f"{chunk} {piece}" if chunk else piece
        size = len(base64.b64encode(trial.encode())) if mode == "B" else len(_q(trial))
        if split and size > 45 and chunk:
            words.append(chunk + " ")
            chunk = piece
        else:
            chunk = trial
    if chunk:
        words.append(chunk)
    enc = (lambda w: base64.b64encode(w.encode()).decode()) if mode == "B" else _q
    return "\n ".join(f"=?{charset}?{mode}?{enc(w)}?=" for w in words)


def _q(text: str) -> str:
    out = []
    for b in text.encode():
        ch = chr(b)
        if ch == " ":
            out.append("_")
        elif ch.isalnum() and b < 128:
            out.append(ch)
        else:
            out.append(f"={b:02X}")
    return "".join(out)


def header_text(text: str, mode: str = "B") -> str:
    return text if _is_ascii(text) else encoded_words(text, mode)


def address(display: str | None, addr: str, mode: str = "B") -> str:
    if not display:
        return addr
    if _is_ascii(display):
        return f'"{display}" <{addr}>' if any(c in display for c in ",.;:()") else f"{display} <{addr}>"
    return f"{encoded_words(display, mode, split=False)} <{addr}>"


def boundary(rng: random.Random, style: str) -> str:
    if style == "gmail":
        return "0000000000" + hex_token(rng, 16)
    if style == "outlook":
        return f"_00{rng.randint(0, 9)}_{token(rng, 20).upper()}prod_"
    if style == "zimbra":
        return f"=_{hex_token(rng, 8)}-{hex_token(rng, 4)}-{hex_token(rng, 4)}-{hex_token(rng, 12)}"
    if style == "thunderbird":
        return "------------" + token(rng, 24)
    return "----=_Part_" + f"{rng.randint(10000, 99999)}_{rng.randint(100000000, 999999999)}.{rng.randint(10**12, 10**13)}"


def text_part(text: str, subtype: str = "plain", charset: str = "utf-8", cte: str = "quoted-printable") -> Part:
    text = text.replace("\r\n", "\n")
    data = to_cp1258(text).encode("cp1258") if charset == "windows-1258" else text.encode(charset)
    if cte == "base64":
        body = base64.encodebytes(data)
    elif cte == "quoted-printable":
        body = quopri.encodestring(data)
    else:
        body = data
    return Part([("Content-Type", f'text/{subtype}; charset="{charset}"'), ("Content-Transfer-Encoding", cte)], body)


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> str:
    """Windows-1258 spelling: base letters with their hat/horn/breve precomposed, the tone as a combining mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
        try:
            (base + tones).encode("cp1258")
            out.append(base + tones)
        except UnicodeEncodeError:
            out.append(ch)
    return "".join(out)


def filename_params(name: str, style: str) -> tuple[str, str]:
    """(Content-Type name param, Content-Disposition filename param) in one client's style."""
    if _is_ascii(name):
        return f'name="{name}"', f'filename="{name}"'
    if style == "rfc2231":
        value = quote(name.encode(), safe="")
        if len(value) > 70:
            pieces, piece = [], ""
            for ch in name:   # continuation pieces never split a %XX escape or a UTF-8 sequence
                esc = quote(ch.encode(), safe="")
                if len(piece) + len(esc) > 60:
                    pieces.append(piece)
                    piece = ""
                piece += esc
            pieces.append(piece)
            cont = ";\n ".join(f"filename*{i}*={'utf-8' + chr(39) * 2 if i == 0 else ''}{p}" for i, p in enumerate(pieces))
            return f'name="{encoded_words(name)}"', cont
        return f'name="{encoded_words(name)}"', f"filename*=utf-8''{value}"
    if style == "raw":
        return f'name="{name}"', f'filename="{name}"'
    return f'name="{encoded_words(name)}"', f'filename="{encoded_words(name)}"'


def attachment_part(name: str, data: bytes, ctype: str, style: str = "rfc2047", inline_cid: str | None = None) -> Part:
    name_param, file_param = filename_params(name, style)
    disp = "inline" if inline_cid else "attachment"
    headers = [("Content-Type", f"{ctype}; {name_param}"), ("Content-Disposition", f"{disp}; {file_param}"),
               ("Content-Transfer-Encoding", "base64")]
    if inline_cid:
        headers.append(("Content-ID", f"<{inline_cid}>"))
    return Part(headers, base64.encodebytes(data))


def multipart(subtype: str, children: list[Part], bnd: str, extra: str = "") -> Part:
    return Part([("Content-Type", f'multipart/{subtype}; boundary="{bnd}"{extra}')], children=children, boundary=bnd)


def serialize(part: Part, top_headers: list[tuple[str, str]] | None = None) -> bytes:
    lines = [f"{k}: {v}" for k, v in (top_headers or [])] + [f"{k}: {v}" for k, v in part.headers]
    head = ("\n".join(lines) + "\n\n").encode("utf-8")
    if part.children is None:
        return head + part.body
    out = [head]
    if part.preamble:
        out.append(part.preamble.encode() + b"\n")
    for child in part.children:
        out.append(f"--{part.boundary}\n".encode())
        body = serialize(child)
        out.append(body if body.endswith(b"\n") else body + b"\n")
    out.append(f"--{part.boundary}--\n".encode())
    return b"".join(out)
