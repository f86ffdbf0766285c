"""The demo warehouse: six regencies of Sumatera Utara, January 2022 to the latest full month.

Everything is synthetic except the Kemendagri codes and names and the published figures in
DOMAIN.md, which the data reproduces exactly. It is built from a seed, so the same seed and the same
last month give the same rows. The figures are planted by construction, not patched afterwards:
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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import polars as pl

from ucj import warehouse
from ucj.ingest import nik
from ucj.errors import UserError
from ucj.warehouse import write
from ucj.warehouse.reference import (REFERENCE_SOURCE, REFERENCE_VERSION, WORKER_GROUPS, read_wilayah_csv,
                                     with_ancestors)

SEED = 20250331
DATA_START = dt.date(2022, 1, 1)
ANCHOR = dt.date(2025, 3, 31)  # Labuhanbatu's published UCJ figure
CLAIM_WINDOW = (dt.date(2024, 1, 1), dt.date(2025, 3, 31))  # published claims, inclusive
MUSRENBANG_DAY = dt.date(2025, 4, 22)
POSYANDU_DAY = dt.date(2026, 2, 3)
EARLIEST_LAST_MONTH = dt.date(2026, 2, 1)
ROSTER_DAY_1210 = dt.date(2025, 4, 15)

LABUHANBATU = "12.10"
PUBLISHED_CLAIMS = {"JHT": 5002, "JKK": 149, "JKM": 255, "JP": 3520, "beasiswa": 303}
PUBLISHED_CLAIMS_TOTAL_IDR = 105_218_473_900  # shown as Rp105,2 miliar
JKP_IN_WINDOW = 14  # not published; JKP claims exist for wage earners, so a few are included
MUSRENBANG_TOTAL_IDR = 837_025_000  # 'Rp837 juta lebih' of santunan and beasiswa
JKM_SANTUNAN_IDR = 42_000_000  # PP 82/2019: santunan kematian, berkala and pemakaman

DEMO_SOURCE = "Data demo (sintetis)"
DEMO_TABLES = ("kantor_cabang", "kantor_wilayah", "perjanjian_sponsor", "peserta", "klaim", "anggota_kelompok",
               "pekerja_wajib", "target_ucj", "target_peserta_baru")
BOUNDARY_TABLES = ("batas_wilayah", "batas_sumber")


@dataclass(frozen=True)
class RegencyPlan:
    kode: str
    eligible_2025: int  # workers who should be covered, 2025
    active_at_anchor: int  # active participants on 31 March 2025
    segment_mix: tuple[float, float, float, float]  # PU, BPU, Jakon, PMI
    coastal: bool


REGENCIES = (
    RegencyPlan("12.09", 352_410, 116_650, (0.58, 0.31, 0.07, 0.04), False),
    RegencyPlan("12.10", 181_567, 66_234, (0.60, 0.30, 0.07, 0.03), False),
    RegencyPlan("12.19", 196_880, 57_880, (0.62, 0.27, 0.08, 0.03), True),
    RegencyPlan("12.22", 152_300, 58_180, (0.63, 0.27, 0.07, 0.03), False),
    RegencyPlan("12.23", 171_940, 54_505, (0.61, 0.29, 0.07, 0.03), False),
    RegencyPlan("12.74", 83_150, 23_116, (0.52, 0.34, 0.06, 0.08), True),
)

SEGMENTS = ("PU", "BPU", "Jakon", "PMI")
INFORMAL = ("petani", "pedagang", "nelayan", "ojek", "tukang", "buruh_harian", "umkm", "pekerja_sawit")


def last_full_month(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _d(value: dt.date) -> np.datetime64:
    return np.datetime64(value, "D")


NAT = np.datetime64("NaT", "D")


def _uniform_dates(rng, n: int, start: dt.date, end: dt.date) -> np.ndarray:
    """n dates uniformly in [start, end], both included."""
    span = (end - start).days + 1
    return _d(start) + rng.integers(0, span, n).astype("timedelta64[D]")


def _choose(rng, n: int, options: dict[str, float]) -> np.ndarray:
    names = list(options)
    p = np.array([options[k] for k in names], dtype=float)
    return np.array(names, dtype=object)[rng.choice(len(names), n, p=p / p.sum())]


def _full(n: int, value, dtype=object) -> np.ndarray:
    return np.full(n, value, dtype=dtype)


def _frame(columns: dict) -> pl.DataFrame:
    """A polars frame from numpy columns; object arrays (strings with None) become text columns."""
    return pl.DataFrame({
        name: pl.Series(name, values.tolist(), dtype=pl.String)
        if isinstance(values, np.ndarray) and values.dtype == object else values
        for name, values in columns.items()
    })


# ---------------------------------------------------------------------------------------------
# Participants


class Generator:
    """Draws the demo's participants, claims, rosters and denominators from one random stream."""

    def __init__(self, seed: int, last_month: dt.date, wilayah: pl.DataFrame) -> None:
        self.rng = np.random.default_rng(seed)
        self.last_month = last_month
        self.data_end = month_end(last_month)
        self.parts: list[dict[str, np.ndarray]] = []
        self.agreements: list[dict] = []
        self.desa: dict[str, dict[str, np.ndarray]] = {}
        for plan in REGENCIES:
            codes = np.array(sorted(
                wilayah.filter((pl.col("tingkat") == "desa_kelurahan")
                               & pl.col("kode").str.starts_with(plan.kode + "."))["kode"].to_list()), dtype=object)
            kelurahan = np.array([c.split(".")[-1].startswith("1") for c in codes])
            # a desa's share of the regency's workers (kelurahan are larger) and how well it is covered
            weight = self.rng.lognormal(0.0, 0.45, len(codes)) * np.where(kelurahan, 1.7, 1.0)
            affinity = self.rng.lognormal(0.0, 0.22, len(codes)) * np.where(kelurahan, 1.15, 1.0)
            self.desa[plan.kode] = {"kode": codes, "kelurahan": kelurahan, "weight": weight,
                                    "affinity": affinity}

    # -- building blocks ---------------------------------------------------------------------

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

    def add(self, tag: str, kab: str, desa: np.ndarray, segmen, daftar: np.ndarray, sampai: np.ndarray, *,
            kelompok=None, sumber_dana=None, kode_perjanjian=None, akhir_klaim=None, bayar_akhir=None,
            coastal: bool = False) -> int:
        rng, n = self.rng, len(desa)
        segmen = np.asarray(segmen, dtype=object) if np.ndim(segmen) else _full(n, segmen)
        if kelompok is None:
            kelompok = self._groups(segmen, coastal)
        elif np.ndim(kelompok) == 0:
            kelompok = _full(n, kelompok)
        if sumber_dana is None:
            sumber_dana = np.where(np.isin(segmen, ["PU", "Jakon"]), "pemberi kerja", "mandiri").astype(object)
        elif np.ndim(sumber_dana) == 0:
            sumber_dana = _full(n, sumber_dana)
        akhir_klaim = _full(n, None) if akhir_klaim is None else akhir_klaim
        pu = segmen == "PU"
        sponsored = kode_perjanjian is not None  # sponsorships pay JKK + JKM only
        is_jp = (pu & (rng.random(n) < 0.78)) | np.isin(akhir_klaim, ["JP", "JKP"])
        is_jht = ~np.full(n, sponsored) & (
            pu | ((segmen == "BPU") & (rng.random(n) < 0.2)) | ((segmen == "PMI") & (rng.random(n) < 0.4)))
        self.parts.append(dict(
            tag=_full(n, tag), kode_kabupaten=_full(n, kab), kode_desa=desa, segmen=segmen,
            kelompok_pekerja=kelompok, sumber_dana=sumber_dana, kode_perjanjian=_full(n, kode_perjanjian),
            is_jkk=np.ones(n, bool), is_jkm=np.ones(n, bool),
            is_jht=is_jht | (akhir_klaim == "JHT"), is_jp=is_jp,
            is_jkp=(is_jp & (rng.random(n) < 0.9)) | (akhir_klaim == "JKP"),
            tanggal_daftar=daftar, aktif_sampai=sampai, akhir_klaim=akhir_klaim,
            bayar_akhir=_full(n, NAT, "datetime64[D]") if bayar_akhir is None else bayar_akhir,
        ))
        return n

    def _groups(self, segmen: np.ndarray, coastal: bool) -> np.ndarray:
        out = _full(len(segmen), "lainnya")
        pu_mix = ({"karyawan_swasta": 0.55, "pekerja_sawit": 0.2, "pegawai_non_asn": 0.15, "lainnya": 0.1}
                  if coastal else
                  {"pekerja_sawit": 0.5, "karyawan_swasta": 0.33, "pegawai_non_asn": 0.12, "lainnya": 0.05})
        bpu_mix = {"pedagang": 0.22, "petani": 0.12 if coastal else 0.22, "nelayan": 0.35 if coastal else 0.06,
                   "ojek": 0.1, "tukang": 0.08, "buruh_harian": 0.12, "umkm": 0.08,
                   "pekerja_sawit": 0.03 if coastal else 0.12}
        for seg, mix in (("PU", pu_mix), ("BPU", bpu_mix)):
            mask = segmen == seg
            out[mask] = _choose(self.rng, int(mask.sum()), mix)
        out[segmen == "Jakon"] = "pekerja_konstruksi"
        out[segmen == "PMI"] = "pekerja_migran"
        return out

    def agree(self, code, name, sponsor, sumber, kab, n, mulai, selesai, signed, status="berlaku") -> None:
        self.agreements.append(dict(
            kode_perjanjian=code, nama=name, sponsor=sponsor, sumber_dana=sumber, kode_wilayah=kab,
            jumlah_pekerja=n, program=["JKK", "JKM"], mulai=mulai, selesai=selesai, tanggal_perjanjian=signed,
            status=status, keterangan=DEMO_SOURCE))

    def sponsor(self, tag, kab, code, desa, sumber, daftar: dt.date, sampai: dt.date, kelompok=None) -> int:
        n = len(desa)
        if kelompok is None:
            kelompok = _choose(self.rng, n, {"petani": 3, "buruh_harian": 3, "pedagang": 2, "nelayan": 1,
                                             "ojek": 1, "tukang": 1, "pekerja_sawit": 2, "umkm": 1})
        return self.add(tag, kab, desa, "BPU", _full(n, _d(daftar), "datetime64[D]"),
                        _full(n, _d(sampai), "datetime64[D]"), kelompok=kelompok, sumber_dana=sumber,
                        kode_perjanjian=code)

    # -- cohorts -----------------------------------------------------------------------------

    def general(self, plan: RegencyPlan, active: int) -> None:
        """Ordinary participants: covered on the anchor day, ended before it, or registered after it."""
        rng, kab, mix = self.rng, plan.kode, dict(zip(SEGMENTS, plan.segment_mix))

        n = active
        daftar = np.where(rng.random(n) < 0.6,
                          _uniform_dates(rng, n, dt.date(2010, 1, 1), dt.date(2021, 12, 31)),
                          _uniform_dates(rng, n, DATA_START, ANCHOR))
        sampai = np.where(rng.random(n) < 0.12,
                          _uniform_dates(rng, n, ANCHOR + dt.timedelta(days=1), self.data_end), NAT)
        self.add("umum", kab, self.pick_desa(kab, n), _choose(rng, n, mix), daftar, sampai, coastal=plan.coastal)

        # Labuhanbatu's departures inside its claim window are made to the published counts elsewhere
        share, last_end = ((0.16, CLAIM_WINDOW[0] - dt.timedelta(days=1)) if kab == LABUHANBATU
                           else (0.27, ANCHOR - dt.timedelta(days=1)))
        n = int(active * share)
        sampai = _uniform_dates(rng, n, DATA_START, last_end)
        daftar = sampai - rng.integers(60, 4000, n).astype("timedelta64[D]")
        self.add("umum", kab, self.pick_desa(kab, n), _choose(rng, n, mix), daftar, sampai, coastal=plan.coastal)

        n = int(active * 0.16 * (self.data_end - ANCHOR).days / 365.25)
        daftar = _uniform_dates(rng, n, ANCHOR + dt.timedelta(days=1), self.data_end)
        sampai = np.where(rng.random(n) < 0.1, daftar + rng.integers(60, 400, n).astype("timedelta64[D]"), NAT)
        sampai = np.where(sampai > _d(self.data_end), NAT, sampai)
        self.add("umum", kab, self.pick_desa(kab, n), _choose(rng, n, mix), daftar, sampai, coastal=plan.coastal)

    def labuhanbatu_window(self) -> None:
        """Departures whose claims were paid January 2024 to March 2025, in the published numbers."""
        rng = self.rng
        reasons = np.array(["JHT"] * PUBLISHED_CLAIMS["JHT"] + ["JP"] * PUBLISHED_CLAIMS["JP"]
                           + ["JKM"] * PUBLISHED_CLAIMS["JKM"] + ["JKP"] * JKP_IN_WINDOW + [None] * 1_500,
                           dtype=object)
        n = len(reasons)
        segmen = _full(n, "PU")
        for reason, mix in (("JHT", {"PU": 0.9, "BPU": 0.1}), ("JKM", {"PU": 0.6, "BPU": 0.4}),
                            (None, {"BPU": 0.8, "Jakon": 0.2})):
            mask = np.array([r == reason for r in reasons])
            segmen[mask] = _choose(rng, int(mask.sum()), mix)
        # paid inside the window; the cover ended (the claim arose) days before payment, so before 31 March
        bayar = _uniform_dates(rng, n, *CLAIM_WINDOW)
        sampai = bayar - claim_lag(rng, reasons)
        daftar = sampai - rng.integers(200, 6000, n).astype("timedelta64[D]")
        bayar = np.where(reasons == None, NAT, bayar)  # noqa: E711  (a lapse pays nothing)
        self.add("jendela_klaim", LABUHANBATU, self.pick_desa(LABUHANBATU, n), segmen, daftar, sampai,
                 akhir_klaim=reasons, bayar_akhir=bayar)

    def build_people(self) -> dict[str, np.ndarray]:
        rng = self.rng
        explicit_active = {p.kode: 0 for p in REGENCIES}
        for plan in REGENCIES:
            if plan.kode != "12.74":  # a kota has kelurahan only, staffed by civil servants
                desa = self.every_desa(plan.kode, 9)
                explicit_active[plan.kode] += self.add(
                    "perangkat_desa", plan.kode, desa, "BPU",
                    _uniform_dates(rng, len(desa), dt.date(2021, 1, 4), dt.date(2022, 6, 30)),
                    _full(len(desa), NAT, "datetime64[D]"), kelompok="perangkat_desa", sumber_dana="APBDes")

        # Labuhanbatu 2025: 100 pekerja rentan in each of its 75 desa from APBD, renewed for 2026
        n = self.sponsor("rentan_1210", LABUHANBATU, "PKS-1210-2025-APBD", self.every_desa(LABUHANBATU, 100),
                         "APBD", dt.date(2025, 1, 6), dt.date(2026, 12, 31))
        explicit_active[LABUHANBATU] += n
        self.agree("PKS-1210-2025-APBD", "Perlindungan 100 pekerja rentan per desa 2025", "Pemkab Labuhanbatu",
                   "APBD", LABUHANBATU, n, dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2024, 12, 20))
        self.agree("PKS-1210-2026-APBD", "Perpanjangan 100 pekerja rentan per desa 2026", "Pemkab Labuhanbatu",
                   "APBD", LABUHANBATU, n, dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2025, 12, 15))
        # plans announced in April 2025 are not signed, so nobody is enrolled under them
        self.agree("RENCANA-1210-APBD", "Rencana 10.000 pekerja rentan (APBD)", "Pemkab Labuhanbatu", "APBD",
                   LABUHANBATU, 10_000, dt.date(2026, 1, 1), dt.date(2026, 12, 31), None, "rencana")
        self.agree("RENCANA-1210-DBHSAWIT", "Rencana 3.800 pekerja rentan (SILPA DBH Sawit)",
                   "Pemkab Labuhanbatu", "DBH Sawit", LABUHANBATU, 3_800, dt.date(2026, 1, 1),
                   dt.date(2026, 12, 31), None, "rencana")

        # rostered Labuhanbatu workers already covered in April 2025; the rest of each roster is not
        for tag, group, n, only in (("roster_guru", "guru_honorer", 1_412, None),
                                    ("roster_kepling", "kepala_lingkungan", 19, "kelurahan")):
            explicit_active[LABUHANBATU] += self.add(
                tag, LABUHANBATU, self.pick_desa(LABUHANBATU, n, only), "BPU",
                _uniform_dates(rng, n, dt.date(2019, 1, 1), dt.date(2024, 12, 31)), _full(n, NAT, "datetime64[D]"),
                kelompok=group, sumber_dana="mandiri")

        # Labuhanbatu Selatan, MoU of 4 October 2022: 2.000 pekerja rentan from all its desa, JKK + JKM
        # for October to December 2022, continued through 2023
        desa = self.every_desa("12.22", 1)
        n = self.sponsor("rentan_1222", "12.22", "MOU-1222-2022-APBD", desa[np.arange(2_000) % len(desa)], "APBD",
                         dt.date(2022, 10, 4), dt.date(2023, 12, 31))
        self.agree("MOU-1222-2022-APBD", "MoU perlindungan 2.000 pekerja rentan Oktober-Desember 2022",
                   "Pemkab Labuhanbatu Selatan", "APBD", "12.22", n, dt.date(2022, 10, 1), dt.date(2022, 12, 31),
                   dt.date(2022, 10, 4))
        self.agree("PKS-1222-2023-APBD", "Lanjutan perlindungan 2.000 pekerja rentan 2023",
                   "Pemkab Labuhanbatu Selatan", "APBD", "12.22", n, dt.date(2023, 1, 1), dt.date(2023, 12, 31),
                   dt.date(2022, 12, 28))
        explicit_active["12.22"] += self.sponsor("csr_1222", "12.22", "PKS-1222-2025-CSR",
                                                 self.pick_desa("12.22", 400), "CSR", dt.date(2025, 1, 13),
                                                 dt.date(2025, 12, 31))
        self.agree("PKS-1222-2025-CSR", "CSR perkebunan untuk pekerja rentan 2025", "Perusahaan perkebunan",
                   "CSR", "12.22", 400, dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2024, 12, 30))

        explicit_active["12.09"] += self.sponsor("rentan_1209", "12.09", "PKS-1209-2024-APBD",
                                                 self.pick_desa("12.09", 3_000), "APBD", dt.date(2024, 1, 8),
                                                 dt.date(2025, 12, 31))
        self.agree("PKS-1209-2024-APBD", "Pekerja rentan Asahan 2024", "Pemkab Asahan", "APBD", "12.09", 3_000,
                   dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2023, 12, 18))
        self.agree("PKS-1209-2025-APBD", "Pekerja rentan Asahan 2025", "Pemkab Asahan", "APBD", "12.09", 3_000,
                   dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2024, 12, 16))

        self.sponsor("csr_1219", "12.19", "PKS-1219-2024-CSR", self.pick_desa("12.19", 600), "CSR",
                     dt.date(2024, 3, 4), dt.date(2025, 2, 28), kelompok="nelayan")
        self.agree("PKS-1219-2024-CSR", "CSR perlindungan nelayan", "Perusahaan industri", "CSR", "12.19", 600,
                   dt.date(2024, 3, 1), dt.date(2025, 2, 28), dt.date(2024, 2, 26))

        # after the anchor day: SERTAKAN (each ASN sponsors 5), DBH Sawit in Labura, kader posyandu
        self.sponsor("sertakan_1210", LABUHANBATU, "SERTAKAN-1210-2025", self.pick_desa(LABUHANBATU, 1_850),
                     "SERTAKAN", dt.date(2025, 6, 2), dt.date(2026, 5, 31))
        self.agree("SERTAKAN-1210-2025", "Gerakan SERTAKAN: 370 ASN x 5 pekerja", "ASN Pemkab Labuhanbatu",
                   "SERTAKAN", LABUHANBATU, 1_850, dt.date(2025, 6, 1), dt.date(2026, 5, 31), dt.date(2025, 5, 20))
        self.sponsor("dbh_1223", "12.23", "PKS-1223-2025-DBHSAWIT", self.pick_desa("12.23", 1_500), "DBH Sawit",
                     dt.date(2025, 7, 1), dt.date(2026, 6, 30))
        self.agree("PKS-1223-2025-DBHSAWIT", "Pekerja rentan dari DBH Sawit 2025/2026",
                   "Pemkab Labuhanbatu Utara", "DBH Sawit", "12.23", 1_500, dt.date(2025, 7, 1),
                   dt.date(2026, 6, 30), dt.date(2025, 6, 23))
        self.sponsor("posyandu_1210", LABUHANBATU, "MOU-1210-2026-POSYANDU", self.pick_desa(LABUHANBATU, 1_030),
                     "APBD", POSYANDU_DAY, dt.date(2026, 12, 31), kelompok="kader_posyandu")
        self.agree("MOU-1210-2026-POSYANDU", "MoU kader posyandu (Dinkes, Disnaker, BPJS Ketenagakerjaan)",
                   "Pemkab Labuhanbatu", "APBD", LABUHANBATU, 1_030, POSYANDU_DAY, dt.date(2026, 12, 31),
                   POSYANDU_DAY)
        n = 640  # oil-palm plantation workers enrolled by their employers, February and March 2026
        self.add("sawit_1210", LABUHANBATU, self.pick_desa(LABUHANBATU, n), "PU",
                 _uniform_dates(rng, n, POSYANDU_DAY, dt.date(2026, 3, 31)), _full(n, NAT, "datetime64[D]"),
                 kelompok="pekerja_sawit", sumber_dana="pemberi kerja")

        # deaths whose santunan was handed over at Musrenbang 2025 (paid after the claim window)
        n = 12
        sampai = _uniform_dates(rng, n, dt.date(2025, 1, 6), dt.date(2025, 3, 20))
        self.add("musrenbang_jkm", LABUHANBATU, self.pick_desa(LABUHANBATU, n), "BPU",
                 sampai - rng.integers(300, 3000, n).astype("timedelta64[D]"), sampai,
                 akhir_klaim=_full(n, "JKM"), bayar_akhir=_full(n, _d(MUSRENBANG_DAY), "datetime64[D]"))

        self.labuhanbatu_window()
        for plan in REGENCIES:
            self.general(plan, plan.active_at_anchor - explicit_active[plan.kode])

        cols = {k: np.concatenate([p[k] for p in self.parts]) for k in self.parts[0]}
        keep = cols["tanggal_daftar"] <= _d(self.data_end)
        return {k: v[keep] for k, v in cols.items()}


