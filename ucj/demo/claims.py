"""The demo's claims (klaim): those that end cover, those that do not, and Labuhanbatu's published ones.

Labuhanbatu's claim window and its Musrenbang day hold only claims made for them, in the published
numbers; the JHT amounts in the window are then scaled so that the window adds up to the published total.
"""
import datetime as dt

import numpy as np

from ucj.demo.calibration import (BEASISWA_IDR, CLAIM_AMOUNT_IDR, CLAIM_LAG_DAYS, CLAIM_WINDOW, DATA_START,
                                  DEPARTURE_CLAIMS, LABUHANBATU, MIN_CLAIM_IDR, MONTHLY_CLAIM_RATE,
                                  MUSRENBANG_DAY, MUSRENBANG_EVENT_DAYS, MUSRENBANG_HANDOVER_IDR,
                                  NON_ENDING_LAG_DAYS, OTHER_CLAIM_LAG_DAYS, PUBLISHED_CLAIMS,
                                  PUBLISHED_CLAIMS_TOTAL_IDR, REGENCIES, WINDOW_NEIGHBOUR_LAG_DAYS)
from ucj.demo.stream import NO_END, Stream, day, days, full, month_end, months

Columns = dict[str, np.ndarray]
WINDOW = (day(CLAIM_WINDOW[0]), day(CLAIM_WINDOW[1]))


def claim_lag(stream: Stream, reasons: np.ndarray) -> np.ndarray:
    """Days from the event that ends cover to payment, by benefit."""
    n = len(reasons)
    lag = stream.rng.integers(*OTHER_CLAIM_LAG_DAYS, n)
    for benefit, (low, high) in CLAIM_LAG_DAYS.items():
        lag = np.where(reasons == benefit, stream.rng.integers(low, high, n), lag)
    return lag.astype("timedelta64[D]")


def claim_amounts(stream: Stream, manfaat: np.ndarray) -> np.ndarray:
    """Plausible amounts in rupiah, rounded to Rp100."""
    rng, n = stream.rng, len(manfaat)
    by_benefit = [np.full(n, median) if sigma is None else rng.lognormal(np.log(median), sigma, n)
                  for median, sigma in CLAIM_AMOUNT_IDR.values()]
    beasiswa = rng.choice(list(BEASISWA_IDR), n, p=list(BEASISWA_IDR.values()))
    amount = np.select([manfaat == benefit for benefit in CLAIM_AMOUNT_IDR], by_benefit, beasiswa)
    return np.maximum(np.round(amount / 100) * 100, MIN_CLAIM_IDR).astype(np.int64)


def reserved_1210(bayar: np.ndarray) -> np.ndarray:
    """Payment days that hold only Labuhanbatu's planted claims: its window and its Musrenbang day."""
    return ((bayar >= WINDOW[0]) & (bayar <= WINDOW[1])) | (bayar == day(MUSRENBANG_DAY))


class ActiveIndex:
    """Finds, for dates, random participants of a regency who were covered on those dates."""

    def __init__(self, stream: Stream, people: Columns) -> None:
        self.rng = stream.rng
        self.daftar = people["tanggal_daftar"]
        self.sampai = np.where(np.isnat(people["aktif_sampai"]), NO_END, people["aktif_sampai"])
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

    def count(self, kab: str, on: np.datetime64) -> int:
        pool = self.by_kab[kab]
        return int(((self.daftar[pool] <= on) & (self.sampai[pool] >= on)).sum())


def claim(stream: Stream, person, manfaat, kejadian, bayar, amount=None) -> Columns:
    """Claims of these people (indices into the people's columns); amounts drawn unless given."""
    manfaat = manfaat if np.ndim(manfaat) else full(len(person), manfaat)
    return dict(person=np.asarray(person), manfaat=np.asarray(manfaat, dtype=object), tanggal_kejadian=kejadian,
                tanggal_bayar=bayar, jumlah_idr=claim_amounts(stream, manfaat) if amount is None else amount)


def draw_claims(stream: Stream, people: Columns) -> Columns:
    planted = np.flatnonzero(~np.isnat(people["bayar_akhir"]))
    parts = [claim(stream, planted, people["akhir_klaim"][planted], people["aktif_sampai"][planted],
                   people["bayar_akhir"][planted]),
             departure_claims(stream, people)]
    active = ActiveIndex(stream, people)
    parts += monthly_claims(stream, active)
    parts += window_claims(stream, active)
    parts += musrenbang_handover(stream, active)
    claims = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    claims["kode_kabupaten"] = people["kode_kabupaten"][claims["person"]]
    plant_window_total(claims)
    return claims


