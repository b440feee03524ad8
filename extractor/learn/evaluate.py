"""Claim quality against a hand-annotated gold set: detection P/R/F1 and per-field accuracy.

The gold format is the one described in the shared annotation guide (one JSON file per article with
"article", "url", "published", "claims", "not_claims"); docs/eval.md states it and the richer optional
fields the project's own gold adds ("counted", "cue", "source_name", "unit").

Detection follows the shared scorer exactly, so figures from both agree on the same files: a record
matches a gold claim when its sentence contains the gold snippet (white space and case normalized)
and its value equals the gold value (or lower/upper for a range); matching is one-to-one, in gold
order, first fitting record wins. Matched optional claims count for precision but not for recall.

A second, looser pass pairs the leftovers whose snippet is in the sentence and whose number, as
written, is in the snippet: the system found the claim but read the value wrong. Those pairs stay a
miss and an extra for detection (the shared rule), and make the value accuracy mean something.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from extractor.records import RecordError, numbered_records, shape_error

# Field names in report order; "time" is the gold "dates" field.
FIELDS: tuple[str, ...] = (
    "value", "qualifier", "counted", "category", "party", "source",
    "source_name", "source_cue", "time", "unit", "rate_per",
)
# Fields that decide all-fields-right: the shared scorer's six, then the richer ones (each scored only
# when the gold claim annotates it); "source_name" joins only when annotated itself, see below.
_STRICT_FIELDS = (
    "qualifier", "party", "category", "source", "time", "rate_per", "counted", "source_cue", "unit",
)

Record = dict[str, Any]
GoldClaim = dict[str, Any]
Fits = Callable[[GoldClaim, Record], bool]
Pairs = dict[int, int]  # index of a gold claim → index of its record


class EvalError(ValueError):
    """Gold or records that cannot be read; the message names the file and the problem."""


# -- gold files --


@dataclass(frozen=True)
class GoldArticle:
    label: str  # the gold "article" (file name of the text), for messages
    url: str
    claims: list[GoldClaim]


def gold_files(path: str | Path) -> list[Path]:
    """The gold JSON files at a path: the file itself, or every *.json in a directory, sorted."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.json"))
        if not files:
            raise EvalError(f"{path}: no gold files (*.json) in this directory")
        return files
    if not path.exists():
        raise EvalError(f"{path}: no such gold file or directory")
    return [path]