def claim_lag(rng, reasons: np.ndarray) -> np.ndarray:
    """Days from the event that ends cover to payment, by benefit."""
    n = len(reasons)
    lag = rng.integers(10, 45, n)
    lag = np.where(reasons == "JHT", rng.integers(30, 75, n), lag)
    lag = np.where(reasons == "JP", rng.integers(20, 60, n), lag)
    return lag.astype("timedelta64[D]")


def claim_amounts(rng, manfaat: np.ndarray) -> np.ndarray:
    """Plausible amounts in rupiah, rounded to Rp100."""
    n = len(manfaat)
    amount = np.select(
        [manfaat == "JHT", manfaat == "JP", manfaat == "JKM", manfaat == "JKK", manfaat == "JKP"],
        [rng.lognormal(np.log(11e6), 0.8, n), rng.lognormal(np.log(3.2e6), 0.6, n), np.full(n, JKM_SANTUNAN_IDR),
         rng.lognormal(np.log(6e6), 1.0, n), rng.lognormal(np.log(4.5e6), 0.4, n)],
        # beasiswa per school year: TK/SD, SMP, SMA, perguruan tinggi
        rng.choice([1_500_000, 2_000_000, 3_000_000, 12_000_000], n, p=[0.4, 0.3, 0.2, 0.1]),
    )
    return np.maximum(np.round(amount / 100) * 100, 100_000).astype(np.int64)


