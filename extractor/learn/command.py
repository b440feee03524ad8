"""`extractor train`: the command's work, so that cli.py only wires it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from extractor.learn.evaluate import EvalError
from extractor.learn.train import cross_validate, figures_line, train

DECIDABLE = ("source", "time")


def run_train(
    gold: tuple[str, ...],
    output: str,
    *,
    folds: int | None,
    predictions: str | None,
    fields: str,
    model: str | None,
) -> Iterator[str]:
    """Fit (and with `folds`, cross-validate) the choosers of `fields`, write OUTPUT/decisions.json, and
    yield the figures' lines. Trouble is a `click.ClickException` with one line."""
    chosen = tuple(f.strip() for f in fields.split(",") if f.strip())
    if not chosen or set(chosen) - set(DECIDABLE):
        raise click.BadParameter(f"choose among source and time, not {fields!r}", param_hint="--fields")
    try:
        if folds:
            result = cross_validate(gold, folds, model=model, predictions=predictions, fields=chosen)
            decisions = result.decisions
            yield figures_line("rules", result.rules)
            yield figures_line(f"held out ({folds} folds by article)", result.held_out)
            yield figures_line("in sample", result.in_sample)
        else:
            decisions = train(gold, model=model, fields=chosen)
    except (EvalError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    Path(output).mkdir(parents=True, exist_ok=True)
    decisions.save(Path(output) / "decisions.json")
    click.echo(f"extractor train: {', '.join(sorted(decisions.choosers))} choosers in {output}", err=True)
