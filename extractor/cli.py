"""The `extractor` command line: each command wires the stages together, nothing more."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from extractor import __version__

# Only click and the standard library load at start-up (`extractor --help` stays fast): each command
# imports the stages it runs.
if TYPE_CHECKING:
    from extractor.run.fetch import FetchSettings

class UsageTrouble(click.ClickException):
    """A bad option value, told in one line (no usage text) with exit status 2, as click's own."""

    exit_code = 2


def _published_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--published checked before anything is read or written."""
    from extractor.article import iso_published

    if value is None:
        return None
    try:
        return iso_published(value)
    except ValueError:
        raise UsageTrouble(
            f"--published {value!r} is not an ISO 8601 date or datetime "
            "(2022-12-22, 2022-12-22T10:41:00+00:00)"
        ) from None


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "html", "text"]),
    default="auto",
    show_default=True,
    help="Input format; auto reads .txt files as plain text and everything else as HTML.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="extractor")
def cli() -> None:
    """Numeric claims from news articles, as JSON Lines records (schema extractor.claim/1)."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--url", help="The article's URL (overrides the page's canonical URL).")
@click.option(
    "--published",
    callback=_published_option,
    help="Publication date, ISO 8601: 2022-12-22 or 2022-12-22T10:41:00+00:00 (overrides the page's date).",
)
@click.option("--title", help="The headline (overrides the page's; plain text has none otherwise).")
@format_option
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file.")
@click.option("--model", help="spaCy model to load (default: $EXTRACTOR_SPACY_MODEL or en_core_web_sm).")
@click.option("--decisions", type=click.Path(exists=True), help="A trained model (extractor train -o DIR).")
def extract(paths, url, published, title, fmt, output, model, decisions) -> None:
    """Extract claim records from local HTML or text files (- for stdin), or every page in a folder.

    Example: extractor extract fixtures/pages/01-war-losses.html
    """
    from extractor.article import ArticleError
    from extractor.article.files import load_article
    from extractor.nlp.model import ModelNotFound
    from extractor.pipeline import Extractor
    from extractor.records import write_jsonl
    from extractor.run.folders import expand

    paths = expand(paths)  # a folder: its .html, .htm and .html.gz files
    started = time.monotonic()
    from extractor.nlp.decider import DecisionsError

    try:
        extractor = Extractor(model, decisions=decisions)
    except (ModelNotFound, DecisionsError) as error:
        raise click.ClickException(str(error)) from None
    failed = claims = 0
    for path in paths:
        try:
            article = load_article(path, fmt=fmt, url=url, published=published, title=title)
            article_claims = extractor.extract_article(article)  # too_long is refused here
        except ArticleError as error:
            click.echo(f"extractor: {path}: {error}", err=True)
            failed += 1
            continue
        claims += write_jsonl(article_claims, output)
        output.flush()
    click.echo(
        f"extractor: {len(paths) - failed} of {len(paths)} inputs, {claims} claims, "
        f"{time.monotonic() - started:.1f}s",
        err=True,
    )
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("path")
@click.option("--url", help="The article's URL.")
@click.option("--title", help="The headline (overrides the page's).")
@format_option
def text(path, url, title, fmt) -> None:
    """Print the article text that record offsets refer to.

    Example: extractor text fixtures/pages/01-war-losses.html
    """
    from extractor.article import ArticleError
    from extractor.article.files import load_article

    try:
        article = load_article(path, fmt=fmt, url=url, published=None, title=title)
    except ArticleError as error:
        raise click.ClickException(f"{path}: {error}") from None
    click.echo(article.text)


@cli.command(name="schema")
def schema_command() -> None:
    """Print the JSON Schema of a claim record."""
    from extractor.records import schema

    click.echo(json.dumps(schema(), indent=2))


# -- options of run and urls (both fetch) --

