"""The review web app: a risk-ordered queue, an audit page per summary, decisions with reasons.

Server-rendered pages (:mod:`summary_audit.review.pages`) with one static script for the keyboard
flow; every page works without it.  Every request goes through :meth:`ReviewApp._guard`:

* the ``Host`` header must name the bound address (DNS rebinding) and a POST's ``Origin``, when
  sent, must be this server;
* beyond loopback a token is required (:mod:`summary_audit.review.access`); malformed tokens,
  cookies, forms and CSRF values are a 4xx, never a crash;
* sessions are signed cookies, so nothing grows on the server per visitor, and every POST carries
  the session's CSRF token;
* the reviewer's name comes from the session (or the configured identity hook), never the form;
* responses carry a Content-Security-Policy without inline script or style.

Audits are addressed by their key in an in-memory table, never by a path.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from summary_audit.errors import ConfigError, MissingExtraError
from summary_audit.report.html import asset, safe_id
from summary_audit.review import pages
from summary_audit.review.access import (
    Identity,
    Session,
    SessionCodec,
    allowed_hosts,
    check_token,
    clean_reviewer,
    token_matches,
)
from summary_audit.review.decisions import LABELS, Event, ReviewStore
from summary_audit.review.exports import export_csv, export_jsonl, export_log
from summary_audit.review.pages import Chrome, Filters
from summary_audit.review.run_dir import AuditEntry, Run
from summary_audit.types import Flag, Transcript

try:
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import (
        HTMLResponse,
        JSONResponse,
        PlainTextResponse,
        RedirectResponse,
        Response,
    )
    from starlette.routing import Route
except ModuleNotFoundError as exc:
    raise MissingExtraError("ui", exc.name or "starlette", "the review app") from None

SESSION_COOKIE = "sa_session"
MAX_BODY = 16 * 1024
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
STATIC = {
    "report.css": ("text/css; charset=utf-8", lambda: asset("report.css")),
    "review.js": ("text/javascript; charset=utf-8", lambda: pages.static_text("review.js")),
}


class HTTPProblem(Exception):
    """A request the app refuses: a status and a one-line reason for the person."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Ctx:
    """One request as the handlers see it."""

    request: Request
    session: Session
    fresh: bool  # the session cookie must be (re)sent
    authed: bool
    reviewer: str

    @property
    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("accept", "")


Handler = Callable[["ReviewApp", Ctx], Awaitable[Response]]


