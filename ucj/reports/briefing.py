"""The Musrenbang briefing: a region's figures for one day, gathered once, then laid out as a PDF or a deck.

Everything shown comes from here, with the source and date of each figure, so the PDF and the deck say
the same thing and the tests can check one place against the warehouse.
"""
import datetime as dt
import json
from dataclasses import dataclass, field

import polars as pl

from ucj import access, fmt, settings, warehouse
from ucj.reports import measures, rosters
from ucj.reports.summary import BENEFITS, summarize_compared
from ucj.suppression import below_kabupaten, is_hidden

TREND_MONTHS = 24


@dataclass
class Group:
    name: str
    on_roster: int
    covered: int
    not_covered: int
    yearly_cost_idr: int
    roster: str = ""  # which roster the figures come from: group, date, source (ucj.reports.rosters)
    roster_date: str = ""  # the date(s) of that roster alone, for a table's narrow cell


@dataclass
class Briefing:
    summary: dict
    year_earlier: dict | None
    target_pct: float | None
    target_source: str | None
    gap_people: int | None
    trend: list[tuple[dt.date, float | None]]
    groups: list[Group]
    groups_month: dt.date
    plans: list[dict]
    scenario: measures.Scenario | None
    scenario_chosen: bool  # True when the person set the funding, False when it comes from recorded plans
    monthly_contribution_idr: int
    shapes: list[dict] = field(default_factory=list)   # {kode, nama, geometry (GeoJSON), cakupan_pct}
    band_limits: tuple[float, float, float] = settings.DEFAULT_BAND_LIMITS
    made_at: dt.datetime = field(default_factory=dt.datetime.now)
    # the groups' totals as the region's own figures (a sum of the rows would be NaN where one is hidden)
    groups_total: dict = field(default_factory=lambda: {"anggota": 0, "belum_tercakup": 0})

    @property
    def as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.summary["as_of"])

    @property
    def title(self) -> str:
        return f"Cakupan Jaminan Sosial Ketenagakerjaan {self.summary['region_name']}"

    @property
    def notice(self) -> str | None:
        """One sentence above the figures when they are not what they seem: a region with nothing loaded."""
        s = self.summary
        if not s["has_data"]:
            return (f"Belum ada data yang dimuat untuk {s['region_name']}: cakupan, peserta dan klaim belum "
                    "diketahui (bukan nol). Muat ekstraknya lalu buat ulang bahan ini.")
        return None

    @property
    def no_claims_text(self) -> str:
        """What stands where the claims chart would: none paid, or none loaded (unknown, not zero)."""
        if self.summary["claims_loaded"]:
            return "Tidak ada klaim dibayar pada rentang ini."
        return f"Belum ada data klaim yang dimuat untuk {self.summary['region_name']}."

    def key_figures(self) -> list[tuple[str, str, str]]:
        """(label, value, comparison) for the cards, formatted for id_ID."""
        s, e = self.summary, self.year_earlier
        if not s["has_data"]:
            target = fmt.pct(self.target_pct) if self.target_pct is not None else "–"
            return [("Cakupan UCJ", "–", "belum ada data"), ("Peserta aktif", "–", "belum ada data"),
                    ("Pekerja wajib terlindungi", "–", "belum ada data"),
                    ("Target UCJ " + str(self.as_of.year), target, ""), ("Klaim dibayar", "–", "belum ada data")]
        change = ""
        # a change from or to a hidden figure would give it back: no comparison then
        if e and _known(e["coverage_pct"]) and _known(s["coverage_pct"]):
            change = f"{fmt.pct_points(s['coverage_pct'] - e['coverage_pct'])} dari {fmt.date(self.year_ago)}"
        active_change = (f"{fmt.signed_number(s['active_participants'] - e['active_participants'])} setahun"
                         if e and _known(e["active_participants"]) and _known(s["active_participants"]) else "")
        return [
            ("Cakupan UCJ", fmt.pct(s["coverage_pct"]), change),
            ("Peserta aktif", fmt.number(s["active_participants"]), active_change),
            ("Pekerja wajib terlindungi", fmt.number(s["eligible_workers"]), "yang seharusnya terlindungi"),
            ("Target UCJ " + str(self.as_of.year), fmt.pct(self.target_pct) if self.target_pct is not None else "–",
             "" if not _known(self.gap_people) else "target tercapai" if self.gap_people == 0
             else f"kurang {fmt.number(self.gap_people)} orang"),
            ("Klaim dibayar", fmt.rupiah(s["claims_total"]["amount_idr"]),
             f"{fmt.number(s['claims_total']['count'])} klaim") if s["claims_loaded"]
            else ("Klaim dibayar", "–", "belum ada data klaim"),
        ]

    @property
    def year_ago(self) -> dt.date:
        return _year_earlier(self.as_of)

    def claims_rows(self) -> list[tuple[str, int, int]]:
        c = self.summary["claims"]
        return [(b, c[b]["count"], c[b]["amount_idr"]) for b in BENEFITS if c[b]["count"]]

    def sources(self) -> list[str]:
        s = self.summary
        compared = f"; pembanding {fmt.date(self.year_ago)}" if self.year_earlier else "; belum ada data setahun sebelumnya"
        lines = [
            f"Peserta aktif: gudang data UCJ, posisi {fmt.date(self.as_of)}{compared}.",
            f"Pekerja yang seharusnya terlindungi: {s['eligible_source'] or 'tidak tercatat'}"
            + (f" ({fmt.date(dt.date.fromisoformat(s['eligible_source_date']))})" if s["eligible_source_date"] else "")
            + ".",
            f"Klaim: dibayar {fmt.date(dt.date.fromisoformat(s['claims_from']))} sampai "
            f"{fmt.date(dt.date.fromisoformat(s['claims_to']))}, gudang data UCJ.",
            f"Target UCJ {self.as_of.year}: {self.target_source or 'belum ada target'}.",
            f"Tren, peta dan kelompok: posisi akhir bulan, tren {len(self.trend)} bulan sampai {fmt.month(self.as_of)}.",
            f"Kelompok belum terlindungi: daftar kelompok yang diimpor, posisi akhir {fmt.month(self.groups_month)}; "
            f"biaya JKK + JKM {fmt.rupiah_full(self.monthly_contribution_idr)} per orang per bulan.",
        ]
        e = self.year_earlier
        if e and e["eligible_source"] != s["eligible_source"]:
            lines.append(f"Perhatian: setahun sebelumnya pekerja wajib terlindungi berasal dari sumber lain "
                         f"({e['eligible_source']}); sebagian perubahan cakupan berasal dari pergantian sumber itu.")
        if s["active_from_counts"]:
            lines.append(f"Dari peserta aktif, {fmt.number(s['active_from_counts'])} berasal dari rekap jumlah per desa/"
                         "kecamatan (bukan data per orang), untuk wilayah dan segmen yang data per orangnya belum ada.")
        if s["kabupaten_without_data"]:
            lines.append(f"Perhatian: {fmt.number(s['kabupaten_without_data'])} kabupaten/kota di provinsi ini belum punya "
                         "data; angka provinsi hanya mencakup yang sudah ada.")
        if s["desa_without_eligible"] and s["has_data"] and s["coverage_pct"] is None:
            lines.append(f"Cakupan UCJ tidak dihitung: {fmt.number(s['desa_without_eligible'])} desa belum punya angka "
                         "pekerja wajib.")
        elif s["desa_without_eligible"] and s["has_data"]:
            lines.append(f"Perhatian: {fmt.number(s['desa_without_eligible'])} desa belum punya angka pekerja wajib; "
                         "cakupan UCJ terlalu tinggi sampai angka itu dimuat.")
        if self.shapes:
            lines.append("Peta: batas wilayah yang dimuat di gudang data; warna menurut pita cakupan UCJ.")
        if below_kabupaten(s["region_code"]):
            lines.append(f"{fmt.HIDDEN}: 1 sampai 4 orang atau klaim di bawah tingkat kabupaten/kota, disembunyikan demi "
                         f"kerahasiaan; {fmt.AT_LEAST}: angka 5 atau lebih yang ikut disembunyikan agar angka kecil itu "
                         "tidak dapat dihitung dari jumlahnya; rupiah, persen dan biaya yang dihitung darinya bertanda "
                         "sama.")
        lines.append(f"Dibuat {fmt.date(self.made_at.date())} pukul {self.made_at:%H.%M}.")
        return lines


