"""Generated village lists as they arrive: titles above the header, several sheets, blank rows, a total
row, NIKs typed every way, and desa names in every spelling. Each row declares the outcome and reasons it
must get; the tests compare the importer's report with counts written out by hand."""
import csv
import datetime as dt
from dataclasses import dataclass, field

import duckdb
import openpyxl

from ucj.ingest import nik as nik_module

HEADERS = ["No", "NIK", "Nama Lengkap", "Tempat/Tgl Lahir", "L/P", "Desa/Kelurahan", "Kecamatan", "Pekerjaan",
           "No. HP"]


def make_nik(kecamatan: str = "121001", born: dt.date = dt.date(1985, 5, 12), female: bool = False,
             serial: int = 1) -> str:
    day = born.day + (40 if female else 0)
    return f"{kecamatan}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


@dataclass
class Row:
    nik: str
    nama: str
    ttl: str = ""
    sex: str = ""
    desa: str = "Rantauprapat"
    kecamatan: str = ""
    outcome: str = "baru"
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    nik_is_number: bool = False   # typed into a number cell: Excel kept 15 significant digits

    def cells(self, number: int) -> list:
        return [number, self.nik, self.nama, self.ttl, self.sex, self.desa, self.kecamatan, "Guru", "0812-6000-0000"]


@dataclass
class MessyList:
    rows: list[Row] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)        # NIKs covered on the data date
    former_participants: list[str] = field(default_factory=list)  # NIKs whose cover ended before it


def guru_list() -> MessyList:
    """A guru honorer list for Labuhanbatu, matched against every region of the warehouse."""
    ml = MessyList()
    a = lambda row: ml.rows.append(row)  # noqa: E731
    # new people, NIKs written with the usual dirt, desa in their variants
    a(Row("'" + make_nik(serial=101), "Ahmad Siregar", "Rantauprapat, 12-05-1985", "L", "Kel. Rantau Prapat", "Rantau Utara"))
    a(Row("1210 0112 0585 0102", "Butet Harahap", sex="L", desa="SUNGAI BEROMBANG"))
    a(Row("1210.0112.0585.0103", "Citra Lubis", desa="Ds. Sei Tampang", kecamatan="Kec. Bilah Hilir"))
    a(Row("NIK: " + make_nik(serial=104), "Dedi Ritonga", desa="  sei   kasih "))
    a(Row(make_nik(serial=105).replace("0585", "0585\u00a0"), "Erna Simatupang", desa="Sidomulyo", kecamatan="BILAH HILIR"))
    a(Row(make_nik(born=dt.date(1990, 3, 7), female=True, serial=106), "Fitri Nasution", "Kisaran, 07/03/1990", "P",
          "Desa Sei Baru", "Panai Hilir"))
    a(Row(make_nik(born=dt.date(2001, 1, 2), serial=107), "Gilang Pane", "Rantauprapat, 2 Januari 2001", "Laki-laki"))
    a(Row(make_nik(kecamatan="121003", serial=108), "Hasan Daulay", desa="12.10.01.1004",
          notes=("nik_kecamatan_lama",)))
    a(Row(make_nik(serial=109), "Indah Sari", "Rantauprapat, sekitar 1985", desa="rantauprapat",
          notes=("tanggal_lahir_tidak_terbaca",)))
    a(Row(make_nik(serial=110), "Joko Susilo", desa="Sei Jawi-Jawi", kecamatan="Panai Hulu"))
    # already participants, and one whose cover ended: new, with a note
    for serial, name in ((201, "Kurnia Tanjung"), (202, "Lestari Munthe"), (203, "Maruli Hasibuan")):
        a(Row(make_nik(serial=serial), name, outcome="sudah_peserta"))
        ml.participants.append(make_nik(serial=serial))
    a(Row(make_nik(serial=204), "Nurhayati", outcome="baru", notes=("pernah_peserta",)))
    ml.former_participants.append(make_nik(serial=204))
    # the same people again: another spelling, another village
    a(Row(make_nik(serial=101), "Ahmad Siregar S.Pd", desa="Sei Kasih", outcome="duplikat_dalam_berkas"))
    a(Row(" " + make_nik(serial=201) + " ", "Kurnia Tanjung", outcome="duplikat_dalam_berkas"))
    # invalid rows, one reason each unless said
    bad = lambda nik, name, *reasons, **kw: a(Row(nik, name, outcome="tidak_valid", reasons=reasons, **kw))  # noqa: E731
    bad("", "Oki Tanpa NIK", "nik_kosong")
    bad("   ", "Putri Tanpa NIK", "nik_kosong")
    bad("1210010512850000", "Qori Angka", "nik_rusak_excel", nik_is_number=True)
    bad("1.21001E+15", "Rudi Ilmiah", "nik_rusak_excel")
    bad("12100105128500O1", "Sari Huruf O", "nik_bukan_angka")
    bad(make_nik(serial=301)[:15], "Tono Limabelas", "nik_panjang_salah")
    bad(make_nik(serial=302) + "7", "Umar Tujuhbelas", "nik_panjang_salah")
    bad(make_nik(kecamatan="990101", serial=303), "Vina Wilayah", "nik_wilayah_tidak_dikenal")
    bad("1210013213850304", "Wati Tanggal", "nik_tanggal_lahir_salah")
    bad("1210012902030305", "Xena Kabisat", "nik_tanggal_lahir_salah")  # 29-02-03: no leap year in 1903 or 2003
    bad(make_nik(serial=0), "Yusuf Nol", "nik_nomor_urut_nol")
    bad(make_nik(serial=306), "Zainal Lahir", "nik_beda_tanggal_lahir", ttl="Rantauprapat, 13-05-1985")
    bad(make_nik(serial=307), "Ani Kelamin", "nik_beda_jenis_kelamin", sex="P")
    bad(make_nik(serial=308), "Bambang Tanpa Desa", "desa_kosong", desa="")
    bad(make_nik(serial=309), "Cahya Salah Ketik", "desa_tidak_ditemukan", desa="Sei Berombng")
    bad(make_nik(serial=310), "Dodi Antah", "desa_tidak_ditemukan", desa="Kampung Antah Berantah")
    bad(make_nik(serial=311), "Eko Ambigu", "desa_ambigu", desa="Sidomulyo")
    bad(make_nik(serial=312), "Fajar Kecamatan", "desa_beda_kecamatan", desa="Sei Tampang", kecamatan="Panai Hilir")
    bad(make_nik(serial=313)[:15], "Gita Dua Salah", "nik_panjang_salah", "desa_tidak_ditemukan", desa="Entah")
    return ml