# ---------------------------------------------------------------------------------------------
# Claims


class ActiveIndex:
    """Finds, for dates, random participants of a regency who were covered on those dates."""

    def __init__(self, rng, people: dict[str, np.ndarray]) -> None:
        self.rng = rng
        self.daftar = people["tanggal_daftar"]
        self.sampai = np.where(np.isnat(people["aktif_sampai"]), np.datetime64("2999-12-31", "D"),
                               people["aktif_sampai"])
        self.by_kab = {k: np.flatnonzero(people["kode_kabupaten"] == k) for k in np.unique(people["kode_kabupaten"])}

    def pick(self, kab: str, dates: np.ndarray) -> np.ndarray:
        pool = self.by_kab[kab]
        chosen = np.full(len(dates), -1)
        todo = np.arange(len(dates))
        while len(todo):
            candidate = pool[self.rng.integers(0, len(pool), len(todo))]
            ok = (self.daftar[candidate] <= dates[todo]) & (self.sampai[candidate] >= dates[todo])
            chosen[todo[ok]] = candidate[ok]
            todo = todo[~ok]
        return chosen

    def count(self, kab: str, day: np.datetime64) -> int:
        pool = self.by_kab[kab]
        return int(((self.daftar[pool] <= day) & (self.sampai[pool] >= day)).sum())