def load_gold(path: Path) -> GoldArticle:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise EvalError(f"{path}: cannot read: {error}") from None
    except ValueError as error:
        raise EvalError(f"{path}: not JSON: {error}") from None
    except RecursionError:
        raise EvalError(f"{path}: not a gold file: JSON nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise EvalError(f"{path}: not a gold file (needs an object with a 'claims' list)")
    if not data.get("url") or not isinstance(data["url"], str):
        raise EvalError(f"{path}: gold file has no 'url' (a string) to pair it with records")
    for number, claim in enumerate(data["claims"], 1):
        if not isinstance(claim, dict) or not claim.get("id") or not isinstance(claim.get("sentence"), str):
            raise EvalError(f"{path}: claim {number} needs an 'id' and a 'sentence' (a string)")
    return GoldArticle(label=str(data.get("article") or path.name), url=data["url"], claims=data["claims"])


def url_key(url: str | None) -> str | None:
    """The form URLs are paired in: scheme and host lower case, no trailing slashes."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))


# -- the report --


@dataclass
class Tally:
    right: int = 0
    scored: int = 0

    @property
    def share(self) -> float | None:
        return self.right / self.scored if self.scored else None


@dataclass(frozen=True)
class Finding:
    """One line of the verbose listing: a missed gold claim, an extra record or a wrong field."""

    kind: str  # "missed" | "extra" | "wrong"
    article: str
    gold_id: str | None = None
    field: str | None = None
    got: Any = None
    want: Any = None
    note: str = ""

    def __str__(self) -> str:
        if self.kind == "missed":
            return f"{self.article}: MISSED {self.gold_id}: {self.note}"
        if self.kind == "extra":
            return f"{self.article}: EXTRA {self.note}"
        where = f"{self.article}: WRONG {self.gold_id}.{self.field}"
        return f"{where}: got {self.got!r} want {self.want!r}{self.note}"


@dataclass
class Report:
    articles: int = 0  # gold files
    claims: int = 0  # gold claims, optional included
    required: int = 0
    tp: int = 0  # records matched to a gold claim, optional included (precision counts them)
    fp: int = 0  # records of gold articles that match no gold claim
    found: int = 0  # required gold claims matched
    all_right: int = 0  # required gold claims matched with every scored field right
    fields: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FIELDS})
    unpaired_records: int = 0  # records whose article URL no gold file has
    unpaired_articles: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def all_right_share(self) -> float:
        return self.all_right / self.required if self.required else 0.0

    def shortfalls(self, *, min_f1: float = 0.0, min_field: float = 0.0) -> list[str]:
        """Why the figures are under the given minimums; empty when they are not."""
        reasons = [f"claim F1 {self.f1:.3f} < {min_f1}"] if self.f1 < min_f1 else []
        for name, tally in self.fields.items():
            if tally.share is not None and tally.share < min_field:
                reasons.append(f"{name} accuracy {tally.share:.3f} < {min_field}")
        return reasons

    def to_dict(self, *, findings: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "articles": self.articles, "claims": self.claims, "required": self.required,
            "tp": self.tp, "fp": self.fp, "found": self.found,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "fields": {name: {"right": t.right, "scored": t.scored, "share": t.share}
                       for name, t in self.fields.items()},
            "all_right": self.all_right, "all_right_share": self.all_right_share,
            "unpaired_records": self.unpaired_records, "unpaired_articles": self.unpaired_articles,
        }
        if findings:
            data["findings"] = [
                {key: value for key, value in vars(one).items() if value not in (None, "")}
                for one in self.findings
            ]
        return data


# -- evaluation --


def evaluate(gold_paths: Iterable[str | Path], records: Iterable[Record]) -> Report:
    """Score claim records (records of many articles, mixed) against gold files or directories of them."""
    golds = [load_gold(path) for given in gold_paths for path in gold_files(given)]
    by_url: dict[str | None, list[Record]] = {}
    for record in records:
        if str(record.get("schema", "extractor.claim/1")).startswith("extractor.claim"):
            article = record.get("article")
            url = article.get("url") if isinstance(article, dict) else None
            by_url.setdefault(url_key(url), []).append(record)
    report = Report()
    seen: dict[str, str] = {}
    for gold in golds:
        key = url_key(gold.url)
        assert key is not None  # load_gold requires a url
        if key in seen:
            raise EvalError(f"{gold.label}: the same URL as {seen[key]}: {gold.url}")
        seen[key] = gold.label
        _score_article(gold, by_url.pop(key, []), report)
    report.unpaired_articles = len(by_url)
    report.unpaired_records = sum(len(recs) for recs in by_url.values())
    return report


def evaluate_files(gold: str | Path, pred: str | Path) -> Report:
    """`evaluate` on a gold file or directory and a JSON Lines file; EvalError when either is unreadable."""
    gold_paths = gold_files(gold)  # a wrong gold path is told before the records are read
    try:
        records = list(_claim_records(pred))
    except RecordError as error:
        raise EvalError(str(error)) from None
    except FileNotFoundError:
        raise EvalError(f"{pred}: no such records file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise EvalError(f"{pred}: cannot read: {error}") from None
    return evaluate(gold_paths, records)


def _claim_records(path: str | Path) -> Iterator[Record]:
    """The records; a field of the wrong type is a RecordError (a score over it would mean nothing)."""
    for number, record in numbered_records(path):
        problem = shape_error(record, identified=False)
        if problem:
            raise RecordError(str(path), number, problem)
        yield record


def _score_article(gold: GoldArticle, records: list[Record], report: Report) -> None:
    site = _site_name(gold.url)
    strict = _pair(gold.claims, records, {}, _same_claim)
    loose = _pair(gold.claims, records, strict, _same_number)
    report.articles += 1
    report.claims += len(gold.claims)
    report.tp += len(strict)
    report.fp += len(records) - len(strict)
    for number, claim in enumerate(gold.claims):
        if claim.get("optional"):
            continue
        report.required += 1
        if number in loose:
            record = records[loose[number]]
            report.fields["value"].scored += 1
            report.findings.append(Finding("wrong", gold.label, claim["id"], "value", _value_of(record),
                                           _value_of(claim), " (a miss and an extra for detection)"))
        elif number not in strict:
            report.findings.append(Finding("missed", gold.label, claim["id"],
                                           note=f"{claim['sentence']!r} value={_value_of(claim)}"))
        else:
            report.found += 1
            report.fields["value"].right += 1
            report.fields["value"].scored += 1
            all_right = True
            for name, ok, got, want in _field_checks(claim, records[strict[number]], site):
                report.fields[name].scored += 1
                report.fields[name].right += ok
                if not ok:
                    report.findings.append(Finding("wrong", gold.label, claim["id"], name, got, want))
                    all_right = all_right and not _counts_for_all_right(name, claim)
            report.all_right += all_right
    paired = set(strict.values()) | set(loose.values())
    for index, record in enumerate(records):
        if index not in paired:
            note = f"value={record.get('value')!r} text={record.get('text')!r} sentence={_short(record)!r}"
            report.findings.append(Finding("extra", gold.label, note=note))


def _counts_for_all_right(name: str, claim: GoldClaim) -> bool:
    # The name check derived from "source" regexes is stricter than the shared scorer's source check,
    # so it joins all-fields-right only when the gold annotates "source_name" itself.
    return name in _STRICT_FIELDS or (name == "source_name" and "source_name" in claim)


def _pair(claims: list[GoldClaim], records: list[Record], paired: dict[int, int], fits: Fits) -> Pairs:
    """Claim index → record index for the claims and records not yet paired, one-to-one:
    each claim in turn takes the first free record that fits."""
    pairs: Pairs = {}
    taken = set(paired.values())
    for number, claim in enumerate(claims):
        if number in paired:
            continue
        for index, record in enumerate(records):
            if index not in taken and fits(claim, record):
                pairs[number] = index
                taken.add(index)
                break
    return pairs


def _same_claim(claim: GoldClaim, record: Record) -> bool:
    if _norm(claim["sentence"]) not in _norm(record.get("sentence")):
        return False
    if claim.get("value") is not None:
        return _num(record.get("value")) == _num(claim["value"])
    if "lower" in claim:
        got = (_num(record.get("lower")), _num(record.get("upper")))
        return got == (_num(claim["lower"]), _num(claim.get("upper")))
    return True


_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")


def _same_number(claim: GoldClaim, record: Record) -> bool:
    """Snippet in the sentence and the record's number as written in the snippet (value aside);
    required claims only, since an optional claim's value is not scored."""
    snippet = _norm(claim["sentence"])
    if claim.get("optional") or snippet not in _norm(record.get("sentence")):
        return False
    written = _norm(record.get("text"))
    numbers = [n.replace(",", "") for n in _NUMBER.findall(written)]
    if not numbers:  # spelled out: the words themselves
        return bool(written) and re.search(rf"\b{re.escape(written)}\b", snippet) is not None
    in_snippet = {n.replace(",", "") for n in _NUMBER.findall(snippet)}
    return all(n in in_snippet for n in numbers)


# -- field checks: each yields (field, ok, got, want) for the fields the gold claim scores --


def _field_checks(claim: GoldClaim, record: Record, site: str) -> Iterator[tuple[str, bool, Any, Any]]:
    source = record.get("source")
    source_name = source.get("name") if isinstance(source, dict) else source
    time = record.get("time") if isinstance(record.get("time"), dict) else {}
    if "qualifier" in claim:
        got = record.get("qualifier") or "exact"
        yield "qualifier", got in _as_list(claim["qualifier"]), got, claim["qualifier"]
    if "counted" in claim:
        got = record.get("counted")
        yield "counted", _substring_ok(got, claim["counted"]), got, claim["counted"]
    if "category" in claim:
        got = record.get("category")
        yield "category", got in _as_list(claim["category"]), got, claim["category"]
    if "party" in claim:
        got = record.get("party")
        yield "party", _substring_ok(got, claim["party"]), got, claim["party"]
    if "source" in claim:
        got = _source_text(source)
        want = claim["source"]
        ok = (not got or _is_outlet(got, site)) if want is None else _regex_ok(got, want)
        yield "source", ok, got or None, want
        if want is not None:  # the name alone, on attributed claims only
            want_name = claim.get("source_name", want)
            yield "source_name", _regex_ok(source_name, want_name), source_name, want_name
    if "cue" in claim:
        got = source.get("cue") if isinstance(source, dict) else None
        yield "source_cue", _regex_ok(got, claim["cue"]), got, claim["cue"]
    if "dates" in claim:
        got_dates = [str(time.get(end) or "")[:10] for end in ("start", "end")]
        ok = any(d in got_dates for d in _as_list(claim["dates"]))
        yield "time", ok, [time.get("start"), time.get("end")], claim["dates"]
    if "unit" in claim:
        got = record.get("unit")
        want_units = [u.lower() if isinstance(u, str) else u for u in _as_list(claim["unit"])]
        yield "unit", (got.lower() if isinstance(got, str) else got) in want_units, got, claim["unit"]
    if "rate_per" in claim:
        got = record.get("rate_per") or None
        yield "rate_per", got in _as_list(claim["rate_per"]), got, claim["rate_per"]


def _source_text(source: Any) -> str:
    if isinstance(source, dict):
        return " ".join(str(v) for v in (source.get("name"), source.get("text")) if v)
    return source if isinstance(source, str) else ""


_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "ac"}


