"""The review web app: a risk-ordered queue, an audit page per summary, decisions with reasons.

Server-rendered HTML with a few lines of inline JavaScript (keyboard shortcuts only; everything works
without it).  Every string from a transcript, summary or reviewer is escaped.  Security:

* bound to 127.0.0.1 by default; any other address requires a token (checked with
  :func:`hmac.compare_digest`, accepted once as ``?token=`` and then kept in an HttpOnly cookie);
* every POST carries a per-session CSRF token;
* audits are addressed by their key in an in-memory table, never by a path.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from html import escape
from typing import Any

from summary_audit.errors import ConfigError, MissingExtraError
from summary_audit.report.highlight import pieces, worst
from summary_audit.report.text import describe_evidence, format_time
from summary_audit.review.decisions import DECISIONS, ReviewStore
from summary_audit.review.run_dir import FAMILY_NAMES, AuditEntry, Run
from summary_audit.types import Flag

try:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route
except ModuleNotFoundError as exc:
    raise MissingExtraError("ui", exc.name or "starlette", "the review app") from None

SESSION_COOKIE, TOKEN_COOKIE = "sa_session", "sa_token"
LABELS = {"confirm": "Confirm", "dismiss": "Dismiss", "follow_up": "Needs follow-up"}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve beyond loopback without a token."""
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"refusing to bind to {host} without --token (or SUMMARY_AUDIT_REVIEW_TOKEN): "
            "the review app shows transcripts; only 127.0.0.1 may be served without one"
        )


@dataclass
class Session:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    reviewer: str = ""