def _known(value) -> bool:
    """Neither unknown (None) nor hidden by the small-count rule."""
    return value is not None and not is_hidden(value)


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def gather(con: warehouse.Connection, region: str, as_of: dt.date, claims_from: dt.date | None = None,
           claims_to: dt.date | None = None,
           monthly_contribution_idr: int = settings.BPU_JKK_JKM_MONTHLY_IDR,
           funding: dict[str, int] | None = None, asn_for_sertakan: int = 0,
           band_limits: tuple[float, float, float] = settings.DEFAULT_BAND_LIMITS, *,
           viewer: access.Viewer) -> Briefing:
    """`funding` (source -> workers) and `asn_for_sertakan` are the scenario chosen; without them the
    scenario is the plans recorded for the region. A briefing is a document that leaves the room: whoever
    makes it, small counts below kabupaten level are suppressed (`Viewer.for_documents`)."""
    viewer = viewer.for_documents()
    first_day, _ = warehouse.data_range(con)
    earlier_day = _year_earlier(as_of)
    # only the coverage is compared a year back: what is loaded and the claims paid are the summary's alone; the
    # month-end figures of both days are read at once
    summary, earlier = summarize_compared(con, region, as_of, claims_from, claims_to,
                                          earlier_day if earlier_day >= first_day else None, viewer=viewer)
    year_earlier = {"as_of": earlier_day.isoformat(), **earlier} if earlier is not None else None
    month = as_of.replace(day=1)
    target = warehouse.read(con, "target_ucj", viewer, wilayah=region, tahun=as_of.year)
    target_pct = float(target.item(0, "target_pct")) if target.height else None
    target_source = target.item(0, "sumber") if target.height else None
    gap = measures.people_to_target(target_pct, summary["eligible_workers"], summary["active_participants"])

    first_month = max(first_day.replace(day=1), _months_before(month, TREND_MONTHS - 1))
    trend_frame = warehouse.read(con, "cakupan_tren", viewer, wilayah=region, bulan_dari=first_month, bulan_sampai=month)
    trend = [(row["bulan"], row["cakupan_pct"]) for row in trend_frame.iter_rows(named=True)]

    group_frame = warehouse.read(con, "kelompok_belum_tercakup", viewer, wilayah=region, bulan=month, kelompok="")
    roster_frame = (warehouse.read(con, "kelompok_daftar", viewer, wilayah=region, bulan=month, kelompok="")
                    if group_frame.height else None)
    roster_of = rosters.labels(roster_frame, month) if roster_frame is not None else {}
    roster_day = rosters.dates(roster_frame, month) if roster_frame is not None else {}
    groups = [Group(r["nama_kelompok"], r["anggota"], r["tercakup"], r["belum_tercakup"],
                    measures.yearly_cost_idr(r["belum_tercakup"], monthly_contribution_idr),
                    roster_of.get(r["kelompok_pekerja"], ""), roster_day.get(r["kelompok_pekerja"], ""))
              for r in group_frame.iter_rows(named=True)]
    # the region's own totals, beside every row (a sum of the rows would be NaN where one is hidden)
    groups_total = ({"anggota": group_frame.item(0, "total_anggota"),
                     "belum_tercakup": group_frame.item(0, "total_belum_tercakup")}
                    if group_frame.height else {"anggota": 0, "belum_tercakup": 0})

    plans = list(warehouse.read(con, "sponsor_rencana", viewer, wilayah=region).iter_rows(named=True))
    chosen = bool(funding) or asn_for_sertakan > 0
    by_source, asn_for_sertakan = ((dict(funding or {}), asn_for_sertakan) if chosen
                                   else planned_funding(plans))
    scenario = None
    if chosen or plans:
        scenario = measures.simulate(summary["active_participants"], summary["eligible_workers"], target_pct,
                                     by_source, asn_for_sertakan, monthly_idr=monthly_contribution_idr)

    return Briefing(summary, year_earlier, target_pct, target_source, gap, trend, groups, month, plans, scenario,
                    chosen, monthly_contribution_idr, _shapes(con, region, summary["region_level"], month, viewer),
                    band_limits, groups_total={k: measures.whole(v or 0) for k, v in groups_total.items()})