@dataclass
class ReviewApp:
    run: Run
    store: ReviewStore
    token: str | None = None
    default_reviewer: str = ""
    identity: Identity | None = None  # --auth header:/hook: (names come from outside)
    host: str = "127.0.0.1"
    port: int = 8765
    extra_hosts: tuple[str, ...] = ()
    session_max_age: int = 12 * 3600
    clock: Callable[[], float] = time.time
    _transcripts: OrderedDict[str, Transcript | None] = field(default_factory=OrderedDict)
    _counts_cache: tuple[int, dict[str, int]] = (-1, {})
    _matched_cache: dict[tuple[int, Filters], list[tuple[int, AuditEntry]]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        if self.token is not None:
            self.token = check_token(self.token)
        if self.default_reviewer:
            self.default_reviewer = clean_reviewer(self.default_reviewer)
        self.codec = SessionCodec(self.store.session_key, self.session_max_age)
        self.hosts = allowed_hosts(self.host, self.port, self.extra_hosts)
        self._token_mark = self.codec.token_mark(self.token) if self.token else ""
        self.decide_ids = {e.key: e.decide_ids for e in self.run.entries}
        self.to_decide = sum(e.to_decide for e in self.run.entries)
        self.options = {"officer": self.run.values("officer"), "unit": self.run.values("unit")}

    # -- plumbing ---------------------------------------------------------------------------

    def asgi(self) -> Starlette:
        def r(path: str, handler: Handler, methods: tuple[str, ...] = ("GET",), **kw: Any) -> Route:
            return Route(path, self._guard(handler, **kw), methods=list(methods))

        post = ("GET", "POST")  # GET on a form's URL answers 405 through the guard, with headers
        routes = [
            r("/", ReviewApp.queue),
            r("/audit/{key:str}", ReviewApp.audit_page),
            r("/audit/{key:str}/flag/{flag_id:str}", ReviewApp.decide, post),
            r("/undo/{seq:str}", ReviewApp.undo, post),
            r("/reviewer", ReviewApp.set_reviewer, post),
            r("/signout", ReviewApp.sign_out, post),
            r("/login", ReviewApp.login, post, public=True),
            r("/stats", ReviewApp.stats),
            r("/integrity", ReviewApp.integrity),
            r("/export.{fmt:str}", ReviewApp.export),
            r("/log.jsonl", ReviewApp.log),
            r("/static/{name:str}", ReviewApp.static, public=True),
            r("/favicon.ico", ReviewApp.no_icon, public=True),
            r("/{path:path}", ReviewApp.not_found, post),
        ]
        return Starlette(routes=routes)

    def _guard(
        self, handler: Handler, public: bool = False
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            try:
                ctx = self._context(request, public)
                if not ctx.authed and not public:
                    if request.method == "GET" and not ctx.wants_json:
                        response = self._page(
                            ctx,
                            "Sign in",
                            pages.login_body(self.codec.csrf(ctx.session)),
                            "login",
                            401,
                        )
                    else:
                        raise HTTPProblem(401, "a valid token is required")
                else:
                    response = await handler(self, ctx)
                if ctx.fresh:
                    self._set_cookie(request, response, ctx.session)
            except HTTPProblem as problem:
                response = self._problem(request, problem)
            static = handler is ReviewApp.static and response.status_code == 200
            _security_headers(response, cacheable=static)
            return response

        return endpoint

    def _context(self, request: Request, public: bool = False) -> Ctx:
        host = request.headers.get("host", "").lower()
        if host not in self.hosts:
            raise HTTPProblem(400, "unexpected Host header (start the server with --allowed-host)")
        if request.method == "POST":
            origin = request.headers.get("origin")
            if origin is not None and _netloc(origin) != host:
                raise HTTPProblem(403, "cross-origin request refused")
        now = int(self.clock())
        session = self.codec.decode(request.cookies.get(SESSION_COOKIE, ""), now)
        fresh = session is None
        if session is None:
            session = self.codec.new(now, self.default_reviewer)
        authed = not self.token or session.auth == self._token_mark
        bearer = request.headers.get("authorization", "")
        if self.token and not authed and bearer[:7].lower() == "bearer ":
            authed = token_matches(bearer[7:].strip(), self.token)
        reviewer = session.reviewer
        if self.identity is not None and authed and not public:
            try:
                reviewer = clean_reviewer(self.identity(request.headers) or "")
            except ConfigError as exc:
                raise HTTPProblem(
                    403, f"the identity provider's name is not usable: {exc}"
                ) from None
            if not reviewer:
                raise HTTPProblem(401, "the identity provider did not name a reviewer")
        return Ctx(request, session, fresh, authed, reviewer)

    def _set_cookie(self, request: Request, response: Response, session: Session) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            self.codec.encode(session),
            max_age=self.session_max_age,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )

    def _rotate(self, ctx: Ctx, reviewer: str, auth: str | None = None) -> None:
        """A new session id (and CSRF token) whenever who the session is changes."""
        now = int(self.clock())
        ctx.session = self.codec.new(now, reviewer, ctx.session.auth if auth is None else auth)
        ctx.fresh = True
        ctx.reviewer = reviewer if self.identity is None else ctx.reviewer

    def _problem(self, request: Request, problem: HTTPProblem) -> Response:
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"ok": False, "error": problem.message}, problem.status)
        return PlainTextResponse(problem.message, problem.status)

    def _chrome(self, ctx: Ctx, identity: str | None = None) -> Chrome:
        notes = []
        if self.run.hidden_versions:
            notes.append(
                f"This run directory holds {self.run.hidden_versions} earlier "
                f"version{'s' if self.run.hidden_versions != 1 else ''} of these audits (other "
                "rule options or edited summaries); each audit is listed once, at its latest."
            )
        if len(self.run.signatures) > 1:
            notes.append(
                f"The audits listed were made with {len(self.run.signatures)} different rule "
                "sets; compare their counts with care."
            )
        mode = identity or ("external" if self.identity is not None else "local")
        return Chrome(
            csrf=self.codec.csrf(ctx.session),
            reviewer=ctx.reviewer,
            identity=mode if ctx.authed else "none",
            problems=self.store.problems,
            notes=notes,
            run_name=self.run.directory.name,
            back=_back_path(ctx.request),
        )

    def _page(self, ctx: Ctx, title: str, body: str, page: str, status: int = 200) -> HTMLResponse:
        html = pages.layout(title, body, self._chrome(ctx), page=page)
        return HTMLResponse(html, status_code=status)

    async def _form(self, ctx: Ctx) -> dict[str, str]:
        """The posted form (URL-encoded, UTF-8, at most MAX_BODY bytes), CSRF checked."""
        request = ctx.request
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            raise HTTPProblem(415, "expected a form (application/x-www-form-urlencoded)")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise HTTPProblem(413, "the form is too large")
        try:
            pairs = parse_qsl(
                body.decode("utf-8"), keep_blank_values=True, max_num_fields=32, errors="strict"
            )
        except ValueError:  # UnicodeDecodeError included; too many fields
            raise HTTPProblem(400, "the form is not valid UTF-8 form data") from None
        data: dict[str, str] = {}
        for k, v in pairs:
            data.setdefault(k, v)
        if ctx.fresh or not self.codec.csrf_ok(ctx.session, data.get("csrf", "")):
            raise HTTPProblem(
                403, "the form's CSRF token is missing or out of date; reload the page"
            )
        return data

    def _transcript(self, entry: AuditEntry) -> Transcript | None:
        sha = entry.report.transcript_sha256
        if sha not in self._transcripts:
            self._transcripts[sha] = entry.load_transcript()
            while len(self._transcripts) > 64:
                self._transcripts.popitem(last=False)
        self._transcripts.move_to_end(sha)
        return self._transcripts[sha]

    def _entry(self, key: str) -> AuditEntry:
        entry = self.run.by_key.get(key)
        if entry is None:
            raise HTTPProblem(404, "no such audit")
        return entry

    # -- queue ------------------------------------------------------------------------------

    def _counts(self) -> dict[str, int]:
        """Decided flags per audit (of the flags to decide), recomputed only when the log has
        grown."""
        version = self.store.version()
        if self._counts_cache[0] != version:
            self._counts_cache = (version, self.store.decided_counts(self.decide_ids))
        return self._counts_cache[1]

    def _matched(self, filters: Filters) -> list[tuple[int, AuditEntry]]:
        """(1-based queue position, audit) of every audit the filters show, cached per log
        version so paging through 5,000 audits does not filter them again."""
        counts = self._counts()
        key = (self._counts_cache[0], replace(filters, page=1))
        found = self._matched_cache.get(key)
        if found is None:
            found = [
                (n, e)
                for n, e in enumerate(self.run.entries, 1)
                if filters.matches(e, counts.get(e.key, 0))
            ]
            if len(self._matched_cache) >= 32:
                self._matched_cache.clear()
            self._matched_cache[key] = found
        return found

    async def queue(self, ctx: Ctx) -> Response:
        filters = Filters.parse(ctx.request.query_params)
        counts = self._counts()
        matched = self._matched(filters)
        start = (filters.page - 1) * pages.PAGE_SIZE
        rows = [
            pages.QueueRow(e, counts.get(e.key, 0), n)
            for n, e in matched[start : start + pages.PAGE_SIZE]
        ]
        totals = {"to_decide": self.to_decide, "decided": sum(counts.values())}
        body = pages.queue_body(self.run, rows, len(matched), filters, totals, self.options)
        return self._page(ctx, "Review queue", body, "queue")

    def _neighbours(self, entry: AuditEntry, filters: Filters) -> tuple[str | None, str | None]:
        """The previous and next audit in queue order that match the filters."""
        counts = self._counts()
        here = self.run.position[entry.key]
        entries = self.run.entries

        def ok(e: AuditEntry) -> bool:
            return filters.matches(e, counts.get(e.key, 0))

        prev = next((e.key for e in reversed(entries[:here]) if ok(e)), None)
        nxt = next((e.key for e in entries[here + 1 :] if ok(e)), None)
        return prev, nxt

    # -- audit page -------------------------------------------------------------------------

    async def audit_page(self, ctx: Ctx) -> Response:
        entry = self._entry(ctx.request.path_params["key"])
        q = ctx.request.query_params
        notice = None
        done = q.get("done", "")
        if done.isdigit() and len(done) < 12:
            event = self.store.event(int(done))
            notice = event if event is not None and event.audit_key == entry.key else None
        return self._audit_response(ctx, entry, Filters.parse(q), notice=notice)

    def _audit_response(
        self,
        ctx: Ctx,
        entry: AuditEntry,
        filters: Filters,
        *,
        notice: Event | None = None,
        errors: dict[str, str] | None = None,
        typed: dict[str, dict[str, str]] | None = None,
        focus: str = "",
        status: int = 200,
    ) -> Response:
        history: dict[str, list[Event]] = {}
        for ev in self.store.events(entry.key):
            history.setdefault(ev.flag_id, []).append(ev)
        prev_key, next_key = self._neighbours(entry, filters)
        view = pages.AuditView(
            entry=entry,
            state=self.store.state_for(entry.key),
            history=history,
            transcript=self._transcript(entry),
            filters=filters,
            position=self.run.position[entry.key] + 1,
            total=len(self.run.entries),
            prev_key=prev_key,
            next_key=next_key,
            notice=notice,
            errors=errors or {},
            typed=typed or {},
            focus=focus,
            older_versions=len(entry.replaces),
        )
        chrome = self._chrome(ctx)
        body = pages.audit_body(view, chrome.csrf)
        html = pages.layout(entry.title, body, chrome, page="audit")
        return HTMLResponse(html, status_code=status)

    def _card(self, ctx: Ctx, entry: AuditEntry, flag: Flag, q: str) -> str:
        state = self.store.state_for(entry.key)
        history = [ev for ev in self.store.events(entry.key) if ev.flag_id == flag.id]
        csrf = self.codec.csrf(ctx.session)
        return pages.flag_card(entry.key, flag, state.get(flag.id), history, csrf, q)

    def _next_open(self, entry: AuditEntry, after: str) -> str:
        """The next undecided flag to decide after ``after`` (wrapping), or "" when all are
        decided."""
        state = self.store.state_for(entry.key)
        flags = entry.report.flags
        start = next((i for i, f in enumerate(flags) if f.id == after), -1)
        for f in (*flags[start + 1 :], *flags[: start + 1]):
            if f.id in entry.decide_ids and f.id not in state:
                return f.id
        return ""

    # -- decisions --------------------------------------------------------------------------

    async def decide(self, ctx: Ctx) -> Response:
        _post_only(ctx)
        entry = self._entry(ctx.request.path_params["key"])
        flag = entry.flag(ctx.request.path_params["flag_id"])
        if flag is None:
            raise HTTPProblem(404, "no such flag")
        data = await self._form(ctx)
        filters = _filters_from(data.get("q", ""))
        decision, reason = data.get("decision", ""), data.get("reason", "")
        if flag.id not in entry.decide_ids:
            message = f"{flag.code} is a listing: there is nothing to confirm or dismiss"
            return self._refused(ctx, entry, flag, filters, message, {})
        try:
            event = await run_in_threadpool(
                lambda: self.store.record(
                    reviewer=ctx.reviewer,
                    audit_key=entry.key,
                    flag_id=flag.id,
                    flag_hash=flag_hash(flag),
                    code=flag.code,
                    decision=decision,
                    reason=reason,
                    session=self.codec.session_tag(ctx.session),
                )
            )
        except ConfigError as exc:
            return self._refused(ctx, entry, flag, filters, str(exc), {decision: reason})
        return self._after(ctx, entry, flag, filters, event, _recorded(flag, event))

    async def undo(self, ctx: Ctx) -> Response:
        _post_only(ctx)
        seq_text = ctx.request.path_params["seq"]
        if not seq_text.isdigit() or len(seq_text) > 12:
            raise HTTPProblem(404, "no such decision")
        data = await self._form(ctx)
        target = self.store.event(int(seq_text))
        entry = self.run.by_key.get(target.audit_key) if target else None
        flag = entry.flag(target.flag_id) if entry and target else None
        if target is None or entry is None or flag is None:
            raise HTTPProblem(404, "no such decision in this run")
        filters = _filters_from(data.get("q", ""))
        try:
            event = await run_in_threadpool(
                lambda: self.store.undo(
                    target.seq, reviewer=ctx.reviewer, session=self.codec.session_tag(ctx.session)
                )
            )
        except ConfigError as exc:
            return self._refused(ctx, entry, flag, filters, str(exc), {})
        now = self.store.state_for(entry.key).get(flag.id)
        back_to = f"{now.label} by {now.reviewer}" if now else "not reviewed"
        message = f"Undone: {flag.code} {target.label.lower()} (#{target.seq}); now {back_to}."
        return self._after(ctx, entry, flag, filters, event, message, focus_next=False)

    def _refused(
        self,
        ctx: Ctx,
        entry: AuditEntry,
        flag: Flag,
        filters: Filters,
        message: str,
        typed: dict[str, str],
    ) -> Response:
        if ctx.wants_json:
            return JSONResponse(
                {
                    "ok": False,
                    "error": message,
                    "flag": safe_id(flag.id),
                    "need_name": not ctx.reviewer,
                },
                status_code=400,
            )
        return self._audit_response(
            ctx,
            entry,
            filters,
            errors={flag.id: message},
            typed={flag.id: typed},
            focus=flag.id,
            status=400,
        )

    def _after(
        self,
        ctx: Ctx,
        entry: AuditEntry,
        flag: Flag,
        filters: Filters,
        event: Event,
        message: str,
        *,
        focus_next: bool = True,
    ) -> Response:
        """The answer to a recorded decision or undo: JSON for the script, else a redirect back
        to the audit page, positioned on the next undecided flag."""
        target = self._next_open(entry, flag.id) if focus_next else flag.id
        if ctx.wants_json:
            state = self.store.state_for(entry.key)
            return JSONResponse(
                {
                    "ok": True,
                    "seq": event.seq,
                    "flag": safe_id(flag.id),
                    "card_html": self._card(ctx, entry, flag, filters.query()),
                    "message": message,
                    "decided": entry.decided(state),
                    "total": entry.to_decide,
                    "next": safe_id(target) if target else "",
                }
            )
        extra = {"done": event.seq}
        url = f"/audit/{entry.key}{_with(filters.query(), extra)}"
        return RedirectResponse(url + (f"#flag-{safe_id(target)}" if target else ""), 303)

    # -- who --------------------------------------------------------------------------------

    async def set_reviewer(self, ctx: Ctx) -> Response:
        _post_only(ctx)
        data = await self._form(ctx)
        back = _local_path(data.get("back", "/"))
        if self.identity is not None:
            raise HTTPProblem(403, "names come from the sign-on system on this server")
        if ctx.session.reviewer:
            raise HTTPProblem(
                409, f"this session reviews as {ctx.session.reviewer}; choose 'switch' first"
            )
        try:
            name = clean_reviewer(data.get("reviewer", ""))
            if not name:
                raise ConfigError("a reviewer name is required")
        except ConfigError as exc:
            body = pages.message_body("Name not accepted", f"{exc}. Enter it again at the top.")
            return self._page(ctx, "Name not accepted", body, "message", 400)
        self._rotate(ctx, name)
        return RedirectResponse(back, 303)

    async def sign_out(self, ctx: Ctx) -> Response:
        _post_only(ctx)
        data = await self._form(ctx)
        self._rotate(ctx, "")
        return RedirectResponse(_local_path(data.get("back", "/")), 303)

    async def login(self, ctx: Ctx) -> Response:
        if ctx.request.method == "GET":
            if ctx.authed:
                return RedirectResponse("/", 303)
            return self._page(
                ctx, "Sign in", pages.login_body(self.codec.csrf(ctx.session)), "login"
            )
        data = await self._form(ctx)
        offered = data.get("token", "")
        if not self.token or not token_matches(offered, self.token):
            return self._page(
                ctx,
                "Sign in",
                pages.login_body(self.codec.csrf(ctx.session), "That token is not right."),
                "login",
                403,
            )
        ctx.authed = True
        self._rotate(ctx, ctx.session.reviewer, auth=self._token_mark)
        return RedirectResponse("/", 303)

    # -- other pages ------------------------------------------------------------------------

    async def stats(self, ctx: Ctx) -> Response:
        by_reviewer: dict[str, dict[str, int]] = {}
        for event in self.store.current().values():
            counts = by_reviewer.setdefault(event.reviewer, {})
            counts[event.decision] = counts.get(event.decision, 0) + 1
        body = pages.stats_body(self.store.tallies(), by_reviewer)
        return self._page(ctx, "Rule precision", body, "stats")

    async def integrity(self, ctx: Ctx) -> Response:
        problems = await run_in_threadpool(self.store.verify)
        events = self.store.events_count()
        head = self.store.head_text()
        paths = [str(self.store.path), str(self.store.key_path), str(self.store.head_path)]
        body = pages.integrity_body(problems, events, head, paths)
        return self._page(ctx, "Decision log", body, "integrity")

    async def export(self, ctx: Ctx) -> Response:
        fmt = ctx.request.path_params["fmt"]
        if fmt == "csv":
            text, media = export_csv(self.run, self.store), "text/csv; charset=utf-8"
        elif fmt == "jsonl":
            text, media = export_jsonl(self.run, self.store), "application/x-ndjson"
        else:
            raise HTTPProblem(404, "exports: /export.csv, /export.jsonl, /log.jsonl")
        disposition = f"attachment; filename=decisions.{fmt}"
        return Response(text, media_type=media, headers={"content-disposition": disposition})

    async def log(self, ctx: Ctx) -> Response:
        return Response(
            export_log(self.store),
            media_type="application/x-ndjson",
            headers={"content-disposition": "attachment; filename=decision-log.jsonl"},
        )

    async def static(self, ctx: Ctx) -> Response:
        found = STATIC.get(ctx.request.path_params["name"])
        if found is None:
            raise HTTPProblem(404, "not found")
        media, text = found
        return Response(text(), media_type=media)

    async def no_icon(self, ctx: Ctx) -> Response:
        return Response(status_code=204)

    async def not_found(self, ctx: Ctx) -> Response:
        raise HTTPProblem(404, "not found")


