"""The whole extraction for one article or many: article → nlp → normalize → records.

`Extractor` loads the spaCy pipeline once and is reused across calls; `extract_html` and
`extract_text` at module level use one shared instance.

By default the whole model reads only the sentences the claim tagger can use: those with a figure,
the lede, and the sentences near a figure that may give it a source or a date
(`extractor.nlp.focus`); the others are only tokenized and cut into sentences. `Extractor(focus=False)`
runs the whole model on every sentence.

An article longer than `MAX_ARTICLE_CHARS` is refused before the model sees it (`ArticleError` of kind
``too_long``): the cost grows with the length (the model reads an article in runs of sentences of
at most `extractor.nlp.focus.PART_CHARS`, or, with ``focus=False``, in the parts of
`extractor.nlp.parts`), and one page must never hold a run for minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span

from extractor import __version__
from extractor.article import Article, ArticleError, from_text, parse_html
from extractor.nlp import load_pipeline, model_name
from extractor.nlp.decider import Decisions
from extractor.nlp.focus import Focus, focused_docs
from extractor.nlp.indexed import use_indexed_components
from extractor.nlp.model import one_blas_thread
from extractor.nlp.parts import tagged_docs
from extractor.normalize import claims_from_doc
from extractor.normalize.records import spans_and_claims
from extractor.records import Claim, ExtractorInfo

DEFAULT_BATCH_SIZE = 32
# About 2.5 times the longest real article seen; 200k characters take about 10 s on one core.
MAX_ARTICLE_CHARS = 500_000


class Extractor:
    """Claim extraction with one loaded spaCy pipeline."""

    def __init__(
        self, model: str | None = None, *, focus: bool = True, decisions: str | Path | Decisions | None = None
    ) -> None:
        self.model = model_name(model)
        self.nlp = load_pipeline(self.model)
        if decisions is not None:
            # Another trained model than the shipped one (`extractor train -o DIR`).
            self.use_decisions(decisions if isinstance(decisions, Decisions) else Decisions.load(decisions))
        use_indexed_components(self.nlp)  # the same annotations, for less work
        self.focus = Focus(self.nlp, self.nlp.get_pipe("claim_tagger").lexicon) if focus else None
        meta = self.nlp.meta
        self.info = ExtractorInfo(
            version=__version__, model=f"{meta.get('lang', 'en')}_{meta.get('name')}-{meta.get('version')}"
        )

    def use_decisions(self, decisions: Decisions) -> None:
        """Choose sources and times with `decisions` from now on (`extractor.nlp.decider`)."""
        self.nlp.get_pipe("claim_decider").use(decisions)

    def extract_article(self, article: Article) -> list[Claim]:
        return next(self.extract_articles([article]))

    def extract_articles(
        self, articles: Iterable[Article], *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[list[Claim]]:
        """Claims of each article, in order, one list per article (spaCy runs in batches).

        Raises `ArticleError` (kind ``too_long``) on reaching an article over `MAX_ARTICLE_CHARS`."""
        for doc, article in self.read_articles(articles, batch_size=batch_size):
            yield list(claims_from_doc(doc, article, self.info))

    def read_articles(
        self, articles: Iterable[Article], *, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[tuple[Doc, Article]]:
        """Each article's tagged doc, in order: the claim spans with their links and candidates."""
        pairs = ((check_length(article).text, article) for article in articles)
        if self.focus is not None:
            docs = focused_docs(self.nlp, self.focus, pairs, batch_size=batch_size)
        else:
            docs = tagged_docs(self.nlp, pairs, batch_size=batch_size)
        yield from one_blas_thread(docs)

    def spans_and_claims(self, doc: Doc, article: Article) -> list[tuple[Span, Claim]]:
        """The claim records of a doc from `read_articles`, each with the span it was made from."""
        return list(spans_and_claims(doc, article, self.info))

    def extract_html(
        self,
        html: bytes | str,
        *,
        url: str | None = None,
        published: str | None = None,
        title: str | None = None,
    ) -> list[Claim]:
        article = override(parse_html(html, url=url), url=url, published=published, title=title)
        return self.extract_article(article)

    def extract_text(
        self, text: str, *, url: str | None = None, title: str | None = None, published: str | None = None
    ) -> list[Claim]:
        return self.extract_article(from_text(text, url=url, title=title, published=published))


def check_length(article: Article) -> Article:
    """The article, if its text is within `MAX_ARTICLE_CHARS`; else `ArticleError` of kind ``too_long``."""
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise ArticleError(
            "too_long",
            f"the article text has {len(article.text):,} characters, more than the "
            f"{MAX_ARTICLE_CHARS:,} the extractor takes",
        )
    return article


def override(
    article: Article, *, url: str | None = None, published: str | None = None, title: str | None = None
) -> Article:
    """The article with what the caller knows better than the page (given values win)."""
    from dataclasses import replace

    changes = {k: v for k, v in {"url": url, "published": published, "title": title}.items() if v}
    return replace(article, **changes) if changes else article


@cache
def default_extractor() -> Extractor:
    return Extractor()


def extract_html(
    html: bytes | str, *, url: str | None = None, published: str | None = None, title: str | None = None
) -> list[Claim]:
    """Claim records of one HTML page (the shared default Extractor)."""
    return default_extractor().extract_html(html, url=url, published=published, title=title)


def extract_text(
    text: str, *, url: str | None = None, title: str | None = None, published: str | None = None
) -> list[Claim]:
    """Claim records of plain text: blocks separated by blank lines are paragraphs."""
    return default_extractor().extract_text(text, url=url, title=title, published=published)
