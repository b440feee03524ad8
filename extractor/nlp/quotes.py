"""How an article's text is laid out for the tagger: its sentences with the paragraph each stands in,
and where somebody's quoted words begin and end."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from extractor.nlp.numbers import NumberPhrase


def inside_quotes(span: Span) -> bool:
    """Whether the words stand inside quotation marks opened earlier in their sentence."""
    sent = span.sent
    return sum(t.is_quote for t in span.doc[sent.start : span.start]) % 2 == 1


def figure_quoted(doc: Doc, phrase: NumberPhrase) -> bool:
    """Whether the figure stands inside quotation marks opened earlier in its sentence."""
    sent = doc[phrase.start].sent
    return sum(t.is_quote for t in doc[sent.start : phrase.start]) % 2 == 1


def quote_closers(sentences: list[tuple[int, Span]]) -> dict[int, int]:
    """For each sentence that ends inside an open quotation, the sentence of its paragraph that closes
    the quotation."""
    closers: dict[int, int] = {}
    pending: list[int] = []
    is_open, last_paragraph = False, -1
    for k, (paragraph, sent) in enumerate(sentences):
        if paragraph != last_paragraph:
            pending, is_open, last_paragraph = [], False, paragraph
        for char in sent.text:
            if char in "\u201c":
                is_open = True
            elif char in "\u201d":
                is_open = False
            elif char == '"':
                is_open = not is_open
        if is_open:
            pending.append(k)
        else:
            closers.update((p, k) for p in pending)
            pending = []
    return closers


def sentences_with_paragraphs(doc: Doc) -> Iterator[tuple[int, Span]]:
    """Sentences with the index of the block they stand in (blocks are separated by blank lines)."""
    block = 0
    text = doc.text  # Doc.text joins every token anew on each access: read it once
    for sent in doc.sents:
        if sent.start > 0 and "\n" in text[doc[sent.start - 1].idx : sent.start_char]:
            block += 1
        elif sent.start > 0 and doc[sent.start - 1].is_space and "\n" in doc[sent.start - 1].text:
            block += 1
        if sent.text.strip():
            yield block, sent
