"""The tolerant header summary used for the message row."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ingest.headers import header_block, summarise_headers
from tests.mailfactory import submission


def test_summary_of_a_real_submission_reads_only_the_header():
    raw = submission(subject="Hồ sơ điển hình - Trường THCS Nguyễn Du", message_id="<abc@example.edu.vn>",
                     attachments=[("Minh chứng.pdf", b"%PDF-1.4 " + b"x" * 200_000, "application/pdf")])
    summary = summarise_headers(raw)
    assert summary.subject == "Hồ sơ điển hình - Trường THCS Nguyễn Du"
    assert summary.message_id == "<abc@example.edu.vn>"
    assert summary.sender == "c2nguyendu@example.edu.vn" and summary.sender_name == "Trường THCS Nguyễn Du"
    assert summary.sent_at == datetime(2024, 4, 18, 9, 12, tzinfo=timezone(timedelta(hours=7)))
    assert len(header_block(raw)) < 2000


def test_header_block_with_bare_newlines_and_without_a_body():
    assert header_block(b"Subject: a\nFrom: x@y.vn\n\nbody\n\nmore") == b"Subject: a\nFrom: x@y.vn\r\n"
    assert header_block(b"Subject: only headers") == b"Subject: only headers"


def test_garbage_gives_an_empty_summary_not_an_error():
    summary = summarise_headers(b"\x00\xff\xfe not a message")
    assert summary.message_id is None and summary.sent_at is None


def test_header_block_ends_at_the_first_empty_line_whatever_its_line_ending():
    assert header_block(b"Subject: a\r\nFrom: x@y.vn\n\r\nbody\r\n\r\nmore") == b"Subject: a\r\nFrom: x@y.vn\r\n"
    assert header_block(b"Subject: a\r\n\r\nbody\n\nmore") == b"Subject: a\r\n"