# How pages (run) and sitemaps, feeds and robots.txt (urls) are fetched and cached: declared once, for both.
_FETCH_OPTIONS = (
    click.option("--cache", "cache_dir", default=".extractor-cache", show_default=True, help="Page store."),
    click.option("--offline", is_flag=True, help="Read from the cache only, never the network."),
    click.option(
        "--concurrency", default=16, show_default=True, type=click.IntRange(1), help="Requests at once."
    ),
    click.option(
        "--per-host", default=2, show_default=True, type=click.IntRange(1), help="Requests at once per host."
    ),
    click.option(
        "--timeout",
        default=10.0,
        show_default=True,
        type=click.FloatRange(0, min_open=True),
        help="Seconds to connect, and between two reads.",
    ),
    click.option(
        "--total-timeout",
        default=60.0,
        show_default=True,
        type=click.FloatRange(0, min_open=True),
        help="Seconds for one whole request.",
    ),
    click.option("--retries", default=3, show_default=True, type=click.IntRange(0), help="Retries per URL."),
    click.option(
        "--backoff",
        default=0.5,
        show_default=True,
        type=click.FloatRange(0),
        help="Seconds before the first retry (doubling, with jitter).",
    ),
    click.option(
        "--max-bytes",
        default=10_000_000,
        show_default=True,
        type=click.IntRange(1),
        help="Largest body accepted (a page, sitemap or feed), after decompression.",
    ),
    click.option("--user-agent", help="User-Agent header (default: extractor/VERSION with a contact URL)."),
    click.option(
        "--ignore-robots",
        is_flag=True,
        help="Do not read or honour robots.txt (urls still reads a site root's, for its Sitemap: lines).",
    ),
)


def fetch_options(command: Callable[..., None]) -> Callable[..., None]:
    """The decorator that gives a command the fetch options (in --help in the order of _FETCH_OPTIONS)."""
    for option in reversed(_FETCH_OPTIONS):
        command = option(command)
    return command


def _fetch_settings(
    *, concurrency, per_host, timeout, total_timeout, retries, backoff, max_bytes, user_agent, ignore_robots
) -> FetchSettings:
    from extractor.run.fetch import DEFAULT_USER_AGENT, FetchSettings

    return FetchSettings(
        concurrency=concurrency,
        per_host=per_host,
        timeout=timeout,
        total_timeout=total_timeout,
        retries=retries,
        backoff=backoff,
        max_bytes=max_bytes,
        user_agent=user_agent or DEFAULT_USER_AGENT,
        respect_robots=not ignore_robots,
    )


# -- run command (batch over URLs) --


@cli.command(name="run")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Claim records (JSONL).")
@click.option("--resume", is_flag=True, help="Keep OUT and its status file; do only the inputs not done.")
@fetch_options
@click.option("--model", help="spaCy model to load (default: $EXTRACTOR_SPACY_MODEL or en_core_web_sm).")
@click.option(
    "--workers",
    type=click.IntRange(1),
    help="Extraction processes, each loading the model once (default: the cores this process may use).",
)
@click.option(
    "--extract-timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds one article's extraction may take before it fails as timeout_extract.",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Extract on a Dask cluster (a scheduler address, or 'local' for a LocalCluster of --workers "
    "processes); fetching stays here. Needs pip install 'extractor[dask]'.",
)
@click.option("--decisions", type=click.Path(exists=True), help="A trained model (extractor train -o DIR).")
def run_command(
    input_path, output, cache_dir, offline, resume, model, decisions, workers, extract_timeout, dask_address,
    **fetching,
) -> None:
    """Extract claims from every URL or local HTML path listed in INPUT (one a line; - for stdin).

    Records go to OUTPUT, in input order; OUTPUT.status.jsonl gets one line per input. Exit status
    0: every input succeeded, 3: some failed (see the status file), 1: the run could not start or go
    on, 130: interrupted. See docs/run.md. Example: extractor run urls.txt -o out/claims.jsonl --resume
    """
    from extractor.run import batch

    settings = batch.RunSettings(
        fetch=_fetch_settings(**fetching),
        cache_dir=Path(cache_dir),
        offline=offline,
        resume=resume,
        model=model,
        decisions=decisions,
        extract_timeout=extract_timeout,
        dask=dask_address,
        progress=sys.stderr.isatty(),
        **({"workers": workers} if workers else {}),
    )
    try:
        summary = batch.run(input_path, output, settings)
    except batch.RunError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"extractor run: {summary.describe()}", err=True)
    if summary.interrupted:
        sys.exit(130)
    if summary.failed:
        sys.exit(batch.EXIT_SOME_FAILED)


