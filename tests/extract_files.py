"""Generated extracts as offices send them: each messy row declares what the loader must make of it (loaded,
counted once as an identical duplicate, or rejected with exactly these reason codes), and the tests compare
the loader's report with counts derived from those declarations, never from the loader itself.

The same rows are written as CSV (comma or semicolon, UTF-8 with or without BOM, Windows-1252), as a real
XLSX (openpyxl: text cells for codes, date cells for dates, a NIK typed into a number cell) and as Parquet."""
import csv
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import openpyxl
import polars as pl
from messy_lists import make_nik


@dataclass
class Row:
    values: dict[str, object]            # canonical column -> the cell as a CSV holds it (text)
    reasons: tuple[str, ...] = ()        # empty: loadable
    duplicate: bool = False              # the same as an earlier row: counted once
    xlsx: dict[str, object] = field(default_factory=dict)  # cells typed otherwise in the XLSX (dates, numbers)


@dataclass
class Extract:
    kind: str
    columns: list[str]                   # canonical names, in file order
    rows: list[Row]
    headers: list[str] | None = None     # what the file's header row says (aliases); default: canonical

    def expected(self) -> dict:
        """The counts the loader must report for this file loaded into a warehouse holding none of its keys."""
        rejected = [r for r in self.rows if r.reasons]
        return {
            "rows_read": len(self.rows),
            "loaded": sum(1 for r in self.rows if not r.reasons and not r.duplicate),
            "updated": 0,
            "unchanged": 0,
            "rejected": len(rejected),
            "duplicates": sum(1 for r in self.rows if r.duplicate),
            "reasons": dict(sorted(Counter(c for r in rejected for c in r.reasons).items())),
        }

    def rejected_rows(self) -> list[dict]:
        """Line numbers (header = 1) and reason codes of the rejected rows, as the report lists them."""
        return [{"baris": n, "alasan": sorted(r.reasons)} for n, r in enumerate(self.rows, start=2) if r.reasons]

    def header_row(self) -> list[str]:
        return self.headers or self.columns

    def text_rows(self) -> list[list[str]]:
        return [[str(r.values.get(c, "")) for c in self.columns] for r in self.rows]


COUNTS = ("rows_read", "loaded", "updated", "unchanged", "rejected", "duplicates", "reasons")


def counts(report: dict) -> dict:
    return {k: report[k] for k in COUNTS}


# ---------------------------------------------------------------------------------------------
# Writers


def write_csv(extract: Extract, path, delimiter: str = ",", encoding: str = "utf-8", blank_line_after: int = 0):
    """encoding 'utf-8-sig' writes a BOM; 'cp1252' is Excel's 'CSV' on an Indonesian Windows."""
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        w.writerow(extract.header_row())
        for n, row in enumerate(extract.text_rows(), start=1):
            w.writerow(row)
            if n == blank_line_after:  # an empty row as Excel saves it: separators only
                f.write(delimiter * (len(extract.columns) - 1) + "\r\n")
    return path


