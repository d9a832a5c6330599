"""Phone numbers and e-mail addresses: the truth (E.164 / lower case) and the many written forms."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .util import chance, initials, slug

MOBILE_PREFIXES = ["32", "33", "34", "35", "36", "37", "38", "39", "56", "58", "59", "70", "76", "77",
                   "78", "79", "81", "82", "83", "84", "85", "86", "88", "89", "90", "91", "92", "93",
                   "94", "96", "97", "98", "99"]


@dataclass
class Phone:
    e164: str      # "+84912345678"
    written: str   # "0912.345.678"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def write_mobile(rng: random.Random, national: str) -> str:
    """national = '0912345678' (10 digits)."""
    d = national
    sub = d[1:]
    style = rng.randint(0, 10)
    return [
        f"{d[:4]} {d[4:7]} {d[7:]}", f"{d[:4]}.{d[4:7]}.{d[7:]}", d, f"{d[:3]} {d[3:6]} {d[6:]}",
        f"{d[:4]}-{d[4:7]}-{d[7:]}", f"+84 {sub[:3]} {sub[3:6]} {sub[6:]}", f"(+84) {sub[:3]}-{sub[3:6]}-{sub[6:]}",
        f"+84{sub}", f"{d[:4]} {d[4:]}", f"{d[:3]}.{d[3:6]}.{d[6:]}", f"{d[:4]}{d[4:7]} {d[7:]}",
    ][style]


def mobile(rng: random.Random) -> Phone:
    national = "0" + rng.choice(MOBILE_PREFIXES) + _digits(rng, 7)
    return Phone("+84" + national[1:], write_mobile(rng, national))


def landline(rng: random.Random, area: str) -> Phone:
    """A fixed line: 024/028 have 8-digit numbers, the 3-digit area codes 7-digit ones."""
    number = rng.choice("23") + _digits(rng, (8 if len(area) == 2 else 7) - 1)
    e164 = f"+84{area}{number}"
    code = "0" + area
    if len(area) == 2:
        written = rng.choice([f"{code} {number[:4]} {number[4:]}", f"({code}) {number}", f"{code}.{number[:4]}.{number[4:]}",
                              f"({code}) {number[:4]} {number[4:]}", f"{code}{number}"])
    else:
        written = rng.choice([f"({code}) {number[:4]} {number[4:]}", f"{code}.{number[:4]}.{number[4:]}", f"{code} {number}",
                              f"{code}{number[:1]}.{number[1:4]}.{number[4:]}", f"({code}) {number}", f"{code}-{number}"])
    return Phone(e164, written)


@dataclass
class Email:
    address: str   # truth, lower case
    written: str   # as typed in the document


FREEMAIL = ["gmail.com", "gmail.com", "gmail.com", "yahoo.com", "yahoo.com.vn", "outlook.com", "hotmail.com"]


def personal_email(rng: random.Random, name: str, given: str, school_slug: str) -> str:
    parts = name.split()
    g, full, ini = slug(given), slug(name), initials(name)
    local = rng.choice([
        f"{g}{ini[:-1]}", f"{full}{rng.randint(70, 99)}", f"{g}.{school_slug}", f"{slug(parts[0])}{g}{rng.randint(1, 999)}",
        f"{g}{ini[:-1]}.{school_slug}", f"{full}", f"gv.{g}{ini[:-1]}", f"{g}_{slug(parts[0])}{rng.randint(80, 99)}",
    ])
    return f"{local}@{rng.choice(FREEMAIL)}"


def unit_email(rng: random.Random, prefix: str, school_slug: str, domain: str) -> str:
    return rng.choice([f"{prefix}{school_slug}@{domain}", f"{school_slug}@{domain}", f"{prefix}.{school_slug}@{domain}",
                       f"{prefix}{school_slug}@gmail.com", f"truong{prefix}{school_slug}@gmail.com"])


def write_email(rng: random.Random, address: str, obfuscate: float = 0.12) -> str:
    """The address as typed: sometimes capitals, '[at]', spaces around '@'."""
    local, domain = address.split("@")
    if chance(rng, 0.12):
        local = local[:1].upper() + local[1:]
    if chance(rng, 0.05):
        domain = domain.upper() if chance(rng, 0.3) else domain[:1].upper() + domain[1:]
    if chance(rng, obfuscate):
        at = rng.choice(["[at]", "(at)", " @ ", " [@] "])
        return f"{local}{at}{domain}"
    return f"{local}@{domain}"
