"""The demo's participants (peserta) and its sponsorship agreements (perjanjian_sponsor).

A cohort is drawn as a dict of equal-length columns (one element per person); the people are all the
cohorts concatenated. The published Labuhanbatu figures are planted by construction: every regency's
participants active on the anchor day are exactly its published or calibrated number, because its
general cohort is sized as that number less the planted cohorts active that day.
"""
import dataclasses
import datetime as dt

import numpy as np

from ucj import fmt
from ucj.demo.calibration import (ANCHOR, CLAIM_WINDOW, DATA_START, DEPARTED_MEMBERSHIP_DAYS, DEPARTED_SHARE,
                                  DEPARTED_SHARE_1210, DEMO_SOURCE, GROUP_MIX, JHT_SHARE, JKP_SHARE_OF_JP,
                                  JP_SHARE_PU, LABUHANBATU, LEAVE_AFTER_ANCHOR_PER_YEAR, MUSRENBANG_DAY,
                                  MUSRENBANG_DEATH_DAYS, MUSRENBANG_DEATH_MEMBERSHIP_DAYS, MUSRENBANG_DEATHS,
                                  NEW_LEAVING_DAYS, NEW_LEAVING_SHARE, NEW_PER_YEAR_SHARE, OLD_MEMBER_SHARE,
                                  OLD_MEMBER_SINCE, PLANTED_ORDER, REGENCIES, SEGMENTS, SINGLE_GROUP,
                                  SPONSORED_GROUP_MIX, SPONSORED_PROGRAMMES, SPONSORSHIPS, WINDOW_DEPARTURES,
                                  WINDOW_MEMBERSHIP_DAYS, WINDOW_SEGMENT_MIX, Cohort, RegencyPlan, Sponsorship, Where)
from ucj.demo.claims import claim_lag
from ucj.demo.stream import NAT, Stream, day, days, full

Columns = dict[str, np.ndarray]
BY_CODE = {s.code: s for s in SPONSORSHIPS}
ONE_DAY = dt.timedelta(days=1)


def draw_people(stream: Stream) -> Columns:
    """Every participant drawn, including any registered after the data's end (see within_data)."""
    parts: list[Columns] = []
    for planted in PLANTED_ORDER:
        if isinstance(planted, Cohort):
            parts += cohort(stream, planted)
        else:
            parts.append(sponsored(stream, BY_CODE[planted]))
    parts.append(musrenbang_deaths(stream))
    parts.append(claim_window_departures(stream))
    planted_active = active_on_anchor(concat(parts))
    for plan in REGENCIES:
        parts += general(stream, plan, plan.active_at_anchor - planted_active.get(plan.kode, 0))
    return concat(parts)


def within_data(people: Columns, data_end) -> tuple[Columns, np.ndarray]:
    """The people registered by the data's last day, and which of the drawn they are. An ordinary participant's
    end of cover after that day is not known yet on it (a sponsorship's agreed end is)."""
    keep = people["tanggal_daftar"] <= day(data_end)
    kept = {k: v[keep] for k, v in people.items()}
    unknown = (kept["tag"] == "umum") & (kept["aktif_sampai"] > day(data_end))
    kept["aktif_sampai"] = np.where(unknown, NAT, kept["aktif_sampai"])
    return kept, keep


def concat(parts: list[Columns]) -> Columns:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def active_on_anchor(people: Columns) -> dict[str, int]:
    """Participants covered on the anchor day, per regency."""
    anchor = day(ANCHOR)
    sampai = people["aktif_sampai"]
    active = (people["tanggal_daftar"] <= anchor) & (np.isnat(sampai) | (sampai >= anchor))
    kab, counts = np.unique(people["kode_kabupaten"][active], return_counts=True)
    return dict(zip(kab.tolist(), counts.tolist()))


