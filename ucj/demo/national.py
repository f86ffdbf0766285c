"""The national demo warehouse (`python -m ucj demo --national`): every desa of Indonesia, synthetic participants
and claims in the same schema as the small demo and real loads, labelled Data demo.

It exists to measure and show the product at national scale (40 million participants and 10 million claims
by default). Nothing in it is real except the Kemendagri codes and names and one published figure, which it
reproduces exactly: Indonesia's UCJ coverage in April 2025, 35,68%.

How it is made:
  * A plan per desa, in Python over the 83.762 desa (vectorised, seeded): a weight from its province's
    population (PROVINCE_POPULATION, BPS 2023 rounded) spread over the province's desa with lognormal noise,
    kelurahan heavier; participants apportioned by that weight times the province's propensity to enrol
    (PROVINCE_ENROLMENT) and a desa's own, so some provinces and desa are far better covered than others, and
    NO_PARTICIPANT_SHARE of desa have workers but no participant at all.
  * The rows in SQL inside DuckDB (ucj/demo/sql/national/*.sql): range() over the participants and claims and
    every draw a hash of (row number, seed, draw): no Python per row. Segments PU, BPU, Jakon and PMI in the
    national 2023 proportions (25 : 9,19 : 7,36 million active, PMI few), registrations and endings spread
    from before 2022 to the data's last day, claims of JHT, JKK, JKM, JP and beasiswa within each claimant's
    cover and programmes.
  * The calibration, by construction: a desa's first `aktif_anchor` participants are covered on 30 April 2025
    and the others not (they ended before or registered after), so Indonesia's active participants on that
    day are exactly the plan's A, which is made a multiple of 223 (trimming at most 222 participants, one each
    from the desa with the most). 35,68% = 3.568/10.000 = 223/625, so the workers who should be covered in
    2025 are D = A x 625 / 223 exactly: each desa's 2025 denominator is its number of participants (so no desa
    is ever over 100%) plus its share of D minus all participants, apportioned by population weight in whole
    numbers that add up exactly. Other years grow or shrink by DENOMINATOR_GROWTH a year, never below the
    desa's participants. The denominators are per desa, like the small demo's (its audits want every desa
    covered), so kabupaten, province and Indonesia are their sums; A / D = 35,68% at every level above desa
    only for Indonesia as a whole.

NIKs are synthetic and hashed with the demo's public key (ucj.ingest.nik.demo_key), as the small demo does.
It is written beside its target and moved into place when complete; it replaces a demo warehouse but never a
real one.
"""
import datetime as dt
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from ucj import fmt, warehouse
from ucj.demo.builder import BOUNDARY_TABLES, _refuse_real_warehouse
from ucj.demo.calibration import DATA_START, SEED
from ucj.demo.registers import apportion
from ucj.demo.stream import last_full_month
from ucj.errors import UserError
from ucj.ingest import nik
from ucj.warehouse import write
from ucj.warehouse.connection import remove_temp_directory
from ucj.warehouse.reference import (
    NATIONAL_FILE,
    REFERENCE_SOURCE,
    REFERENCE_VERSION,
    WORKER_GROUPS,
    read_national_csv,
    with_ancestors,
)

GENERATOR_SQL = Path(__file__).resolve().parent / "sql" / "national"  # SELECTs making rows, run by the Writer

PARTICIPANTS = 40_000_000
CLAIMS = 10_000_000
MIN_PARTICIPANTS, MAX_PARTICIPANTS = 1_000, 200_000_000
MAX_CLAIMS = 100_000_000
ANCHOR = dt.date(2025, 4, 30)  # 'national actual UCJ 35,68% in April 2025': the month's last day
UCJ_NUMERATOR, UCJ_DENOMINATOR = 223, 625  # 35,68% = 3.568 / 10.000 in lowest terms
ID_OFFSET = 1_000_001
DENOMINATOR_GROWTH = 1.013
ACTIVE_SHARE = (0.60, 0.76)  # of a desa's participants, those covered on the anchor day (uniform between)
NO_PARTICIPANT_SHARE = 0.02
DESA_WEIGHT_SIGMA, KELURAHAN_WEIGHT = 0.45, 1.7
DESA_ENROLMENT_SIGMA, KELURAHAN_ENROLMENT = 0.30, 1.15
PLAN_BATCHES = 256  # the plan's Arrow batches: parallel scans (in_batches)
MEMORY_LIMIT = "8GB"  # DuckDB's; the process stays within 12 GB (benchmarks/national.py measures it)

