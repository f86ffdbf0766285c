"""Small-cell protection: a count of 1 to 4 people or claims below kabupaten level is hidden, with every figure
computed from it, and with the cells that would let it be recomputed (complementary suppression).

`ucj.access.protect` applies this at the read seam (`ucj.warehouse.read`) to every query's result, from what the
query declares in its header (`Rules`). A hidden cell is not a number in a Float64 column, and null keeps meaning
'unknown / not loaded': NaN for a count of 1 to 4 (written '<5' by `ucj.fmt`), +inf for a cell hidden only so that
a small one cannot be worked out (complementary; never 0 and never 1 to 4, so always 5 or more: written '≥5').
A figure computed from a hidden count gets its mark. Any sum that includes a hidden cell is NaN or inf too, so no
total computed downstream gives a hidden value back. docs/privacy.md states the rule and its limits.
"""
import math
from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

HIDDEN = float("nan")  # a count of 1 to 4, or a figure computed from one
COMPLEMENT = math.inf  # a count of 5 or more hidden so that a small one cannot be worked out, or a figure from one
KABUPATEN_DEPTH = 2  # '12.10': kabupaten/kota and above are never suppressed
_SHOWN, _SMALL, _COMPLEMENT = 0, 1, 2


def is_hidden(value) -> bool:
    """A cell hidden by the small-count rule (NaN or inf), as opposed to None: unknown or not loaded."""
    return isinstance(value, float) and not math.isfinite(value)


def is_complement(value) -> bool:
    """A hidden cell that is not small itself (5 or more), hidden with a small one."""
    return isinstance(value, float) and math.isinf(value)


def mark(*values) -> float:
    """The mark of a figure computed from these, one of them hidden: '<5' (NaN) if any is, else '≥5' (inf)."""
    return HIDDEN if any(isinstance(v, float) and math.isnan(v) for v in values) else COMPLEMENT


def below_kabupaten(code) -> bool:
    """A kecamatan ('12.10.01') or desa ('12.10.01.2001') code; anything else (kabupaten, provinsi, '', None) is not."""
    return isinstance(code, str) and len(code.split(".")) > KABUPATEN_DEPTH


@dataclass(frozen=True)
class Rules:
    """What a query's header tells the rule about its result.

    counts        (count column, its dependents): the dependents (rupiah, %, gap to target) are hidden with it
    region_column the column holding each row's region code; without one every row is at the level of the
                  region the query was asked about
    groupings     each a tuple of columns: rows with equal values in them (and the same parent region, when rows
                  are regions) add up to a total shown elsewhere; None = the date columns
    sums          (total column, part columns) within one row: total = sum of the parts
    """
    counts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    region_column: str | None = None
    groupings: tuple[tuple[str, ...], ...] | None = None
    sums: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    @property
    def count_columns(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.counts)

    def columns(self) -> set[str]:
        """Every column the rules name: what must exist in the query's result."""
        named = {c for c, deps in self.counts for c in (c, *deps)}
        named |= {c for g in self.groupings or () for c in g}
        named |= {c for total, parts in self.sums for c in (total, *parts)}
        return named | ({self.region_column} if self.region_column else set())


def _parent(code: str) -> str:
    return code.rsplit(".", 1)[0]


def hidden_cells(frame: pl.DataFrame, rules: Rules, min_count: int, region: str | None) -> dict[str, list[int]]:
    """Per count column and row: _SHOWN, _SMALL (1 to min_count - 1 below kabupaten), or _COMPLEMENT (hidden so that
    no group and no row sum has exactly one hidden cell that its shown total would give back)."""
    n = frame.height
    if rules.region_column:
        codes = frame[rules.region_column].to_list()
        below = [below_kabupaten(c) for c in codes]
    else:
        codes = [region] * n
        below = [below_kabupaten(region)] * n
    values = {c: frame[c].to_list() for c in rules.count_columns}
    hidden = {c: [_SMALL if below[i] and v is not None and 0 < v < min_count else _SHOWN for i, v in enumerate(vs)]
              for c, vs in values.items()}
    if not any(any(h) for h in hidden.values()):
        return hidden

    groupings = rules.groupings
    if groupings is None:
        groupings = (tuple(c for c, t in frame.schema.items() if t in (pl.Date, pl.Datetime) or
                           isinstance(t, pl.Datetime)),)
    keys = []
    for grouping in groupings:
        columns = [frame[c].to_list() for c in grouping]
        # rows that are regions add up to their parent's figure, so siblings form the group
        with_parent = rules.region_column is not None and rules.region_column not in grouping
        keys.append([tuple(col[i] for col in columns) + ((_parent(codes[i]),) if with_parent else ())
                     for i in range(n)])

    def hide_next_smallest(column: str, rows: list[int]) -> bool:
        """In a group with exactly one hidden cell, hide its smallest non-zero shown cell; True if one was."""
        shown = [i for i in rows if not hidden[column][i] and values[column][i] is not None and values[column][i] > 0]
        if sum(1 for i in rows if hidden[column][i]) != 1 or not shown:
            return False
        hidden[column][min(shown, key=lambda i: (values[column][i], i))] = _COMPLEMENT
        return True

    changed = True
    while changed:  # each pass hides at least one more cell, so this ends
        changed = False
        for column in values:
            for key in keys:
                groups = defaultdict(list)
                for i in range(n):
                    if below[i]:
                        groups[key[i]].append(i)
                for rows in groups.values():
                    changed |= hide_next_smallest(column, rows)
        for total, parts in rules.sums:
            for i in range(n):
                if not below[i] or hidden[total][i]:
                    continue
                hid = [p for p in parts if hidden[p][i]]
                shown = [p for p in parts if not hidden[p][i] and values[p][i] is not None and values[p][i] > 0]
                if len(hid) == 1 and shown:
                    hidden[min(shown, key=lambda p: (values[p][i], parts.index(p)))][i] = _COMPLEMENT
                    changed = True
    return hidden


