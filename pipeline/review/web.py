"""The browser review app (``pipeline review --web``): Starlette, served by uvicorn.

One page (``static/index.html``, ``review.js``, ``review.css``, all served from
the package: nothing is fetched from elsewhere) shows one flagged sentence at a
time and talks to a small JSON API:

    GET  /api/state?status=&category=&rule=   articles (most loaded first) with
                                              their counts, and the flags to review
    POST /api/decide   {"article_id", "key", "decision": accepted|dismissed|clear}
    POST /api/undo     undo this session's last decision
    POST /api/suppress {"entry": RULE_OR_CUE}  dismiss everywhere (config file)

Every POST must carry the session's token in the ``X-Review-Token`` header: the
token is made when the server starts and written into the page, which another
site's page cannot read, so it cannot post decisions. Requests whose ``Host``
is not the loopback address are refused (against DNS rebinding) unless the app
was started with ``allow_remote``. The page builds its DOM with
``textContent`` only, and a Content-Security-Policy forbids inline scripts.
Decisions are written to the database before the answer is sent.
"""

from __future__ import annotations

import dataclasses
import html
import ipaddress
import secrets
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PipelineError

if TYPE_CHECKING:  # pragma: no cover
    from .session import ReviewSession

__all__ = ["STATIC", "is_loopback", "create_app", "bind", "serve", "start_in_thread"]

STATIC = Path(__file__).with_name("static")
TOKEN_HEADER = "x-review-token"
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _item(it: Any) -> dict[str, Any]:
    f = it.flag
    return {
        "article_id": it.article_id,
        "sentence_id": it.sentence_id,
        "sentence": it.sentence,
        "before": list(it.before),
        "after": list(it.after),
        **{k: getattr(f, k) for k in ("key", "category", "rule", "cue", "start", "end", "weight", "status", "carried_over", "suppressed")},
        **{k: getattr(f, k) for k in ("quoted", "reviewer", "decided")},
        "flags": [
            {k: getattr(g, k) for k in ("key", "category", "rule", "cue", "start", "end", "weight", "status", "carried_over")}
            for g in it.flags
        ],
    }


def state_json(session: ReviewSession, *, status: str | None, category: str | None, rule: str | None) -> dict[str, Any]:
    """What the page shows: the articles, the filtered queue, the filters' choices."""
    states = session.states()
    items = [
        it
        for st in states
        for it in st.items
        if (status is None or it.flag.status == status)
        and (category is None or it.flag.category == category)
        and (rule is None or it.flag.rule == rule)
    ]
    every = [it.flag for st in states for it in st.items]
    return {
        "reviewer": session.reviewer,
        "out_dir": str(session.out_dir),
        "articles": [
            {"id": st.article_id, "title": st.title, "outlet": st.outlet, "published": st.published, "load": st.load, "counts": st.counts()}
            for st in states
        ],
        "items": [_item(it) for it in items],
        "categories": sorted({f.category for f in every}),
        "rules": sorted({f.rule for f in every}),
        "suppress": list(session.settings.review.suppress),
    }


def create_app(session: ReviewSession, *, token: str, config: str | Path | None = None, allow_remote: bool = False) -> Any:
    """The Starlette application over ``session``; POSTs need ``token``."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    page = (STATIC / "index.html").read_text(encoding="utf-8").replace("{{TOKEN}}", html.escape(token, quote=True))
    headers = {
        "Content-Security-Policy": _CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }

    def index(request: Request) -> Response:
        return HTMLResponse(page, headers=headers)

    def _filter(request: Request, name: str) -> str | None:
        value = request.query_params.get(name) or None
        return None if value == "all" else value

    def state(request: Request) -> Response:
        data = state_json(session, status=_filter(request, "status"), category=_filter(request, "category"), rule=_filter(request, "rule"))
        return JSONResponse(data, headers=headers)

    async def _body(request: Request) -> dict[str, Any] | Response:
        if not secrets.compare_digest(request.headers.get(TOKEN_HEADER, ""), token):
            return JSONResponse({"error": "missing or wrong session token: reload the review page"}, status_code=403)
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return JSONResponse({"error": "expected a JSON object"}, status_code=400)
        return body

    def _error(exc: PipelineError) -> Response:
        return JSONResponse({"error": exc.line()}, status_code=400)

    async def decide(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        body = await _body(request)
        if isinstance(body, Response):
            return body
        triple = (str(body.get("article_id", "")), str(body.get("key", "")), str(body.get("decision", "")))
        try:
            await run_in_threadpool(session.decide, [triple])
        except PipelineError as exc:
            return _error(exc)
        return JSONResponse({"ok": True, "article_id": triple[0], "key": triple[1], "decision": triple[2]})

    async def undo(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        body = await _body(request)
        if isinstance(body, Response):
            return body
        done = await run_in_threadpool(session.undo)
        return JSONResponse({"ok": True, "article_id": done[0], "key": done[1]} if done else {"ok": False})

    async def suppress(request: Request) -> Response:
        from .suppress import add_suppression, config_file

        body = await _body(request)
        if isinstance(body, Response):
            return body
        entry = str(body.get("entry", "")).strip()
        path = config_file(config)
        try:
            add_suppression(entry, path)
        except PipelineError as exc:
            return _error(exc)
        settings = session.settings
        if entry and entry not in settings.review.suppress:
            session.settings = dataclasses.replace(
                settings, review=dataclasses.replace(settings.review, suppress=(*settings.review.suppress, entry))
            )
        return JSONResponse({"ok": True, "entry": entry, "config": str(path)})

    routes = [
        Route("/", index),
        Route("/api/state", state),
        Route("/api/decide", decide, methods=["POST"]),
        Route("/api/undo", undo, methods=["POST"]),
        Route("/api/suppress", suppress, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [] if allow_remote else [Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"])]
    return Starlette(routes=routes, middleware=middleware)


def _imports() -> Any:
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError as exc:
        raise PipelineError("E215", None, detail=str(exc)) from None
    return uvicorn


def bind(host: str, port: int, *, allow_remote: bool = False) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: a free port); E211 for a remote host."""
    if not allow_remote and not is_loopback(host):
        raise PipelineError("E211", None, host=host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host.strip("[]"), port))
    sock.listen(64)
    return sock


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"


def _server(session: ReviewSession, sock: socket.socket, *, allow_remote: bool, config: str | Path | None) -> Any:
    uvicorn = _imports()
    app = create_app(session, token=secrets.token_urlsafe(24), config=config, allow_remote=allow_remote)
    return uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))


def serve(
    session: ReviewSession,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    allow_remote: bool = False,
    config: str | Path | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted (Ctrl+C); ``on_ready(url)`` once the socket listens."""
    _imports()
    sock = bind(host, port, allow_remote=allow_remote)
    server = _server(session, sock, allow_remote=allow_remote, config=config)
    if on_ready is not None:
        on_ready(_url(sock))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def start_in_thread(
    session: ReviewSession, *, host: str = "127.0.0.1", port: int = 0, config: str | Path | None = None
) -> tuple[str, Any, threading.Thread]:
    """Serve in a daemon thread (tests, screenshots); returns (url, server, thread).

    Stop with ``server.should_exit = True`` and ``thread.join()``.
    """
    import time

    sock = bind(host, port)
    server = _server(session, sock, allow_remote=False, config=config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    return _url(sock), server, thread