def flag_hash(flag: Flag) -> str:
    """Content hash of a flag as shown to the reviewer (code, span, message, evidence)."""
    import hashlib

    return hashlib.sha256(flag.model_dump_json().encode()).hexdigest()[:16]


def _recorded(flag: Flag, event: Event) -> str:
    reason = f" — “{event.reason}”" if event.reason else ""
    return f"Recorded: {flag.code} {LABELS[event.decision].lower()} by {event.reviewer}{reason}."


def _netloc(origin: str) -> str:
    """The host:port of an Origin header ("" when it is not a URL, e.g. ``null``)."""
    try:
        return urlsplit(origin).netloc.lower()
    except ValueError:
        return ""


def _post_only(ctx: Ctx) -> None:
    if ctx.request.method != "POST":
        raise HTTPProblem(405, "use the page's form (POST)")


def _filters_from(q: str) -> Filters:
    return Filters.parse(dict(parse_qsl(q.lstrip("?")[:2000])))


def _with(query: str, extra: dict[str, object]) -> str:
    tail = urlencode(extra)
    return f"{query}&{tail}" if query else f"?{tail}"


def _back_path(request: Request) -> str:
    """The page to return to after setting a name: this one (a GET) or the queue."""
    if request.method != "GET":
        return "/"
    query = request.url.query
    return _local_path(request.url.path + (f"?{query}" if query else ""))


def _local_path(path: str) -> str:
    """``path`` if it is a path on this server, else ``/`` (no open redirects)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 2000:
        return "/"
    return path


def _security_headers(response: Response, *, cacheable: bool) -> None:
    response.headers["content-security-policy"] = CSP
    response.headers["x-content-type-options"] = "nosniff"
    response.headers["referrer-policy"] = "same-origin"
    response.headers["x-frame-options"] = "DENY"
    response.headers["cross-origin-opener-policy"] = "same-origin"
    response.headers["cache-control"] = "max-age=3600" if cacheable else "no-store"
