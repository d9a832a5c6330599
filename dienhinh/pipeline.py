"""The processing stages a stored message goes through, in order.

``handle_message`` is the runner's handler: bytes in, an ``Outcome`` out.
Each stage lives in its own package (parsers, extract, notifier); this module
only strings them together.
"""

from __future__ import annotations

from dienhinh.runner import Outcome
from dienhinh.service import Service
from parsers.mime import parse_mime
from store.models import Message, MessageStatus


def handle_message(service: Service, message: Message, raw: bytes) -> Outcome:
    parse_mime(raw)
    return Outcome(MessageStatus.PARSED)