def build_claims(rng, people: dict[str, np.ndarray], data_end: dt.date) -> dict[str, np.ndarray]:
    end = _d(data_end)
    window = (_d(CLAIM_WINDOW[0]), _d(CLAIM_WINDOW[1]))
    parts = []

    def add(idx, manfaat, kejadian, bayar, amount=None):
        manfaat = manfaat if np.ndim(manfaat) else _full(len(idx), manfaat)
        parts.append(dict(person=np.asarray(idx), manfaat=np.asarray(manfaat, dtype=object),
                          tanggal_kejadian=kejadian, tanggal_bayar=bayar,
                          jumlah_idr=claim_amounts(rng, manfaat) if amount is None else amount))

    # 1. claims that end cover: the planted ones carry their benefit and payment day already
    planted = np.flatnonzero(~np.isnat(people["bayar_akhir"]))
    add(planted, people["akhir_klaim"][planted], people["aktif_sampai"][planted], people["bayar_akhir"][planted])

    # ...the other departures draw a reason by segment; a lapse pays nothing
    ended = np.flatnonzero(~np.isnat(people["aktif_sampai"]) & (people["aktif_sampai"] <= end)
                           & np.isin(people["tag"], ["umum"]))
    seg = people["segmen"][ended]
    u = rng.random(len(ended))
    reason = np.full(len(ended), None, dtype=object)
    pu = seg == "PU"
    reason[pu & (u < 0.45)] = "JHT"
    reason[pu & (u >= 0.45) & (u < 0.72) & people["is_jp"][ended]] = "JP"
    reason[pu & (u >= 0.72) & (u < 0.74) & people["is_jkp"][ended]] = "JKP"
    reason[~pu & (u < 0.12) & people["is_jht"][ended]] = "JHT"
    reason[(u >= 0.97)] = "JKM"
    has = reason != None  # noqa: E711
    idx, reason = ended[has], reason[has]
    kejadian = people["aktif_sampai"][idx]
    bayar = kejadian + claim_lag(rng, reason)
    # Labuhanbatu's window and its Musrenbang day hold only the planted claims
    lb = people["kode_kabupaten"][idx] == LABUHANBATU
    keep = (bayar <= end) & ~(lb & (((bayar >= window[0]) & (bayar <= window[1])) | (bayar == _d(MUSRENBANG_DAY))))
    add(idx[keep], reason[keep], kejadian[keep], bayar[keep])

    # 2. claims that do not end cover (JKK, beasiswa), by a monthly rate on the active participants
    active = ActiveIndex(rng, people)
    rates = {"JKK": 0.000155, "beasiswa": 0.00032}
    month = DATA_START
    while month <= data_end:
        last = month_end(month)
        for plan in REGENCIES:
            n_active = active.count(plan.kode, _d(last))
            for manfaat, rate in rates.items():
                n = rng.poisson(rate * n_active)
                kejadian = _uniform_dates(rng, n, month, last)
                bayar = kejadian + rng.integers(7, 40, n).astype("timedelta64[D]")
                if plan.kode == LABUHANBATU:
                    outside = ~(((bayar >= window[0]) & (bayar <= window[1])) | (bayar == _d(MUSRENBANG_DAY)))
                    kejadian, bayar = kejadian[outside], bayar[outside]
                ok = bayar <= end
                add(active.pick(plan.kode, kejadian[ok]), manfaat, kejadian[ok], bayar[ok])
        month = month_end(month) + dt.timedelta(days=1)

    # ...Labuhanbatu's window in the published counts, with a claim paid on each edge of the window
    for manfaat in ("JKK", "beasiswa"):
        n = PUBLISHED_CLAIMS[manfaat]
        bayar = _uniform_dates(rng, n, *CLAIM_WINDOW)
        if manfaat == "JKK":
            bayar[:2] = window
        kejadian = bayar - rng.integers(7, 40, n).astype("timedelta64[D]")
        add(active.pick(LABUHANBATU, kejadian), manfaat, kejadian, bayar)
    # ...and just outside it, so the edges are tested against real neighbours
    bayar = np.array([_d(CLAIM_WINDOW[0] - dt.timedelta(days=1)), _d(CLAIM_WINDOW[1] + dt.timedelta(days=1))])
    kejadian = bayar - np.array([20, 20]).astype("timedelta64[D]")
    add(active.pick(LABUHANBATU, kejadian), "JKK", kejadian, bayar)

    # 3. santunan and beasiswa handed over at Musrenbang 2025 besides the planted deaths (Rp504 juta):
    #    4 JKK santunan and 34 beasiswa, Rp837.025.000 in all
    jkk = np.array([58_500_000, 71_250_000, 46_800_000, 37_475_000], dtype=np.int64)
    beasiswa = np.full(34, 3_500_000, dtype=np.int64)
    for manfaat, amounts in (("JKK", jkk), ("beasiswa", beasiswa)):
        kejadian = _uniform_dates(rng, len(amounts), dt.date(2024, 10, 1), dt.date(2025, 3, 31))
        add(active.pick(LABUHANBATU, kejadian), manfaat, kejadian,
            _full(len(amounts), _d(MUSRENBANG_DAY), "datetime64[D]"), amounts)

    claims = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    claims["kode_kabupaten"] = people["kode_kabupaten"][claims["person"]]
    _plant_window_total(claims, window)
    return claims


