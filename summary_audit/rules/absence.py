"""SA304: the summary says something was not said or asked, and the transcript has it.

A claim such as "I did not ask him about weapons" or "the agent fails to mention the pricing" is a
statement about the recording itself.  When the words of the thing said to be missing occur
together in one passage of the transcript, the claim is contradicted by the recording.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from summary_audit.rules.contradictions import content_stems, polarities
from summary_audit.rules.registry import AuditContext, Hit, rule
from summary_audit.types import Evidence

# What a summary says someone did not do in the conversation: ask (a question is evidence that it
# was asked) or say (only a statement of the thing is evidence: "what's your name?" does not show
# that a name was given, "I don't have my ID" does not show that an ID was provided).  Only
# accounts of what happened count: "would not ask him" is a promise, "could not explain" a
# failure to answer.  Verbs that are often not about speech ("did not offer voice recognition",
# "does not include", "don't give a damn") stay out.
_ASKING = ("ask", "inquir", "enquir", "question")
_VERBS = (
    r"(?:ask|inquire|enquire|question|mention|discuss|explain|talk|say|tell|describe|address|"
    r"specify|raise|bring\s+up|recommend|suggest|inform|advise|state|reveal|disclose|answer|"
    r"assure)\w*"
)
_ABSENCE = re.compile(
    rf"\b(?P<neg>(?:fail(?:s|ed)?\s+to|(?:did|does|do)\s*n[o’']t|never|without)\s+(?:\w+\s+)?)"
    rf"(?P<verb>{_VERBS})\b(?P<rest>[^.;:!?]*)",
    re.I,
)
_NO_MENTION = re.compile(
    r"\b(?P<neg>no\s+)(?P<verb>mention|discussion)\s+(?:of|about)\b(?P<rest>[^.;:!?]*)", re.I
)
# Words of the object phrase that say nothing about what was (not) said.
_VAGUE = {
    "any", "anything", "about", "whether", "details", "detail", "information", "other", "further",
    "more", "specific", "specifically", "reason", "reasons", "thing", "things", "way", "ways",
    "happen", "happened", "if",
}  # fmt: skip
_MIN_SCORE = 40.0  # the passage must match the missing thing's words reasonably well


def _object_stems(rest: str) -> set[str]:
    """The content stems of what the claim says was not said (up to a clause break)."""
    rest = re.split(r",|\b(?:and|but|because|since|although|while|so)\b", rest, maxsplit=1)[0]
    return {s for s in content_stems(rest) if s not in _VAGUE and not s.isdigit()}


@rule("SA304", "contradicted-absence", "error")
def contradicted_absence(ctx: AuditContext) -> Iterator[Hit]:
    """What it does:
        Flags a claim that something was not said, asked or discussed ("did not mention the
        pricing", "fails to explain the benefits", "without asking about weapons", "no mention
        of the warrant") when the words
        of that thing occur together in one transcript passage: at least two of them, or the only
        one, and at least two thirds of them.  For "asked" a question counts; for "said",
        "mentioned", "told" and the like the passage must state them (not ask for them, not
        deny them).  Quoted words, questions and "if" clauses in the summary are not read.
    Why it matters:
        A report that says a question was never asked, or a topic never raised, is a statement
        about the recording; when the recording has it, the report hides what happened.
    Example:
        Summary "I did not ask him about weapons" - the officer: "Do you have any weapons on you?"
    """
    for claim in ctx.claims:
        # Quoted words are SA2's business; blank them out without moving offsets.
        text = re.sub(r"[\"“][^\"”]*[\"”]", lambda q: " " * len(q.group()), claim.span.text)
        if text.rstrip().endswith("?") or re.match(r"\s*(?:if|unless|whether)\b", text, re.I):
            continue
        m = _ABSENCE.search(text) or _NO_MENTION.search(text)
        if m is None:
            continue
        wanted = _object_stems(m.group("rest"))
        if not wanted:
            continue
        asked = m.group("verb").lower().startswith(_ASKING)
        found = _passage(ctx, m.group("rest"), wanted, asked)
        if found is None:
            continue
        evidence, have = found
        start = claim.span.start + m.start()
        end = claim.span.start + m.end("verb")
        yield Hit(
            span=ctx.summary_span(start, end),
            message=f"The summary says it {text[m.start() : m.end('verb')]!r}; the transcript "
            f"has {', '.join(sorted(have))!r} in one passage",
            explanation=f"The claim says something was not said or asked, but the passage "
            f"{evidence.quote!r} has its words.",
            evidence=(evidence,),
            method="alignment",
        )


def _passage(
    ctx: AuditContext, rest: str, wanted: set[str], asked: bool
) -> tuple[Evidence, set[str]] | None:
    """The best transcript passage holding enough of ``wanted`` (asked or, for saying verbs,
    stated), with the stems it holds."""
    need = max(min(2, len(wanted)), -(-2 * len(wanted) // 3))
    for ev in ctx.index.search(rest, limit=3):
        if ev.alignment == "none" or ev.score < _MIN_SCORE or not ev.quote:
            continue
        if asked:
            have = wanted & content_stems(ev.quote)
        else:
            have = {w for w, pols in polarities(ev.quote).items() if w in wanted and True in pols}
        if len(have) >= need:
            return ev, have
    return None