# The shared scorer takes these for the outlet on any article (its first gold set came from Newsweek);
# the same words here keep both scorers' source tallies equal.
_OUTLET_WORDS = r"newsweek|publisher|article"


def _is_outlet(source_text: str, site: str) -> bool:
    """A source that is the outlet itself (publisher, article, the site's name) stands for "no source"."""
    if re.search(_OUTLET_WORDS, source_text, re.I):
        return True
    return bool(site) and site in re.sub(r"[^a-z0-9]", "", source_text.lower())  # "Meridian Post"


def _site_name(url: str) -> str:
    """The name part of the article's host: meridianpost for www.meridianpost.example, bbc for bbc.co.uk."""
    labels = [label for label in (urlsplit(url).hostname or "").split(".")[:-1] if label != "www"]
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:  # bbc.co.uk, abc.net.au
        labels.pop()
    return re.sub(r"[^a-z0-9]", "", labels[-1].lower()) if labels else ""


def _substring_ok(got: Any, want: Any) -> bool:
    """Case-insensitive substrings; a null among the accepted values accepts a missing field."""
    accepted = _as_list(want)
    if not got:
        return None in accepted
    return any(w is not None and str(w).lower() in str(got).lower() for w in accepted)


def _regex_ok(got: Any, want: Any) -> bool:
    """Case-insensitive regexes; a null among the accepted values accepts a missing field."""
    accepted = _as_list(want)
    if not got:
        return None in accepted
    return any(w is not None and re.search(w, str(got), re.I) is not None for w in accepted)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _norm(text: Any) -> str:
    return " ".join(str(text or "").replace("\u00a0", " ").split()).lower()


