"""The demo warehouse: six regencies of Sumatera Utara, January 2022 to the latest full month (December 2029 at
the latest).

Everything is synthetic except the Kemendagri codes and names and the published figures in
DOMAIN.md, which the data reproduces exactly. What it is made of is in calibration.py; the
generators (people, claims, registers) draw from one seeded random stream (stream.py) up to HORIZON, and
the build then cuts everything at the data's last day: the same seed gives the same rows, and a later last
month adds months without changing a row before them. The figures are planted by construction, not
patched afterwards, and checked here before anything is written:
  * Labuhanbatu's 66.234 participants active on 31 March 2025 are the people whose cover spans that
    day; every other cohort either ended before it or started after it;
  * its claims paid January 2024 to March 2025 come from cohorts made for that window, with the
    published counts, and the JHT amounts are scaled so the total is the published Rp105,2 miliar;
  * the denominator of each desa is never below its highest active count, and Labuhanbatu's 2025
    denominators add up to 181.567.
"""
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np
import polars as pl

from ucj import warehouse
from ucj.demo.calibration import (ANCHOR, CLAIM_WINDOW, DATA_START, EARLIEST_LAST_MONTH, LABUHANBATU,
                                  LATEST_LAST_MONTH, MUSRENBANG_DAY, MUSRENBANG_TOTAL_IDR, OFFICES, PLANTED_ORDER,
                                  PUBLISHED_CLAIMS, PUBLISHED_CLAIMS_TOTAL_IDR, REGENCIES, SEED, SERVICE,
                                  SPONSORSHIPS)
from ucj.demo.claims import draw_claims
from ucj.demo.people import active_on_anchor, agreements, draw_people, within_data
from ucj.demo.registers import (denominators, draw_rosters, new_participant_targets, synthetic_niks,
                                ucj_targets)
from ucj.demo.stream import Stream, day, default_last_month, frame, month_end
from ucj.errors import UserError
from ucj.ingest import nik
from ucj.warehouse import write
from ucj.warehouse.connection import remove_temp_directory
from ucj.warehouse.reference import (REFERENCE_SOURCE, REFERENCE_VERSION, WORKER_GROUPS, read_wilayah_csv,
                                     with_ancestors)

BOUNDARY_TABLES = ("batas_wilayah", "batas_sumber")

Progress = Callable[[float, str], None]


def build(path: Path, seed: int = SEED, last_month: dt.date | None = None,
          progress: Progress | None = None) -> Path:
    """Build the demo warehouse at path. It is written to a temporary file next to it and moved into
    place only when complete, so an interrupted build never leaves a half-written warehouse."""
    path = Path(path)
    last_month = (last_month or default_last_month()).replace(day=1)
    if last_month < EARLIEST_LAST_MONTH:
        raise UserError("Bulan akhir data demo paling awal Februari 2026 agar semua angka terbitan tercakup; "
                        "pilih bulan yang lebih baru.")
    if last_month > LATEST_LAST_MONTH:
        raise UserError("Data demo dibuat sampai Desember 2029; pilih bulan akhir paling lambat 2029-12.")
    report = progress or (lambda fraction, text: None)
    if path.exists():
        _refuse_real_warehouse(path)  # before the lock: a refusal leaves nothing beside the file
    path.parent.mkdir(parents=True, exist_ok=True)
    with write.lock(path):  # two builds (two first visitors) must not interleave; an import waits for it
        if path.exists():
            _refuse_real_warehouse(path)
        return _build(path, seed, last_month, report)


