"""Every number and date shown to people is formatted here, for id_ID.

A cell hidden by small-cell protection (`ucj.suppression`) is written by every formatter of figures, whatever it
stood for (a count, its rupiah, its percentage): HIDDEN ('<5') for a count of 1 to 4 and what is computed from
it, AT_LEAST ('≥5') for a count hidden only so that a small one cannot be worked out (always 5 or more) and what
is computed from it. None stays '–' (unknown, not loaded).
"""
import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

from ucj.suppression import is_complement, is_hidden

LOCALE = "id_ID"
HIDDEN = "<5"  # a count of 1 to 4 below kabupaten level, or a figure computed from one (docs/privacy.md)
AT_LEAST = "≥5"  # a count hidden with a small one (complementary suppression), or a figure computed from it


def hidden(value) -> str:
    return AT_LEAST if is_complement(value) else HIDDEN


def number(value: int | float | None) -> str:
    """181567 -> '181.567'."""
    if is_hidden(value):
        return hidden(value)
    if value is None:
        return "–"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return _grouped(f"{int(value):,}")  # what Babel writes for a whole number, without its cost
    return format_decimal(value, format="#,##0", locale=LOCALE)


_SWAP = str.maketrans({",": ".", ".": ","})


def _grouped(english: str) -> str:
    """Python's '1,234,567.5' written as Babel writes id_ID: '1.234.567,5'. Formatting thousands of cells (a
    province's desa map, its tables) with Babel took seconds; tests/test_fmt.py holds both to the same text."""
    return english.translate(_SWAP)


def pct(value: float | None, digits: int = 2) -> str:
    """36.4785 (already a percentage) -> '36,48%'. Rounded half up, as the summary's written figures are
    (Babel alone would round half to even: 0,625 -> '0,62%' on a page against '0,63%' in the CLI)."""
    if is_hidden(value):
        return hidden(value)
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    if math.isfinite(value):
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
        return _grouped(f"{value:,.{digits}f}") + "%"
    return format_decimal(value, format=pattern, locale=LOCALE) + "%"


def pct_points(value: float | None, digits: int = 2) -> str:
    """A change in percentage points with its sign: '+1,25 poin'."""
    if is_hidden(value):
        return hidden(value)
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return f"{sign}{pct(abs(value), digits)[:-1]} poin"


def rupiah(value: int | float | None) -> str:
    """105_218_473_900 -> 'Rp105,2 miliar'; below a million the full amount: 'Rp16.800'.

    The long compact form is used on purpose: the short form's 'M' reads as million to people.
    """
    if is_hidden(value):
        return hidden(value)
    if value is None:
        return "–"
    if abs(value) < 1_000_000:
        return "Rp" + number(round(value))
    # round within the unit first, so that 999,96 juta becomes 1 miliar rather than '1000 juta'
    unit = next(u for u in (10**12, 10**9, 10**6) if abs(value) >= u)
    return "Rp" + _compact(round(value / unit, 1) * unit)


@lru_cache(maxsize=65536)
def _compact(rounded: float) -> str:
    # one Babel call per distinct amount of a tenth of a unit: a table of thousands repeats many
    return format_compact_decimal(rounded, format_type="long", fraction_digits=1, locale=LOCALE)


def rupiah_full(value: int | float | None) -> str:
    """105_218_473_900 -> 'Rp105.218.473.900'."""
    if is_hidden(value):
        return hidden(value)
    if value is None:
        return "–"
    return "Rp" + number(round(value))


def date(value: dt.date | None) -> str:
    """2026-03-17 -> '17 Maret 2026'."""
    if value is None:
        return "–"
    return format_date(value, format="long", locale=LOCALE)


def month(value: dt.date | None) -> str:
    """2025-03-01 -> 'Maret 2025'."""
    if value is None:
        return "–"
    return format_date(value, format="LLLL y", locale=LOCALE)


def signed_number(value: int | None) -> str:
    if is_hidden(value):
        return hidden(value)
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return sign + number(abs(value))


def cell(value) -> str | None:
    """A table cell as text, for a column that holds a hidden cell (a viewer's table, its download): whole numbers
    as number() writes them, others to two decimals, a hidden one '<5', a missing one left missing."""
    if value is None:
        return None
    if is_hidden(value):
        return hidden(value)
    if isinstance(value, float) and not value.is_integer():
        return format_decimal(value, format="#,##0.00", locale=LOCALE)
    return number(value)