def _num(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _value_of(item: dict[str, Any]) -> Any:
    if item.get("value") is None and item.get("lower") is not None:
        return [item.get("lower"), item.get("upper")]
    return item.get("value")


def _short(record: Record) -> str:
    return str(record.get("sentence"))[:90]


# -- rendering --

_LABELS = {"source_name": "source name", "source_cue": "source cue", "rate_per": "rate per"}


def render(report: Report, *, verbose: bool = False) -> str:
    """The figures as a compact table; with verbose, every miss, extra and wrong field first."""
    lines = [str(f) for f in report.findings] if verbose else []
    optional = report.claims - report.required
    lines.append(f"gold: {report.articles} articles, {report.claims} claims ({optional} optional)")
    if report.unpaired_records:
        lines.append(f"{report.unpaired_records} records of {report.unpaired_articles} articles not in gold")
    lines.append(
        f"claims  P {report.precision:.3f}  R {report.recall:.3f}  F1 {report.f1:.3f}"
        f"  (tp {report.tp}, fp {report.fp}, found {report.found} of {report.required} required)"
    )
    lines.append(f"{'field':<12} {'right':>6} {'scored':>6} {'share':>6}")
    for name, tally in report.fields.items():
        share = "-" if tally.share is None else f"{tally.share:.3f}"
        lines.append(f"{_LABELS.get(name, name):<12} {tally.right:>6} {tally.scored:>6} {share:>6}")
    lines.append(f"all fields right {report.all_right} of {report.required} = {report.all_right_share:.3f}")
    return "\n".join(lines)


# -- for training: the same matching and field checks, one claim at a time --


def matched_claims(claims: list[GoldClaim], records: list[Record]) -> dict[int, int]:
    """Gold claim index → record index, paired as the detection score pairs them."""
    return _pair(claims, records, {}, _same_claim)


def field_right(claim: GoldClaim, record: Record, url: str, name: str) -> bool | None:
    """Whether the record's field `name` ("source", "time", ...) is right for the gold claim; None when
    the gold does not score it."""
    for checked, ok, _, _ in _field_checks(claim, record, _site_name(url)):
        if checked == name:
            return ok
    return None
