"""Split an article into paragraphs and sentences, keeping absolute character offsets.

Every later stage quotes the article back to the user, so offsets must index the
original string exactly: nothing here rewrites the text. Markdown structure is
respected only as far as offsets go: heading, list and block-quote markers are left
out of the sentence span, and fenced code blocks are skipped entirely because code is
never a claim.

Sentence boundaries come from pysbd, which knows abbreviations ("Lt. Gen.", "U.S."),
decimals and quotations. pysbd is slow on very long inputs and locates its sentences
with a regex search over the whole input, so it is run one block at a time and long
blocks are first cut on line breaks (and, failing that, at obvious sentence ends).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pysbd

# A block longer than this is cut on line breaks before pysbd sees it.
MAX_BLOCK_CHARS = 2_000
# A single line longer than this is cut at obvious sentence ends first.
MAX_PIECE_CHARS = 4_000

_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_BLOCK_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_INNER_QUOTE_MARKER = re.compile(r"(?:>[ \t]?)+")
_HRULE = re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
# Where a too-long piece may be cut without pysbd: end punctuation, space, capital.
_OBVIOUS_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == article[start:end]``; ``paragraph`` counts from 0."""

    text: str
    start: int
    end: int
    paragraph: int


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    """Build the pysbd segmenter once; it compiles many regexes on construction."""
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, line)`` with the line terminator stripped (handles CRLF)."""
    for match in _LINE.finditer(text):
        raw = match.group()
        if not raw:
            break
        yield match.start(), raw.rstrip("\r\n")


def blocks(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the prose blocks (paragraphs) of ``text``.

    A blank line ends a paragraph; a heading is a paragraph of its own; each list
    item starts a new paragraph; a code fence and everything up to the closing fence
    is dropped. Markers are excluded from the span so that sentences start at the
    first word.
    """
    spans: list[tuple[int, int]] = []
    current: list[int] | None = None  # [start, end]
    in_fence = False

    def close() -> None:
        nonlocal current
        if current is not None and current[1] > current[0]:
            spans.append((current[0], current[1]))
        current = None

    for offset, line in _lines(text):
        if _FENCE.match(line):
            close()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not line.strip() or _HRULE.match(line):
            close()
            continue
        heading = _HEADING.match(line)
        marker = heading or _LIST_ITEM.match(line)
        quote_marker = _BLOCK_QUOTE.match(line)
        skip = 0
        starts_new = False
        if marker:
            skip = marker.end()
            starts_new = True
        elif quote_marker:
            skip = quote_marker.end()
        body = line[skip:]
        lead = len(body) - len(body.lstrip())
        start = offset + skip + lead
        end = offset + len(line.rstrip())
        if end <= start:
            continue
        if starts_new or current is None:
            close()
            current = [start, end]
        else:
            current[1] = end
        if heading:
            close()
    close()
    return spans


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a block into pieces small enough for pysbd to handle quickly."""
    if end - start <= MAX_BLOCK_CHARS:
        yield start, end
        return
    for offset, line in _lines(text[start:end]):
        line_start = start + offset + (len(line) - len(line.lstrip()))
        line_end = start + offset + len(line.rstrip())
        if line_end <= line_start:
            continue
        if line_end - line_start <= MAX_PIECE_CHARS:
            yield line_start, line_end
            continue
        piece_start = line_start
        for match in _OBVIOUS_END.finditer(text, line_start, line_end):
            if match.start() - piece_start >= MAX_PIECE_CHARS // 2:
                yield piece_start, match.start()
                piece_start = match.end()
        # Cut a run without any sentence end at whitespace so no piece is unbounded.
        while line_end - piece_start > MAX_PIECE_CHARS * 2:
            cut = text.rfind(" ", piece_start, piece_start + MAX_PIECE_CHARS)
            if cut <= piece_start:
                cut = piece_start + MAX_PIECE_CHARS
            yield piece_start, cut
            piece_start = cut
            while piece_start < line_end and text[piece_start].isspace():
                piece_start += 1
        if line_end > piece_start:
            yield piece_start, line_end


def _sentence_spans(piece: str) -> list[tuple[int, int]]:
    """Sentence spans relative to ``piece``, trimmed of surrounding whitespace.

    pysbd's own span step compiles one regex per sentence, which floods Python's
    regex cache and evicts pysbd's abbreviation patterns (a 1 MB article took four
    times longer). So the segmenter's processor gives the sentence strings and each
    is located with a forward ``str.find``; anything left over becomes a sentence of
    its own, so no text is ever silently dropped.
    """
    segmenter = _segmenter()
    spans: list[tuple[int, int]] = []
    cursor = 0
    for raw in segmenter.processor(piece).process() or []:
        sent = raw.strip()
        if not sent:
            continue
        begin = piece.find(sent, cursor)
        if begin < 0:
            continue
        gap = piece[cursor:begin]
        if gap.strip():
            gap_start = cursor + len(gap) - len(gap.lstrip())
            spans.append((gap_start, cursor + len(gap.rstrip())))
        finish = begin + len(sent)
        spans.append((begin, finish))
        cursor = finish
    rest = piece[cursor:]
    if rest.strip():
        begin = cursor + (len(rest) - len(rest.lstrip()))
        spans.append((begin, cursor + len(rest.rstrip())))
    return spans


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with absolute offsets, in text order."""
    result: list[Sentence] = []
    for number, (block_start, block_end) in enumerate(blocks(text)):
        for piece_start, piece_end in _pieces(text, block_start, block_end):
            piece = text[piece_start:piece_end]
            for begin, finish in _sentence_spans(piece):
                # A wrapped block quote leaves "> " at the start of a later line.
                marker = _INNER_QUOTE_MARKER.match(piece, begin, finish)
                if marker:
                    begin = marker.end()
                if finish <= begin:
                    continue
                start, end = piece_start + begin, piece_start + finish
                result.append(Sentence(text[start:end], start, end, number))
    return result