def suppress(frame: pl.DataFrame, rules: Rules, min_count: int, region: str | None = None) -> pl.DataFrame:
    """The frame with hidden cells as NaN (small) or inf (complementary), their columns Float64; nothing changes
    where nothing is hidden, so kabupaten figures keep their types."""
    if min_count <= 1 or frame.is_empty() or not rules.counts:
        return frame
    hidden = hidden_cells(frame, rules, min_count, region)
    rows_of = defaultdict(lambda: [_SHOWN] * frame.height)
    for column, dependents in rules.counts:
        for target in (column, *dependents):
            # a figure computed from a small count and from a complement is marked small: the stronger claim
            rows_of[target] = [_SMALL if _SMALL in (a, b) else max(a, b)
                               for a, b in zip(rows_of[target], hidden[column])]
    marks = {_SMALL: HIDDEN, _COMPLEMENT: COMPLEMENT}
    # a dependent that was not computed (None) stays unknown: hiding it would claim a figure where there is none
    replaced = [pl.Series(column, [None if v is None else marks[h] if h else float(v)
                                   for h, v in zip(rows, frame[column].to_list())], dtype=pl.Float64)
                for column, rows in rows_of.items() if any(rows)]
    return frame.with_columns(replaced) if replaced else frame


def parse_counts(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """'jumlah_klaim -> jumlah_idr, peserta_aktif -> cakupan_pct kurang_ke_target, pekerja_wajib' ('none': ())."""
    text = text.strip()
    if text == "none":
        return ()
    counts = []
    for item in text.split(","):
        count, _, dependents = item.partition("->")
        counts.append((count.strip(), tuple(dependents.split())))
    return tuple(counts)


def parse_groupings(text: str | None) -> tuple[tuple[str, ...], ...] | None:
    """'bulan; manfaat' -> (('bulan',), ('manfaat',)); 'all' -> ((),): every row in one group; None when not
    declared (the date columns then)."""
    if text is None:
        return None
    if text.strip() == "all":
        return ((),)
    return tuple(tuple(c.strip() for c in g.split(",") if c.strip()) for g in text.split(";"))


def parse_sums(text: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """'peserta_aktif = aktif_pu + aktif_bpu; ...'."""
    if not text:
        return ()
    sums = []
    for item in text.split(";"):
        total, _, parts = item.partition("=")
        sums.append((total.strip(), tuple(p.strip() for p in parts.split("+"))))
    return tuple(sums)


def total(frame: pl.DataFrame, rules: Rules, columns: tuple[str, ...], min_count: int, region: str | None,
          by: tuple[str, ...] = ()) -> pl.DataFrame:
    """The sum of `columns` over every row of an unprotected result (per `by` value), as the region's own figure:
    hidden when it is a small count below kabupaten level, and with complementary suppression among the `by`
    rows (they add up to the region's total). Sums never include hidden cells, so this is the one way a total
    of protected rows is shown."""
    summed = (frame.group_by(list(by), maintain_order=True).agg(pl.col(c).sum() for c in columns).sort(list(by))
              if by else frame.select(pl.col(c).sum() for c in columns))
    counts = tuple((c, tuple(d for d in deps if d in columns)) for c, deps in rules.counts if c in columns)
    # every `by` row is part of one total (the whole range), so they form one group
    return suppress(summed, Rules(counts=counts, groupings=((),)), min_count, region)
