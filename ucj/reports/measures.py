"""Every figure derived from warehouse figures, defined once: UCJ %, its band, the gap to target in people,
the cost of covering workers, the funding scenario and the year-end forecast of new participants.

Pages, the briefing, the map and the command line call these; none of them divides or multiplies figures on
its own. SQL has the same two definitions that queries need inside the database, as macros in
`ucj/warehouse/sql/marts/00_macros.sql` (`cakupan_pct`, `kurang_ke_target`); `tests/test_measures.py` holds the
two to the same answers at the edges.
"""
import math
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ucj.settings import (BAND_NAMES, BPU_JKK_JKM_MONTHLY_IDR, DEFAULT_BAND_LIMITS,
                          SERTAKAN_WORKERS_PER_ASN, WORKER_FUNDING_SOURCES)
from ucj.suppression import is_hidden, mark


def coverage_pct(active: int | None, eligible: int | None) -> float | None:
    """UCJ %: active participants / workers who should be covered x 100; None without a denominator."""
    if not eligible or active is None:
        return None
    return 100 * active / eligible  # a hidden count (NaN) gives a hidden percentage


def coverage_pct_2dp(active: int, eligible: int | None) -> float | None:
    """UCJ % to two decimals, rounded half up, for exact figures written out (66234 of 181567 -> 36.48)."""
    if not eligible:
        return None
    if is_hidden(active) or is_hidden(eligible):
        return mark(active, eligible)
    return float((Decimal(active) * 100 / Decimal(eligible)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def band(pct: float | None, limits: tuple[float, float, float] = DEFAULT_BAND_LIMITS) -> str | None:
    """None without a percentage and for a hidden one: a band would narrow down the hidden count."""
    if pct is None or is_hidden(pct):
        return None
    for name, limit in zip(BAND_NAMES, limits):
        if pct < limit:
            return name
    return BAND_NAMES[-1]


def whole(value) -> int | float | None:
    """A count as read: an int, None (unknown) or a hidden cell kept hidden (int() of NaN would fail)."""
    if value is None or is_hidden(value):
        return value
    return int(value)


def yearly_cost_idr(workers: int, monthly_idr: int = BPU_JKK_JKM_MONTHLY_IDR) -> int:
    """Covering N workers with JKK + JKM for a year: N x 12 x the monthly contribution (hidden for a hidden N)."""
    return workers * monthly_idr * 12


def people_to_target(target_pct: float | None, eligible: int | None, active: int) -> int | None:
    """How many more active participants reach the target; 0 when it is reached."""
    if target_pct is None or not eligible:
        return None
    if is_hidden(eligible) or is_hidden(active):
        return mark(eligible, active)  # max(0, NaN) would say 0, 'target reached'
    return max(0, math.ceil(float(target_pct) * eligible / 100 - 1e-9) - active)


@dataclass(frozen=True)
class Scenario:
    added_by_source: dict[str, int]
    added: int
    projected_active: int
    projected_pct: float | None
    remaining_to_target: int | None
    yearly_cost_idr: int


def simulate(active: int, eligible: int | None, target_pct: float | None, workers_by_source: dict[str, int],
             asn_for_sertakan: int = 0, monthly_idr: int = BPU_JKK_JKM_MONTHLY_IDR) -> Scenario:
    """Projected UCJ % if the chosen sources fund these workers (SERTAKAN: each ASN sponsors 5).

    Added workers cannot exceed those not yet covered: coverage stops at 100%.
    """
    added_by_source = {s: max(0, int(workers_by_source.get(s, 0))) for s in WORKER_FUNDING_SOURCES}
    added_by_source["SERTAKAN"] = max(0, int(asn_for_sertakan)) * SERTAKAN_WORKERS_PER_ASN
    wanted = sum(added_by_source.values())
    # with a hidden count the room left is unknown to the reader: the projection is hidden, the cost is not
    room = max(0, (eligible or 0) - active) if eligible and not (is_hidden(eligible) or is_hidden(active)) else wanted
    added = min(wanted, room)
    projected = active + added
    return Scenario(
        added_by_source=added_by_source,
        added=added,
        projected_active=projected,
        projected_pct=coverage_pct(projected, eligible),
        remaining_to_target=people_to_target(target_pct, eligible, projected),
        yearly_cost_idr=yearly_cost_idr(added, monthly_idr),
    )


PACE_MONTHS = 6  # the months a forecast's pace is read from: half a year, so that one month is never the half


@dataclass(frozen=True)
class Forecast:
    realised: int
    months_counted: int  # the months the pace was read from
    monthly_rate: float  # the median of those months
    forecast_year_end: int
    target_year: int | None
    reaches_target: bool | None
    low: int  # the forecast at the lower quartile of those months
    high: int  # ... and at the upper quartile
    months_left: int = 0
    low_rate: float = 0.0
    high_rate: float = 0.0

    def by(self, months: int) -> tuple[int, int, int]:
        """(low, forecast, high) of new participants `months` months after the last realised one: the pace counts
        for the months left at most."""
        return tuple(self.realised + added(rate, min(months, self.months_left))
                     for rate in (self.low_rate, self.monthly_rate, self.high_rate))


def added(rate: float, months: int) -> int:
    """People a monthly pace adds in whole months, half up (a median of two months can end in ,5)."""
    return int(Decimal(str(rate * months)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _quartiles(values: list[int]) -> tuple[float, float, float]:
    """Lower quartile, median, upper quartile, interpolated between the sorted values (numpy's 'linear')."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return (float(ordered[0]),) * 3
    q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return q1, median, q3


def run_rate_forecast(realised_by_month: list[int], months_left: int, target_year: int | None = None,
                      recent: list[int] | None = None) -> Forecast:
    """Year-end forecast: new participants realised so far this year plus the median of the monthly new participants
    of the last PACE_MONTHS months (`recent`, oldest first up to this month, reaching back into last year early in
    the year; by default the year's own months) times the months the office still serves the regency this year
    (fewer than the calendar's when it stops serving it). The range puts the lower and upper quartile of the same
    months in place of the median. One month of bulk enrolment among six (a regency enrolling the workers it sponsors
    at once) moves the median by at most a step between ordinary months: it counts in what was realised and is not
    carried forward."""
    realised = sum(realised_by_month)
    pace = list(realised_by_month if recent is None else recent)[-PACE_MONTHS:]
    q1, median, q3 = _quartiles(pace) if pace else (0.0, 0.0, 0.0)
    forecast, low, high = (realised + added(rate, months_left) for rate in (median, q1, q3))
    return Forecast(realised, len(pace), median, forecast, target_year,
                    None if target_year is None else forecast >= target_year, low, high, months_left, q1, q3)
