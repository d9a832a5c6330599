"""The workbench's pages and the buttons on them (handlers run in the thread pool).

Each handler takes the shared ``Workbench``, the request, the signed-in
``Context`` (and the posted form) and answers a page, a file or a redirect
(POST, then redirect: a reload never posts twice).
"""

from __future__ import annotations

from email.utils import quote as header_quote
from urllib.parse import quote as url_quote

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from domain import ReviewState
from records import CorrectionError, RelinkError
from web.actions import (
    correct_record,
    decide,
    merge_into,
    request_supplement,
    requeue_mail,
    rerun_message,
    split_off,
    visible_mail,
    visible_message,
)
from web.operations import campaigns_status, export_file, failed_messages, outbox
from web.queue import QueueFilter, load_queue
from web.record_view import SHOWN_PICTURES, load_record_view, visible_attachment, visible_nomination

DECISIONS = {"accept": ReviewState.ACCEPTED, "reject": ReviewState.REJECTED, "reopen": ReviewState.NEW}


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def queue_page(bench, request, ctx):
    f = QueueFilter.from_query(request.query_params)
    if f.mailbox and not ctx.account.sees(f.mailbox):
        return bench.not_found(request, ctx)
    page = load_queue(bench.service, ctx.account, f)
    return bench.page(request, ctx, "queue.html", {"f": f, "queue": page, "title": "Hàng đợi thẩm định"})


def record_page(bench, request, ctx):
    nomination = visible_nomination(bench.service, ctx.account, _int(request.path_params["id"]) or 0)
    if nomination is None:
        return bench.not_found(request, ctx)
    view = load_record_view(bench.service, nomination)
    notice = request.query_params.get("notice")
    return bench.page(request, ctx, "record.html", {"view": view, "r": view.record, "notice": notice,
                                                    "title": f"Hồ sơ #{nomination.id}"})


def _back(nomination_id: int, notice: str | None = None) -> RedirectResponse:
    target = f"/records/{nomination_id}" + (f"?notice={url_quote(notice)}" if notice else "")
    return RedirectResponse(target, status_code=303)


def correct_post(bench, request, ctx, form):
    nomination = visible_nomination(bench.service, ctx.account, _int(request.path_params["id"]) or 0)
    if nomination is None:
        return bench.not_found(request, ctx)
    typed = {key: str(value) for key, value in form.items() if key != "csrf"}
    try:
        changed = correct_record(bench.service, ctx.account, nomination.id, typed)
    except CorrectionError as exc:
        return _back(nomination.id, str(exc))
    return _back(nomination.id, f"Đã lưu {len(changed)} trường." if changed else "Không có thay đổi.")


def decide_post(bench, request, ctx, form):
    nomination = visible_nomination(bench.service, ctx.account, _int(request.path_params["id"]) or 0)
    if nomination is None:
        return bench.not_found(request, ctx)
    state = DECISIONS.get(str(form.get("decision") or ""))
    note = str(form.get("note") or "").strip()
    if state is None:
        return _back(nomination.id, "Quyết định không hợp lệ.")
    if state == ReviewState.REJECTED and not note:
        return _back(nomination.id, "Hãy ghi lý do không chấp nhận.")
    decide(bench.service, ctx.account, nomination.id, state, note or None)
    return _back(nomination.id, f"Đã ghi: {bench.templates.env.globals['words'].REVIEW_WORDS[state]}.")


def supplement_post(bench, request, ctx, form):
    nomination = visible_nomination(bench.service, ctx.account, _int(request.path_params["id"]) or 0)
    if nomination is None:
        return bench.not_found(request, ctx)
    note = str(form.get("note") or "").strip()
    if not note:
        return _back(nomination.id, "Hãy ghi nội dung cần bổ sung.")
    return _back(nomination.id, request_supplement(bench.service, ctx.account, nomination.id, note))


def merge_post(bench, request, ctx, form):
    """Merge the record typed in ``other`` into this one; both must be visible, else 404."""
    nomination = visible_nomination(bench.service, ctx.account, _int(request.path_params["id"]) or 0)
    typed = str(form.get("other") or "").strip().lstrip("#")
    other = visible_nomination(bench.service, ctx.account, _int(typed) or 0) if typed else None
    if nomination is None or (typed and other is None):
        return bench.not_found(request, ctx)
    if other is None:
        return _back(nomination.id, "Hãy nhập số hồ sơ cần gộp.")
    try:
        merge_into(bench.service, ctx.account, nomination.id, other.id)
    except RelinkError as exc:
        return _back(nomination.id, str(exc))
    return _back(nomination.id, f"Đã gộp hồ sơ #{other.id} vào hồ sơ này.")


