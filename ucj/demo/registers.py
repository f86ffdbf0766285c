"""The demo's registers beside participants and claims: worker-group rosters, synthetic NIKs, the workers
who should be covered (denominators) and the targets."""
import datetime as dt

import numpy as np
import polars as pl

from ucj.demo.calibration import (ANCHOR, BATCH_MONTH_FACTOR, DATA_START, DENOMINATOR_GROWTH, DENOMINATOR_SOURCE,
                                  MAX_DESA_COVERAGE, NATIONAL_TARGETS, NEW_PARTICIPANT_TARGET_FACTOR, NIK_BIRTH_DAYS,
                                  NIK_FIRST_SERIAL,
                                  PUBLISHED_DENOMINATOR, REGENCIES, REGENCY_TARGET_SOURCE, ROSTERS, SERVICE,
                                  TARGET_ABOVE_ANCHOR_PCT, TARGET_RISE_PER_YEAR_PCT)
from ucj.demo.stream import NO_END, Stream, day, days, full, month_end, months

Columns = dict[str, np.ndarray]


def draw_rosters(stream: Stream, people: Columns) -> Columns:
    """Worker-group rosters: the people a region knows of, covered (person >= 0) or not (person -1); all of them,
    whatever their date (the builder keeps those dated within the data)."""
    parts = []
    for r in ROSTERS:
        covered = np.flatnonzero(people["tag"] == r.covered) if r.covered else np.array([], int)
        uncovered = stream.place(r.uncovered)
        person = np.concatenate([covered, np.full(len(uncovered), -1)])
        n = len(person)
        parts.append({"person": person,
                      "kode_desa": np.concatenate([people["kode_desa"][covered], uncovered]).astype(object),
                      "kelompok_pekerja": full(n, r.kelompok), "sumber": full(n, r.sumber),
                      "tanggal_data": days(n, r.tanggal)})
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def synthetic_niks(stream: Stream, desa: np.ndarray) -> np.ndarray:
    """Unique, well-formed synthetic NIKs: issuing kecamatan, birth date (women + 40), serial."""
    rng, n = stream.rng, len(desa)
    region = np.array([c[:2] + c[3:5] + c[6:8] for c in desa], dtype=object)
    birth = stream.dates(n, *NIK_BIRTH_DAYS).astype(dt.date)
    female = rng.random(n) < 0.5
    prefix = np.array([f"{r}{b.day + (40 if f else 0):02d}{b.month:02d}{b.year % 100:02d}"
                       for r, b, f in zip(region, birth, female)], dtype=object)
    serial = rng.integers(NIK_FIRST_SERIAL, 10000, n)
    niks = prefix + np.array([f"{s:04d}" for s in serial], dtype=object)
    while True:
        _, first, counts = np.unique(niks, return_index=True, return_counts=True)
        dup = np.setdiff1d(np.arange(n), first)
        if not len(dup):
            return niks
        niks[dup] = prefix[dup] + np.array([f"{s:04d}" for s in rng.integers(1, 10000, len(dup))], dtype=object)


def apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split a whole number in proportion to weights, in whole numbers that add up exactly."""
    share = total * weights / weights.sum()
    out = np.floor(share).astype(np.int64)
    out[np.argsort(-(share - out))[: total - int(out.sum())]] += 1
    return out


def yearly_peaks(stream: Stream, people: Columns, codes: np.ndarray) -> dict[int, np.ndarray]:
    """Each desa's highest month-end active count, per year of the data."""
    position = {c: i for i, c in enumerate(codes)}
    desa_idx = np.array([position[c] for c in people["kode_desa"]])
    daftar = people["tanggal_daftar"]
    sampai = np.where(np.isnat(people["aktif_sampai"]), NO_END, people["aktif_sampai"])
    peak = {y: np.zeros(len(codes), np.int64) for y in range(DATA_START.year, stream.end.year + 1)}
    for month in months(DATA_START, stream.end):
        on = day(month_end(month))
        active = np.bincount(desa_idx[(daftar <= on) & (sampai >= on)], minlength=len(codes))
        peak[month.year] = np.maximum(peak[month.year], active)
    return peak