def write_xlsx(extract: Extract, path, title_rows: int = 0):
    """Text cells (number format '@') for every value given as text; a row's `xlsx` cells typed as given:
    a date as a date cell, an int as a number cell (what Excel keeps of a NIK typed as a number)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = extract.kind
    sheet.append(extract.header_row())
    for row in extract.rows:
        cells = [row.xlsx.get(c, row.values.get(c, "")) for c in extract.columns]
        sheet.append([None if v == "" else v for v in cells])
        for cell, value in zip(sheet[sheet.max_row], cells):
            if isinstance(value, str):
                cell.number_format = "@"
            elif isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, int):
                cell.number_format = "0"
    book.save(path)
    return path


def write_parquet(extract: Extract, path, dates: tuple[str, ...] = ()):
    """Every column text except `dates`, written as Parquet dates where the cell reads as TTTT-BB-HH."""
    data = {h: [r.values.get(c, "") or None for r in extract.rows] for h, c in zip(extract.header_row(), extract.columns)}
    frame = pl.DataFrame(data, schema={h: pl.String for h in data})
    for h, c in zip(extract.header_row(), extract.columns):
        if c in dates:
            frame = frame.with_columns(pl.col(h).str.to_date("%Y-%m-%d", strict=False))
    frame.write_parquet(path)
    return path


# ---------------------------------------------------------------------------------------------
# The messy extracts: every reason code of ucj.ingest.extracts.REASONS is provoked by at least one row


PESERTA_COLUMNS = ["kpj", "nik", "kode_desa", "segmen", "tanggal_daftar", "aktif_sampai", "kelompok_pekerja",
                   "sumber_dana", "program"]
# the same columns as offices title them: every one an alias the loader knows
PESERTA_ALIASES = ["No. KPJ", "No KTP", "Kode Desa", "Segmen Peserta", "Tgl Daftar", "Tgl Nonaktif", "Pekerjaan",
                   "Sumber Dana", "Program"]


def peserta(kpj, nik, desa="12.10.01.1004", segmen="BPU", daftar="2025-01-15", sampai="", kelompok="", sumber="",
            program="") -> dict:
    return {"kpj": kpj, "nik": nik, "kode_desa": desa, "segmen": segmen, "tanggal_daftar": daftar,
            "aktif_sampai": sampai, "kelompok_pekerja": kelompok, "sumber_dana": sumber, "program": program}


def messy_peserta() -> Extract:
    rows = []
    a = rows.append
    bad = lambda values, *reasons, **kw: a(Row(values, reasons, **kw))
    # loadable, written every way offices write them
    a(Row(peserta("K001", make_nik(serial=1), kelompok="nelayan", sumber="APBD", program="JKK,JKM"),
          xlsx={"tanggal_daftar": dt.date(2025, 1, 15)}))
    a(Row(peserta("K002", "'" + make_nik(serial=2), segmen="Penerima Upah", daftar="15/02/2025", sampai="2025-03-31"),
          xlsx={"tanggal_daftar": dt.date(2025, 2, 15), "aktif_sampai": dt.date(2025, 3, 31)}))
    a(Row(peserta("K003", "NIK: 1210 0112.0585 0003", desa="1210011005", segmen="bpu", daftar="2025-03-31",
                  kelompok="Guru Honorer", sumber="dana desa", program="jkk+jkm+jht")))
    a(Row(peserta(" K004 ", make_nik(born=dt.date(1990, 3, 7), female=True, serial=4), segmen="PMI",
                  daftar="01-03-2025", kelompok="pekerja migran")))
    a(Row(peserta("K001", make_nik(serial=1), kelompok="nelayan", sumber="APBD", program="JKK,JKM"), duplicate=True,
          xlsx={"tanggal_daftar": dt.date(2025, 1, 15)}))
    # the same participant written otherwise: identical once parsed, so a duplicate too
    a(Row(peserta("K001", "1210 0112 0585 0001", desa="1210011004", daftar="15/01/2025", kelompok="Nelayan",
                  sumber="apbd", program="jkk; jkm"), duplicate=True))
    # rejected, one reason each unless said
    bad(peserta("", make_nik(serial=10)), "kunci_kosong")
    bad(peserta("K011", ""), "nik_kosong")
    bad(peserta("K012", "1,21001E+15"), "nik_rusak_excel")
    bad(peserta("K013", "1.21001E+15"), "nik_rusak_excel", xlsx={"nik": 1210011205850013})
    bad(peserta("K014", "12100112058500O4"), "nik_bukan_angka")
    bad(peserta("K015", make_nik(serial=15)[:15]), "nik_panjang_salah")
    bad(peserta("K016", "1210013213850016"), "nik_tanggal_lahir_salah")
    bad(peserta("K017", make_nik(serial=0)), "nik_nomor_urut_nol")
    bad(peserta("K018", make_nik(kecamatan="990101", serial=18)), "nik_wilayah_tidak_dikenal")
    bad(peserta("K019", make_nik(serial=19), desa="12.10.01.9999"), "wilayah_tidak_dikenal")
    bad(peserta("K020", make_nik(serial=20), desa="12.10.01"), "wilayah_tingkat_salah")
    bad(peserta("K021", make_nik(serial=21), segmen="Honorer"), "segmen_tidak_dikenal")
    bad(peserta("K022", make_nik(serial=22), segmen=""), "teks_kosong")
    bad(peserta("K023", make_nik(serial=23), program="JKK,JKN"), "program_tidak_dikenal")
    bad(peserta("K024", make_nik(serial=24), kelompok="astronot"), "kelompok_tidak_dikenal")
    bad(peserta("K025", make_nik(serial=25), sumber="arisan"), "sumber_dana_tidak_dikenal")
    bad(peserta("K026", make_nik(serial=26), daftar="31/02/2025"), "tanggal_tidak_terbaca")
    bad(peserta("K027", make_nik(serial=27), daftar="2099-01-01"), "tanggal_di_masa_depan")
    bad(peserta("K028", make_nik(serial=28), daftar="1976-12-31"), "tanggal_terlalu_lama")
    bad(peserta("K029", make_nik(serial=29), daftar="2025-03-01", sampai="2025-02-28"), "daftar_setelah_aktif_sampai")
    bad(peserta("K030", make_nik(serial=30)[:15], desa="12.10.01.9999", segmen="Honorer"),
        "nik_panjang_salah", "wilayah_tidak_dikenal", "segmen_tidak_dikenal")
    # one key, two different rows: both refused
    bad(peserta("K031", make_nik(serial=31)), "kunci_ganda_berbeda")
    bad(peserta("K031", make_nik(serial=31), desa="12.10.01.1005"), "kunci_ganda_berbeda")
    return Extract("peserta", PESERTA_COLUMNS, rows)


# valid NIKs of messy_peserta's loadable rows (for the NIK-in-clear checks)
def niks(extract: Extract) -> set[str]:
    import re

    found = {re.sub(r"\D", "", str(r.values.get("nik", ""))) for r in extract.rows}
    found |= {str(r.xlsx["nik"]) for r in extract.rows if "nik" in r.xlsx}
    return {d for d in found if len(d) >= 12}


KLAIM_COLUMNS = ["no_klaim", "kpj", "manfaat", "tanggal_kejadian", "tanggal_bayar", "jumlah_idr", "kode_desa"]


def klaim(no, kpj="K001", manfaat="JKK", kejadian="2025-02-10", bayar="2025-03-03", jumlah="15250000", desa=""):
    return {"no_klaim": no, "kpj": kpj, "manfaat": manfaat, "tanggal_kejadian": kejadian, "tanggal_bayar": bayar,
            "jumlah_idr": jumlah, "kode_desa": desa}


def messy_klaim() -> Extract:
    """For a warehouse holding messy_peserta's participants (K001 BPU from 15 January 2025, K002 PU
    15 February to 31 March 2025, K003 BPU from 31 March 2025)."""
    rows = []
    a = rows.append
    bad = lambda values, *reasons: a(Row(values, reasons))
    a(Row(klaim("KL-001", jumlah="Rp 15.250.000")))
    a(Row(klaim("KL-002", kpj="K002", manfaat="Jaminan Hari Tua", kejadian="2025-03-31", bayar="2025-04-20",
                jumlah="7,500,000")))
    a(Row(klaim("KL-003", kpj="K003", manfaat="jkm", kejadian="2025-03-31", bayar="2025-03-31", jumlah="42000000",
                desa="12.10.01.1005")))
    a(Row(klaim("KL-001", jumlah="Rp 15.250.000"), duplicate=True))
    bad(klaim(""), "kunci_kosong")
    bad(klaim("KL-011", kpj="K999"), "kpj_tidak_dikenal")
    bad(klaim("KL-012", kpj=""), "teks_kosong")
    bad(klaim("KL-013", manfaat="JKN"), "manfaat_tidak_dikenal")
    bad(klaim("KL-014", kejadian="2025-13-01"), "tanggal_tidak_terbaca")
    bad(klaim("KL-015", kejadian="2025-03-04", bayar="2025-03-03"), "bayar_sebelum_kejadian")
    bad(klaim("KL-016", kpj="K003", kejadian="2025-03-30", bayar="2025-04-02"), "kejadian_sebelum_daftar")
    bad(klaim("KL-017", jumlah="0"), "jumlah_tidak_positif")
    bad(klaim("KL-018", jumlah="-5.000"), "jumlah_tidak_positif")
    bad(klaim("KL-019", jumlah="lima juta"), "angka_tidak_terbaca")
    bad(klaim("KL-020", bayar="2099-12-31"), "tanggal_di_masa_depan")
    bad(klaim("KL-021", desa="12.10.01"), "wilayah_tingkat_salah")
    bad(klaim("KL-022", jumlah="1000"), "kunci_ganda_berbeda")
    bad(klaim("KL-022", jumlah="2000"), "kunci_ganda_berbeda")
    return Extract("klaim", KLAIM_COLUMNS, rows)


def messy_rekap() -> Extract:
    columns = ["kode_wilayah", "bulan", "segmen", "peserta_aktif", "peserta_baru"]
    r = lambda kode, bulan, segmen, aktif, baru="": dict(zip(columns, (kode, bulan, segmen, aktif, baru)))
    rows = [
        Row(r("12.10.02", "2025-03", "BPU", "120", "5")),
        Row(r("12.10.02.1001", "03/2025", "PU", "1.250", "")),
        Row(r("12.10.02", "2025-03", "BPU", "120", "5"), duplicate=True),
        Row(r("121002", "2025-03-31", "Bukan Penerima Upah", "120", "5"), duplicate=True),  # the same, once parsed
        Row(r("12.10", "2025-03", "BPU", "10"), ("wilayah_tingkat_salah",)),
        Row(r("12.10.02", "Maret 2025", "BPU", "10"), ("bulan_tidak_terbaca",)),
        Row(r("12.10.02", "2099-01", "BPU", "10"), ("tanggal_di_masa_depan",)),
        Row(r("12.10.02", "1976-12", "BPU", "10"), ("tanggal_terlalu_lama",)),
        Row(r("12.10.02", "2025-03", "Honorer", "10"), ("segmen_tidak_dikenal",)),
        Row(r("12.10.02", "2025-03", "PU", "-3"), ("angka_negatif",)),
        Row(r("12.10.02", "2025-03", "PMI", "sepuluh"), ("angka_tidak_terbaca",)),
        Row(r("12.10.02", "2025-03", "Jakon", ""), ("teks_kosong",)),
        Row(r("12.10.07", "2025-03", "BPU", "7"), ("kunci_ganda_berbeda",)),
        Row(r("12.10.07", "2025-03", "BPU", "8"), ("kunci_ganda_berbeda",)),
    ]
    return Extract("rekap", columns, rows)


def messy_pekerja() -> Extract:
    columns = ["kode_wilayah", "berlaku_mulai", "jumlah_pekerja", "sumber", "tanggal_sumber"]
    r = lambda kode, jumlah, mulai="2025-01-01", sumber="BPS Sakernas Agustus 2024", tanggal="2024-11-05": dict(
        zip(columns, (kode, mulai, jumlah, sumber, tanggal)))
    rows = [
        Row(r("12.10.01.1004", "5.000")),
        Row(r("12.10", "181.567")),
        Row(r("12.10.01", "9000"), ("wilayah_tingkat_salah",)),
        Row(r("12.10.01.1005", "-1"), ("angka_negatif",)),
        Row(r("12.10.01.1006", "banyak"), ("angka_tidak_terbaca",)),
        Row(r("12.10.01.1007", "10", sumber=""), ("teks_kosong",)),
        Row(r("12.10.01.1008", "10", tanggal="2099-01-01"), ("tanggal_di_masa_depan",)),
        Row(r("99.99", "10"), ("wilayah_tidak_dikenal",)),
    ]
    return Extract("pekerja", columns, rows)


def messy_target() -> Extract:
    columns = ["kode_wilayah", "tahun", "target_pct", "sumber"]
    r = lambda kode, tahun, pct, sumber="RPJMD 2025-2029": dict(zip(columns, (kode, tahun, pct, sumber)))
    rows = [
        Row(r("12.10", "2025", "36,5")),
        Row(r("12", "2025", "35.68%")),
        Row(r("12.10", "25", "40"), ("tahun_tidak_terbaca",)),
        Row(r("12.10", "2026", "120"), ("persen_di_luar_rentang",)),
        Row(r("12.10.01", "2026", "40"), ("wilayah_tingkat_salah",)),
    ]
    return Extract("target", columns, rows)


KANTOR_COLUMNS = ["kode_kantor", "nama", "jenis", "kode_kabupaten", "berlaku_mulai"]


def kantor(kode, nama, kabupaten, jenis="cabang", mulai="2024-01-01") -> dict:
    return dict(zip(KANTOR_COLUMNS, (kode, nama, jenis, kabupaten, mulai)))


def messy_kantor() -> Extract:
    rows = [
        Row(kantor("KC-RAP", "Kantor Cabang Rantau Prapat \u2013 Labuhanbatu", "12.10")),
        Row(kantor("KC-RAP", "Kantor Cabang Rantau Prapat \u2013 Labuhanbatu", "12.23")),
        Row(kantor("KCP-KTP", "Kantor Cabang Pratama Kota Pinang", "12.22", jenis="pratama")),
        Row(kantor("KC-KIS", "Kisaran", "12.09", jenis="wilayah"), ("jenis_kantor_tidak_dikenal",)),
        Row(kantor("KC-AEK", "Aek Kanopan", "12.19", mulai=""), ("kunci_kosong",)),
        Row(kantor("", "Tanpa Kode", "12.74"), ("teks_kosong",)),
        # one office named two ways in one file: both rows refused
        Row(kantor("KC-TBA", "Tanjungbalai", "12.74"), ("kunci_ganda_berbeda",)),
        Row(kantor("KC-TBA", "Tanjung Balai", "12.08"), ("kunci_ganda_berbeda",)),
    ]
    return Extract("kantor", KANTOR_COLUMNS, rows)


def messy_target_kantor() -> Extract:
    columns = ["kode_kantor", "kode_kabupaten", "bulan", "target_peserta"]
    r = lambda kantor_, kab, bulan, target: dict(zip(columns, (kantor_, kab, bulan, target)))
    rows = [
        Row(r("KC-RAP", "12.10", "2025-03", "900")),
        Row(r("KC-ZZZ", "12.10", "2025-03", "900"), ("kantor_tidak_dikenal",)),
        Row(r("", "12.10", "2025-03", "900"), ("kunci_kosong",)),
        Row(r("KC-RAP", "12.10", "2025-13", "900"), ("bulan_tidak_terbaca",)),
    ]
    return Extract("target-kantor", columns, rows)


def messy_sponsor() -> Extract:
    columns = ["kode_perjanjian", "nama", "sponsor", "sumber_dana", "kode_wilayah", "jumlah_pekerja", "program",
               "mulai", "selesai", "status"]

    def r(kode, sumber="APBD", jumlah="2000", mulai="2025-01-01", selesai="2025-12-31", status="berlaku"):
        return dict(zip(columns, (kode, f"Perbup {kode}", "Pemkab Labuhanbatu", sumber, "12.10", jumlah, "JKK, JKM",
                                  mulai, selesai, status)))

    rows = [
        Row(r("APBD-1210-2025")),
        Row(r("DBH-1210-2025", sumber="DBH Sawit", status="Rencana")),
        Row(r("X-1", status="batal"), ("status_tidak_dikenal",)),
        Row(r("X-2", mulai="2025-06-01", selesai="2025-05-31"), ("selesai_sebelum_mulai",)),
        Row(r("X-3", jumlah="0"), ("jumlah_tidak_positif",)),
        Row(r("X-4", sumber="mandiri"), ("sumber_dana_tidak_dikenal",)),
        Row(r("", sumber="CSR"), ("kunci_kosong",)),
    ]
    return Extract("sponsor", columns, rows)


MESSY = {"peserta": messy_peserta, "klaim": messy_klaim, "rekap": messy_rekap, "pekerja": messy_pekerja,
         "target": messy_target, "kantor": messy_kantor, "target-kantor": messy_target_kantor,
         "sponsor": messy_sponsor}
# what each kind's messy file needs loaded before it
NEEDS = {"klaim": ("peserta",), "target-kantor": ("kantor",)}


# ---------------------------------------------------------------------------------------------
# A big extract for the kill test


def write_big_peserta(path, rows: int) -> None:
    """`rows` distinct, valid participants of Rantauprapat: NIKs vary by birth date and serial."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kpj", "nik", "kode_desa", "segmen", "tanggal_daftar", "aktif_sampai"])
        for i in range(rows):
            day, serial = divmod(i, 9999)
            born = f"{day % 28 + 1:02d}{day // 28 % 12 + 1:02d}{day // 336 + 60:02d}"  # DDMMYY, distinct per day
            w.writerow([f"B{i:08d}", f"121001{born}{serial + 1:04d}", "12.10.01.1004", "BPU", "2024-01-15", ""])
