"""The `extractor` command line: each command wires the stages together, nothing more."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from extractor import __version__
from extractor.article import Article, ArticleError, from_text, parse_html
from extractor.records import schema, write_jsonl


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ArticleError("missing", "no such file") from None
    except IsADirectoryError:
        raise ArticleError("missing", "is a directory") from None
    except OSError as error:
        raise ArticleError("read", error.strerror or str(error)) from None


def _load_article(
    path: str, *, fmt: str, url: str | None, published: str | None, title: str | None
) -> Article:
    from extractor.pipeline import override

    data = _read_bytes(path)
    if fmt == "text" or (fmt == "auto" and path.endswith(".txt")):
        if b"\x00" in data[:4096]:
            raise ArticleError("binary", "the input is binary, not text")
        article = from_text(data.decode("utf-8", errors="replace"), url=url, title=title, published=published)
    else:
        article = parse_html(data, url=url)
    return override(article, url=url, published=published, title=title)


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
@click.option("--published", help="Publication date, ISO 8601 (overrides the page's date).")
@click.option("--title", help="The headline (overrides the page's; plain text has none otherwise).")
@format_option
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file.")
@click.option("--model", help="spaCy model to load (default: $EXTRACTOR_SPACY_MODEL or en_core_web_sm).")
def extract(paths, url, published, title, fmt, output, model) -> None:
    """Extract claim records from local HTML or text files (- for stdin).

    Example: extractor extract fixtures/pages/01-war-losses.html
    """
    from extractor.pipeline import Extractor

    started = time.monotonic()
    extractor = Extractor(model)
    failed = claims = 0
    for path in paths:
        try:
            article = _load_article(path, fmt=fmt, url=url, published=published, title=title)
        except ArticleError as error:
            click.echo(f"extractor: {path}: {error}", err=True)
            failed += 1
            continue
        claims += write_jsonl(extractor.extract_article(article), output)
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
    try:
        article = _load_article(path, fmt=fmt, url=url, published=None, title=title)
    except ArticleError as error:
        raise click.ClickException(f"{path}: {error}") from None
    click.echo(article.text)


@cli.command(name="schema")
def schema_command() -> None:
    """Print the JSON Schema of a claim record."""
    click.echo(json.dumps(schema(), indent=2))


# -- run command (batch over URLs) --


@cli.command(name="run")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Claim records (JSONL).")
@click.option("--cache", "cache_dir", default=".extractor-cache", show_default=True, help="Page store.")
@click.option("--offline", is_flag=True, help="Read pages from the cache only, never the network.")
@click.option("--resume", is_flag=True, help="Keep OUT and its status file; do only the inputs not done.")
@click.option(
    "--concurrency", default=16, show_default=True, type=click.IntRange(1), help="Requests at once."
)
@click.option(
    "--per-host", default=2, show_default=True, type=click.IntRange(1), help="Requests at once per host."
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds to connect, and between two reads.",
)
@click.option(
    "--total-timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds for one whole request.",
)
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0), help="Retries per URL.")
@click.option(
    "--backoff",
    default=0.5,
    show_default=True,
    type=click.FloatRange(0),
    help="Seconds before the first retry (doubling, with jitter).",
)
@click.option(
    "--max-bytes",
    default=10_000_000,
    show_default=True,
    type=click.IntRange(1),
    help="Largest body accepted, after decompression.",
)
@click.option("--user-agent", help="User-Agent header (default: extractor/VERSION with a contact URL).")
@click.option("--ignore-robots", is_flag=True, help="Do not read or honour robots.txt.")
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
def run_command(
    input_path,
    output,
    cache_dir,
    offline,
    resume,
    concurrency,
    per_host,
    timeout,
    total_timeout,
    retries,
    backoff,
    max_bytes,
    user_agent,
    ignore_robots,
    model,
    workers,
    extract_timeout,
    dask_address,
) -> None:
    """Extract claims from every URL or local HTML path listed in INPUT (one a line; - for stdin).

    Records go to OUTPUT, in input order; OUTPUT.status.jsonl gets one line per input. Exit status
    0: every input succeeded, 3: some failed (see the status file), 1: the run could not start or go
    on, 130: interrupted. See docs/run.md. Example: extractor run urls.txt -o out/claims.jsonl --resume
    """
    from extractor import batch
    from extractor.fetch import DEFAULT_USER_AGENT, FetchSettings

    fetch = FetchSettings(
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
    settings = batch.RunSettings(
        fetch=fetch,
        cache_dir=Path(cache_dir),
        offline=offline,
        resume=resume,
        model=model,
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

    sys.exit(run_diff(old, new, fmt=fmt, output=output, fields=fields, ignore_fields=ignore_fields))


# -- eval command --


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
    from extractor.evaluate import EvalError, evaluate_files, render

    try:
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


def main() -> None:
    cli(prog_name="extractor")
