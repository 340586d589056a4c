"""Find summary text in a transcript: exact > normalized > fuzzy, with exact transcript offsets.

:class:`TranscriptIndex` is built once per transcript.  It keeps every comparison token
(:func:`summary_audit.text.normalize.scan`) with its offsets in ``Transcript.text`` and an inverted index
from token to segments, so a lookup touches only the postings of the query's tokens
(cheapest first, within a budget), never every pair of query and transcript words.

* :meth:`TranscriptIndex.find` places a quote or phrase: an exact substring (score 100), else the
  same token sequence after normalization (score 100, ``alignment="normalized"``), else the best
  rapidfuzz ``partial_ratio`` among windows of one to three adjacent segments around the segments
  that share the query's rarest tokens (``alignment="fuzzy"``).  Within one tier a match by the
  requested speaker wins; a better tier always wins over speaker.
* :meth:`TranscriptIndex.search` ranks segment windows as evidence for a whole claim.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from summary_audit.text.normalize import scan
from summary_audit.types import Evidence, Segment, Span, Transcript

__all__ = ["TranscriptIndex"]


_MAX_SEGMENTS = 3  # a match may span at most this many adjacent segments
_CANDIDATES = 6  # segments around which fuzzy windows are tried in find()
_FUZZY_MAX_TOKENS = 200
_POSTINGS_BUDGET = 600  # segment postings read per query when choosing candidates
_MAX_EXACT = 200  # occurrences of an exact substring considered
_TITLES = frozenset(
    str.split("ofc officer sgt sergeant det detective lt cpl capt dep deputy mr mrs ms dr")
)
_QUOTE_MARKS = "\"“”'‘’"


def _speaker_words(name: str | None) -> frozenset[str]:
    words = frozenset(re.findall(r"[a-z0-9]+", (name or "").lower()))
    return words - _TITLES or words  # "Officer Lee" -> {"lee"}, but "Officer" stays


def _same_speaker(wanted: str | None, actual: str | None) -> bool:
    """Lenient: "Reyes" and "Ofc. Reyes" and "OFFICER REYES" are the same speaker."""
    a, b = _speaker_words(wanted), _speaker_words(actual)
    return bool(a and b) and (a <= b or b <= a)


class TranscriptIndex:
    """Token index of one transcript; see the module docstring."""

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript
        self._segments = transcript.segments
        self._position = {seg.index: p for p, seg in enumerate(self._segments)}
        self._seg_starts = [seg.span.start for seg in self._segments]
        norms: list[str] = []
        first: list[int] = []  # global index of each segment's first token (plus a sentinel)
        seg_tokens: list[list[tuple[str, int, int, str]]] = []
        postings: defaultdict[str, list[int]] = defaultdict(list)  # token -> segment positions
        for p, seg in enumerate(self._segments):
            first.append(len(norms))
            tokens = scan(seg.text)
            seg_tokens.append(tokens)
            seg_norms = [t[0] for t in tokens]
            norms.extend(seg_norms)
            for norm in set(seg_norms):
                postings[norm].append(p)
        first.append(len(norms))
        self._norms, self._first, self._seg_tokens = norms, first, seg_tokens
        self._seg_postings = dict(postings)
        self._seg_text: dict[int, tuple[str, list[int]]] = {}
        self._seg_set: dict[int, frozenset[str]] = {}
        self._window_strings: dict[tuple[int, int], str] = {}
        self._idf: dict[str, float] = {}
        # Several rule families search for the same claim; the index is immutable, so answers keep.
        self._searched: dict[tuple[str, int], tuple[Evidence, ...]] = {}
        self._scored: dict[tuple[str, tuple[int, ...]], float] = {}
        self._found: dict[tuple[str, str | None, float], Evidence] = {}

    # -- small lookups -------------------------------------------------------------------------

    def segment(self, i: int) -> Segment:
        """The segment whose ``index`` is ``i``."""
        return self._segments[self._position[i]]

    def window(self, i: int, radius: int = 1) -> list[Segment]:
        """Segment ``i`` with up to ``radius`` neighbours on each side."""
        p = self._position[i]
        return list(self._segments[max(0, p - radius) : p + radius + 1])

    def segments_with(self, norm_token: str) -> list[int]:
        """Indices of the segments containing the normalized token ``norm_token``."""
        return [self._segments[p].index for p in self._seg_postings.get(norm_token.lower(), ())]

    def idf(self, norm_token: str) -> float:
        """Smoothed inverse segment frequency: rare tokens weigh more (unknown tokens most)."""
        got = self._idf.get(norm_token)
        if got is None:
            df = len(self._seg_postings.get(norm_token, ()))
            got = self._idf[norm_token] = math.log((len(self._segments) + 1) / (df + 1)) + 1.0
        return got

    def contains(self, norm_phrase: str) -> bool:
        """Whether the phrase occurs as a token sequence (after normalization) anywhere."""
        query = [t[0] for t in scan(norm_phrase)]
        return bool(query) and bool(self._sequence_hits(query, limit=1))

    # -- find ----------------------------------------------------------------------------------

    def find(self, text: str, *, speaker: str | None = None, min_score: float = 80.0) -> Evidence:
        """The best place where ``text`` (a quote or phrase) occurs; ``alignment="none"`` if none.

        ``speaker`` prefers matches spoken by that speaker within the best tier that has a match.
        Fuzzy matches scoring below ``min_score`` are not matches.  Answers are remembered per
        query: a summary quoting the same words thousands of times is searched for them once.
        """
        key = (text, speaker, min_score)
        if key not in self._found:
            self._found[key] = self._find(text, speaker, min_score)
        return self._found[key]

    def _find(self, text: str, speaker: str | None, min_score: float) -> Evidence:
        query = text.strip().strip(_QUOTE_MARKS).strip()
        tokens = [t[0] for t in scan(query)]
        if not tokens:
            return Evidence(note="not found: no words to look for")
        return self._verbatim(query, tokens, speaker) or self._fuzzy(tokens, speaker, min_score)

    def _verbatim(self, query: str, tokens: list[str], speaker: str | None) -> Evidence | None:
        """The exact, else the normalized, occurrence of ``query`` (None if there is neither)."""
        exact = self._exact_hits(query)
        if exact:
            start, end = self._prefer(exact, speaker)
            return self._evidence(start, end, "exact", 100.0)
        hits = [
            self._char_range(a, b)
            for a, b in self._sequence_hits(tokens)
            if self._seg_of(b - 1) - self._seg_of(a) < _MAX_SEGMENTS
        ]
        if hits:
            start, end = self._prefer(hits, speaker)
            return self._evidence(start, end, "normalized", 100.0)
        return None

    def _exact_hits(self, query: str) -> list[tuple[int, int]]:
        """Character ranges where ``query`` occurs verbatim, on word boundaries."""
        text, hits, at = self.transcript.text, [], 0
        while len(hits) < _MAX_EXACT:
            at = text.find(query, at)
            if at < 0:
                break
            end = at + len(query)
            left_ok = at == 0 or not (query[0].isalnum() and text[at - 1].isalnum())
            right_ok = end == len(text) or not (query[-1].isalnum() and text[end].isalnum())
            if left_ok and right_ok:
                hits.append((at, end))
            at += 1
        return hits

    def _sequence_hits(self, query: list[str], limit: int | None = None) -> list[tuple[int, int]]:
        """Token ranges [a, b) whose norms equal ``query``, found through its rarest token."""
        lists = [self._seg_postings.get(tok) for tok in query]
        if not all(lists):
            return []
        k = min(range(len(query)), key=lambda i: len(lists[i]))  # type: ignore[arg-type]
        norms, first, n, rare, out = self._norms, self._first, len(query), query[k], []
        for p in lists[k]:  # type: ignore[union-attr]
            for pos in range(first[p], first[p + 1]):
                a = pos - k
                if norms[pos] == rare and a >= 0 and norms[a : a + n] == query:
                    out.append((a, a + n))
                    if limit and len(out) >= limit:
                        return out
        return out

    def _seg_of(self, g: int) -> int:
        """Position of the segment holding global token ``g``."""
        return bisect.bisect_right(self._first, g) - 1

    def _char_range(self, a: int, b: int) -> tuple[int, int]:
        """Offsets in ``Transcript.text`` of global tokens [a, b)."""
        pa, pb = self._seg_of(a), self._seg_of(b - 1)
        start = self._segments[pa].span.start + self._seg_tokens[pa][a - self._first[pa]][1]
        end = self._segments[pb].span.start + self._seg_tokens[pb][b - 1 - self._first[pb]][2]
        return start, end

    def _segments_of(self, start: int, end: int) -> list[int]:
        """Positions of the segments that characters [start, end) fall in."""
        first = max(0, bisect.bisect_right(self._seg_starts, start) - 1)
        last = max(first, bisect.bisect_right(self._seg_starts, max(start, end - 1)) - 1)
        return list(range(first, last + 1))

    def _prefer(self, hits: list[tuple[int, int]], speaker: str | None) -> tuple[int, int]:
        """The first hit by ``speaker`` if there is one, else the first hit."""
        if speaker:
            for start, end in hits:
                p = self._segments_of(start, end)[0]
                if _same_speaker(speaker, self._segments[p].speaker):
                    return start, end
        return hits[0]

    def _evidence(
        self, start: int, end: int, alignment: str, score: float, note: str | None = None
    ) -> Evidence:
        positions = self._segments_of(start, end)
        segs = [self._segments[p] for p in positions]
        return Evidence(
            span=Span.of("transcript", self.transcript.text, start, end),
            segments=tuple(s.index for s in segs),
            speaker=segs[0].speaker,
            start_s=segs[0].start_s,
            end_s=segs[-1].end_s,
            alignment=alignment,  # type: ignore[arg-type]
            score=round(score, 1),
            quote=self.transcript.text[start:end],
            note=note,
        )

    def _candidates(self, tokens: Iterable[str], limit: int) -> list[int]:
        """Segment positions sharing the most idf weight with ``tokens``, rarest tokens first.

        Reads segment postings cheapest first and stops after a fixed budget, so common words
        ("the", "i") are only used when nothing rarer is in the query.
        """
        postings = self._seg_postings
        unique = sorted(set(tokens), key=lambda t: (len(postings.get(t, ())), t))
        scores: dict[int, float] = {}
        get = scores.get
        read = 0
        for tok in unique:
            segs = postings.get(tok)
            if not segs:
                continue
            if read and read + len(segs) > _POSTINGS_BUDGET:
                break
            read += len(segs)
            weight = self.idf(tok)
            for p in segs:
                scores[p] = get(p, 0.0) + weight
        best = heapq.nsmallest(limit, [(-score, p) for p, score in scores.items()])
        return sorted(p for _, p in best)

    def _windows(self, p: int) -> list[tuple[int, int]]:
        """Windows [a, b) of one to three adjacent segments that include position ``p``."""
        n = len(self._segments)
        spans = {(p, p + 1), (p - 1, p + 1), (p, p + 2), (p - 1, p + 2)}
        return sorted((max(0, a), min(n, b)) for a, b in spans if a >= 0 and b <= n)

    def _seg_norm_text(self, p: int) -> tuple[str, list[int]]:
        """Normalized text of segment ``p`` and each token's offset in it (cached)."""
        if p not in self._seg_text:
            norms = self._norms[self._first[p] : self._first[p + 1]]
            offs, pos = [], 0
            for norm in norms:
                offs.append(pos)
                pos += len(norm) + 1
            self._seg_text[p] = (" ".join(norms), offs)
        return self._seg_text[p]

    def _window_string(self, a: int, b: int) -> str:
        """Normalized text of segments [a, b): the text part of :meth:`_window_text`, cheaper
        (cached: claims about one passage score the same windows)."""
        got = self._window_strings.get((a, b))
        if got is None:
            got = " ".join(t for t in (self._seg_norm_text(p)[0] for p in range(a, b)) if t)
            self._window_strings[(a, b)] = got
        return got

    def _window_text(self, a: int, b: int) -> tuple[str, list[int], int]:
        """Normalized text of segments [a, b), each token's offset in it, and its first token."""
        parts, offsets, at = [], [], 0
        for p in range(a, b):
            seg_text, seg_offs = self._seg_norm_text(p)
            if not seg_text:
                continue
            parts.append(seg_text)
            offsets.extend(at + o for o in seg_offs)
            at += len(seg_text) + 1
        return " ".join(parts), offsets, self._first[a]

    def _fuzzy(self, tokens: list[str], speaker: str | None, min_score: float) -> Evidence:
        # Fuzzy scores cost the product of the two lengths: a quote of thousands of words (a
        # count, an ASR loop) is located and scored by its first _FUZZY_MAX_TOKENS words.
        query = " ".join(tokens[:_FUZZY_MAX_TOKENS])
        found: dict[tuple[int, int], float] = {}  # token range -> score
        for p in self._candidates(tokens, _CANDIDATES):
            for a, b in self._windows(p):
                window, offsets, first = self._window_text(a, b)
                if not window:
                    continue
                if len(window) < len(query):  # the whole window against the whole query
                    score, lo, hi = fuzz.ratio(query, window), 0, len(offsets) - 1
                else:
                    res = fuzz.partial_ratio_alignment(query, window)
                    score = res.score
                    lo = bisect.bisect_right(offsets, res.dest_start) - 1
                    hi = max(lo, bisect.bisect_left(offsets, res.dest_end) - 1)
                key = (first + lo, first + hi + 1)
                found[key] = max(found.get(key, 0.0), score)
        good = [(score, a, b) for (a, b), score in found.items() if score >= min_score]
        if not good:
            best = max(found.values(), default=0.0)
            return Evidence(
                score=round(best, 1),
                note=f"not found in transcript (best fuzzy score {best:.0f} < {min_score:.0f})",
            )

        def rank(item: tuple[float, int, int]) -> tuple[bool, float, int, int]:
            score, a, b = item
            by_speaker = bool(speaker) and _same_speaker(
                speaker, self._segments[self._seg_of(a)].speaker
            )
            return (not by_speaker, -score, b - a, a)

        score, a, b = min(good, key=rank)
        return self._evidence(*self._char_range(a, b), "fuzzy", score)

    # -- search --------------------------------------------------------------------------------

    def _segment_set(self, p: int) -> frozenset[str]:
        if p not in self._seg_set:
            self._seg_set[p] = frozenset(self._norms[self._first[p] : self._first[p + 1]])
        return self._seg_set[p]

    def search(self, text: str, *, limit: int = 3) -> list[Evidence]:
        """Candidate evidence for a whole claim, best first (at most ``limit``, non-overlapping).

        An exact or normalized occurrence of the whole claim comes first with score 100.  Other
        windows of one to three segments score ``50 * idf-weighted share of the claim's tokens
        present + 50 * rapidfuzz token_set_ratio`` (0-100), ``alignment="fuzzy"``.
        Answers are remembered per query (a fresh list each time: callers may change it).
        """
        key = (text, limit)
        if key not in self._searched:
            self._searched[key] = tuple(self._search(text, limit))
        return list(self._searched[key])

    def passage_score(self, text: str, segments: Iterable[int]) -> float:
        """How well ``text`` (a claim) aligns with the passage made of ``segments`` (segment
        indices), 0-100: 50 x the share of the claim's content words whose stem the passage
        has ("resist" is in "stop resisting") + 50 x the token-set ratio of the two.  0 for an
        empty passage or a claim with no content words."""
        positions = sorted({self._position[i] for i in segments if i in self._position})
        # Remembered per claim and passage: a claim with thousands of flags citing one passage
        # (a run of numbers) is scored once, not once per flag.
        key = (text, tuple(positions))
        if key not in self._scored:
            self._scored[key] = self._passage_score(text, positions)
        return self._scored[key]

    def _passage_score(self, text: str, positions: list[int]) -> float:
        from summary_audit.text.polarity import content_stems

        wanted = content_stems(text)
        if not wanted or not positions:
            return 0.0
        passage_text = " ".join(self._segments[p].text for p in positions)
        coverage = len(wanted & content_stems(passage_text)) / len(wanted)
        passage = " ".join(self._seg_norm_text(p)[0] for p in positions)
        return round(
            50.0 * coverage
            + 0.5 * fuzz.token_set_ratio(" ".join(t[0] for t in scan(text)), passage),
            1,
        )

    def _search(self, text: str, limit: int) -> list[Evidence]:
        tokens = [t[0] for t in scan(text)]
        if not tokens or limit <= 0:
            return []
        results: list[tuple[float, int, int, Evidence]] = []
        whole = self._verbatim(text.strip(), tokens, None)
        if whole is not None:
            first = self._position[whole.segments[0]]
            last = self._position[whole.segments[-1]]
            results.append((100.0, first, last + 1, whole))
        weights = {tok: self.idf(tok) for tok in set(tokens)}
        total = sum(weights.values())
        query = " ".join(tokens)
        scored: dict[tuple[int, int], float] = {}
        shared: dict[int, set[str]] = {}  # segment position -> the query tokens it holds
        for p in self._candidates(tokens, max(8, 3 * limit)):
            for a, b in self._windows(p):
                if (a, b) in scored:
                    continue  # neighbouring candidates share windows; the score is the same
                present: set[str] = set()
                for q in range(a, b):
                    if q not in shared:
                        shared[q] = self._segment_set(q) & weights.keys()
                    present |= shared[q]
                # Summed in the query's token order, so the float is the same however found.
                coverage = sum(w for tok, w in weights.items() if tok in present) / total
                ratio = fuzz.token_set_ratio(query, self._window_string(a, b))
                scored[(a, b)] = 50.0 * coverage + 0.5 * ratio
        # Best first; among equals the smaller, earlier window.
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0][1] - item[0][0], item))
        for (a, b), score in ranked:
            if len(results) >= limit:
                break
            if any(a < hi and lo < b for _, lo, hi, _ in results):
                continue
            start = self._segments[a].span.start
            end = self._segments[b - 1].span.end
            results.append((score, a, b, self._evidence(start, end, "fuzzy", score)))
        return [evidence for *_, evidence in results]