NAME = "Data demo nasional (sintetis): seluruh desa/kelurahan Indonesia"
DENOMINATOR_SOURCE = "Data demo nasional: proyeksi penduduk bekerja per desa (sintetis)"
REGENCY_TARGET_SOURCE = "Data demo nasional: target RPJMD (sintetis)"
NATIONAL_TARGETS = ((2025, 32.15, "RPJMN 2025-2029 (target nasional)"), (2026, 34.99, "RKP 2026 (target nasional)"),
                    (2027, 37.30, "RPJMN 2025-2029 (target nasional)"), (2028, 40.60, "RPJMN 2025-2029 (target nasional)"),
                    (2029, 43.92, "RPJMN 2025-2029 (target nasional)"))
NATIONAL_CODE = "ID"

# Population per province in thousands (BPS, mid-2023, rounded; the six Papua provinces after the 2022 split
# approximated): only the desa weights, never shown as a figure.
PROVINCE_POPULATION = {
    "11": 5483, "12": 15386, "13": 5641, "14": 6643, "15": 3680, "16": 8744, "17": 2086, "18": 9176, "19": 1531,
    "21": 2152, "31": 10672, "32": 49861, "33": 37541, "34": 3737, "35": 41416, "36": 12308, "51": 4434,
    "52": 5560, "53": 5512, "61": 5623, "62": 2774, "63": 4222, "64": 3859, "65": 718, "71": 2660, "72": 3122,
    "73": 9463, "74": 2750, "75": 1200, "76": 1451, "81": 1903, "82": 1340, "91": 1061, "92": 562, "93": 529,
    "94": 1473, "95": 1447, "96": 616,
}
# How much likelier a worker of the province is to be a participant than the average (invented, in the direction
# of the published provincial UCJ rankings: Jakarta and the resource provinces high, Nusa Tenggara and Papua low).
PROVINCE_ENROLMENT = {
    "31": 2.2, "64": 1.6, "21": 1.6, "51": 1.4, "65": 1.3, "14": 1.3, "36": 1.3, "34": 1.1, "32": 1.0, "35": 1.0,
    "33": 0.95, "12": 0.9, "11": 0.8, "18": 0.75, "52": 0.6, "53": 0.45, "81": 0.6, "82": 0.7, "76": 0.6,
    "75": 0.7, "91": 0.5, "92": 0.55, "93": 0.45, "94": 0.4, "95": 0.35, "96": 0.55,
}
DEFAULT_ENROLMENT = 0.85

Progress = Callable[[float, str], None]


def check_size(participants: int, claims: int) -> None:
    if not MIN_PARTICIPANTS <= participants <= MAX_PARTICIPANTS:
        raise UserError(f"Jumlah peserta demo nasional harus antara {fmt.number(MIN_PARTICIPANTS)} dan "
                        f"{fmt.number(MAX_PARTICIPANTS)}, bukan {fmt.number(participants)}; ubah --participants.")
    if not 0 <= claims <= MAX_CLAIMS:
        raise UserError(f"Jumlah klaim demo nasional harus antara 0 dan {fmt.number(MAX_CLAIMS)}, bukan "
                        f"{fmt.number(claims)}; ubah --claims.")