def split_post(bench, request, ctx, form):
    nomination = visible_nomination(bench.service, ctx.account, _int(request.path_params["id"]) or 0)
    message = _int(form.get("message"))
    if nomination is None:
        return bench.not_found(request, ctx)
    if message is None:
        return _back(nomination.id, "Hãy chọn thư cần tách.")
    try:
        split_id = split_off(bench.service, ctx.account, nomination.id, message)
    except RelinkError as exc:
        return _back(nomination.id, str(exc))
    return _back(split_id, f"Đã tách thư #{message} từ hồ sơ #{nomination.id} thành hồ sơ mới này.")


def file_download(bench, request, ctx):
    found = visible_attachment(bench.service, ctx.account, _int(request.path_params["id"]) or 0)
    if found is None:
        return bench.not_found(request, ctx)
    attachment, data = found
    inline = request.url.path.endswith("/view") and attachment.content_type in SHOWN_PICTURES
    name = attachment.filename.rsplit("/", 1)[-1] or f"tep-{attachment.id}"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = ("inline" if inline else "attachment") + \
        f'; filename="{header_quote(ascii_name)}"; filename*=UTF-8\'\'{url_quote(name, safe="")}'
    media_type = attachment.content_type if inline else "application/octet-stream"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition,
                                                          "X-Content-Type-Options": "nosniff",
                                                          "Content-Security-Policy": "default-src 'none'; sandbox"})


def failed_page(bench, request, ctx):
    return bench.page(request, ctx, "failed.html", {"messages": failed_messages(bench.service, ctx.account),
                                                    "notice": request.query_params.get("notice"),
                                                    "title": "Thư xử lý lỗi"})


def rerun_post(bench, request, ctx, form):
    message = visible_message(bench.service, ctx.account, _int(request.path_params["id"]) or 0)
    if message is None:
        return bench.not_found(request, ctx)
    status = rerun_message(bench.service, ctx.account, message)
    words = bench.templates.env.globals["words"].MESSAGE_WORDS
    notice = f"Thư #{message.id} đã được xử lý lại: {words.get(status, status)}."
    return RedirectResponse(f"/messages/failed?notice={url_quote(notice)}", status_code=303)


def outbox_page(bench, request, ctx):
    return bench.page(request, ctx, "outbox.html", {"mails": outbox(bench.service, ctx.account),
                                                    "notice": request.query_params.get("notice"),
                                                    "title": "Thư gửi đi"})


def requeue_post(bench, request, ctx, form):
    row = visible_mail(bench.service, ctx.account, _int(request.path_params["id"]) or 0)
    if row is None:
        return bench.not_found(request, ctx)
    done = requeue_mail(bench.service, ctx.account, row)
    notice = f"Thư #{row.id} đã được đưa lại vào hàng đợi gửi." if done else f"Thư #{row.id} không ở trạng thái lỗi."
    return RedirectResponse(f"/outbox?notice={url_quote(notice)}", status_code=303)


def campaigns_page(bench, request, ctx):
    return bench.page(request, ctx, "campaigns.html", {"statuses": campaigns_status(bench.service, ctx.account),
                                                       "title": "Theo dõi đợt thi đua"})


def export_download(bench, request, ctx):
    f = QueueFilter.from_query(request.query_params)
    if f.mailbox and not ctx.account.sees(f.mailbox):
        return bench.not_found(request, ctx)
    format_ = "xlsx" if request.url.path.endswith(".xlsx") else "csv"
    data, media_type, name = export_file(bench.service, ctx.account, f, format_)
    return Response(data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def routes(signed_in, posted) -> list[Route]:
    return [
        Route("/", signed_in(queue_page), methods=["GET"]),
        Route("/records/{id}", signed_in(record_page), methods=["GET"]),
        Route("/records/{id}/correct", posted(correct_post), methods=["POST"]),
        Route("/records/{id}/decide", posted(decide_post), methods=["POST"]),
        Route("/records/{id}/supplement", posted(supplement_post), methods=["POST"]),
        Route("/records/{id}/merge", posted(merge_post), methods=["POST"]),
        Route("/records/{id}/split", posted(split_post), methods=["POST"]),
        Route("/files/{id}", signed_in(file_download), methods=["GET"]),
        Route("/files/{id}/view", signed_in(file_download), methods=["GET"]),
        Route("/messages/failed", signed_in(failed_page), methods=["GET"]),
        Route("/messages/{id}/rerun", posted(rerun_post), methods=["POST"]),
        Route("/outbox", signed_in(outbox_page), methods=["GET"]),
        Route("/outbox/{id}/requeue", posted(requeue_post), methods=["POST"]),
        Route("/campaigns", signed_in(campaigns_page), methods=["GET"]),
        Route("/export.xlsx", signed_in(export_download), methods=["GET"]),
        Route("/export.csv", signed_in(export_download), methods=["GET"]),
    ]