# written out by hand from the rows above: the importer must report exactly this
GURU_EXPECTED = {
    "rows_read": 35, "valid": 16, "invalid": 19, "duplicate_in_file": 2, "already_imported": 0,
    "already_participant": 3, "new": 11, "to_load": 14,
    "reasons": {"desa_ambigu": 1, "desa_beda_kecamatan": 1, "desa_kosong": 1, "desa_tidak_ditemukan": 3,
                "nik_beda_jenis_kelamin": 1, "nik_beda_tanggal_lahir": 1, "nik_bukan_angka": 1, "nik_kosong": 2,
                "nik_nomor_urut_nol": 1, "nik_panjang_salah": 3, "nik_rusak_excel": 2,
                "nik_tanggal_lahir_salah": 2, "nik_wilayah_tidak_dikenal": 1},
    "notes": {"nik_kecamatan_lama": 1, "pernah_peserta": 1, "tanggal_lahir_tidak_terbaca": 1},
    "skipped_rows": {"blank": 3, "total": 2, "other": 2},
}


def write_xlsx(ml: MessyList, path) -> None:
    """An instructions sheet first; the list on the second sheet under a merged three-row title."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Petunjuk"
    notes["A1"] = "Petunjuk pengisian"
    notes["A2"] = "Isi kolom NIK dengan 16 angka sesuai KTP."
    notes["A3"] = "Satu baris untuk satu orang."
    sheet = book.create_sheet("Data Guru")
    sheet["A1"] = "DAFTAR GURU HONORER CALON PESERTA BPJS KETENAGAKERJAAN"
    sheet["A2"] = "KABUPATEN LABUHANBATU TAHUN 2025"
    sheet.merge_cells("A1:I1")
    sheet.merge_cells("A2:I2")
    sheet.append([])
    sheet.append(HEADERS)
    for number, row in enumerate(ml.rows, start=1):
        cells = row.cells(number)
        sheet.append(cells)
        nik_cell = sheet.cell(row=sheet.max_row, column=2)
        if row.nik_is_number:
            nik_cell.value = int(row.nik)  # what Excel holds after someone typed the NIK as a number
            nik_cell.number_format = "0"
        else:
            nik_cell.number_format = "@"
        if number in (5, 12):
            sheet.append([])  # blank rows inside the list
        if number == 20:
            sheet.append(["", "", "Jumlah Dusun I", "", "", "", "", "", 20])  # a subtotal: people follow it
            sheet.append(["DUSUN II"])  # a sub-heading: no person on this row
    sheet.append(["", "", "Jumlah", "", "", "", "", "", len(ml.rows)])
    sheet.append([])
    sheet.append(["", "", "", "", "", "", "", "Mengetahui, Kepala Dinas"])
    book.save(path)


def write_csv(ml: MessyList, path, delimiter: str = ";", encoding: str = "cp1252") -> None:
    """The same list as Excel on an Indonesian Windows saves it: semicolons, Windows-1252, the damaged
    NIK written in scientific form with a decimal comma."""
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(["Daftar Guru Honorer Kabupaten Labuhanbatu"] + [""] * 8)
        w.writerow([""] * 9)
        w.writerow(HEADERS)
        for number, row in enumerate(ml.rows, start=1):
            cells = row.cells(number)
            if row.nik_is_number:
                cells[1] = f"{int(row.nik):.5E}".replace(".", ",").replace("E+", "E+")
            if number == 1:
                cells[2] = "Ahmad Siregar \u2013 Nur\u2019aini"  # characters Windows-1252 has at 0x96, 0x92
            w.writerow(cells)
            if number in (5, 12):
                w.writerow([""] * 9)
            if number == 20:
                w.writerow(["", "", "Jumlah Dusun I", "", "", "", "", "", 20])
                w.writerow(["DUSUN II"] + [""] * 8)
        w.writerow(["", "", "Jumlah", "", "", "", "", "", len(ml.rows)])
        w.writerow([""] * 9)
        w.writerow(["", "", "", "", "", "", "", "Mengetahui, Kepala Dinas", ""])


def real_warehouse(real_template, folder, ml: MessyList, data_date: dt.date):
    """A copy of the empty real warehouse (`python -m ucj init`) at folder / 'ucj.duckdb' with the list's
    participants loaded as a peserta extract through the command line (`python -m ucj load`), hashed with the
    tests' key: registered 100 days before data_date, in desa 12.10.01.1004; a former participant's cover ends
    10 days before it (so the warehouse's months run to the end of data_date's month). Lists are stored only in a
    real warehouse: the demo's NIK key is public (issue 13)."""
    import shutil

    from conftest import TEST_NIK_KEY, run_cli

    path = folder / "ucj.duckdb"
    shutil.copy(real_template, path)
    extract = folder / "peserta_daftar.csv"
    with open(extract, "w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["kpj", "nik", "kode_desa", "segmen", "tanggal_daftar", "aktif_sampai", "kelompok_pekerja",
                    "sumber_dana"])
        for n, value in enumerate(ml.participants + ml.former_participants):
            ended = "" if value in ml.participants else (data_date - dt.timedelta(days=10)).isoformat()
            w.writerow([f"G{n + 1}", value, "12.10.01.1004", "BPU",
                        (data_date - dt.timedelta(days=100)).isoformat(), ended, "guru_honorer", "APBD"])
    result = run_cli("load", "peserta", str(extract), "--db", str(path), "--by", "penguji",
                     env={"UCJ_NIK_KEY": TEST_NIK_KEY})
    assert result.returncode == 0, result.stderr
    return path


def add_participants(path, ml: MessyList, data_date: dt.date, seed: int = 20250331) -> None:
    """Enrol the list's participants in a copy of the demo warehouse, hashed with the demo's key."""
    key = nik_module.demo_key(seed)
    con = duckdb.connect(str(path))
    try:
        next_id = con.execute("select max(peserta_id) + 1 from peserta").fetchone()[0]
        rows = []
        for n, value in enumerate(ml.participants + ml.former_participants):
            active = value in ml.participants
            rows.append([next_id + n, nik_module.hash_nik(value, key), "12.10.01.1004", "BPU", "guru_honorer",
                         "APBD", None, True, True, False, False, False, data_date - dt.timedelta(days=100),
                         None if active else data_date - dt.timedelta(days=10)])
        con.executemany("insert into peserta (peserta_id, nik_hash, kode_desa, segmen, kelompok_pekerja, sumber_dana, "
                        "kode_perjanjian, is_jkk, is_jkm, is_jht, is_jp, is_jkp, tanggal_daftar, aktif_sampai) "
                        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    finally:
        con.close()