def participants(stream: Stream, tag: str, kab: str, desa: np.ndarray, segmen, daftar: np.ndarray,
                 sampai: np.ndarray, *, kelompok=None, sumber_dana=None, kode_perjanjian=None, akhir_klaim=None,
                 bayar_akhir=None, coastal: bool = False) -> Columns:
    """One cohort's columns; what is not given (group, funding, programmes) is drawn or follows the segment."""
    rng, n = stream.rng, len(desa)
    segmen = np.asarray(segmen, dtype=object) if np.ndim(segmen) else full(n, segmen)
    if kelompok is None:
        kelompok = groups(stream, segmen, coastal)
    elif np.ndim(kelompok) == 0:
        kelompok = full(n, kelompok)
    if sumber_dana is None:
        sumber_dana = np.where(np.isin(segmen, ["PU", "Jakon"]), "pemberi kerja", "mandiri").astype(object)
    elif np.ndim(sumber_dana) == 0:
        sumber_dana = full(n, sumber_dana)
    akhir_klaim = full(n, None) if akhir_klaim is None else akhir_klaim
    pu = segmen == "PU"
    is_sponsored = kode_perjanjian is not None  # sponsorships pay JKK + JKM only
    is_jp = (pu & (rng.random(n) < JP_SHARE_PU)) | np.isin(akhir_klaim, ["JP", "JKP"])
    optional_jht = np.zeros(n, bool)
    for seg, share in JHT_SHARE.items():
        optional_jht = optional_jht | ((segmen == seg) & (rng.random(n) < share))
    is_jht = ~np.full(n, is_sponsored) & (pu | optional_jht)
    return dict(
        tag=full(n, tag), kode_kabupaten=full(n, kab), kode_desa=desa, segmen=segmen,
        kelompok_pekerja=kelompok, sumber_dana=sumber_dana, kode_perjanjian=full(n, kode_perjanjian),
        is_jkk=np.ones(n, bool), is_jkm=np.ones(n, bool),
        is_jht=is_jht | (akhir_klaim == "JHT"), is_jp=is_jp,
        is_jkp=(is_jp & (rng.random(n) < JKP_SHARE_OF_JP)) | (akhir_klaim == "JKP"),
        tanggal_daftar=daftar, aktif_sampai=sampai, akhir_klaim=akhir_klaim,
        bayar_akhir=days(n, None) if bayar_akhir is None else bayar_akhir,
    )


def groups(stream: Stream, segmen: np.ndarray, coastal: bool) -> np.ndarray:
    out = full(len(segmen), "lainnya")
    for seg in ("PU", "BPU"):
        mask = segmen == seg
        out[mask] = stream.choose(int(mask.sum()), GROUP_MIX[(seg, coastal)])
    for seg, group in SINGLE_GROUP.items():
        out[segmen == seg] = group
    return out


def cohort(stream: Stream, c: Cohort) -> list[Columns]:
    """A planted cohort, in its regency or in every regency that has desa."""
    regencies = [c.where.kab] if c.where.kab else [p.kode for p in REGENCIES if stream.has_desa(p.kode)]
    parts = []
    for kab in regencies:
        desa = stream.place(dataclasses.replace(c.where, kab=kab))
        parts.append(participants(stream, c.tag, kab, desa, c.segmen, stream.dates(len(desa), *c.registered),
                                  days(len(desa), None), kelompok=c.kelompok, sumber_dana=c.sumber_dana))
    return parts


def sponsored(stream: Stream, s: Sponsorship) -> Columns:
    """The pekerja rentan enrolled under a sponsorship, all on its first day and covered to its last."""
    e = s.enrols
    desa = stream.place(Where(s.kab, e.count, e.how))
    n = len(desa)
    kelompok = stream.choose(n, SPONSORED_GROUP_MIX) if e.kelompok is None else e.kelompok
    return participants(stream, e.tag, s.kab, desa, "BPU", days(n, e.enrolled[0]), days(n, e.enrolled[1]),
                        kelompok=kelompok, sumber_dana=s.sumber_dana, kode_perjanjian=s.code)


def musrenbang_deaths(stream: Stream) -> Columns:
    """Deaths whose santunan was handed over at Musrenbang 2025 (paid after the claim window)."""
    n = MUSRENBANG_DEATHS
    sampai = stream.dates(n, *MUSRENBANG_DEATH_DAYS)
    desa = stream.pick_desa(LABUHANBATU, n)
    return participants(stream, "musrenbang_jkm", LABUHANBATU, desa, "BPU",
                        sampai - stream.durations(n, MUSRENBANG_DEATH_MEMBERSHIP_DAYS), sampai,
                        akhir_klaim=full(n, "JKM"), bayar_akhir=days(n, MUSRENBANG_DAY))