# -- diff command --


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text for reading, json for one JSON object per difference, html for a review page.",
)
@click.option("-o", "--output", default="-", help="Output file (default: standard output).")
@click.option("--fields", help="Only these fields count as changes, comma-separated (dotted: source.name).")
@click.option("--ignore-fields", help="These fields do not count (by default claim_id and extractor do not).")
def diff(old, new, fmt, output, fields, ignore_fields) -> None:
    """Compare two record files claim by claim. Exit status 0: no differences, 1: differences, 2: trouble.

    Example: extractor diff before.jsonl after.jsonl --ignore-fields span,paragraph
    """
    from extractor.diff.command import run_diff

    with _trouble_exits_2("diff"):
        status = run_diff(old, new, fmt=fmt, output=output, fields=fields, ignore_fields=ignore_fields)
    sys.exit(status)


# -- eval command --


@cli.command()
@click.argument("gold", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False), help="Folder for the model.")
@click.option("--cv", "folds", type=click.IntRange(2), help="Also cross-validate, K folds by article.")
@click.option("--predictions", type=click.Path(file_okay=False), help="With --cv: held-out records here.")
@click.option("--fields", default="time", show_default=True, help="Fields to decide: source, time or both.")
@click.option("--model", help="spaCy model to load (default: $EXTRACTOR_SPACY_MODEL or en_core_web_sm).")
def train(gold, output, folds, predictions, fields, model) -> None:
    """Fit the choosers of sources and times on gold files (docs/training.md) and write the model.

    Example: extractor train ../shared/realworld/gold -o out/decisions --cv 5
    """
    from extractor.learn.command import run_train

    for line in run_train(gold, output, folds=folds, predictions=predictions, fields=fields, model=model):
        click.echo(line)


