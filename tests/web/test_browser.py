"""End to end in Debian's Chromium (Playwright): the real server, a real poll, a reviewer at work."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn

from tests.mailfactory import submission
from tests.web.conftest import PASSWORD
from tests.web.test_routes import BODY

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(bench):
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(bench.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the workbench did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 390, "height": 844})  # a phone's width
        dialogs: list[str] = []
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        tab.dialogs = dialogs
        yield tab
        browser.close()


def _sign_in(page, base):
    page.goto(f"{base}/")
    page.fill("#name", "lan")
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Đăng nhập')")
    page.wait_for_url(f"{base}/")


@pytest.mark.slow
def test_a_reviewer_corrects_accepts_and_the_work_survives_reparse(bench, served, page):
    bench.deliver("vuquang", submission(body=BODY, sender="c1anphu@example.edu.vn"))
    bench.poll()
    record_id = bench.records()[0]["id"]
    bench.account("lan")
    _sign_in(page, served)
    assert page.locator("table.queue").inner_text().count("Lê Văn An") == 1
    page.click("table.queue a:has-text('Lê Văn An')")
    page.wait_for_url(f"{served}/records/{record_id}")
    summary = "Chiến sĩ thi đua cơ sở; sáng kiến kinh nghiệm cấp tỉnh năm 2024"
    page.fill("#f-phone", "0987 654 321")
    page.fill("#f-achievement_summary", summary)
    page.click("button:has-text('Lưu sửa đổi')")
    assert "Đã lưu 2 trường." in page.locator(".notice").inner_text()
    page.click("button:has-text('Chấp nhận')")
    assert page.locator("#review-state").inner_text() == "Đã thẩm định"

    assert bench.cli("reparse", "1").exit_code == 0
    page.reload()
    assert page.input_value("#f-phone") == "+84987654321"
    assert page.input_value("#f-achievement_summary") == summary
    assert page.locator("#review-state").inner_text() == "Đã thẩm định"
    assert "(đã sửa)" in page.locator("label[for=f-phone]").inner_text()
    history = page.locator("table.history").inner_text()
    assert "lan" in history and "+84987654321" in history
    exported = bench.records()[0]
    assert exported["phone"] == "+84987654321" and exported["review_state"] == "accepted"
    assert exported["corrected"] == ["achievement_summary", "phone"]
    with page.expect_download() as download:
        page.goto(f"{served}/")
        page.click("a:has-text('Tải CSV')")
    assert "+84987654321" in download.value.path().read_text(encoding="utf-8-sig")


@pytest.mark.slow
def test_script_in_a_mail_stays_text_in_the_browser(bench, served, page):
    body = BODY + "Ghi chú: <img src=x onerror=alert(1)> <script>alert('x')</script>\n"
    bench.deliver("vuquang", submission(subject="Hồ sơ <script>alert(1)</script>", body=body,
                                        sender="c1anphu@example.edu.vn"))
    bench.poll()
    bench.account("lan")
    _sign_in(page, served)
    page.goto(f"{served}/records/{bench.records()[0]['id']}")
    text = page.locator(".sources").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator(".sources img[src=x]").count() == 0 and page.locator(".sources script").count() == 0
    assert page.dialogs == []


@pytest.mark.slow
def test_another_mailbox_is_404_and_a_forged_post_is_refused_in_the_browser(bench, served, page):
    bench.deliver("vutdkt", submission(body=BODY, sender="c1anphu@example.edu.vn"))
    bench.poll()
    other = bench.records()[0]["id"]
    bench.account("lan", mailboxes=("vuquang",))
    _sign_in(page, served)
    assert page.goto(f"{served}/records/{other}").status == 404
    assert "Không tìm thấy" in page.locator("h1").inner_text()
    assert page.goto(f"{served}/export.xlsx?mailbox=vutdkt").status == 404
    page.goto(f"{served}/")
    with page.expect_navigation() as navigation:  # a form another site could plant: no CSRF token
        page.evaluate("""(action) => { const form = document.createElement('form'); form.method = 'post';
            form.action = action; form.innerHTML = '<input name=decision value=accept>';
            document.body.appendChild(form); form.submit(); }""", f"/records/{other}/decide")
    assert navigation.value.status == 403
    assert "Yêu cầu bị từ chối" in page.locator("h1").inner_text()
    assert bench.records()[0]["review_state"] == "new"


@pytest.mark.slow
def test_a_reviewer_merges_two_records_of_one_teacher(bench, served, page):
    from tests.web.test_relink import ABBREVIATED

    bench.deliver("vuquang", submission(body=BODY, sender="c1anphu@example.edu.vn"),
                  submission(body=ABBREVIATED, sender="c1anphu@example.edu.vn"))
    bench.poll()
    keep, gone = (r["id"] for r in bench.records())
    bench.account("lan")
    _sign_in(page, served)
    page.goto(f"{served}/records/{keep}")
    page.fill("#merge-other", str(gone))
    page.click("button:has-text('Gộp vào hồ sơ này')")
    page.wait_for_url(f"{served}/records/{keep}?*")
    assert f"Đã gộp hồ sơ #{gone} vào hồ sơ này." in page.locator(".notice").inner_text()
    assert page.locator("article.source").count() == 2
    assert "Gộp hồ sơ" in page.locator("table.history").inner_text()
    assert len(bench.records()) == 1 and not page.dialogs
    assert bench.cli("reparse", "--all").exit_code == 0
    page.reload()
    assert page.locator("article.source").count() == 2 and len(bench.records()) == 1
