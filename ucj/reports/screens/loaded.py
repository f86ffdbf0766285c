"""What is loaded for the region in view and what that means for its figures, the same on every page: the line
under the page's header (data_dimuat), the sentence for a region with nothing loaded (its figures are unknown,
not zero), and the notes on coverage made partly of counts, partly of the province, or without a denominator."""
from dataclasses import dataclass

import polars as pl

from ucj import fmt
from ucj.reports.summary import FACT_KINDS

KIND_NAMES = {"peserta": "peserta per orang", "rekap": "rekap jumlah peserta", "klaim": "klaim",
              "pekerja": "pekerja wajib", "target": "target UCJ"}
PARTICIPANT_KINDS = frozenset({"peserta", "rekap"})
LOAD_HOW = ("Muat ekstraknya (peserta atau rekap jumlah peserta, pekerja wajib, klaim) di halaman Sinkronisasi data, "
            "atau dengan `python -m ucj load JENIS BERKAS`.")


@dataclass(frozen=True)
class Loaded:
    """data_dimuat for a region: the kinds loaded for its area (its kabupaten/kota for a kecamatan or desa)."""
    frame: pl.DataFrame
    area_name: str  # the area's name: the kabupaten/kota of a kecamatan or desa, else the region itself

    @property
    def own_kinds(self) -> frozenset[str]:
        """Kinds loaded for the area itself, not only for a region above it (a province's target)."""
        return frozenset(self.frame.filter(~pl.col("di_atas"))["jenis"].to_list())

    @property
    def has_data(self) -> bool:
        """Anything the area's own figures are made of: without it they are unknown, not zero (as the summary)."""
        return bool(self.own_kinds & set(FACT_KINDS))

    @property
    def participants(self) -> bool:
        return bool(self.own_kinds & PARTICIPANT_KINDS)

    @property
    def claims(self) -> bool:
        return "klaim" in self.own_kinds


def _until(row: dict) -> str:
    if row["jenis"] == "target":
        first, last = row["tanggal_awal"].year, row["tanggal_akhir"].year
        years = str(first) if first == last else f"{first}–{last}"
        return years + (" (wilayah di atasnya)" if row["di_atas"] else "")
    if row["jenis"] == "pekerja":
        return f"per {fmt.date(row['tanggal_akhir'])}"
    return f"s.d. {fmt.date(row['tanggal_akhir'])}"


def summary_line(loaded: Loaded) -> str:
    """'Data dimuat untuk Kabupaten Banyumas: peserta per orang s.d. 31 Maret 2025 · ... · belum ada: klaim'."""
    if loaded.frame.is_empty():
        return f"Data dimuat untuk {loaded.area_name}: belum ada"
    # a target set for a region above counts only where the area has none of its own (the table shows both)
    parts = [f"{KIND_NAMES.get(row['jenis'], row['jenis'])} {_until(row)}" for row in loaded.frame.iter_rows(named=True)
             if not (row["di_atas"] and row["jenis"] in loaded.own_kinds)]
    missing = [KIND_NAMES[k] for k in ("peserta", "klaim", "pekerja") if k not in loaded.own_kinds
               and not (k == "peserta" and "rekap" in loaded.own_kinds)]
    if missing:
        parts.append("belum ada: " + ", ".join(missing))
    return f"Data dimuat untuk {loaded.area_name}: " + " · ".join(parts)


def details_table(loaded: Loaded) -> pl.DataFrame:
    """One row per kind loaded: rows, the days they speak of, their source and when they were last loaded."""
    frame = loaded.frame
    return pl.DataFrame({
        "Jenis": [KIND_NAMES.get(k, k) + (" (wilayah di atasnya)" if above else "")
                  for k, above in zip(frame["jenis"], frame["di_atas"])],
        "Baris": frame["baris"],
        "Dari": [fmt.date(d) for d in frame["tanggal_awal"]],
        "Sampai": [fmt.date(d) for d in frame["tanggal_akhir"]],
        "Sumber": frame["sumber"].cast(pl.String).fill_null("–"),
        "Dimuat": ["–" if t is None else t.strftime("%d/%m/%Y %H:%M") for t in frame["dimuat_at"]],
    })


def no_data_sentence(region_name: str, level: str, area_name: str) -> str:
    """The region's figures are unknown, not zero: say so, and how data gets in."""
    if level in ("kecamatan", "desa_kelurahan"):
        return (f"Belum ada data yang dimuat untuk {area_name}, tempat {region_name} berada, jadi cakupan "
                f"{region_name} belum diketahui (bukan 0%). " + LOAD_HOW)
    return f"Belum ada data yang dimuat untuk {region_name}, jadi cakupannya belum diketahui (bukan 0%). " + LOAD_HOW


def no_claims_sentence(area_name: str) -> str:
    return (f"Belum ada ekstrak klaim yang dimuat untuk {area_name}, jadi klaim yang dibayar belum diketahui (bukan nol). "
            "Muat ekstrak klaim di halaman Sinkronisasi data atau dengan `python -m ucj load klaim BERKAS`.")


def no_participants_sentence(area_name: str) -> str:
    return (f"Ekstrak peserta atau rekap jumlah peserta belum dimuat untuk {area_name}, jadi peserta aktif dan cakupan UCJ "
            "di sini belum diketahui (bukan 0).")


def province_note(cover: dict, kabupaten_count: int) -> str | None:
    """On a province: how many of its kabupaten/kota have nothing loaded, so are not in its figures."""
    missing = cover.get("kabupaten_tanpa_data")
    if cover["tingkat"] != "provinsi" or not missing:
        return None
    return (f"{fmt.number(missing)} dari {fmt.number(kabupaten_count)} kabupaten/kota belum punya data; angka provinsi "
            "hanya mencakup yang sudah ada.")


def coverage_notes(cover: dict, kabupaten_name: str | None) -> list[str]:
    """What the region's coverage is made of, when it is not simply persons over the desa's denominators: active
    participants from counts, counts for a kecamatan as a whole, a kabupaten/kota's own denominator. Every name
    and figure here comes from the warehouse's reference and counts, none from a file's text."""
    notes = []
    if cover.get("aktif_rekap"):
        notes.append(f"Dari {fmt.number(cover['peserta_aktif'])} peserta aktif, {fmt.number(cover['aktif_rekap'])} "
                     "berasal dari rekap jumlah peserta (bukan data per orang).")
    if cover.get("aktif_tanpa_desa") and cover["tingkat"] != "desa_kelurahan":
        notes.append(f"{fmt.number(cover['aktif_tanpa_desa'])} peserta aktif direkap untuk kecamatan secara "
                     "keseluruhan, tidak per desa, sehingga tidak tampak di angka desa.")
    if cover.get("pekerja_wajib_kabupaten") is not None:
        whole = (f"Pekerja wajib terlindungi {kabupaten_name} hanya ada untuk seluruh kabupaten/kota "
                 f"({fmt.number(cover['pekerja_wajib_kabupaten'])} orang) dan tidak dibagi ke kecamatan dan desa")
        if cover["tingkat"] == "kabupaten_kota":
            notes.append(f"{whole}: kecamatan dan desa tanpa angka sendiri tidak punya cakupan UCJ.")
        elif cover["pekerja_wajib"] is None:
            notes.append(f"{whole}, jadi cakupan UCJ {cover['nama']} tidak dihitung.")
        else:
            notes.append(f"{whole}; pekerja wajib {cover['nama']} di sini hanya dari desa yang punya angka sendiri.")
    return notes