def planned_funding(plans: list[dict]) -> tuple[dict[str, int], int]:
    """The recorded plans as the scenario's inputs: workers per funding source, and the ASN of the SERTAKAN
    plans (a plan counts workers; the simulator counts the ASN who each bring five)."""
    by_source: dict[str, int] = {}
    for plan in plans:
        by_source[plan["sumber_dana"]] = by_source.get(plan["sumber_dana"], 0) + int(plan["jumlah_pekerja"])
    asn = by_source.pop("SERTAKAN", 0) // settings.SERTAKAN_WORKERS_PER_ASN
    return by_source, asn


def _months_before(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


_BELOW = {"provinsi": "kabupaten_kota", "kabupaten_kota": "kecamatan", "kecamatan": "desa_kelurahan"}


def _shapes(con, region: str, level: str, month: dt.date, viewer: access.Viewer) -> list[dict]:
    """The regions one level down, with their UCJ %, when boundaries are loaded; else nothing."""
    below = _BELOW.get(level)
    if below is None:
        return []
    shapes = warehouse.read(con, "peta_bentuk", viewer, wilayah=region, tingkat=below)
    if shapes.is_empty():
        return []
    values = warehouse.read(con, "peta_nilai", viewer, wilayah=region, tingkat=below, bulan=month)
    joined = shapes.join(values.select("kode_wilayah", "nama", "cakupan_pct"), left_on="kode",
                         right_on="kode_wilayah", how="left")
    return [{"kode": r["kode"], "nama": r["nama"], "cakupan_pct": r["cakupan_pct"],
             "geometry": json.loads(r["geojson"])} for r in joined.iter_rows(named=True)]


def groups_not_covered_total(briefing: Briefing) -> int | float:
    """People not covered in all the groups: the region's own figure (hidden when small), never a sum of rows."""
    return briefing.groups_total["belum_tercakup"]


def rest_of_groups(briefing: Briefing, shown: list[Group], attribute: str):
    """The sum over the groups not listed one by one: the exact sum when none of them is hidden; else the total
    minus the listed ones when none of those is hidden (a reader can work that out from the table anyway);
    else hidden."""
    rest = [g for g in briefing.groups if g not in shown]
    values = [getattr(g, attribute) for g in rest]
    if not any(is_hidden(v) for v in values):
        return sum(values)
    listed = [getattr(g, attribute) for g in shown]
    total = briefing.groups_total.get({"on_roster": "anggota", "not_covered": "belum_tercakup"}[attribute])
    if any(is_hidden(v) for v in listed) or not _known(total):
        return sum(values)  # hidden, with the mark of what it includes
    return total - sum(listed)


def groups_frame(briefing: Briefing) -> pl.DataFrame:
    return pl.DataFrame({
        "Kelompok": [g.name for g in briefing.groups],
        "Dalam daftar": [g.on_roster for g in briefing.groups],
        "Belum terlindungi": [g.not_covered for g in briefing.groups],
        "Biaya per tahun": [g.yearly_cost_idr for g in briefing.groups],
        "Tanggal daftar": [g.roster_date for g in briefing.groups],
        "Daftar (kelompok, tanggal, sumber)": [g.roster for g in briefing.groups],
    })


PREVIEW_HIDES = ("Daftar (kelompok, tanggal, sumber)",)  # on screen the date alone; the full lines are under it
