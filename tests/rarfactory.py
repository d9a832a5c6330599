"""RAR archives built in code for the tests: stored (uncompressed) members, RAR 4 and RAR 5.

No free program writes RAR, so the tests write the container themselves,
following the published format descriptions (RAR 4 "technote", RAR 5
"RAR 5.0 archive format"): marker, archive header, one header plus data per
file, end-of-archive header; header CRCs are CRC-32 (RAR 4 keeps its low 16
bits). Member names are UTF-8 (RAR 4: with the Unicode flag, no
compatibility name).
"""

from __future__ import annotations

import struct
import zlib

RAR4_STORE, RAR4_ENCRYPTED, RAR4_UNICODE, RAR4_LONG_BLOCK = 0x30, 0x0004, 0x0200, 0x8000


def _rar4_block(head_type: int, flags: int, body: bytes, data: bytes = b"") -> bytes:
    head = struct.pack("<BHH", head_type, flags, 7 + len(body)) + body
    return struct.pack("<H", zlib.crc32(head) & 0xFFFF) + head + data


def rar4(members: list[tuple[str, bytes]], encrypted: bool = False) -> bytes:
    out = b"Rar!\x1a\x07\x00" + _rar4_block(0x73, 0, bytes(6))
    for name, data in members:
        raw = name.encode("utf-8")
        flags = RAR4_LONG_BLOCK | (0 if name.isascii() else RAR4_UNICODE) | (RAR4_ENCRYPTED if encrypted else 0)
        # packed and unpacked size, host OS (Windows), CRC-32, DOS time, version 2.9, store, name size, attributes
        body = struct.pack("<IIBIIBBHI", len(data), len(data), 2, zlib.crc32(data), 0x5A8E3100, 29, RAR4_STORE,
                           len(raw), 0x20) + raw
        out += _rar4_block(0x74, flags, body, data)
    return out + _rar4_block(0x7B, 0x4000, b"")


def _vint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _rar5_block(head_type: int, flags: int, fields: bytes, data: bytes = b"") -> bytes:
    rest = _vint(head_type) + _vint(flags) + (_vint(len(data)) if data else b"") + fields
    header = _vint(len(rest)) + rest
    return struct.pack("<I", zlib.crc32(header)) + header + data


def rar5(members: list[tuple[str, bytes]]) -> bytes:
    out = b"Rar!\x1a\x07\x01\x00" + _rar5_block(1, 0, _vint(0))  # main header, no archive flags
    for name, data in members:
        raw = name.encode("utf-8")
        # file flags (CRC present), unpacked size, attributes, CRC-32, compression (store), host OS, name
        fields = (_vint(0x0004) + _vint(len(data)) + _vint(0x20) + struct.pack("<I", zlib.crc32(data))
                  + _vint(0) + _vint(0) + _vint(len(raw)) + raw)
        out += _rar5_block(2, 0x0002 if data else 0, fields, data)
    return out + _rar5_block(5, 0, _vint(0))  # end of archive