def claim_window_departures(stream: Stream) -> Columns:
    """Labuhanbatu's departures whose claims were paid January 2024 to March 2025, in the published numbers."""
    reasons = np.array([reason for reason, count in WINDOW_DEPARTURES for _ in range(count)], dtype=object)
    n = len(reasons)
    segmen = full(n, "PU")
    for reason, mix in WINDOW_SEGMENT_MIX.items():
        mask = np.array([r == reason for r in reasons])
        segmen[mask] = stream.choose(int(mask.sum()), mix)
    # paid inside the window; the cover ended (the claim arose) days before payment, so before 31 March
    bayar = stream.dates(n, *CLAIM_WINDOW)
    sampai = bayar - claim_lag(stream, reasons)
    daftar = sampai - stream.durations(n, WINDOW_MEMBERSHIP_DAYS)
    bayar = np.where(reasons == None, NAT, bayar)  # noqa: E711  (a lapse pays nothing)
    return participants(stream, "jendela_klaim", LABUHANBATU, stream.pick_desa(LABUHANBATU, n), segmen, daftar,
                        sampai, akhir_klaim=reasons, bayar_akhir=bayar)


def general(stream: Stream, plan: RegencyPlan, active: int) -> list[Columns]:
    """Ordinary participants: covered on the anchor day, ended before it, or registered after it."""
    rng, kab, mix = stream.rng, plan.kode, dict(zip(SEGMENTS, plan.segment_mix))
    after_anchor = ANCHOR + ONE_DAY

    def cohort_of(daftar, sampai):
        n = len(daftar)
        return participants(stream, "umum", kab, stream.pick_desa(kab, n), stream.choose(n, mix), daftar, sampai,
                            coastal=plan.coastal)

    n = active
    daftar = np.where(rng.random(n) < OLD_MEMBER_SHARE, stream.dates(n, *OLD_MEMBER_SINCE),
                      stream.dates(n, DATA_START, ANCHOR))
    years = (stream.end - ANCHOR).days / 365.25
    sampai = np.where(rng.random(n) < LEAVE_AFTER_ANCHOR_PER_YEAR * years, stream.dates(n, after_anchor, stream.end),
                      NAT)
    parts = [cohort_of(daftar, sampai)]

    # Labuhanbatu's departures inside its claim window are planted (claim_window_departures)
    share, last_end = ((DEPARTED_SHARE_1210, CLAIM_WINDOW[0] - ONE_DAY) if kab == LABUHANBATU
                       else (DEPARTED_SHARE, ANCHOR - ONE_DAY))
    n = int(active * share)
    sampai = stream.dates(n, DATA_START, last_end)
    parts.append(cohort_of(sampai - stream.durations(n, DEPARTED_MEMBERSHIP_DAYS), sampai))

    n = int(active * NEW_PER_YEAR_SHARE * years)
    daftar = stream.dates(n, after_anchor, stream.end)
    sampai = np.where(rng.random(n) < NEW_LEAVING_SHARE, daftar + stream.durations(n, NEW_LEAVING_DAYS), NAT)
    sampai = np.where(sampai > day(stream.end), NAT, sampai)
    parts.append(cohort_of(daftar, sampai))
    return parts


def agreements(people: Columns) -> list[dict]:
    """perjanjian_sponsor: one row per SPONSORSHIPS row, its worker count taken from the people it covers."""
    rows = []
    for s in SPONSORSHIPS:
        enrolling = s if s.enrols else BY_CODE.get(s.renews)
        workers = s.planned if enrolling is None else int(np.count_nonzero(people["kode_perjanjian"] == enrolling.code))
        per_desa = enrolling.enrols.count if enrolling and enrolling.enrols.how == "per_desa" else None
        rows.append(dict(
            kode_perjanjian=s.code, nama=s.name.format(workers=fmt.number(workers), per_desa=fmt.number(per_desa)),
            sponsor=s.sponsor, sumber_dana=s.sumber_dana, kode_wilayah=s.kab, jumlah_pekerja=workers,
            program=list(SPONSORED_PROGRAMMES), mulai=s.mulai, selesai=s.selesai, tanggal_perjanjian=s.signed,
            status=s.status, keterangan=DEMO_SOURCE))
    return rows