def _plant_window_total(claims: dict[str, np.ndarray], window) -> None:
    """Scale Labuhanbatu's JHT amounts in the window so all its window claims add up to the published total."""
    in_window = ((claims["kode_kabupaten"] == LABUHANBATU) & (claims["tanggal_bayar"] >= window[0])
                 & (claims["tanggal_bayar"] <= window[1]))
    jht = np.flatnonzero(in_window & (claims["manfaat"] == "JHT"))
    others = int(claims["jumlah_idr"][in_window].sum() - claims["jumlah_idr"][jht].sum())
    target_jht = PUBLISHED_CLAIMS_TOTAL_IDR - others
    factor = target_jht / float(claims["jumlah_idr"][jht].sum())
    scaled = np.round(claims["jumlah_idr"][jht].astype(float) * factor / 100) * 100
    scaled = scaled.astype(np.int64)
    scaled[np.argmax(scaled)] += target_jht - int(scaled.sum())
    claims["jumlah_idr"][jht] = scaled


# ---------------------------------------------------------------------------------------------
# NIKs, rosters, denominators, targets, offices


def synthetic_niks(rng, desa: np.ndarray) -> np.ndarray:
    """Unique, well-formed synthetic NIKs: issuing kecamatan, birth date (women + 40), serial.

    Serials start at 9000 so that a synthetic NIK is unlikely to be a real person's.
    """
    n = len(desa)
    region = np.array([c[:2] + c[3:5] + c[6:8] for c in desa], dtype=object)
    birth = _uniform_dates(rng, n, dt.date(1961, 1, 1), dt.date(2006, 12, 31)).astype(dt.date)
    female = rng.random(n) < 0.5
    prefix = np.array([f"{r}{b.day + (40 if f else 0):02d}{b.month:02d}{b.year % 100:02d}"
                       for r, b, f in zip(region, birth, female)], dtype=object)
    serial = rng.integers(9000, 10000, n)
    niks = prefix + np.array([f"{s:04d}" for s in serial], dtype=object)
    while True:
        _, first, counts = np.unique(niks, return_index=True, return_counts=True)
        dup = np.setdiff1d(np.arange(n), first)
        if not len(dup):
            return niks
        niks[dup] = prefix[dup] + np.array([f"{s:04d}" for s in rng.integers(1, 10000, len(dup))], dtype=object)