def _build(path: Path, seed: int, last_month: dt.date, report: Progress) -> Path:

    _check_calibration()
    report(0.02, "Membaca referensi wilayah")
    wilayah = read_wilayah_csv()
    gen = Stream(seed, wilayah)
    data_end = month_end(last_month)
    report(0.08, "Membuat peserta demo")
    drawn = draw_people(gen)
    _check_anchor(drawn)
    report(0.30, "Membuat klaim demo")
    claims = draw_claims(gen, drawn)
    _check_claims(claims)
    rosters = draw_rosters(gen, drawn)
    report(0.45, "Menyamarkan NIK")
    key = nik.demo_key(seed)
    niks = synthetic_niks(gen, np.concatenate([drawn["kode_desa"], rosters["kode_desa"]]))
    hashes = np.array([nik.hash_nik(v, key) for v in niks], dtype=object)
    person_hash = hashes[: len(drawn["kode_desa"])]
    roster_hash = np.where(rosters["person"] >= 0, person_hash[rosters["person"]], hashes[len(drawn["kode_desa"]):])
    # pseudonymous ids: a shuffled sequence, unrelated to the NIK or to the order of generation
    person_id = gen.rng.permutation(len(person_hash)) + 1_000_001
    report(0.55, "Menghitung pekerja wajib dan target")
    drawn_tables = _tables(gen, drawn, claims, rosters, person_id, person_hash, roster_hash, agreements(drawn))
    tables = _cut(drawn_tables, drawn, data_end)

    report(0.65, "Menulis gudang data")
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".tmp-", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB creates the file itself
    try:
        con = warehouse.create(tmp)
        try:
            with write.transaction(con) as w:
                w.create_schema()
                w.add_reference(with_ancestors(wilayah).with_columns(versi=pl.lit(REFERENCE_VERSION)),
                                REFERENCE_VERSION, REFERENCE_SOURCE, WORKER_GROUPS)
                for table, frame in tables.items():
                    w.insert(table, frame)
                w.set_meta({
                    "is_demo": "true", "demo_seed": str(seed), "data_mulai": DATA_START.isoformat(),
                    "data_sampai": data_end.isoformat(), "wilayah_versi": REFERENCE_VERSION,
                    "nik_key_id": nik.key_id(key), "dibuat_at": dt.datetime.now().isoformat(timespec="seconds"),
                })
                report(0.75, "Menyusun mart dan memeriksa data")
                w.refresh_marts()
            if path.exists():
                # boundaries loaded into the demo warehouse being replaced stay: they are real data, not demo data
                with write.transaction(con, previous=path) as w:
                    w.copy_previous(BOUNDARY_TABLES)
            warehouse.checkpoint(con)
        finally:
            con.close()
        # made with the process's umask (the dashboard may build it too): synthetic, but beside real files
        # and replaced by real data in the same place, so it is its owner's only like every warehouse
        os.chmod(tmp, 0o600)
        write.publish(path, tmp)  # the next version: readers switch at their next query, none sees half of it
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal"), Path(str(tmp) + ".lock")):
            leftover.unlink(missing_ok=True)
        remove_temp_directory(tmp)
    report(1.0, "Gudang data demo siap")
    return path




def _tables(gen: Stream, people, claims, rosters, person_id, person_hash, roster_hash,
            agreement_rows) -> dict[str, pl.DataFrame]:
    """The demo's raw tables as drawn (to HORIZON), in the order they are inserted."""
    denominators_ = denominators(gen, people)
    target_ucj, target_baru = ucj_targets(gen.end.year), new_participant_targets(people, gen.end.year)
    peserta = frame({
        "peserta_id": person_id, "nik_hash": person_hash,
        **{k: people[k] for k in ("kode_desa", "segmen", "kelompok_pekerja", "sumber_dana", "kode_perjanjian",
                                  "is_jkk", "is_jkm", "is_jht", "is_jp", "is_jkp", "tanggal_daftar")},
        "aktif_sampai": people["aktif_sampai"],
    })
    order = np.lexsort((person_id[claims["person"]], claims["tanggal_bayar"]))
    klaim = frame({
        "klaim_id": np.arange(1, len(order) + 1),
        "peserta_id": person_id[claims["person"]][order],
        "kode_desa": people["kode_desa"][claims["person"]][order],
        "manfaat": claims["manfaat"][order],
        "tanggal_kejadian": claims["tanggal_kejadian"][order],
        "tanggal_bayar": claims["tanggal_bayar"][order],
        "jumlah_idr": claims["jumlah_idr"][order],
    })
    anggota = frame({
        "anggota_id": np.arange(1, len(roster_hash) + 1), "nik_hash": roster_hash,
        "kode_desa": rosters["kode_desa"], "kelompok_pekerja": rosters["kelompok_pekerja"],
        "sumber": rosters["sumber"], "tanggal_data": rosters["tanggal_data"],
    })
    return {
        "kantor_cabang": pl.DataFrame(OFFICES, schema=["kode_kantor", "nama", "jenis", "kode_kantor_induk"],
                                      orient="row"),
        "kantor_wilayah": pl.DataFrame(SERVICE, schema=["kode_kantor", "kode_kabupaten", "berlaku_mulai",
                                                        "berlaku_sampai"], orient="row"),
        "perjanjian_sponsor": pl.DataFrame(agreement_rows),
        "peserta": peserta, "klaim": klaim, "anggota_kelompok": anggota, "pekerja_wajib": denominators_,
        "target_ucj": target_ucj, "target_peserta_baru": target_baru,
    }


