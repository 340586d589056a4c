"""HTML, Markdown and overview reports: highlighting, evidence, filters, escaping hostile input."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from summary_audit.report import plural, short_path
from summary_audit.report.html import asset, render_html
from summary_audit.report.markdown import render_markdown
from summary_audit.report.overview import render_overview_html, render_overview_markdown
from summary_audit.report.text import render_text
from summary_audit.types import AuditReport, Evidence, Explanation, Flag, Span, Stats
from tests.helpers import make_summary, make_transcript

XSS = "<script>alert(1)</script>"
ATTR = '"><img src=x onerror=alert(2)>'
SUMMARY = f"I stopped the driver at 2217 hours. He said {XSS} and {ATTR}. He was combative."


def _flag(
    code: str, severity: str, text: str, message: str, evidence=(), occurrence: int = 1
) -> Flag:
    start = -1
    for _ in range(occurrence):
        start = SUMMARY.index(text, start + 1)
    return Flag(
        id=hashlib.sha256(f"{code}{start}".encode()).hexdigest()[:12],
        code=code,
        rule=f"rule-{code}",
        severity=severity,
        message=message,
        summary_span=Span.of("summary", SUMMARY, start, start + len(text)),
        evidence=tuple(evidence),
        explanation=Explanation(rule=f"rule-{code}", method="lexical", text=f"because {ATTR}"),
        suggestion=f"say {XSS}",
    )


TRANSCRIPT = make_transcript(
    [
        ("DISPATCH", "time is twenty-one forty-seven"),
        (ATTR, f"I said {XSS}"),
        ("OFC. REYES", "step out of the car please"),
    ]
)
EVIDENCE = Evidence(
    span=TRANSCRIPT.segments[0].span,
    segments=(0,),
    speaker="DISPATCH",
    start_s=0.0,
    end_s=5.0,
    alignment="normalized",
    score=91.0,
    quote="time is twenty-one forty-seven",
)
FLAGS = (
    _flag("SA102", "warning", "2217 hours", "time not in transcript", [EVIDENCE]),
    _flag("SA201", "error", XSS, f"quote {XSS} not said", [Evidence(note=f"no {ATTR}")]),
    _flag("SA401", "error", "combative", "pejorative label"),
    _flag("SA406", "info", "He was combative", "overlapping info flag"),
)


def with_inputs(report: AuditReport, transcript=TRANSCRIPT, summary_source=None) -> AuditReport:
    """The report as an audit returns it: carrying its parsed inputs."""
    summary = make_summary(report.summary_text).model_copy(update={"source": summary_source})
    return report.model_copy(update={"transcript": transcript, "summary": summary})


def make_report(flags=FLAGS) -> AuditReport:
    summary = make_summary(SUMMARY)
    counts = {s: sum(f.severity.value == s for f in flags) for s in ("info", "warning", "error")}
    return AuditReport(
        transcript_id=f"t{XSS}",
        summary_id=f"s{ATTR}",
        transcript_sha256=TRANSCRIPT.sha256,
        summary_sha256=summary.sha256,
        summary_text=SUMMARY,
        flags=tuple(flags),
        signature="summary_audit:0.1.0|rules:1@abc",
        stats=Stats(
            claims=3,
            segments=3,
            summary_words=len(SUMMARY.split()),
            transcript_words=12,
            rules_run=4,
            flags=counts,
        ),
    )


class Collector(HTMLParser):
    """Every start tag with its attributes, the text inside each <a class=mark>, and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[tuple[dict[str, str | None], str]] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "a" and "mark" in (attrs.get("class") or ""):
            self.marks.append((attrs, ""))
            self._in = "mark"
        elif tag == "script":
            self.scripts.append("")
            self._in = "script"

    def handle_endtag(self, tag):
        if tag in ("a", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in == "mark":
            attrs, text = self.marks[-1]
            self.marks[-1] = (attrs, text + data)
        elif self._in == "script":
            self.scripts[-1] += data


def parse(html: str) -> Collector:
    c = Collector()
    c.feed(html)
    return c


SAFE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "h2",
    "small",
    "p",
    "span",
    "form",
    "fieldset",
    "legend",
    "label",
    "input",
    "main",
    "section",
    "div",
    "a",
    "ol",
    "ul",
    "li",
    "b",
    "code",
    "blockquote",
    "footer",
    "script",
    "table",
    "tr",
    "th",
    "td",
}


