"""The one random stream every demo generator draws from, the desa it places people in, and small helpers.

Every draw is taken from Stream.rng in a fixed order, up to HORIZON; the same seed gives the same rows, and a
data's last month only cuts them.
"""
import datetime as dt

import numpy as np
import polars as pl

from ucj.demo.calibration import (DESA_AFFINITY_SIGMA, DESA_WEIGHT_SIGMA, HORIZON, KELURAHAN_AFFINITY,
                                  KELURAHAN_WEIGHT, LATEST_LAST_MONTH, REGENCIES, Where)

NAT = np.datetime64("NaT", "D")
NO_END = np.datetime64("2999-12-31", "D")  # stands for an open cover in date comparisons


def last_full_month(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def default_last_month(today: dt.date | None = None) -> dt.date:
    """The demo's last month when none is asked: the last full month, or the last drawn (HORIZON's) after it."""
    return min(last_full_month(today), LATEST_LAST_MONTH)


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def months(first: dt.date, last: dt.date):
    """The first day of every month from first's to last's, both included."""
    month = first
    while month <= last:
        yield month
        month = month_end(month) + dt.timedelta(days=1)


def day(value: dt.date) -> np.datetime64:
    return np.datetime64(value, "D")


def full(n: int, value, dtype=object) -> np.ndarray:
    return np.full(n, value, dtype=dtype)


def days(n: int, value: dt.date | None) -> np.ndarray:
    """n copies of one date (NaT for None) as a date column."""
    return full(n, NAT if value is None else day(value), "datetime64[D]")


def frame(columns: dict) -> pl.DataFrame:
    """A polars frame from numpy columns; object arrays (strings with None) become text columns."""
    return pl.DataFrame({
        name: pl.Series(name, values.tolist(), dtype=pl.String)
        if isinstance(values, np.ndarray) and values.dtype == object else values
        for name, values in columns.items()
    })


class Stream:
    """The random stream, the last day drawn (HORIZON, whatever the data's last month), and each regency's desa
    with their drawn weights. Nothing drawn depends on the data's last month: the builder cuts at it afterwards."""

    def __init__(self, seed: int, wilayah: pl.DataFrame) -> None:
        self.rng = np.random.default_rng(seed)
        self.end = HORIZON
        self.desa: dict[str, dict[str, np.ndarray]] = {}
        for plan in REGENCIES:
            codes = np.array(sorted(
                wilayah.filter((pl.col("tingkat") == "desa_kelurahan")
                               & pl.col("kode").str.starts_with(plan.kode + "."))["kode"].to_list()), dtype=object)
            kelurahan = np.array([c.split(".")[-1].startswith("1") for c in codes])
            weight = self.rng.lognormal(0.0, DESA_WEIGHT_SIGMA, len(codes)) * np.where(kelurahan, KELURAHAN_WEIGHT, 1.0)
            affinity = (self.rng.lognormal(0.0, DESA_AFFINITY_SIGMA, len(codes))
                        * np.where(kelurahan, KELURAHAN_AFFINITY, 1.0))
            self.desa[plan.kode] = {"kode": codes, "kelurahan": kelurahan, "weight": weight, "affinity": affinity}

    def has_desa(self, kab: str) -> bool:
        return not self.desa[kab]["kelurahan"].all()

    def pick_desa(self, kab: str, n: int, only: str | None = None) -> np.ndarray:
        d = self.desa[kab]
        p = d["weight"] * d["affinity"]
        if only == "desa":
            p = p * ~d["kelurahan"]
        elif only == "kelurahan":
            p = p * d["kelurahan"]
        return d["kode"][self.rng.choice(len(p), n, p=p / p.sum())]

    def every_desa(self, kab: str, per_desa: int) -> np.ndarray:
        d = self.desa[kab]
        return np.repeat(d["kode"][~d["kelurahan"]], per_desa)

    def place(self, where: Where) -> np.ndarray:
        """The desa of each of a cohort's people (see Where)."""
        if where.how == "per_desa":
            return self.every_desa(where.kab, where.count)
        if where.how == "in_turn":
            desa = self.every_desa(where.kab, 1)
            return desa[np.arange(where.count) % len(desa)]
        return self.pick_desa(where.kab, where.count, where.only)

    def dates(self, n: int, start: dt.date, end: dt.date) -> np.ndarray:
        """n dates uniformly in [start, end], both included."""
        span = (end - start).days + 1
        return day(start) + self.rng.integers(0, span, n).astype("timedelta64[D]")

    def durations(self, n: int, low_high: tuple[int, int]) -> np.ndarray:
        """n whole numbers of days in [low, high)."""
        return self.rng.integers(*low_high, n).astype("timedelta64[D]")

    def choose(self, n: int, options: dict) -> np.ndarray:
        """n of options' keys, drawn in proportion to their weights."""
        names = list(options)
        p = np.array([options[k] for k in names], dtype=float)
        return np.array(names, dtype=object)[self.rng.choice(len(names), n, p=p / p.sum())]
