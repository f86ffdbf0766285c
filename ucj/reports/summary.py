"""A region's figures on a day: active participants, workers who should be covered, UCJ %, claims."""
import datetime as dt

from ucj import access, warehouse
from ucj.errors import UserError
from ucj.reports import measures
from ucj.validate import check_region_code
from ucj.warehouse.reading import read_total

BENEFITS = ("JKK", "JKM", "JHT", "JP", "JKP", "beasiswa")
# what a region's own figures are made of: with none of these loaded for it, its figures are unknown, not zero
FACT_KINDS = ("peserta", "rekap", "klaim", "pekerja")


def summarize(con: warehouse.Connection, region: str, as_of: dt.date,
              claims_from: dt.date | None = None, claims_to: dt.date | None = None, *,
              viewer: access.Viewer) -> dict:
    """Claims default to the year to date of as_of."""
    region = check_region_code(region)
    first_day, last_day = warehouse.data_range(con)
    if not first_day <= as_of <= last_day:
        raise UserError(f"Tanggal --as-of {as_of} di luar rentang data gudang ini ({first_day} sampai "
                        f"{last_day}); pilih tanggal di dalam rentang itu.")
    # the year to date, or from the first day of data when the warehouse starts later that year
    claims_from = claims_from or max(as_of.replace(month=1, day=1), first_day)
    claims_to = claims_to or as_of
    if claims_from > claims_to:
        raise UserError(f"--claims-from ({claims_from}) jatuh setelah --claims-to ({claims_to}); "
                        "tukar kedua tanggal itu.")
    for label, day in (("--as-of", as_of), ("--claims-from", claims_from), ("--claims-to", claims_to)):
        if not first_day <= day <= last_day:
            raise UserError(f"Tanggal {label} {day} di luar rentang data gudang ini ({first_day} sampai "
                            f"{last_day}); pilih tanggal di dalam rentang itu.")

    found = warehouse.read(con, "wilayah", viewer, wilayah=region)
    if found.is_empty():
        raise UserError(f"Kode wilayah {region} tidak ada di referensi wilayah gudang data ini; "
                        "periksa kodenya, misalnya 12.10 untuk Kabupaten Labuhanbatu.")
    loaded = warehouse.read(con, "data_dimuat", viewer, wilayah=region)
    # whole months (the default, 1 January to a month's end) are the claims mart's rows alone
    if claims_from.day == 1 and (claims_to + dt.timedelta(days=1)).day == 1:
        per_benefit = ("klaim_manfaat_periode", {"wilayah": region, "bulan_dari": claims_from,
                                                 "bulan_sampai": claims_to.replace(day=1), "segmen": "", "kelompok": ""})
    else:
        per_benefit = ("ringkasan_klaim_per_manfaat", {"wilayah": region, "dari": claims_from, "sampai": claims_to})
    by_benefit = {row["manfaat"]: row for row in
                  warehouse.read(con, per_benefit[0], viewer, **per_benefit[1]).iter_rows(named=True)}
    # a hidden count stays hidden (NaN) with its amount; the total is the region's own, read exactly and then
    # protected, since a sum of the rows would be NaN (or, of the shown ones, too small)
    claims = {b: {"count": measures.whole(by_benefit.get(b, {}).get("jumlah_klaim", 0)),
                  "amount_idr": measures.whole(by_benefit.get(b, {}).get("jumlah_idr", 0))} for b in BENEFITS}
    claims_total = read_total(con, per_benefit[0], viewer, ("jumlah_klaim", "jumlah_idr"),
                              **per_benefit[1]).row(0, named=True)
    return {
        "region_code": region,
        "region_name": found.item(0, "nama"),
        "region_level": found.item(0, "tingkat"),
        "as_of": as_of.isoformat(),
        # nothing of any kind loaded for the region: its figures are unknown, not zero
        "has_data": any(r["jenis"] in FACT_KINDS and not r["di_atas"] for r in loaded.iter_rows(named=True)),
        "loaded": [{"kind": r["jenis"], "rows": int(r["baris"]),
                    "from": r["tanggal_awal"].isoformat() if r["tanggal_awal"] else None,
                    "to": r["tanggal_akhir"].isoformat() if r["tanggal_akhir"] else None,
                    "source": r["sumber"], "for_region_above": bool(r["di_atas"])} for r in loaded.iter_rows(named=True)],
        **coverage_on(con, region, as_of, viewer=viewer),
        "claims_loaded": warehouse.is_demo(con) or any(r["jenis"] == "klaim" for r in loaded.iter_rows(named=True)),
        # a province (or Indonesia): its kabupaten/kota with nothing loaded, which its figures leave out
        "kabupaten_without_data": _kabupaten_without_data(con, region, found.item(0, "tingkat"), as_of, viewer),
        "claims_from": claims_from.isoformat(),
        "claims_to": claims_to.isoformat(),
        "claims": claims,
        "claims_total": {"count": measures.whole(claims_total["jumlah_klaim"] or 0),
                         "amount_idr": measures.whole(claims_total["jumlah_idr"] or 0)},
        "is_demo": warehouse.is_demo(con),
    }


def coverage_on(con: warehouse.Connection, region: str, day: dt.date, *, viewer: access.Viewer) -> dict:
    """A region's coverage on a day: active participants, workers who should be covered, UCJ % and the
    denominator's source (what the briefing also compares a year back, without the rest of the summary)."""
    # each from the coverage mart's month row where that is the day's figure (on a month's last day; for the
    # denominator also on a day after which none starts within the month), else counted for the day
    active_row = _first_row(con, ("ringkasan_peserta_aktif_akhir_bulan", "ringkasan_peserta_aktif"), viewer,
                            wilayah=region, tanggal=day)
    active = active_row["peserta_aktif"]
    eligible = _first_row(con, ("ringkasan_pekerja_wajib_akhir_bulan", "ringkasan_pekerja_wajib"), viewer,
                          wilayah=region, tanggal=day)
    return {
        "active_participants": measures.whole(active),
        "active_from_counts": measures.whole(active_row["dari_rekap"]),
        "eligible_workers": measures.whole(eligible["pekerja_wajib"]),
        "coverage_pct": measures.coverage_pct_2dp(measures.whole(active), eligible["pekerja_wajib"]),
        "eligible_source": eligible["sumber"],
        "eligible_source_date": eligible["tanggal_sumber"].isoformat() if eligible["tanggal_sumber"] else None,
        # active participants count in every desa; a desa without a denominator overstates coverage
        "desa_without_eligible": int(eligible["desa_tanpa_data"]),
    }


def _first_row(con, names: tuple[str, str], viewer: access.Viewer, **params) -> dict:
    """The one row of the first query (a point lookup in the coverage mart), or of the second where that has none."""
    frame = warehouse.read(con, names[0], viewer, **params)
    if frame.is_empty():
        frame = warehouse.read(con, names[1], viewer, **params)
    return frame.row(0, named=True)


def _kabupaten_without_data(con, region: str, level: str, as_of: dt.date, viewer: access.Viewer) -> int | None:
    if level not in ("provinsi", "nasional"):
        return None
    row = warehouse.read(con, "cakupan_wilayah_bulan", viewer, wilayah=region, bulan=as_of.replace(day=1))
    return None if row.is_empty() or row.item(0, "kabupaten_tanpa_data") is None else int(row.item(0, "kabupaten_tanpa_data"))