def build_rosters(gen: "Generator", people: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Worker-group rosters: the people a region knows of, covered or not."""
    rows = []

    def roster(group, sumber, day: dt.date, covered_tag, uncovered_desa):
        covered = np.flatnonzero(people["tag"] == covered_tag) if covered_tag else np.array([], int)
        rows.append(dict(person=covered, desa=people["kode_desa"][covered], kelompok=group, sumber=sumber, day=day))
        rows.append(dict(person=np.full(len(uncovered_desa), -1), desa=uncovered_desa, kelompok=group,
                         sumber=sumber, day=day))

    lb = LABUHANBATU
    roster("guru_honorer", "Data demo: daftar guru honorer Dinas Pendidikan Labuhanbatu", ROSTER_DAY_1210,
           "roster_guru", gen.pick_desa(lb, 3_000))
    roster("kepala_lingkungan", "Data demo: daftar kepala lingkungan Bagian Tata Pemerintahan Labuhanbatu",
           ROSTER_DAY_1210, "roster_kepling", gen.pick_desa(lb, 215, "kelurahan"))
    roster("kader_desa", "Data demo: daftar kader desa Dinas PMD Labuhanbatu", ROSTER_DAY_1210, None,
           gen.every_desa(lb, 16))
    roster("kader_posyandu", "Data demo: daftar kader posyandu Dinas Kesehatan Labuhanbatu",
           dt.date(2026, 1, 20), "posyandu_1210", gen.pick_desa(lb, 86))
    roster("pekerja_rentan", "Data demo: sinkronisasi data pekerja rentan Labuhanbatu Utara",
           dt.date(2025, 11, 6), None, gen.pick_desa("12.23", 2_350))
    roster("kepala_lingkungan", "Data demo: daftar kepala lingkungan Pemko Tanjungbalai", dt.date(2026, 2, 4),
           None, gen.pick_desa("12.74", 188))
    out = {
        "person": np.concatenate([r["person"] for r in rows]),
        "kode_desa": np.concatenate([r["desa"] for r in rows]).astype(object),
        "kelompok_pekerja": np.concatenate([_full(len(r["desa"]), r["kelompok"]) for r in rows]),
        "sumber": np.concatenate([_full(len(r["desa"]), r["sumber"]) for r in rows]),
        "tanggal_data": np.concatenate([_full(len(r["desa"]), _d(r["day"]), "datetime64[D]") for r in rows]),
    }
    keep = out["tanggal_data"] <= _d(gen.data_end)
    return {k: v[keep] for k, v in out.items()}


def apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split a whole number in proportion to weights, in whole numbers that add up exactly."""
    share = total * weights / weights.sum()
    out = np.floor(share).astype(np.int64)
    out[np.argsort(-(share - out))[: total - int(out.sum())]] += 1
    return out


def build_denominators(gen: "Generator", people: dict[str, np.ndarray]) -> pl.DataFrame:
    """Workers who should be covered, per desa per year; never below the desa's highest active count."""
    codes = np.concatenate([gen.desa[p.kode]["kode"] for p in REGENCIES])
    position = {c: i for i, c in enumerate(codes)}
    desa_idx = np.array([position[c] for c in people["kode_desa"]])
    daftar = people["tanggal_daftar"]
    sampai = np.where(np.isnat(people["aktif_sampai"]), np.datetime64("2999-12-31", "D"), people["aktif_sampai"])

    years = range(DATA_START.year, gen.data_end.year + 1)
    peak = {y: np.zeros(len(codes), np.int64) for y in years}
    month = DATA_START
    while month <= gen.last_month:
        day = _d(month_end(month))
        active = np.bincount(desa_idx[(daftar <= day) & (sampai >= day)], minlength=len(codes))
        peak[month.year] = np.maximum(peak[month.year], active)
        month = month_end(month) + dt.timedelta(days=1)

    rows = []
    for plan in REGENCIES:
        d = gen.desa[plan.kode]
        sel = np.array([position[c] for c in d["kode"]])
        for year in years:
            total = round(plan.eligible_2025 * 1.013 ** (year - 2025))
            floor = np.ceil(peak[year][sel] / 0.92).astype(np.int64)  # no desa above 92% covered
            ideal = total * d["weight"] / d["weight"].sum()
            slack = np.maximum(ideal - floor, 0) + 1e-9
            if floor.sum() > total:
                raise RuntimeError(f"demo denominators of {plan.kode} {year} cannot hold its active participants")
            values = floor + apportion(total - int(floor.sum()), slack)
            if plan.kode == LABUHANBATU and year == 2025:
                sumber = "Data demo: basis pekerja wajib BPJS Ketenagakerjaan Cabang Rantau Prapat"
                tanggal = ANCHOR
            else:
                sumber = "Data demo: proyeksi penduduk bekerja per desa (sintetis, pola Sakernas BPS)"
                tanggal = dt.date(year - 1, 11, 30)
            rows.append(pl.DataFrame({
                "kode_desa": d["kode"].tolist(), "berlaku_mulai": [dt.date(year, 1, 1)] * len(sel),
                "jumlah_pekerja": values.tolist(), "sumber": [sumber] * len(sel),
                "tanggal_sumber": [tanggal] * len(sel)}))
    return pl.concat(rows)


OFFICES = (
    ("KC-KISARAN", "Kantor Cabang Kisaran", "cabang", None),
    ("KC-RANTAUPRAPAT", "Kantor Cabang Rantau Prapat", "cabang", None),
    ("KC-LABURA", "Kantor Cabang Labuhanbatu Utara", "cabang", None),
    ("KCP-LABUSEL", "Kantor Cabang Pratama Labuhanbatu Selatan", "pratama", "KC-KISARAN"),
)
# which office serves which regency, and since when; the changes are demo assumptions (docs/decisions.md)
SERVICE = (
    ("KC-KISARAN", "12.09", dt.date(2022, 1, 1), None),
    ("KC-KISARAN", "12.19", dt.date(2022, 1, 1), None),
    ("KC-KISARAN", "12.74", dt.date(2022, 1, 1), None),
    ("KCP-LABUSEL", "12.22", dt.date(2022, 1, 1), None),
    ("KC-RANTAUPRAPAT", "12.10", dt.date(2022, 1, 1), dt.date(2025, 12, 31)),
    ("KC-KISARAN", "12.10", dt.date(2026, 1, 1), None),
    ("KC-RANTAUPRAPAT", "12.23", dt.date(2022, 1, 1), dt.date(2023, 6, 30)),
    ("KC-LABURA", "12.23", dt.date(2023, 7, 1), None),
)


def build_targets(gen: "Generator", people: dict[str, np.ndarray]) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = []
    for plan in REGENCIES:
        base = 100 * plan.active_at_anchor / plan.eligible_2025
        for year in range(DATA_START.year, gen.data_end.year + 1):
            rows.append((plan.kode, year, round(base + 3.5 + 3 * (year - 2025)), "Data demo: target RPJMD (sintetis)"))
    # the province carries the national targets: RPJMN 2025-2029 for 2025, RKP 2026 for 2026
    rows += [("12", 2025, 32.15, "RPJMN 2025-2029 (target nasional)"), ("12", 2026, 34.99, "RKP 2026 (target nasional)")]
    target_ucj = pl.DataFrame(rows, schema=["kode_wilayah", "tahun", "target_pct", "sumber"], orient="row")

    # monthly targets for new participants: the year's realised monthly mean so far plus 12%, in tens,
    # set for every month of the year an office serves the regency (the current year's too, to December)
    registered = pl.DataFrame({"kab": people["kode_kabupaten"], "daftar": people["tanggal_daftar"]})
    yearly = (registered.filter(pl.col("daftar") >= DATA_START)
              .with_columns(bulan=pl.col("daftar").dt.truncate("1mo"))
              .group_by("kab", "bulan").len("baru")
              .group_by("kab", tahun=pl.col("bulan").dt.year())
              .agg(target=((pl.col("baru").mean() * 1.12 / 10).round() * 10).cast(pl.Int64)))
    rows = []
    last_target_month = gen.last_month.replace(month=12)
    for office, kab, start, end in SERVICE:
        month = max(start, DATA_START)
        while month <= last_target_month and (end is None or month <= end):
            rows.append((office, kab, month, month.year))
            month = month_end(month) + dt.timedelta(days=1)
    served = pl.DataFrame(rows, schema=["kode_kantor", "kab", "bulan", "tahun"], orient="row")
    target_baru = (served.join(yearly, on=["kab", "tahun"], how="left")
                   .select("kode_kantor", pl.col("kab").alias("kode_kabupaten"), "bulan",
                           pl.col("target").fill_null(0).alias("target_peserta")))
    return target_ucj, target_baru


# ---------------------------------------------------------------------------------------------
# Writing the warehouse

Progress = Callable[[float, str], None]


def build(path: Path, seed: int = SEED, last_month: dt.date | None = None,
          progress: Progress | None = None) -> Path:
    """Build the demo warehouse at path. It is written to a temporary file next to it and moved into
    place only when complete, so an interrupted build never leaves a half-written warehouse."""
    path = Path(path)
    last_month = (last_month or last_full_month()).replace(day=1)
    if last_month < EARLIEST_LAST_MONTH:
        raise UserError("Bulan akhir data demo paling awal Februari 2026 agar semua angka terbitan tercakup; "
                        "pilih bulan yang lebih baru.")
    report = progress or (lambda fraction, text: None)
    if path.exists():
        _refuse_real_warehouse(path)  # before the lock: a refusal leaves nothing beside the file
    path.parent.mkdir(parents=True, exist_ok=True)
    with write.lock(path):  # two builds (two first visitors) must not interleave; an import waits for it
        if path.exists():
            _refuse_real_warehouse(path)
        return _build(path, seed, last_month, report)


def _build(path: Path, seed: int, last_month: dt.date, report: Progress) -> Path:

    report(0.02, "Membaca referensi wilayah")
    wilayah = read_wilayah_csv()
    gen = Generator(seed, last_month, wilayah)
    report(0.08, "Membuat peserta demo")
    people = gen.build_people()
    _check_anchor(people)
    report(0.30, "Membuat klaim demo")
    claims = build_claims(gen.rng, people, gen.data_end)
    rosters = build_rosters(gen, people)
    report(0.45, "Menyamarkan NIK")
    key = nik.demo_key(seed)
    niks = synthetic_niks(gen.rng, np.concatenate([people["kode_desa"], rosters["kode_desa"]]))
    hashes = np.array([nik.hash_nik(v, key) for v in niks], dtype=object)
    person_hash = hashes[: len(people["kode_desa"])]
    roster_hash = np.where(rosters["person"] >= 0, person_hash[rosters["person"]], hashes[len(people["kode_desa"]):])
    report(0.55, "Menghitung pekerja wajib dan target")
    denominators = build_denominators(gen, people)
    target_ucj, target_baru = build_targets(gen, people)

    # pseudonymous ids: a shuffled sequence, unrelated to the NIK or to the order of generation
    person_id = gen.rng.permutation(len(person_hash)) + 1_000_001
    peserta = _frame({
        "peserta_id": person_id, "nik_hash": person_hash,
        **{k: people[k] for k in ("kode_desa", "segmen", "kelompok_pekerja", "sumber_dana", "kode_perjanjian",
                                  "is_jkk", "is_jkm", "is_jht", "is_jp", "is_jkp", "tanggal_daftar")},
        "aktif_sampai": people["aktif_sampai"],
    }).sort("peserta_id")
    order = np.lexsort((person_id[claims["person"]], claims["tanggal_bayar"]))
    klaim = _frame({
        "klaim_id": np.arange(1, len(order) + 1),
        "peserta_id": person_id[claims["person"]][order],
        "kode_desa": people["kode_desa"][claims["person"]][order],
        "manfaat": claims["manfaat"][order],
        "tanggal_kejadian": claims["tanggal_kejadian"][order],
        "tanggal_bayar": claims["tanggal_bayar"][order],
        "jumlah_idr": claims["jumlah_idr"][order],
    })
    anggota = _frame({
        "anggota_id": np.arange(1, len(roster_hash) + 1), "nik_hash": roster_hash,
        "kode_desa": rosters["kode_desa"], "kelompok_pekerja": rosters["kelompok_pekerja"],
        "sumber": rosters["sumber"], "tanggal_data": rosters["tanggal_data"],
    })
    tables = {
        "kantor_cabang": pl.DataFrame(OFFICES, schema=["kode_kantor", "nama", "jenis", "kode_kantor_induk"],
                                      orient="row"),
        "kantor_wilayah": pl.DataFrame(SERVICE, schema=["kode_kantor", "kode_kabupaten", "berlaku_mulai",
                                                        "berlaku_sampai"], orient="row"),
        "perjanjian_sponsor": pl.DataFrame(gen.agreements),
        "peserta": peserta, "klaim": klaim, "anggota_kelompok": anggota, "pekerja_wajib": denominators,
        "target_ucj": target_ucj, "target_peserta_baru": target_baru,
    }

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
                    "data_sampai": gen.data_end.isoformat(), "wilayah_versi": REFERENCE_VERSION,
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
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal"), Path(str(tmp) + ".lock")):
            leftover.unlink(missing_ok=True)
    report(1.0, "Gudang data demo siap")
    return path


def _check_anchor(people: dict[str, np.ndarray]) -> None:
    day = _d(ANCHOR)
    lb = people["kode_kabupaten"] == LABUHANBATU
    active = lb & (people["tanggal_daftar"] <= day) & (np.isnat(people["aktif_sampai"]) | (people["aktif_sampai"] >= day))
    if int(active.sum()) != 66_234:
        raise AssertionError(f"demo plants {int(active.sum())} active in Labuhanbatu on {ANCHOR}, not 66.234")


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