def test_when_inputs_carry_script_and_attribute_payloads_then_no_live_markup_comes_from_them():
    html = render_html(with_inputs(make_report()))
    doc = parse(html)
    assert {t for t, _ in doc.tags} <= SAFE_TAGS  # no <img> or other tag smuggled in
    assert not [a for _, attrs in doc.tags for a in attrs if a.startswith("on")]
    assert doc.scripts == [asset("report.js")]  # the page's own script and nothing else
    assert XSS in doc.marks[1][1]  # the payload survives as visible text
    assert "<script>alert" not in html and "<img" not in html


def test_csp_allows_exactly_the_inline_script():
    html = render_html(with_inputs(make_report()))
    digest = base64.b64encode(hashlib.sha256(asset("report.js").encode()).digest()).decode()
    (csp,) = [
        a["content"]
        for t, a in parse(html).tags
        if a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp


def test_when_flags_overlap_then_every_flagged_span_is_highlighted_and_linked():
    doc = parse(render_html(make_report()))
    texts = [text for _, text in doc.marks]
    assert texts == ["2217 hours", XSS, "He was ", "combative"]
    attrs = [a for a, _ in doc.marks]
    assert attrs[0]["class"] == "mark sev-warning" and attrs[0]["href"] == f"#flag-{FLAGS[0].id}"
    # the overlap carries both flags and the colour of the worse one
    assert attrs[3]["data-flags"].split() == [FLAGS[2].id, FLAGS[3].id]
    assert attrs[3]["class"] == "mark sev-error"
    assert attrs[2]["class"] == "mark sev-info"
    assert "time not in transcript" in attrs[0]["title"] and "DISPATCH" in attrs[0]["title"]


def test_flag_list_is_plain_html_with_evidence_and_filter_data():
    html = render_html(with_inputs(make_report()))
    doc = parse(html)
    items = [a for t, a in doc.tags if t == "li" and "flag" in (a.get("class") or "").split()]
    assert [(a["data-sev"], a["data-fam"]) for a in items] == [
        ("warning", "SA1"),
        ("error", "SA2"),
        ("error", "SA4"),
        ("info", "SA4"),
    ]
    assert items[0]["data-segs"] == "0"
    assert "time is twenty-one forty-seven" in html and "00:00:05" in html
    # filters are hidden until the script shows them, so the page reads fine without JS
    assert ("form", {"id": "filters", "hidden": None}) in doc.tags
    assert ("a", {"href": "#seg-0"}) in doc.tags


def test_when_transcript_is_given_then_it_is_shown_beside_with_cited_segments_marked():
    with_t = parse(render_html(with_inputs(make_report())))
    without = parse(render_html(make_report()))
    segs = [a for t, a in with_t.tags if t == "li" and (a.get("id") or "").startswith("seg-")]
    assert [(a["id"], a["class"]) for a in segs] == [
        ("seg-0", "seg cited"),
        ("seg-1", "seg"),
        ("seg-2", "seg"),
    ]
    assert not [a for t, a in without.tags if (a.get("id") or "").startswith("seg-")]


def test_when_there_are_no_flags_then_the_page_says_so_and_has_no_filters():
    html = render_html(make_report(flags=()))
    assert "No flags." in html and 'id="filters"' not in html


def test_markdown_escapes_input_and_keeps_table_cells_intact():
    md = render_markdown(make_report())
    assert "<script>" not in md and "<img" not in md
    rows = [ln for ln in md.splitlines() if ln.startswith("| ") and "SA" in ln]
    assert len(rows) == len(FLAGS)
    assert all(len(re.split(r"(?<!\\)\|", r)) == 7 for r in rows)  # 5 cells, no stray pipes
    assert "time is twenty-one forty-seven" in md and "DISPATCH" in md


def overview_data(officer: str) -> dict:
    group = {
        "audits": 2,
        "summary_words": 400,
        "flags": 6,
        "error": 2,
        "warning": 3,
        "info": 1,
        "flags_per_1000_words": 15.0,
    }
    other = {**group, "audits": 1, "flags": 2, "flags_per_1000_words": 5.0}
    return {
        "counts": {
            "audits": 4,
            "ok": 3,
            "failed": 1,
            "summary_words": 600,
            "flags": 8,
            "flags_by_severity": {"error": 2, "warning": 5, "info": 1},
            "flags_by_family": {"SA1": 6, "SA4": 2},
        },
        "flags_per_1000_words": 13.33,
        "signature": "sig",
        "by": {
            "officer": {officer: group, "Ofc. B": other},
            "unit": {"(unknown)": group},
            "model": {"m": group},
            "incident_type": {"(unknown)": group},
        },
        "audits": [
            {
                "case": "c1",
                "summary_file": f"{XSS}.txt",
                "summary_words": 200,
                "flags": 4,
                "error": 1,
                "warning": 2,
                "info": 1,
                "name": "c1__x",
            }
        ],
        "failures": [
            {
                "case": "c2",
                "summary_file": "s.txt",
                "error": {"type": "InputError", "message": ATTR, "path": None, "line": 3},
            }
        ],
        "top_flags": [],
    }


def test_overview_shows_rates_by_officer_with_bars_and_escapes_names():
    html = render_overview_html(overview_data(XSS))
    doc = parse(html)
    assert {t for t, _ in doc.tags} <= SAFE_TAGS and not doc.scripts
    widths = [a["style"] for t, a in doc.tags if t == "span" and (a.get("style") or "")]
    assert widths[:2] == ["width:100.0%", "width:33.3%"]  # SA1 6 vs SA4 2
    assert "width:33.3%" in widths[2:]  # Ofc. B's 5.0 against 15.0 per 1,000 words
    md = render_overview_markdown(overview_data(XSS), html_reports=True)
    assert "<script>" not in md and "(reports/c1__x.html)" in md
    assert "## By unit" not in md  # only unknown values: nothing to compare
    assert "13.33 flags per 1,000 summary words" in md


# ----------------------------------------------------------------------------- names and plurals

CASE_DIR = "/home/someone/checkout/fixtures/05-welfare-check"


def _with_claims(report: AuditReport, claims: int) -> AuditReport:
    stats = report.stats.model_copy(update={"claims": claims, "rules_run": 1})
    return report.model_copy(update={"stats": stats})


def test_plural_agrees_with_the_count_including_irregular_nouns():
    assert [plural(n, "claim") for n in (0, 1, 2)] == ["0 claims", "1 claim", "2 claims"]
    assert [plural(n, "entry") for n in (0, 1, 2)] == ["0 entries", "1 entry", "2 entries"]


def test_short_path_keeps_folder_and_file_name_and_falls_back_to_the_id():
    assert short_path(f"{CASE_DIR}/transcript.vtt", "t") == "05-welfare-check/transcript.vtt"
    assert short_path("/transcript.vtt", "t") == "transcript.vtt"
    assert short_path(None, "transcript") == "transcript"


def test_when_sources_are_known_then_html_heading_names_case_folder_and_files():
    transcript = TRANSCRIPT.model_copy(update={"source": f"{CASE_DIR}/transcript.vtt"})
    html = render_html(
        with_inputs(make_report(), transcript, summary_source=f"{CASE_DIR}/summary.flawed.txt")
    )
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert "05-welfare-check/summary.flawed.txt" in heading
    assert "against transcript 05-welfare-check/transcript.vtt (turns, 3 segments)" in heading
    assert "/home/someone" not in html  # no machine-specific prefix in a shareable page


def test_when_sources_are_known_then_markdown_heading_names_case_folder_and_files():
    transcript = TRANSCRIPT.model_copy(update={"source": f"{CASE_DIR}/transcript.vtt"})
    md = render_markdown(
        with_inputs(make_report(), transcript, summary_source=f"{CASE_DIR}/summary.flawed.txt")
    )
    first, _, third = md.splitlines()[:3]
    assert first == "# Audit of 05-welfare-check/summary.flawed.txt"
    assert third.startswith("Transcript: 05-welfare-check/transcript.vtt · 4 flags")


def test_when_there_is_one_claim_then_reports_say_claim_not_claims():
    report = _with_claims(make_report(flags=FLAGS[:1]), 1)
    tail = render_text(report).splitlines()[-2]
    assert tail.startswith("1 flag (") and tail.endswith(" in 1 claim")
    assert "1 flag (" in render_markdown(report) and "· 1 claim ·" in render_markdown(report)
    assert " in 1 claim, " in render_html(report) and "1 rule run" in render_html(report)


def test_when_the_batch_has_one_audit_then_the_overview_says_audit_not_audits():
    data = overview_data("Ofc. A")
    data["counts"] = {**data["counts"], "audits": 1, "ok": 1, "failed": 0, "flags": 1}
    md = render_overview_markdown(data)
    assert "1 audit (1 ok, 0 failed) · 1 flag (" in md
    assert "1 audit (1 ok, 0 failed)" in render_overview_html(data)


def test_overview_names_where_a_failed_input_failed_in_both_formats():
    data = overview_data("Ofc. A")
    data["failures"][0]["error"] = {"type": "InputError", "message": "x", "path": None, "line": 3}
    assert "(line 3)" in render_overview_markdown(data)
    data["failures"][0]["error"]["path"] = "gone/transcript.txt"
    assert "(gone/transcript.txt:3)" in render_overview_markdown(data)
    assert "<code>gone/transcript.txt:3</code>" in render_overview_html(data)