def build(path: Path, participants: int = PARTICIPANTS, claims: int = CLAIMS, seed: int = SEED,
          last_month: dt.date | None = None, progress: Progress | None = None,
          memory_limit: str = MEMORY_LIMIT, audit: bool = True) -> dict[str, float]:
    """Build the national demo warehouse at path; returns the seconds each phase took. `audit` runs the
    warehouse's audits on the write, as every write does (the command line always); switched off only to make a
    large warehouse for measuring when the audits were already seen to pass on a smaller one."""
    path = Path(path)
    check_size(participants, claims)
    last_month = (last_month or last_full_month()).replace(day=1)
    if last_month < ANCHOR.replace(day=1):
        raise UserError("Bulan akhir data demo nasional paling awal April 2025 agar angka UCJ nasional tercakup; "
                        "pilih bulan yang lebih baru.")
    report = progress or (lambda fraction, text: None)
    if path.exists():
        _refuse_real_warehouse(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with write.lock(path):
        if path.exists():
            _refuse_real_warehouse(path)
        return _build(path, participants, claims, seed, last_month, report, memory_limit, audit)


def _build(path: Path, participants: int, claims: int, seed: int, last_month: dt.date, report: Progress,
           memory_limit: str, audit: bool) -> dict[str, float]:
    timings: dict[str, float] = {}
    clock = [time.perf_counter()]

    def phase(name: str) -> None:
        now = time.perf_counter()
        timings[name] = now - clock[0]
        clock[0] = now

    report(0.01, "Membaca referensi wilayah nasional")
    wilayah = with_ancestors(read_national_csv()).with_columns(versi=pl.lit(REFERENCE_VERSION))
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".tmp-", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB creates the file itself
    try:
        con = warehouse.create(tmp)
        try:
            warehouse.set_memory_limit(con, memory_limit)
            with write.transaction(con, audit=audit) as w:
                generate(w, wilayah, participants, claims, seed, last_month, report, phase)
                report(0.5, "Menyusun mart")
                w.refresh_marts()
                phase("mart")
                report(0.9, "Memeriksa data (audit gudang)" if audit else "Menyimpan")
            phase("audit")
            if path.exists():
                with write.transaction(con, previous=path) as w:
                    w.copy_previous(BOUNDARY_TABLES)
            warehouse.checkpoint(con)
        finally:
            con.close()
        write.publish(path, tmp)  # the next version, as the small demo: readers switch at their next query
        phase("simpan")
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal"), Path(str(tmp) + ".lock")):
            leftover.unlink(missing_ok=True)
        remove_temp_directory(tmp)
    report(1.0, "Gudang data demo nasional siap")
    return timings


def generate(w: write.Writer, wilayah: pl.DataFrame, participants: int, claims: int, seed: int, last_month: dt.date,
             report: Progress, phase: Callable[[str], None] = lambda name: None) -> None:
    """Write the schema, the national reference, meta and every raw table of the national demo through the
    writer `w` (no marts: the caller refreshes them). The same arguments give the same rows."""
    data_end = _month_end(last_month)
    plan = desa_plan(wilayah, participants, seed)
    key = nik.demo_key(seed)
    ipad, opad = _hmac_pads(key)
    params = {"seed": seed, "anchor": ANCHOR, "data_start": DATA_START, "data_end": data_end, "id_awal": ID_OFFSET}
    phase("rencana")
    w.create_schema()
    w.add_reference(wilayah, REFERENCE_VERSION, f"{REFERENCE_SOURCE} ({NATIONAL_FILE})", WORKER_GROUPS)
    w.set_meta({
        "is_demo": "true", "demo_jenis": "nasional", "demo_nama": NAME, "demo_seed": str(seed),
        "demo_peserta": str(participants), "demo_klaim": str(claims),
        "data_mulai": DATA_START.isoformat(), "data_sampai": data_end.isoformat(),
        "wilayah_versi": REFERENCE_VERSION, "nik_key_id": nik.key_id(key),
        "dibuat_at": dt.datetime.now().isoformat(timespec="seconds"),
    })
    scratch = w.scratch_cursor()
    scratch.register("rencana_desa", in_batches(plan))
    report(0.05, f"Membuat {fmt.number(participants)} peserta demo nasional")
    w.insert_generated("peserta", _sql("peserta"), {**params, "ipad": ipad, "opad": opad})
    phase("peserta")
    report(0.35, f"Membuat {fmt.number(claims)} klaim demo nasional")
    if claims:
        edges = np.linspace(0, claims, min(claims, PLAN_BATCHES) + 1).astype(np.int64)
        scratch.register("potongan_klaim", in_batches(pl.DataFrame({"awal": edges[:-1], "akhir": edges[1:]})))
        w.insert_generated("klaim", _sql("klaim"), {
            "seed": seed, "peserta": participants, "id_awal": ID_OFFSET,
            "data_start": DATA_START, "data_end": data_end})
        scratch.unregister("potongan_klaim")
    phase("klaim")
    report(0.45, "Menghitung pekerja wajib, kantor dan target")
    w.insert("pekerja_wajib", denominators(plan, data_end.year))
    offices, service = office_tables(wilayah)
    w.insert("kantor_cabang", offices)
    w.insert("kantor_wilayah", service)
    w.insert("target_ucj", ucj_targets(plan, wilayah, data_end.year))
    w.insert_generated("target_peserta_baru", _sql("target_peserta_baru"), {
        "data_start": DATA_START, "data_end": data_end, "last_target_month": last_month.replace(month=12)})
    scratch.unregister("rencana_desa")  # on failure the transaction and the registration go together
    phase("pekerja_wajib_target")


def desa_plan(wilayah: pl.DataFrame, participants: int, seed: int) -> pl.DataFrame:
    """One row per desa/kelurahan of the reference, in code order: its participants, those of them covered on
    the anchor day, its 2025 denominator, and where its participants start in the national numbering."""
    desa = wilayah.filter(pl.col("tingkat") == "desa_kelurahan").sort("kode")
    rng = np.random.default_rng(seed)
    n = desa.height
    province = desa["kode_provinsi"].to_numpy()
    kelurahan = desa["is_kelurahan"].to_numpy()
    per_province = dict(zip(*np.unique(province, return_counts=True)))
    population = np.array([PROVINCE_POPULATION[p] / per_province[p] for p in province])
    weight = population * rng.lognormal(0.0, DESA_WEIGHT_SIGMA, n) * np.where(kelurahan, KELURAHAN_WEIGHT, 1.0)
    enrolment = (np.array([PROVINCE_ENROLMENT.get(p, DEFAULT_ENROLMENT) for p in province])
                 * rng.lognormal(0.0, DESA_ENROLMENT_SIGMA, n) * np.where(kelurahan, KELURAHAN_ENROLMENT, 1.0))
    enrolment[rng.random(n) < NO_PARTICIPANT_SHARE] = 0.0
    count = apportion(participants, weight * enrolment)
    active = np.floor(count * rng.uniform(*ACTIVE_SHARE, n) + rng.random(n)).astype(np.int64)  # rounded at random: unbiased for small desa
    active = np.minimum(active, count)
    # the national active count made a multiple of 223: one fewer in each of the desa with the most
    excess = int(active.sum()) % UCJ_NUMERATOR
    active[np.argsort(-active, kind="stable")[:excess]] -= 1
    total_active = int(active.sum())
    total_eligible = total_active * UCJ_DENOMINATOR // UCJ_NUMERATOR
    if total_eligible < participants:
        raise AssertionError("national demo: fewer workers who should be covered than participants")
    eligible = count + apportion(total_eligible - participants, weight)
    start = np.cumsum(count) - count
    kecamatan = desa["kode_kecamatan"].to_numpy()
    first_of_kecamatan = np.r_[True, kecamatan[1:] != kecamatan[:-1]]
    kecamatan_start = start[np.flatnonzero(first_of_kecamatan)][np.cumsum(first_of_kecamatan) - 1]
    return pl.DataFrame({
        "kode_desa": desa["kode"], "kode_kabupaten": desa["kode_kabupaten"],
        "kode_kecamatan_angka": desa["kode_kecamatan"].str.replace_all(".", "", literal=True),
        "peserta": count, "aktif_anchor": active, "pekerja_wajib_2025": eligible,
        "awal": start, "awal_kecamatan": kecamatan_start,
    })


def in_batches(frame: pl.DataFrame, batches: int = PLAN_BATCHES):
    """A frame as an Arrow table of many record batches, the same rows in the same order. DuckDB runs a scan's
    pipeline on one thread per batch (per row group of a table): the plan's 83.762 desa in one batch kept the
    whole generation of 40 million participants, their hashes and the insert, on one thread."""
    step = max(1, -(-frame.height // batches))
    return pl.concat([frame.slice(start, step) for start in range(0, frame.height, step)], rechunk=False).to_arrow()


def denominators(plan: pl.DataFrame, last_year: int) -> pl.DataFrame:
    """Workers who should be covered per desa per year: 2025's calibrated, the others by DENOMINATOR_GROWTH
    a year, never below the desa's participants."""
    years = []
    for year in range(DATA_START.year, last_year + 1):
        value = (pl.col("pekerja_wajib_2025") if year == ANCHOR.year else
                 pl.max_horizontal(pl.col("peserta"),
                                   (pl.col("pekerja_wajib_2025") * DENOMINATOR_GROWTH ** (year - ANCHOR.year))
                                   .round().cast(pl.Int64)))
        years.append(plan.select(
            "kode_desa", berlaku_mulai=pl.lit(dt.date(year, 1, 1)), jumlah_pekerja=value.cast(pl.Int32),
            sumber=pl.lit(DENOMINATOR_SOURCE), tanggal_sumber=pl.lit(dt.date(year - 1, 11, 30))))
    return pl.concat(years)


def office_tables(wilayah: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One branch office per kabupaten/kota, serving it from the data's first day."""
    kabupaten = wilayah.filter(pl.col("tingkat") == "kabupaten_kota").sort("kode")
    code = pl.lit("KC-") + pl.col("kode").str.replace_all(".", "", literal=True)
    offices = kabupaten.select(kode_kantor=code, nama=pl.lit("Kantor Cabang ") + pl.col("nama"),
                               jenis=pl.lit("cabang"), kode_kantor_induk=pl.lit(None, pl.String))
    service = kabupaten.select(kode_kantor=code, kode_kabupaten=pl.col("kode"), berlaku_mulai=pl.lit(DATA_START),
                               berlaku_sampai=pl.lit(None, pl.Date))
    return offices, service


def ucj_targets(plan: pl.DataFrame, wilayah: pl.DataFrame, last_year: int) -> pl.DataFrame:
    """UCJ % targets: each kabupaten/kota its own (its April 2025 level plus 3,5 points, 3 more a year), each
    province and Indonesia the national ones (RPJMN 2025-2029, RKP 2026)."""
    kabupaten = (plan.group_by("kode_kabupaten").agg(pl.col("aktif_anchor").sum(), pl.col("pekerja_wajib_2025").sum())
                 .filter(pl.col("pekerja_wajib_2025") > 0)
                 .with_columns(base=100 * pl.col("aktif_anchor") / pl.col("pekerja_wajib_2025")))
    own = pl.concat([
        kabupaten.select(kode_wilayah=pl.col("kode_kabupaten"), tahun=pl.lit(year),
                         target_pct=(pl.col("base") + 3.5 + 3 * (year - ANCHOR.year)).round().clip(1, 100),
                         sumber=pl.lit(REGENCY_TARGET_SOURCE))
        for year in range(DATA_START.year, last_year + 1)])
    provinces = wilayah.filter(pl.col("tingkat") == "provinsi")["kode"].to_list() + [NATIONAL_CODE]
    national = pl.DataFrame([(code, year, pct, source) for code in provinces for year, pct, source in NATIONAL_TARGETS
                             if year <= last_year],
                            schema=["kode_wilayah", "tahun", "target_pct", "sumber"], orient="row")
    return pl.concat([own.with_columns(pl.col("tahun").cast(pl.Int64)), national], how="vertical_relaxed")


def _sql(name: str) -> str:
    return (GENERATOR_SQL / f"{name}.sql").read_text(encoding="utf-8")


def _hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC-SHA256's inner and outer pads of the key (RFC 2104), for hashing NIKs inside DuckDB."""
    block = key.ljust(64, b"\0") if len(key) <= 64 else hashlib.sha256(key).digest().ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