@dataclass
class ReviewApp:
    run: Run
    store: ReviewStore
    token: str | None = None
    default_reviewer: str = ""
    sessions: dict[str, Session] = field(default_factory=dict)

    # -- plumbing ---------------------------------------------------------------------------

    def session(self, request: Request) -> tuple[str, Session]:
        sid = getattr(request.state, "sid", None) or request.cookies.get(SESSION_COOKIE, "")
        if sid not in self.sessions:
            sid = secrets.token_urlsafe(24)
            self.sessions[sid] = Session(reviewer=self.default_reviewer)
        request.state.sid = sid  # one session per request, even before the cookie comes back
        return sid, self.sessions[sid]

    def authorized(self, request: Request) -> bool:
        if not self.token:
            return True
        offered = (
            request.cookies.get(TOKEN_COOKIE)
            or request.query_params.get("token")
            or request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        )
        return bool(offered) and hmac.compare_digest(offered, self.token)

    def page(self, request: Request, title: str, body: str, status: int = 200) -> HTMLResponse:
        sid, sess = self.session(request)
        who = (
            f"reviewing as <b>{escape(sess.reviewer)}</b>"
            if sess.reviewer
            else '<a href="/">choose a reviewer name</a>'
        )
        html = _LAYOUT.format(title=escape(title), who=who, body=body)
        response = HTMLResponse(html, status_code=status)
        self._cookies(request, response, sid)
        return response

    def _cookies(self, request: Request, response: Response, sid: str) -> None:
        response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="strict")
        if self.token and request.query_params.get("token"):
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")

    async def form(self, request: Request) -> tuple[Session, dict[str, str]] | Response:
        """The posted form, or a 403 when its CSRF token does not match the session's."""
        _, sess = self.session(request)
        data = {k: str(v) for k, v in (await request.form()).items()}
        if not hmac.compare_digest(data.get("csrf", ""), sess.csrf):
            return PlainTextResponse("CSRF token missing or wrong", status_code=403)
        return sess, data

    # -- pages ------------------------------------------------------------------------------

    def queue(self, request: Request) -> Response:
        _, sess = self.session(request)
        q = request.query_params
        entries = [e for e in self.run.entries if _matches(e, q)]
        decided = self.store.decided_counts()
        rows = "".join(_queue_row(e, decided.get(e.key, 0)) for e in entries)
        body = (
            _reviewer_form(sess)
            + _filters(self.run, q)
            + f"<p>{len(entries)} of {len(self.run.entries)} audits"
            + (f", {self.run.failed} failed inputs" if self.run.failed else "")
            + ' · <a href="/stats">rule precision</a> · <a href="/export.jsonl">export JSONL</a>'
            ' · <a href="/export.csv">export CSV</a></p>'
            '<table class="queue"><thead><tr><th>audit</th><th>officer</th><th>unit</th>'
            "<th>errors</th><th>warnings</th><th>info</th><th>reviewed</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        return self.page(request, "Review queue", body)

    def audit_page(self, request: Request) -> Response:
        entry = self.run.by_key.get(request.path_params["key"])
        if entry is None:
            return self.page(request, "Not found", "<p>No such audit.</p>", status=404)
        _, sess = self.session(request)
        state = self.store.current(entry.key)
        report = entry.report
        flags = "".join(
            _flag_card(entry, f, state.get((entry.key, f.id)), sess, n)
            for n, f in enumerate(report.flags)
        )
        transcript = entry.load_transcript()
        if transcript is not None:
            segs = "".join(
                f'<p class="seg" id="seg-{s.index}"><span class="t">#{s.index} '
                f"{escape(format_time(s.start_s))}</span> <b>{escape(s.speaker or '?')}</b>: "
                f"{escape(s.text)}</p>"
                for s in transcript.segments
            )
        else:
            segs = "<p><i>The transcript file is not available; evidence quotes are shown.</i></p>"
        body = (
            f'<p><a href="/">&larr; queue</a> · {_meta(entry)}</p>'
            '<div class="cols"><section><h2>Summary</h2>'
            f'<div class="summary">{_highlighted(report.summary_text, report.flags)}</div>'
            f"<h2>Flags ({len(report.flags)})</h2>{flags or '<p>No flags.</p>'}</section>"
            f'<section class="transcript"><h2>Transcript</h2>{segs}</section></div>'
            f'<p class="sig">{escape(report.signature)}</p>{_KEYS_JS}'
        )
        return self.page(request, entry.title, body)

    async def decide(self, request: Request) -> Response:
        entry = self.run.by_key.get(request.path_params["key"])
        flag = _find_flag(entry, request.path_params["flag_id"]) if entry else None
        if entry is None or flag is None:
            return PlainTextResponse("no such audit or flag", status_code=404)
        posted = await self.form(request)
        if isinstance(posted, Response):
            return posted
        sess, data = posted
        reviewer = sess.reviewer or data.get("reviewer", "")
        try:
            self.store.record(
                reviewer=reviewer,
                audit_key=entry.key,
                flag_id=flag.id,
                flag_hash=flag_hash(flag),
                code=flag.code,
                decision=data.get("decision", ""),
                reason=data.get("reason", ""),
                note=data.get("note", ""),
            )
        except ConfigError as exc:
            return self.page(
                request,
                "Not recorded",
                f'<p class=err>{escape(str(exc))}</p><p><a href="/audit/{entry.key}">back</a></p>',
                status=400,
            )
        return RedirectResponse(f"/audit/{entry.key}#flag-{flag.id}", status_code=303)

    async def set_reviewer(self, request: Request) -> Response:
        posted = await self.form(request)
        if isinstance(posted, Response):
            return posted
        sess, data = posted
        sess.reviewer = " ".join(data.get("reviewer", "").split())[:80]
        return RedirectResponse("/", status_code=303)

    def stats(self, request: Request) -> Response:
        rows = "".join(
            f"<tr><td>{escape(t.code)}</td><td>{t.confirmed}</td><td>{t.dismissed}</td>"
            f"<td>{t.follow_up}</td><td>"
            + ("-" if t.observed_precision is None else f"{t.observed_precision:.2f}")
            + "</td></tr>"
            for t in self.store.tallies()
        )
        body = (
            '<p><a href="/">&larr; queue</a></p><table><thead><tr><th>rule</th><th>confirmed</th>'
            "<th>dismissed</th><th>follow-up</th><th>observed precision</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        return self.page(request, "Decisions per rule", body)

    def export(self, request: Request) -> Response:
        if request.path_params["fmt"] == "csv":
            return Response(
                self.store.export_csv(),
                media_type="text/csv; charset=utf-8",
                headers={"content-disposition": "attachment; filename=decisions.csv"},
            )
        return Response(
            self.store.export_jsonl(),
            media_type="application/x-ndjson",
            headers={"content-disposition": "attachment; filename=decisions.jsonl"},
        )

    def asgi(self) -> Starlette:
        routes = [
            Route("/", self.queue),
            Route("/audit/{key:str}", self.audit_page),
            Route("/audit/{key:str}/flag/{flag_id:str}", self.decide, methods=["POST"]),
            Route("/reviewer", self.set_reviewer, methods=["POST"]),
            Route("/stats", self.stats),
            Route("/export.{fmt:str}", self.export),
        ]
        return Starlette(
            routes=routes, middleware=[Middleware(BaseHTTPMiddleware, dispatch=self.guard)]
        )

    async def guard(self, request: Request, call_next: Any) -> Response:
        """Token check on every request; security headers on every response."""
        if not self.authorized(request):
            return PlainTextResponse("a valid token is required", status_code=401)
        response: Response = await call_next(request)
        response.headers["content-security-policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        )
        response.headers["x-content-type-options"] = "nosniff"
        response.headers["referrer-policy"] = "no-referrer"
        return response


def flag_hash(flag: Flag) -> str:
    """Content hash of a flag as shown to the reviewer (code, span, message, evidence)."""
    return hashlib.sha256(flag.model_dump_json().encode()).hexdigest()[:16]


def _highlighted(text: str, flags: tuple[Flag, ...]) -> str:
    out = []
    for piece, covering in pieces(text, flags):
        if not covering:
            out.append(escape(piece))
            continue
        title = "; ".join(f"{f.code}: {f.message}" for f in covering)
        out.append(
            f'<a class="hl" href="#flag-{escape(covering[0].id)}"><mark '
            f'class="{worst(covering).severity.value}" title="{escape(title)}">{escape(piece)}</mark></a>'
        )
    return "".join(out)


def _find_flag(entry: AuditEntry, flag_id: str) -> Flag | None:
    return next((f for f in entry.report.flags if f.id == flag_id), None)


def _matches(e: AuditEntry, q: Any) -> bool:
    family, severity = q.get("family", ""), q.get("severity", "")
    if family and family not in e.families:
        return False
    if severity and not e.counts.get(severity):
        return False
    return all(
        not q.get(name) or str(e.metadata.get(name, "")) == q.get(name)
        for name in ("officer", "unit")
    )


def _meta(e: AuditEntry) -> str:
    parts = [f"<b>{escape(e.title)}</b>"]
    for name in ("officer", "unit", "incident_type", "model"):
        if e.metadata.get(name):
            parts.append(f"{escape(name)}: {escape(str(e.metadata[name]))}")
    return " · ".join(parts)


def _queue_row(e: AuditEntry, decided: int) -> str:
    total = len(e.report.flags)
    return (
        f'<tr><td><a href="/audit/{escape(e.key)}">{escape(e.title)}</a></td>'
        f"<td>{escape(str(e.metadata.get('officer', '')))}</td>"
        f"<td>{escape(str(e.metadata.get('unit', '')))}</td>"
        f'<td class="error">{e.counts["error"]}</td><td class="warning">{e.counts["warning"]}</td>'
        f'<td class="info">{e.counts["info"]}</td><td>{decided}/{total}</td></tr>'
    )


def _select(name: str, options: list[str], current: str) -> str:
    opts = "".join(
        f'<option value="{escape(o)}"{" selected" if o == current else ""}>{escape(o) or "any"}</option>'
        for o in ["", *options]
    )
    return f'<label>{escape(name)} <select name="{escape(name)}">{opts}</select></label> '


def _filters(run: Run, q: Any) -> str:
    return (
        '<form class="filters" method="get" action="/">'
        + _select("family", list(FAMILY_NAMES), q.get("family", ""))
        + _select("severity", ["error", "warning", "info"], q.get("severity", ""))
        + _select("officer", run.values("officer"), q.get("officer", ""))
        + _select("unit", run.values("unit"), q.get("unit", ""))
        + '<button type="submit">Filter</button></form>'
    )


def _reviewer_form(sess: Any) -> str:
    return (
        '<form class="reviewer" method="post" action="/reviewer">'
        f'<input type="hidden" name="csrf" value="{escape(sess.csrf)}">'
        f'<label>Reviewer <input name="reviewer" required value="{escape(sess.reviewer)}"></label> '
        '<button type="submit">Set</button></form>'
    )


def _flag_card(entry: AuditEntry, f: Flag, current: Any, sess: Session, n: int) -> str:
    evidence = "".join(
        f'<li><a href="#seg-{ev.segments[0]}">{escape(describe_evidence(ev))}</a></li>'
        if ev.segments
        else f"<li>{escape(describe_evidence(ev))}</li>"
        for ev in f.evidence
    )
    status = (
        f'<p class="status">{escape(LABELS[current.decision])} by {escape(current.reviewer)}'
        + (f": {escape(current.reason)}" if current.reason else "")
        + "</p>"
        if current
        else '<p class="status open">not reviewed</p>'
    )
    buttons = "".join(
        f'<button type="submit" name="decision" value="{d}" data-key="{d[0]}">{LABELS[d]}</button> '
        for d in DECISIONS
    )
    suggestion = f"<p>Suggestion: {escape(f.suggestion)}</p>" if f.suggestion else ""
    return (
        f'<article class="flag {f.severity.value}" id="flag-{escape(f.id)}" data-n="{n}" tabindex="-1">'
        f"<h3>{escape(f.code)} <small>{escape(f.rule)} · {f.severity.value}</small></h3>"
        f"<p>{escape(f.message)}</p><p><q>{escape(f.summary_span.text)}</q></p>"
        f"<ul>{evidence}</ul><p class=why>{escape(f.explanation.text)}</p>{suggestion}{status}"
        f'<form method="post" action="/audit/{escape(entry.key)}/flag/{escape(f.id)}">'
        f'<input type="hidden" name="csrf" value="{escape(sess.csrf)}">'
        '<input name="reason" placeholder="reason (required to dismiss)"> '
        '<input name="note" placeholder="note"> '
        f"{buttons}</form></article>"
    )


_LAYOUT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} · summary-audit review</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font:15px/1.45 system-ui,sans-serif;margin:0 1.5rem 2rem;color:#1d1d1f}}
header{{display:flex;justify-content:space-between;border-bottom:1px solid #ddd;padding:.6rem 0}}
table{{border-collapse:collapse}} td,th{{padding:.25rem .6rem;border-bottom:1px solid #eee;text-align:left}}
td.error{{color:#b00020;font-weight:600}} td.warning{{color:#8a5a00}}
.cols{{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}}
.summary{{white-space:pre-wrap;background:#fafafa;padding:.8rem;border:1px solid #eee}}
.transcript{{max-height:85vh;overflow:auto}} .seg{{margin:.2rem 0}} .seg:target{{background:#fff3b0}}
.t{{color:#777;font-size:.85em}}
mark.error{{background:#ffd6d9}} mark.warning{{background:#ffefc2}} mark.info{{background:#dbeeff}}
.flag{{border-left:4px solid #999;padding:.3rem .8rem;margin:.8rem 0;background:#fcfcfc}}
.flag.error{{border-color:#b00020}} .flag.warning{{border-color:#d49b00}} .flag.info{{border-color:#2b7bd6}}
.flag:focus{{outline:2px solid #2b7bd6}} .status{{font-weight:600}} .status.open{{color:#777}}
.err{{color:#b00020}} .sig{{color:#777;font-size:.8em}} form.filters,form.reviewer{{margin:.6rem 0}}
</style></head><body><header><b>summary-audit review</b><span>{who}</span></header>
<h1>{title}</h1>{body}</body></html>"""

# j/k move between flags; c, d, f press confirm / dismiss / follow-up of the focused flag.
_KEYS_JS = """<script>
(function(){var flags=[].slice.call(document.querySelectorAll('article.flag'));var i=-1;
function go(n){if(!flags.length)return;i=Math.max(0,Math.min(flags.length-1,n));flags[i].focus();
flags[i].scrollIntoView({block:'center'});}
document.addEventListener('keydown',function(e){var t=e.target.tagName;if(t==='INPUT'||t==='TEXTAREA')return;
if(e.key==='j')go(i+1);else if(e.key==='k')go(i-1);else if(i>=0&&'cdf'.indexOf(e.key)>=0){
var b=flags[i].querySelector('button[data-key="'+e.key+'"]');
if(e.key==='d'){var r=flags[i].querySelector('input[name=reason]');if(!r.value){r.focus();e.preventDefault();return;}}
if(b)b.click();}});})();
</script>"""