def departure_claims(stream: Stream, people: Columns) -> Columns:
    """General participants whose cover ended: a benefit by segment and programme, or a lapse."""
    end = day(stream.end)
    ended = np.flatnonzero(~np.isnat(people["aktif_sampai"]) & (people["aktif_sampai"] <= end)
                           & np.isin(people["tag"], ["umum"]))
    pu = people["segmen"][ended] == "PU"
    u = stream.rng.random(len(ended))
    reason = np.full(len(ended), None, dtype=object)
    for benefit, segment, low, high, programme in DEPARTURE_CLAIMS:
        mask = (u >= low) & (u < high)
        if segment is not None:
            mask &= pu if segment == "PU" else ~pu
        if programme is not None:
            mask &= people[programme][ended]
        reason[mask] = benefit
    has = reason != None  # noqa: E711
    idx, reason = ended[has], reason[has]
    kejadian = people["aktif_sampai"][idx]
    bayar = kejadian + claim_lag(stream, reason)
    keep = (bayar <= end) & ~((people["kode_kabupaten"][idx] == LABUHANBATU) & reserved_1210(bayar))
    return claim(stream, idx[keep], reason[keep], kejadian[keep], bayar[keep])


def monthly_claims(stream: Stream, active: ActiveIndex) -> list[Columns]:
    """Claims that do not end cover (JKK, beasiswa), by a monthly rate on the active participants."""
    end, parts = day(stream.end), []
    for month in months(DATA_START, stream.end):
        last = month_end(month)
        for plan in REGENCIES:
            n_active = active.count(plan.kode, day(last))
            for manfaat, rate in MONTHLY_CLAIM_RATE.items():
                n = stream.rng.poisson(rate * n_active)
                kejadian = stream.dates(n, month, last)
                bayar = kejadian + stream.durations(n, NON_ENDING_LAG_DAYS)
                if plan.kode == LABUHANBATU:
                    outside = ~reserved_1210(bayar)
                    kejadian, bayar = kejadian[outside], bayar[outside]
                ok = bayar <= end
                parts.append(claim(stream, active.pick(plan.kode, kejadian[ok]), manfaat, kejadian[ok], bayar[ok]))
    return parts


def window_claims(stream: Stream, active: ActiveIndex) -> list[Columns]:
    """Labuhanbatu's JKK and beasiswa in its window in the published counts, one JKK paid on each edge,
    and one just outside each edge, so the edges are tested against real neighbours."""
    parts = []
    for manfaat in MONTHLY_CLAIM_RATE:
        n = PUBLISHED_CLAIMS[manfaat]
        bayar = stream.dates(n, *CLAIM_WINDOW)
        if manfaat == "JKK":
            bayar[:2] = WINDOW
        kejadian = bayar - stream.durations(n, NON_ENDING_LAG_DAYS)
        parts.append(claim(stream, active.pick(LABUHANBATU, kejadian), manfaat, kejadian, bayar))
    bayar = np.array([day(CLAIM_WINDOW[0] - dt.timedelta(days=1)), day(CLAIM_WINDOW[1] + dt.timedelta(days=1))])
    kejadian = bayar - np.array([WINDOW_NEIGHBOUR_LAG_DAYS] * 2).astype("timedelta64[D]")
    parts.append(claim(stream, active.pick(LABUHANBATU, kejadian), "JKK", kejadian, bayar))
    return parts


def musrenbang_handover(stream: Stream, active: ActiveIndex) -> list[Columns]:
    """JKK santunan and beasiswa handed over at Musrenbang 2025 besides the planted deaths."""
    parts = []
    for manfaat, amounts in MUSRENBANG_HANDOVER_IDR.items():
        amounts = np.array(amounts, dtype=np.int64)
        kejadian = stream.dates(len(amounts), *MUSRENBANG_EVENT_DAYS)
        parts.append(claim(stream, active.pick(LABUHANBATU, kejadian), manfaat, kejadian,
                           days(len(amounts), MUSRENBANG_DAY), amounts))
    return parts


def plant_window_total(claims: Columns) -> None:
    """Scale Labuhanbatu's JHT amounts in the window so all its window claims add up to the published total."""
    in_window = ((claims["kode_kabupaten"] == LABUHANBATU) & (claims["tanggal_bayar"] >= WINDOW[0])
                 & (claims["tanggal_bayar"] <= WINDOW[1]))
    jht = np.flatnonzero(in_window & (claims["manfaat"] == "JHT"))
    others = int(claims["jumlah_idr"][in_window].sum() - claims["jumlah_idr"][jht].sum())
    target_jht = PUBLISHED_CLAIMS_TOTAL_IDR - others
    factor = target_jht / float(claims["jumlah_idr"][jht].sum())
    scaled = np.round(claims["jumlah_idr"][jht].astype(float) * factor / 100) * 100
    scaled = scaled.astype(np.int64)
    scaled[np.argmax(scaled)] += target_jht - int(scaled.sum())
    claims["jumlah_idr"][jht] = scaled