def _cut(tables: dict[str, pl.DataFrame], drawn, data_end: dt.date) -> dict[str, pl.DataFrame]:
    """The tables as known on data_end: people registered by then (an ordinary participant's later end of cover
    not known yet), claims paid by then (klaim_id follows the payment day, so the kept ones keep theirs), rosters
    dated by then, and a year's denominators and targets from the first year to data_end's."""
    people, kept = within_data(drawn, data_end)
    peserta = (tables["peserta"].filter(pl.Series(kept))
               .with_columns(aktif_sampai=pl.Series(people["aktif_sampai"]).cast(pl.Date)).sort("peserta_id"))
    klaim = tables["klaim"].filter(pl.col("tanggal_bayar") <= data_end)
    if not klaim["peserta_id"].is_in(peserta["peserta_id"].implode()).all():
        raise AssertionError("a demo claim paid by the data's last day belongs to someone registered after it")
    year = pl.col("tahun") <= data_end.year
    return {
        **tables, "peserta": peserta, "klaim": klaim,
        "anggota_kelompok": tables["anggota_kelompok"].filter(pl.col("tanggal_data") <= data_end),
        "pekerja_wajib": tables["pekerja_wajib"].filter(pl.col("berlaku_mulai").dt.year() <= data_end.year),
        "target_ucj": tables["target_ucj"].filter(year | ~pl.col("kode_wilayah").str.contains(r"\.")),
        "target_peserta_baru": tables["target_peserta_baru"].filter(pl.col("bulan").dt.year() <= data_end.year),
    }


def _check_calibration() -> None:
    """Each sponsorship covers people in exactly one way, and each that enrols people is drawn exactly once."""
    enrolling = {s.code for s in SPONSORSHIPS if s.enrols}
    for s in SPONSORSHIPS:
        if sum(x is not None for x in (s.enrols, s.renews, s.planned)) != 1 or (s.renews and s.renews not in enrolling):
            raise AssertionError(f"demo sponsorship {s.code} must enrol, renew an enrolling one, or plan")
    drawn = [p for p in PLANTED_ORDER if isinstance(p, str)]
    if sorted(drawn) != sorted(enrolling):
        raise AssertionError("PLANTED_ORDER must name every enrolling sponsorship once")


def _check_anchor(people: dict[str, np.ndarray]) -> None:
    """Every regency's participants active on the anchor day are its calibrated number (Labuhanbatu's published)."""
    active = active_on_anchor(people)
    for plan in REGENCIES:
        if active.get(plan.kode, 0) != plan.active_at_anchor:
            raise AssertionError(f"demo plants {active.get(plan.kode, 0)} active in {plan.kode} on {ANCHOR}, "
                                 f"not {plan.active_at_anchor}")


def _check_claims(claims: dict[str, np.ndarray]) -> None:
    """Labuhanbatu's published claims: the window's counts by benefit and total, and the Musrenbang handover."""
    lb = claims["kode_kabupaten"] == LABUHANBATU
    paid = claims["tanggal_bayar"]
    window = lb & (paid >= day(CLAIM_WINDOW[0])) & (paid <= day(CLAIM_WINDOW[1]))
    counts = {m: int((window & (claims["manfaat"] == m)).sum()) for m in PUBLISHED_CLAIMS}
    total = int(claims["jumlah_idr"][window].sum())
    musrenbang = int(claims["jumlah_idr"][lb & (paid == day(MUSRENBANG_DAY))].sum())
    if (counts, total, musrenbang) != (PUBLISHED_CLAIMS, PUBLISHED_CLAIMS_TOTAL_IDR, MUSRENBANG_TOTAL_IDR):
        raise AssertionError(f"demo plants claims {counts}, Rp{total} in Labuhanbatu's window and Rp{musrenbang} "
                             "at Musrenbang, not the published figures")


def _refuse_real_warehouse(path: Path) -> None:
    try:
        con = warehouse.open_warehouse(path, read_only=True)
    except UserError:
        raise UserError(f"Berkas {path} sudah ada dan bukan gudang data demo; demo tidak menimpanya. "
                        "Pilih --db lain atau pindahkan berkas itu.") from None
    try:
        demo = warehouse.is_demo(con)
    finally:
        con.close()
    if not demo:
        raise UserError(f"Gudang data di {path} berisi data nyata; demo tidak menimpanya. Pilih --db lain.")