def denominators(stream: Stream, people: Columns) -> pl.DataFrame:
    """Workers who should be covered, per desa per year; never below the desa's highest active count
    over MAX_DESA_COVERAGE, otherwise in proportion to the desa's weight."""
    codes = np.concatenate([stream.desa[p.kode]["kode"] for p in REGENCIES])
    position = {c: i for i, c in enumerate(codes)}
    peak = yearly_peaks(stream, people, codes)
    rows = []
    for plan in REGENCIES:
        d = stream.desa[plan.kode]
        sel = np.array([position[c] for c in d["kode"]])
        for year in peak:
            total = round(plan.eligible_2025 * DENOMINATOR_GROWTH ** (year - ANCHOR.year))
            floor = np.ceil(peak[year][sel] / MAX_DESA_COVERAGE).astype(np.int64)
            ideal = total * d["weight"] / d["weight"].sum()
            slack = np.maximum(ideal - floor, 0) + 1e-9
            if floor.sum() > total:
                raise RuntimeError(f"demo denominators of {plan.kode} {year} cannot hold its active participants")
            values = floor + apportion(total - int(floor.sum()), slack)
            if (plan.kode, year) == PUBLISHED_DENOMINATOR[:2]:
                sumber, tanggal = PUBLISHED_DENOMINATOR[2], ANCHOR
            else:
                sumber, tanggal = DENOMINATOR_SOURCE, dt.date(year - 1, 11, 30)
            rows.append(pl.DataFrame({
                "kode_desa": d["kode"].tolist(), "berlaku_mulai": [dt.date(year, 1, 1)] * len(sel),
                "jumlah_pekerja": values.tolist(), "sumber": [sumber] * len(sel),
                "tanggal_sumber": [tanggal] * len(sel)}))
    return pl.concat(rows)


def ucj_targets(last_year: int) -> pl.DataFrame:
    """UCJ % targets per regency per year to last_year, and the province's national ones."""
    rows = []
    for plan in REGENCIES:
        base = 100 * plan.active_at_anchor / plan.eligible_2025
        for year in range(DATA_START.year, last_year + 1):
            rows.append((plan.kode, year,
                         round(base + TARGET_ABOVE_ANCHOR_PCT + TARGET_RISE_PER_YEAR_PCT * (year - ANCHOR.year)),
                         REGENCY_TARGET_SOURCE))
    rows += NATIONAL_TARGETS
    return pl.DataFrame(rows, schema=["kode_wilayah", "tahun", "target_pct", "sumber"], orient="row")


def new_participant_targets(people: Columns, last_year: int) -> pl.DataFrame:
    """Monthly targets for new participants, as an office sets them knowing the year's agreements: the year's
    ordinary month (the median month so far) times a factor, in tens, every month it serves the regency; and in a
    month with a batch enrolment (more than BATCH_MONTH_FACTOR ordinary months: a regency or an employer enrolling
    the workers it sponsors at once) the batch too, in tens. Every month to December of last_year has a target;
    the people are all those drawn (to HORIZON), so a month's target does not depend on where the data ends."""
    registered = pl.DataFrame({"kab": people["kode_kabupaten"], "daftar": people["tanggal_daftar"]})
    monthly = (registered.filter(pl.col("daftar") >= DATA_START)
               .with_columns(bulan=pl.col("daftar").dt.truncate("1mo"))
               .group_by("kab", "bulan").len("baru")
               .with_columns(tahun=pl.col("bulan").dt.year())
               .with_columns(biasa=pl.col("baru").median().over("kab", "tahun")))
    in_tens = lambda expr: ((expr / 10).round() * 10).cast(pl.Int64)  # noqa: E731
    yearly = (monthly.group_by("kab", "tahun")
              .agg(biasa=in_tens(pl.col("biasa").first() * NEW_PARTICIPANT_TARGET_FACTOR)))
    batches = (monthly.filter(pl.col("baru") > BATCH_MONTH_FACTOR * pl.col("biasa"))
               .select("kab", "bulan", batch=in_tens(pl.col("baru") - pl.col("biasa"))))
    last_target_month = dt.date(last_year, 12, 1)
    rows = [(office, kab, month, month.year)
            for office, kab, start, end in SERVICE
            for month in months(max(start, DATA_START), min(last_target_month, end or last_target_month))]
    served = pl.DataFrame(rows, schema=["kode_kantor", "kab", "bulan", "tahun"], orient="row")
    return (served.join(yearly, on=["kab", "tahun"], how="left").join(batches, on=["kab", "bulan"], how="left")
            .select("kode_kantor", pl.col("kab").alias("kode_kabupaten"), "bulan",
                    (pl.col("biasa").fill_null(0) + pl.col("batch").fill_null(0)).alias("target_peserta")))
