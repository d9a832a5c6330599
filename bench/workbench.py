"""Is the workbench fast with 50,000 records?

A fresh SQLite database is loaded with ``--records`` nomination records (default
50,000) in two mailboxes, each linked to its message (one archived raw mail
shared by all, so the record page parses a real message), with a few
reviewers' overrides. The workbench then runs in this process (Starlette's
TestClient, the same application uvicorn serves) and each page is requested
``--repeat`` times after one warm-up: the queue's first page, the queue
filtered (a search and a status), a deep page, and a record page. Prints
the median and the worst server time per page (target: under 200 ms) and
the process's peak memory (``VmHWM``).

Run: ``.venv/bin/python bench/workbench.py [--records 50000] [--repeat 20]``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from config import parse_settings  # noqa: E402
from domain import Role, fold  # noqa: E402
from store import Message, Nomination, NominationMessage, RecordOverride, open_service  # noqa: E402
from tests.mailfactory import submission  # noqa: E402
from web import add_user, create_app  # noqa: E402

PASSWORD = "benchmark password"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
GIVEN = ["Thị Hoa", "Văn An", "Minh Châu", "Thu Hà", "Quốc Bảo", "Ngọc Lan", "Đức Anh", "Thanh Tâm"]


def load(service, count: int) -> None:
    raw = submission()
    digest = service.archive.put(raw)
    start = datetime(2024, 4, 1, tzinfo=timezone.utc)
    messages, nominations, links, overrides = [], [], [], []
    for i in range(1, count + 1):
        mailbox = "vutdkt" if i % 2 else "vuquang"
        when = start + timedelta(minutes=i)
        name = f"{FAMILY[i % 8]} {GIVEN[(i // 8) % 8]} {i}"
        messages.append(dict(id=i, mailbox=mailbox, folder="INBOX", uid=i, uidvalidity=1, message_id=f"<m{i}@b>",
                             sha256=digest, size=len(raw), sender=f"school{i % 900}@example.edu.vn",
                             subject="Hồ sơ điển hình tiên tiến", received_at=when, status="parsed",
                             drafts=[{"form": "profile", "kind": "individual", "name": name}]))
        missing = [] if i % 3 else ["photo", "evidence"]
        nominations.append(dict(id=i, form="profile", kind="individual", unit=f"Trường THCS số {i % 900}",
                                name=name, phone="+84912345678", email=f"gv{i}@example.edu.vn",
                                achievement_summary="Giáo viên dạy giỏi cấp tỉnh", address="Hà Tĩnh", photos=1,
                                missing=missing, status="incomplete" if missing else "complete",
                                review_state="new" if i % 5 else "accepted", mailbox=mailbox,
                                sender=f"school{i % 900}@example.edu.vn", sources=["Ho so.docx"],
                                match_key=f"profile|{fold(name)}", received_at=when,
                                search_key=fold(f"{name} | Trường THCS số {i % 900} | school{i % 900}@example.edu.vn"), created_at=when,
                                updated_at=when))
        links.append(dict(nomination_id=i, message_id=i, draft_index=0))
        if i % 50 == 0:
            overrides.append(dict(nomination_id=i, field="phone", value="+84987654321", who="bench", at=when))
    with service.engine.begin() as connection:
        for table, rows in ((Message, messages), (Nomination, nominations), (NominationMessage, links),
                            (RecordOverride, overrides)):
            for chunk in range(0, len(rows), 5000):
                connection.execute(insert(table.__table__), rows[chunk:chunk + 5000])


def timed(client: TestClient, url: str, repeat: int) -> tuple[float, float]:
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
    return statistics.median(times), max(times)


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dienhinh-bench-web-") as tmp:
        toml = (f'[database]\nurl = "sqlite:///{tmp}/db.sqlite"\n[storage]\ndir = "{tmp}/archive"\n'
                '[[mailboxes]]\nname = "vutdkt"\nhost = "127.0.0.1"\n[[mailboxes]]\nname = "vuquang"\n'
                'host = "127.0.0.1"\n')
        service = open_service(parse_settings(toml, Path(tmp) / "dienhinh.toml"))
        began = time.perf_counter()
        load(service, args.records)
        print(f"loaded {args.records} records in {time.perf_counter() - began:.1f} s")
        add_user(service.engine, "bench", PASSWORD, Role.REVIEWER, ["vutdkt", "vuquang"])
        client = TestClient(create_app(service, os.urandom(24).hex()), base_url="http://127.0.0.1")
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        assert client.post("/login", data={"name": "bench", "password": PASSWORD, "csrf": csrf},
                           follow_redirects=False).status_code == 303
        pages = {
            "queue, first page": "/",
            "queue, search 'Trần'": "/?q=Tr%E1%BA%A7n",
            "queue, incomplete in vuquang": "/?status=incomplete&mailbox=vuquang",
            "queue, page 500": "/?page=500",
            f"record page #{args.records // 2}": f"/records/{args.records // 2}",
        }
        for label, url in pages.items():
            median, worst = timed(client, url, args.repeat)
            verdict = "ok" if median < 200 else "OVER TARGET"
            print(f"{label:32s} median {median:7.1f} ms   worst {worst:7.1f} ms   {verdict}")
        print(f"peak memory (VmHWM) {peak_memory_mb():.0f} MB")
        service.close()


if __name__ == "__main__":
    main()
