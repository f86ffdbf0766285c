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
    return summarize_compared(con, region, as_of, claims_from, claims_to, viewer=viewer)[0]


def summarize_compared(con: warehouse.Connection, region: str, as_of: dt.date,
                       claims_from: dt.date | None = None, claims_to: dt.date | None = None,
                       compare_on: dt.date | None = None, *, viewer: access.Viewer) -> tuple[dict, dict | None]:
    """`summarize`, and the coverage on `compare_on` (`coverage_on`, None without the day), both days' month-end
    figures read at once (the briefing compares a year back)."""
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
    # a hidden count stays hidden (NaN) with its amount; the total is the region's own, read exactly and then
    # protected, since a sum of the rows would be NaN (or, of the shown ones, too small)
    if claims_from.day == 1 and (claims_to + dt.timedelta(days=1)).day == 1:
        # whole months (the default, 1 January to a month's end) are the claims mart's rows alone, the total beside
        # each row (one read)
        rows = warehouse.read(con, "klaim_manfaat_jumlah", viewer, wilayah=region, bulan_dari=claims_from,
                              bulan_sampai=claims_to.replace(day=1))
        claims_total = ({"jumlah_klaim": rows.item(0, "total_klaim"), "jumlah_idr": rows.item(0, "total_idr")}
                        if rows.height else {"jumlah_klaim": 0, "jumlah_idr": 0})
    else:
        per_day = {"wilayah": region, "dari": claims_from, "sampai": claims_to}
        rows = warehouse.read(con, "ringkasan_klaim_per_manfaat", viewer, **per_day)
        claims_total = read_total(con, "ringkasan_klaim_per_manfaat", viewer, ("jumlah_klaim", "jumlah_idr"),
                                  **per_day).row(0, named=True)
    by_benefit = {row["manfaat"]: row for row in rows.iter_rows(named=True)}
    claims = {b: {"count": measures.whole(by_benefit.get(b, {}).get("jumlah_klaim", 0)),
                  "amount_idr": measures.whole(by_benefit.get(b, {}).get("jumlah_idr", 0))} for b in BENEFITS}
    coverage = _coverage(con, region, (as_of,) if compare_on is None else (as_of, compare_on), viewer)
    summary = {
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
        **coverage[as_of][0],
        "claims_loaded": warehouse.is_demo(con) or any(r["jenis"] == "klaim" for r in loaded.iter_rows(named=True)),
        # a province (or Indonesia): its kabupaten/kota with nothing loaded, which its figures leave out
        "kabupaten_without_data": (coverage[as_of][1] if found.item(0, "tingkat") in ("provinsi", "nasional")
                                   else None),
        "claims_from": claims_from.isoformat(),
        "claims_to": claims_to.isoformat(),
        "claims": claims,
        "claims_total": {"count": measures.whole(claims_total["jumlah_klaim"] or 0),
                         "amount_idr": measures.whole(claims_total["jumlah_idr"] or 0)},
        "is_demo": warehouse.is_demo(con),
    }
    return summary, None if compare_on is None else coverage[compare_on][0]


def coverage_on(con: warehouse.Connection, region: str, day: dt.date, *, viewer: access.Viewer) -> dict:
    """A region's coverage on a day: active participants, workers who should be covered, UCJ % and the
    denominator's source (what the briefing also compares a year back, without the rest of the summary)."""
    return _coverage(con, region, (day,), viewer)[day][0]


def _coverage(con, region: str, days: tuple[dt.date, ...], viewer: access.Viewer) -> dict[dt.date, tuple[dict, int | None]]:
    """`coverage_on` of one or two days (the summary's day and a year earlier), from one read of the coverage
    mart's month rows (queries/ringkasan_akhir_bulan.sql) where those are the day's figures (the active count on a
    month's last day; the denominator also on a day after which none starts within the month), else counted for the
    day (ringkasan_peserta_aktif, ringkasan_pekerja_wajib); with each, the month's kabupaten/kota without data where
    the mart has the month (else None)."""
    month_rows = {row["tanggal"]: row for row in warehouse.read(
        con, "ringkasan_akhir_bulan", viewer, wilayah=region, tanggal=days[0], tanggal_lalu=days[-1]
    ).iter_rows(named=True)}
    out = {}
    for day in days:
        row = month_rows.get(day)
        active_row = (row if row is not None and row["aktif_akhir_bulan"] else
                      warehouse.read(con, "ringkasan_peserta_aktif", viewer, wilayah=region, tanggal=day).row(0, named=True))
        eligible = (row if row is not None and row["pekerja_akhir_bulan"] else
                    warehouse.read(con, "ringkasan_pekerja_wajib", viewer, wilayah=region, tanggal=day).row(0, named=True))
        active = active_row["peserta_aktif"]
        out[day] = ({
            "active_participants": measures.whole(active),
            "active_from_counts": measures.whole(active_row["dari_rekap"]),
            "eligible_workers": measures.whole(eligible["pekerja_wajib"]),
            "coverage_pct": measures.coverage_pct_2dp(measures.whole(active), eligible["pekerja_wajib"]),
            "eligible_source": eligible["sumber"],
            "eligible_source_date": eligible["tanggal_sumber"].isoformat() if eligible["tanggal_sumber"] else None,
            # active participants count in every desa; a desa without a denominator overstates coverage
            "desa_without_eligible": int(eligible["desa_tanpa_data"]),
        }, None if row is None or row["kabupaten_tanpa_data"] is None else int(row["kabupaten_tanpa_data"]))
    return out