@cli.command(name="eval")
@click.argument("gold")
@click.argument("pred")
@click.option("-v", "--verbose", is_flag=True, help="List every miss, extra and wrong field.")
@click.option("--min-f1", type=float, default=0.0, show_default=True, help="Exit 1 when claim F1 is lower.")
@click.option("--min-field", type=float, default=0.0, show_default=True, help="Exit 1 when a field is lower.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_command(gold, pred, verbose, min_f1, min_field, as_json) -> None:
    """Score claim records (JSON Lines) against gold files (a file or a directory of them).

    Example: extractor eval fixtures/gold out/fixtures.jsonl -v
    """
    from extractor.learn.evaluate import EvalError, evaluate_files, render

    try:
        with _trouble_exits_2("eval", told=(EvalError,)):
            report = evaluate_files(gold, pred)
    except EvalError as error:
        click.echo(f"extractor eval: {error}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(report.to_dict(findings=verbose), indent=2))
    else:
        click.echo(render(report, verbose=verbose))
    shortfalls = report.shortfalls(min_f1=min_f1, min_field=min_field)
    for reason in shortfalls:
        click.echo(f"extractor eval: {reason}", err=True)
    sys.exit(1 if shortfalls else 0)


@contextmanager
def _trouble_exits_2(command: str, told: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """Exit status 1 means "different" to diff's callers and "below the threshold" to eval's: a failure
    nobody foresaw must not read as either, so it is one line and status 2, not a traceback. `told`:
    the errors the command reports itself."""
    try:
        yield
    except (click.ClickException, click.exceptions.Exit, *told):
        raise
    except Exception as error:  # RecursionError included
        reason = f"{type(error).__name__}: {error}"
        click.echo(f"extractor {command}: cannot compare these files ({reason})", err=True)
        sys.exit(2)


# -- export and urls commands (extractor/export/, extractor/run/listing.py) --


@cli.command(name="export")
@click.argument("input_path", metavar="IN")
@click.option(
    "--to", "to", required=True, type=click.Choice(["csv", "sqlite", "parquet"]), help="Table format."
)
@click.option("-o", "--output", required=True, help="Output file (- for csv on standard output).")
def export_command(input_path, to, output) -> None:
    """Turn claim records (JSON Lines; - for stdin) into a CSV file, a SQLite database or a Parquet file.

    Columns are the record's fields flattened under dotted names (source.name, time.start).
    Example: extractor export claims.jsonl --to sqlite -o claims.db && datasette claims.db
    """
    from extractor.export import ExportError, export_file

    try:
        count = export_file(input_path, output, to)
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"extractor export: {count} records → {output} ({to})", err=True)


@cli.command(name="urls")
@click.argument("sources", nargs=-1, required=True)
@click.option("--since", help="Keep entries whose lastmod or publication date is this ISO date or later.")
@fetch_options
def urls_command(sources, since, cache_dir, offline, **fetching) -> None:
    """Print the article URLs that sitemaps, feeds or site roots list, one a line, each once.

    SOURCE is a sitemap or sitemap index (.xml or .xml.gz), an RSS or Atom feed, a site root
    (https://host/: its robots.txt Sitemap: lines), or a local file of any of these.
    Example: extractor urls https://news.example/ --since 2024-03-01 | extractor run - -o claims.jsonl
    """
    from extractor.run.cache import PageCache
    from extractor.run.listing import parse_since, run_listing

    try:
        after = parse_since(since) if since else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--since") from None
    settings = _fetch_settings(**fetching)
    listing = run_listing(
        list(sources),
        settings=settings,
        cache=PageCache(cache_dir) if cache_dir else None,
        offline=offline,
        since=after,
        emit=click.echo,
    )
    for problem in listing.problems:
        click.echo(f"extractor urls: {problem}", err=True)
    if listing.problems:
        sys.exit(1)


# -- figures command --


def _iso_day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date (2022-12-01)") from None


@cli.command(name="figures")
@click.argument("claims", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help="Output file (- for standard output).")
@click.option(
    "--format", "fmt", type=click.Choice(["html", "json", "csv"]), default="html", show_default=True,
    help="html: a self-contained page; json: the groups (schema extractor.figures/1); csv: a row a figure.",
)
@click.option("--category", multiple=True, help="Only claims of this category (repeatable).")
@click.option("--party", multiple=True, help="Only claims of this party, any case (repeatable).")
@click.option("--source", multiple=True, help="Only claims whose source's name contains this (repeatable).")
@click.option("--since", callback=_iso_day, help="Only figures about this ISO day or later.")
@click.option(
    "--margin", default=0.2, show_default=True, type=click.FloatRange(0),
    help="Flag sources whose figures are further apart than this share of the larger one.",
)
@click.option(
    "--window", "window_days", default=7, show_default=True, type=click.IntRange(0),
    help="Days before its date that a total with no time of its own is taken to cover.",
)
@click.option("--top", type=click.IntRange(1), help="Only the TOP quantities with the most claims.")
@click.option("--charts", default=100, show_default=True, type=click.IntRange(0), help="Quantities drawn.")
def figures_command(
    claims, output, fmt, category, party, source, since, margin, window_days, top, charts
) -> None:
    """Who said what, when: claims grouped by the quantity they measure, across articles and sources.

    CLAIMS are JSON Lines files of claim records (`extractor extract` or `run`). Each quantity (its key:
    category|party|head|unit|rate_per) lists its figures by day and source, with a chart, and flags
    sources that disagree and totals that go down. See docs/figures.md.
    Example: extractor figures out/stories.jsonl -o out/figures.html
    """
    from extractor.figures.command import run_figures
    from extractor.figures.group import Filters

    filters = Filters(categories=category, parties=party, sources=source, since=since)
    count = run_figures(
        claims, output=output, fmt=fmt, filters=filters, margin=margin, window_days=window_days, top=top,
        charts=charts,
    )
    if output != "-":
        click.echo(f"extractor figures: {count} quantities → {output} ({fmt})", err=True)


def main() -> None:
    cli(prog_name="extractor")
