"""Units of measure: how each is written, and its value in SI base units, from pint's unit registry.

The project's table (`extractor/nlp/data/units.json`) names the units it reads, each by its canonical
name (what records carry in `unit`) and the pint expression it stands for ("kilometre": "kilometer",
"square mile": "mile ** 2", "kilometre per hour": "kilometer / hour"). pint supplies the spellings:
the unit's names and its registry aliases, British spellings, plurals, symbols with their prefixes
("km", "kWh", "mAh", "°C"), and "square"/"cubic"/"per" forms of compounds. The table adds only what
news writes and pint lacks ("kms", "kph", "barrels a day", "pc"), and drops pint's forms that prose
uses for other words ("in" is no inch, "t" no tonne). A unit with no pint expression ("percentage
point", "magnitude") is read by its aliases alone and has no SI value.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from extractor.records import SIValue

Table = dict[str, Any]

# pint's names are American; records spell units the British way (README, Units).
_BRITISH = (("meter", "metre"), ("liter", "litre"))
# A unit's plural is its head word's: "degrees Celsius", "miles per hour", "kilowatt hours".
_PLURAL_EXCEPTIONS = {"foot": "feet", "inch": "inches"}
_NO_PLURAL = frozenset({"celsius", "fahrenheit", "hertz", "horsepower", "percent", "ppm"})


@cache
def _registry() -> Any:
    import pint  # imported on first use: pint costs about half a second to load

    return pint.UnitRegistry()


@cache
def package_table() -> Table:
    """The units table shipped with the package (read once: every measurement's `si` looks it up)."""
    return json.loads(resources.files("extractor.nlp").joinpath("data/units.json").read_text("utf-8"))


def aliases(table: Table) -> dict[str, tuple[str, ...]]:
    """Canonical name -> every form it is read in (lower-case), pint's and the table's, the table's
    `unread` forms left out. Ordered as written: pint's forms first, then the news aliases."""
    unread = {w.lower() for w in table.get("unread", [])}
    out: dict[str, tuple[str, ...]] = {}
    for name, entry in table["units"].items():
        forms = _pint_forms(entry["pint"]) if entry.get("pint") else ()
        written = [f for f in (*forms, *(a.lower() for a in entry.get("aliases", ()))) if f not in unread]
        out[name] = tuple(dict.fromkeys(written))
    return out


def alias_index(table: Table) -> dict[str, str]:
    """Form (lower-case) -> canonical name."""
    return {form: name for name, forms in aliases(table).items() for form in forms}


@cache
def _pint_forms(expression: str) -> tuple[str, ...]:
    """Every way pint knows to write a unit expression: "kilometer" -> kilometer(s), kilometre(s), km;
    "mile / hour" -> mile(s) per hour, mph (pint's own symbol for it); "kilometer ** 2" -> square
    kilometre(s), sq km, km2, km²."""
    ureg = _registry()
    units = ureg.parse_units(expression)
    parts = list(units._units.items())
    if len(parts) == 1 and parts[0][1] == 1:
        return tuple(dict.fromkeys(_single_forms(parts[0][0])))
    if len(parts) == 1 and parts[0][1] in (2, 3):
        unit, power = parts[0]
        word = "square" if power == 2 else "cubic"
        names, symbols = _names(unit), _symbols(unit)
        forms = [f"{word} {n}" for n in names] + [f"{word} {_plural(n)}" for n in names]
        forms += [f"{'sq' if power == 2 else 'cu'} {s}" for s in symbols]
        forms += [s + str(power) for s in symbols] + [s + ("²" if power == 2 else "³") for s in symbols]
        return tuple(dict.fromkeys(f.lower() for f in forms))
    if len(parts) == 2 and sorted(p for _, p in parts) == [-1, 1]:
        top = next(u for u, p in parts if p == 1)
        bottom = next(u for u, p in parts if p == -1)
        forms = []
        for n in _names(top):
            for b in _names(bottom):
                forms += [f"{n} per {b}", f"{_plural(n)} per {b}"]
        forms += [f"{s}/{b}" for s in _symbols(top) for b in _symbols(bottom)]
        return tuple(dict.fromkeys(f.lower() for f in forms))
    raise ValueError(f"units.json: {expression!r} is neither a unit, a square or cube, nor a unit per unit")


def _single_forms(unit: str) -> list[str]:
    names = _names(unit)
    return [f.lower() for f in (*names, *(_plural(n) for n in names), *_symbols(unit))]


def _names(unit: str) -> list[str]:
    """A unit's names: pint's (underscores as spaces), its registry aliases that are words, their
    British spellings; a prefixed unit ("kilometer") takes its prefix before each name of its base."""
    ureg = _registry()
    prefix, base, _ = ureg.parse_unit_name(unit)[0]
    definition = ureg._units[base]
    # Registry aliases that are other spellings of the name ("metre", "feet", "tonne" for metric_ton,
    # "celsius"), not other names ("octet" for byte, "arcdeg" for degree) nor symbols ("degC").
    last = base.rsplit("_", 1)[-1].lower()
    words = [base, *(a for a in definition.aliases if a.isalpha() and a.islower() and a[0] == last[0])]
    names = [prefix + w.replace("_", " ") for w in words]
    for american, british in _BRITISH:
        names += [n.replace(american, british) for n in names if american in n]
    return list(dict.fromkeys(names))


def _symbols(unit: str) -> list[str]:
    ureg = _registry()
    prefix, base, _ = ureg.parse_unit_name(unit)[0]
    symbol = ureg._units[base].symbol
    if not symbol or symbol == base:
        return []
    return [(ureg._prefixes[prefix].symbol if prefix else "") + symbol]


def _plural(name: str) -> str:
    words = name.split(" ")
    at = words.index("per") - 1 if "per" in words else 0 if words[0] == "degree" else len(words) - 1
    head = words[at]
    if head in _NO_PLURAL or head.endswith("hertz"):
        plural = head
    elif head in _PLURAL_EXCEPTIONS:
        plural = _PLURAL_EXCEPTIONS[head]
    elif head.endswith(("feet", "s")):
        plural = head  # already plural: "feet", "revolutions per minute"
    elif re.search(r"(x|ch|sh)$", head):
        plural = head + "es"
    else:
        plural = head + "s"
    return " ".join([*words[:at], plural, *words[at + 1 :]])


def to_si(
    value: float | int | None, unit: str | None, table: Table | None = None
) -> tuple[float, str] | None:
    """A dimensioned value in SI base units: (12, "mile") -> (19312.128, "m"), (-5, "degree Celsius")
    -> (268.15, "K"); None for counts, money, shares and units without a pint expression."""
    if value is None or unit is None:
        return None
    entry = (table or package_table())["units"].get(unit)
    if not entry or not entry.get("pint"):
        return None
    return _to_si(float(value), entry["pint"])


@cache
def _si_of_one(expression: str) -> tuple[str, float, float] | None:
    """The SI unit of an expression with its factor and offset (offset units: degree Celsius)."""
    ureg = _registry()
    if ureg.parse_units(expression).dimensionless:
        return None  # percent, parts per million: a share has no SI unit to compare in
    zero = ureg.Quantity(0.0, expression).to_base_units()
    one = ureg.Quantity(1.0, expression).to_base_units()
    return f"{one.units:~C}", float(one.magnitude) - float(zero.magnitude), float(zero.magnitude)


def _to_si(value: float, expression: str) -> tuple[float, str] | None:
    si = _si_of_one(expression)
    if si is None:
        return None
    symbol, factor, offset = si
    return float(f"{value * factor + offset:.10g}"), symbol


def glued_forms(table: Table) -> frozenset[str]:
    """Forms that also count written against the digits ("39ft", "300bhp", "5kWh", "-5C"): every short
    form without a space, single letters only where the table says ("m", "c"; "5G" is a network, not
    grams), and the table's own `glued` list."""
    listed = {w.lower() for w in table["glued"]}
    short = {
        form
        for forms in aliases(table).values()
        for form in forms
        if " " not in form and len(form) <= 5 and (len(form) > 1 or form in listed)
    }
    return frozenset(short | listed)


def si_value(value: float | int | None, unit: str | None) -> SIValue | None:
    """The record's `si` field: a measurement in SI base units, None for anything else."""
    si = to_si(value, unit)
    return None if si is None else SIValue(value=si[0], unit=si[1])
