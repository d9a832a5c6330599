"""The workbench application: sessions, sign-in, security headers, the routes.

Every page needs a signed-in account; every POST needs the session's CSRF
token; anything outside the account's mailboxes answers 404 (the same page
as an id that does not exist), also when its id is typed in the URL.
Database work runs in Starlette's thread pool.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote as url_quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from store import Service
from web import words
from web.accounts import Account, load_account, verify_login
from web.pages import routes as page_routes
from web.sessions import SessionData, Sessions, csrf_ok
from web.throttle import clear_failures, record_failure, wait_seconds

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent

CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Adds the headers above to every response (pure ASGI, so streaming is untouched)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [h for h in SECURITY_HEADERS if h[0] not in present]
            await send(message)

        return await self.app(scope, receive, send_with_headers)


@dataclass
class Context:
    session: SessionData
    account: Account | None


class Workbench:
    """What every handler shares."""

    def __init__(self, service: Service, secret: str, login_delay_seconds: float = 2.0) -> None:
        web = service.settings.web
        self.service = service
        self.sessions = Sessions(secret, int(web.session_hours * 3600), secure=web.https)
        self.login_delay_seconds = login_delay_seconds
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals.update(words=words, mailbox_names=[m.name for m in service.settings.mailboxes],
                                          campaigns=service.settings.campaigns)

    def context(self, request: Request) -> Context:
        data = self.sessions.read(request)
        account = None
        if data.user_id is not None:
            account = load_account(self.service.engine, data.user_id, data.version or 0)
            if account is None:
                data = SessionData()  # the account is gone or its password changed
        return Context(data, account)

    def page(self, request: Request, ctx: Context, name: str, values: dict, status: int = 200) -> Response:
        values = {"account": ctx.account, "csrf": ctx.session.csrf, **values}
        response = self.templates.TemplateResponse(request, name, values, status_code=status)
        if ctx.session.changed:
            self.sessions.write(response, ctx.session)
        return response

    def not_found(self, request: Request, ctx: Context) -> Response:
        return self.page(request, ctx, "error.html", {"title": "Không tìm thấy",
                                                      "text": "Không có trang này, hoặc bạn không có quyền xem."}, 404)

    def refused(self, request: Request, ctx: Context) -> Response:
        return self.page(request, ctx, "error.html", {
            "title": "Yêu cầu bị từ chối",
            "text": "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ. Hãy tải lại trang rồi thử lại."}, 403)


def signed_in(handler):
    """GET handler wrapper: the account, or a redirect to the sign-in page."""
    async def wrapper(request: Request) -> Response:
        bench: Workbench = request.app.state.bench
        ctx = await run_in_threadpool(bench.context, request)
        if ctx.account is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={url_quote(target, safe='')}", status_code=303)
        return await run_in_threadpool(handler, bench, request, ctx)
    return wrapper


def posted(handler):
    """POST handler wrapper: a signed-in account and the session's CSRF token, then ``handler(…, form)``."""
    async def wrapper(request: Request) -> Response:
        bench: Workbench = request.app.state.bench
        form = await request.form()
        ctx = await run_in_threadpool(bench.context, request)
        if not csrf_ok(ctx.session, form.get("csrf")):
            log.warning("refused a POST without a valid CSRF token path=%s", request.url.path)
            return bench.refused(request, ctx)
        if ctx.account is None:
            return RedirectResponse("/login", status_code=303)
        return await run_in_threadpool(handler, bench, request, ctx, form)
    return wrapper


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def login_page(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    ctx = await run_in_threadpool(bench.context, request)
    return bench.page(request, ctx, "login.html", {"next": _safe_next(request.query_params.get("next"))})


def _login(bench: Workbench, request: Request, ctx: Context, form) -> Response:
    name, password = str(form.get("name") or "").strip(), str(form.get("password") or "")
    target = _safe_next(form.get("next"))
    address = _client(request)
    wait = wait_seconds(bench.service.engine, name, address, bench.login_delay_seconds)
    if wait > 0:
        log.warning("sign-in delayed account=%s address=%s wait=%.0fs", name[:100], address, wait)
        return bench.page(request, ctx, "login.html", {"next": target, "error": (
            f"Đăng nhập sai quá nhiều lần. Vui lòng chờ {int(wait) + 1} giây rồi thử lại.")}, 429)
    account = verify_login(bench.service.engine, name, password)
    if account is None:
        failures = record_failure(bench.service.engine, name, address)
        log.warning("sign-in failed account=%s address=%s failures=%d", name[:100], address, failures)
        return bench.page(request, ctx, "login.html", {"next": target,
                                                       "error": "Tên đăng nhập hoặc mật khẩu không đúng."}, 401)
    clear_failures(bench.service.engine, name, address)
    log.info("signed in account=%s address=%s", account.name, address)
    fresh = SessionData(user_id=account.id, version=account.session_version)  # a new CSRF token too
    response = RedirectResponse(target, status_code=303)
    bench.sessions.write(response, fresh)
    return response


def _logout(bench: Workbench, request: Request, ctx: Context, form) -> Response:
    response = RedirectResponse("/login", status_code=303)
    bench.sessions.write(response, SessionData())
    return response


async def login_post(request: Request) -> Response:
    bench: Workbench = request.app.state.bench
    form = await request.form()
    ctx = await run_in_threadpool(bench.context, request)
    if not csrf_ok(ctx.session, form.get("csrf")):
        return bench.refused(request, ctx)
    return await run_in_threadpool(_login, bench, request, ctx, form)


async def http_error(request: Request, exc: HTTPException) -> Response:
    bench: Workbench = request.app.state.bench
    ctx = await run_in_threadpool(bench.context, request)
    if exc.status_code == 404:
        return bench.not_found(request, ctx)
    return bench.page(request, ctx, "error.html", {"title": "Lỗi", "text": "Yêu cầu không thực hiện được."},
                      exc.status_code)


def create_app(service: Service, secret: str, login_delay_seconds: float = 2.0) -> Starlette:
    """The workbench for ``service``; ``secret`` signs the sessions (``[web] secret_env``/``secret_file``)."""
    routes = [
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login_post, methods=["POST"]),
        Route("/logout", posted(_logout), methods=["POST"]),
        *page_routes(signed_in, posted),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    app.state.bench = Workbench(service, secret, login_delay_seconds)
    app.add_middleware(SecurityHeaders)
    return app
