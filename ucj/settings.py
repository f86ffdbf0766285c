"""Rules of the domain that people may want to change: UCJ bands, contribution rates, scenario factors.

Defaults here; the app lets a user adjust them for a session (Pengaturan in the sidebar).
"""
import math
from dataclasses import dataclass

BAND_NAMES = ("sangat rendah", "rendah", "sedang", "tinggi")
# a UCJ % below the first limit is 'sangat rendah', below the second 'rendah', below the third 'sedang'.
# Regions set their own limits; these are a neutral default.
DEFAULT_BAND_LIMITS = (20.0, 35.0, 50.0)
BAND_COLOURS = ("#d7301f", "#fc8d59", "#fdcc8a", "#31a354")

# BPU minimum package: JKK Rp10.000 (1% of a declared Rp1.000.000) + JKM Rp6.800, per worker per month
BPU_JKK_JKM_MONTHLY_IDR = 16_800
SERTAKAN_WORKERS_PER_ASN = 5
FUNDING_SOURCES = ("APBD", "APBDes", "DBH Sawit", "CSR", "SERTAKAN")
LAPSE_HORIZON_DAYS = 90


def band(pct: float | None, limits: tuple[float, float, float] = DEFAULT_BAND_LIMITS) -> str | None:
    if pct is None:
        return None
    for name, limit in zip(BAND_NAMES, limits):
        if pct < limit:
            return name
    return BAND_NAMES[-1]


def check_band_limits(limits) -> tuple[float, float, float]:
    limits = tuple(float(x) for x in limits)
    if len(limits) != 3 or not (0 < limits[0] < limits[1] < limits[2] < 100):
        raise ValueError("batas pita harus tiga angka naik di antara 0 dan 100")
    return limits


def yearly_cost_idr(workers: int, monthly_idr: int = BPU_JKK_JKM_MONTHLY_IDR) -> int:
    """Covering N workers with JKK + JKM for a year: N x 12 x the monthly contribution."""
    return workers * monthly_idr * 12


def people_to_target(target_pct: float | None, eligible: int | None, active: int) -> int | None:
    """How many more active participants reach the target; 0 when it is reached."""
    if target_pct is None or not eligible:
        return None
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
    added_by_source = {s: max(0, int(workers_by_source.get(s, 0))) for s in FUNDING_SOURCES if s != "SERTAKAN"}
    added_by_source["SERTAKAN"] = max(0, int(asn_for_sertakan)) * SERTAKAN_WORKERS_PER_ASN
    wanted = sum(added_by_source.values())
    room = max(0, (eligible or 0) - active) if eligible else wanted
    added = min(wanted, room)
    projected = active + added
    return Scenario(
        added_by_source=added_by_source,
        added=added,
        projected_active=projected,
        projected_pct=100 * projected / eligible if eligible else None,
        remaining_to_target=people_to_target(target_pct, eligible, projected),
        yearly_cost_idr=yearly_cost_idr(added, monthly_idr),
    )


@dataclass(frozen=True)
class Forecast:
    realised: int
    months_counted: int
    monthly_rate: float
    forecast_year_end: int
    target_year: int | None
    reaches_target: bool | None


def run_rate_forecast(realised_by_month: list[int], months_left: int, target_year: int | None = None) -> Forecast:
    """Year-end forecast from the year so far: realised + mean monthly pace x the months the office still
    has this year (fewer than the calendar's when it stops serving the regency)."""
    done = len(realised_by_month)
    realised = sum(realised_by_month)
    rate = realised / done if done else 0.0
    forecast = round(realised + rate * months_left)
    return Forecast(realised, done, rate, forecast, target_year,
                    None if target_year is None else forecast >= target_year)
