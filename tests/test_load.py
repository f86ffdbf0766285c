"""Loading extracts (python -m ucj load): every reason code provoked and counted exactly, every format, keyed
updates with the exact figures after them, repeats and dry runs that change nothing, refusals in one sentence,
a load killed half-way, and the NIK never in clear."""
import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from conftest import ROOT, TEST_NIK_KEY, run_cli
from extract_files import (KANTOR_COLUMNS, KLAIM_COLUMNS, MESSY, NEEDS, PESERTA_ALIASES, PESERTA_COLUMNS, Extract, Row,
                           counts, kantor, klaim, make_nik, messy_kantor, messy_peserta, niks, peserta,
                           write_big_peserta, write_csv, write_parquet, write_xlsx)

from ucj import cli
from ucj.ingest import extracts
from ucj.ingest import nik as nik_module

# ---------------------------------------------------------------------------------------------
# Helpers


def ucj(*args: str) -> tuple[int, str, str]:
    """The command line in this process (a subprocess costs a second per call): exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def load(db, kind: str, *files, extra: tuple = ()) -> dict:
    code, out, err = ucj("load", kind, *files, "--db", db, "--json", "--by", "penguji", *extra)
    assert code == 0, err
    return json.loads(out)


def dry(db, kind: str, *files) -> dict:
    return load(db, kind, *files, extra=("--dry-run",))


def summary(db, region: str, as_of: str, *extra: str) -> dict:
    code, out, err = ucj("summary", "--region", region, "--as-of", as_of, "--db", db, "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def figures(db, region: str, as_of: str) -> tuple:
    """Active participants, of them from counts, workers who should be covered, UCJ %."""
    s = summary(db, region, as_of)
    return s["active_participants"], s["active_from_counts"], s["eligible_workers"], s["coverage_pct"]


def fingerprint(db) -> dict:
    """Row count and an order-independent digest of every table of the warehouse."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                            "where table_schema = 'main' order by 1").fetchall()]
        return {t: con.execute(f'select count(*), sum(hash(t)::hugeint) from "{t}" as t').fetchone() for t in tables}
    finally:
        con.close()


def file_digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def rows(db, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def write(extract: Extract, path):
    return write_csv(extract, path)


def load_messy(db, tmp_path, kind: str) -> dict:
    return load(db, kind, write(MESSY[kind](), tmp_path / f"{kind}.csv"))


# ---------------------------------------------------------------------------------------------
# Every reason, every kind


def test_every_reason_code_is_provoked_by_a_messy_row():
    provoked = {code for make in MESSY.values() for row in make().rows for code in row.reasons}
    assert provoked == set(extracts.REASONS)


def test_every_kind_has_a_messy_extract_and_a_template():
    assert set(MESSY) == set(extracts.KINDS)
    for kind in extracts.KINDS.values():
        assert set(MESSY[kind.name]().columns) >= set(kind.required)
        assert extracts.template_xlsx(kind)[:2] == b"PK"


@pytest.mark.parametrize("kind", sorted(MESSY))
def test_every_reason_counted_exactly(real_db, tmp_path, kind):
    for needed in NEEDS.get(kind, ()):
        load_messy(real_db, tmp_path, needed)
    extract = MESSY[kind]()
    file = write(extract, tmp_path / f"{kind}.csv")
    before = fingerprint(real_db)
    planned = dry(real_db, kind, file)
    assert fingerprint(real_db) == before
    assert counts(planned) == extract.expected()
    assert list(planned["reasons"]) == sorted(planned["reasons"])
    assert planned["rows_read"] == sum(planned[k] for k in ("loaded", "updated", "unchanged", "duplicates",
                                                            "rejected"))
    assert planned["rejected_rows"] == extract.rejected_rows()
    assert (planned["dry_run"], planned["committed"]) == (True, False)
    done = load(real_db, kind, file)
    assert counts(done) == extract.expected()
    assert (done["dry_run"], done["committed"], done["impor_id"]) == (False, True, len(NEEDS.get(kind, ())) + 1)


def test_a_rejected_row_is_reported_with_its_reason_in_indonesian(real_db, tmp_path):
    code, out, err = ucj("load", "peserta", write(messy_peserta(), tmp_path / "p.csv"), "--db", real_db, "--dry-run")
    assert code == 0, err
    assert "Ditolak                     23" in out
    assert "       2  NIK rusak oleh Excel (tersimpan sebagai angka, digit terakhir hilang); ketik ulang sebagai teks" \
        in out
    assert "       2  Kunci yang sama muncul di lebih dari satu baris dengan isi berbeda; semua baris itu ditolak" in out
    assert "Baris ditolak pertama: 8, 9, 10, 11, 12, 13, 14, 15, 16, 17" in out
    assert "Ganda identik                2  (dihitung sekali)" in out
    assert "Uji coba: tidak ada yang disimpan; 4 baris akan ditambah dan 0 diperbarui." in out


# ---------------------------------------------------------------------------------------------
# Formats


STORED_PESERTA = """
    select kpj, nik_hash, kode_desa, segmen, kelompok_pekerja, sumber_dana, is_jkk, is_jkm, is_jht, is_jp, is_jkp,
           tanggal_daftar, aktif_sampai
    from peserta order by kpj"""

EXPECTED_PESERTA = [  # the four loadable rows of messy_peserta, as stored (nik_hash left out)
    ("K001", "12.10.01.1004", "BPU", "nelayan", "APBD", True, True, False, False, False, dt.date(2025, 1, 15), None),
    ("K002", "12.10.01.1004", "PU", "lainnya", "pemberi kerja", True, True, True, True, False, dt.date(2025, 2, 15),
     dt.date(2025, 3, 31)),
    ("K003", "12.10.01.1005", "BPU", "guru_honorer", "APBDes", True, True, True, False, False, dt.date(2025, 3, 31),
     None),
    ("K004", "12.10.01.1004", "PMI", "pekerja_migran", "mandiri", True, True, False, False, False,
     dt.date(2025, 3, 1), None),
]


def _messy_peserta_as(tmp_path, form: str):
    extract = messy_peserta()
    if form in ("xlsx", "parquet", "csv-aliases"):
        extract.headers = PESERTA_ALIASES
    if form == "csv-comma-utf8":
        return write_csv(extract, tmp_path / "p.csv")
    if form == "csv-aliases":
        return write_csv(extract, tmp_path / "p.csv", delimiter=";")
    if form == "csv-semicolon-cp1252":
        return write_csv(extract, tmp_path / "p.csv", delimiter=";", encoding="cp1252")
    if form == "csv-bom":
        return write_csv(extract, tmp_path / "p.txt", encoding="utf-8-sig")
    if form == "xlsx":
        return write_xlsx(extract, tmp_path / "p.xlsx")
    return write_parquet(extract, tmp_path / "p.parquet")


@pytest.mark.parametrize("form", ["csv-comma-utf8", "csv-semicolon-cp1252", "csv-bom", "csv-aliases", "xlsx",
                                  "parquet"])
def test_every_format_loads_the_same_participants(real_db, tmp_path, form):
    extract = messy_peserta()
    report = load(real_db, "peserta", _messy_peserta_as(tmp_path, form))
    assert counts(report) == extract.expected()
    assert report["rejected_rows"] == extract.rejected_rows()
    stored = rows(real_db, STORED_PESERTA)
    assert [r[:1] + r[2:] for r in stored] == EXPECTED_PESERTA
    key = TEST_NIK_KEY.encode()
    assert [r[1] for r in stored] == [nik_module.hash_nik(make_nik(serial=n), key) for n in (1, 2, 3)] + [
        nik_module.hash_nik(make_nik(born=dt.date(1990, 3, 7), female=True, serial=4), key)]
    if form in ("xlsx", "parquet", "csv-aliases"):
        assert report["columns"] == dict(zip(PESERTA_COLUMNS, PESERTA_ALIASES))


def test_a_windows_1252_csv_keeps_its_dashes(real_db, tmp_path):
    extract = messy_kantor()
    file = write_csv(extract, tmp_path / "kantor.csv", delimiter=";", encoding="cp1252")
    assert b"\x96" in file.read_bytes()
    report = load(real_db, "kantor", file)
    assert counts(report) == extract.expected()
    assert rows(real_db, "select kode_kantor, nama, jenis from kantor_cabang order by 1") == [
        ("KC-RAP", "Kantor Cabang Rantau Prapat \u2013 Labuhanbatu", "cabang"),
        ("KCP-KTP", "Kantor Cabang Pratama Kota Pinang", "pratama")]
    assert rows(real_db, "select kode_kantor, kode_kabupaten, berlaku_mulai, berlaku_sampai from kantor_wilayah "
                         "order by 2") == [("KC-RAP", "12.10", dt.date(2024, 1, 1), None),
                                          ("KCP-KTP", "12.22", dt.date(2024, 1, 1), None),
                                          ("KC-RAP", "12.23", dt.date(2024, 1, 1), None)]


def test_a_windows_1252_byte_far_into_the_file(real_db, tmp_path):
    """DuckDB guesses a CSV's shape from its first rows: a 0x96 on the last of 25.000 rows must still read."""
    lines = ["kode_perjanjian;nama;sponsor;sumber_dana;kode_wilayah;jumlah_pekerja;program;mulai;selesai;status"]
    lines += [f"CSR-{n:05d};Program {n};PT Sawit;CSR;12.10;10;JKK,JKM;2025-01-01;2025-12-31;berlaku"
              for n in range(25_000)]
    lines[-1] = lines[-1].replace("PT Sawit", "PT Sawit \u2013 Kebun")
    (tmp_path / "sponsor.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    report = load(real_db, "sponsor", tmp_path / "sponsor.csv")
    assert (report["loaded"], report["rejected"]) == (25_000, 0)
    assert rows(real_db, "select sponsor from perjanjian_sponsor where kode_perjanjian = 'CSR-24999'") == [
        ("PT Sawit \u2013 Kebun",)]


def test_line_numbers_are_the_files_own(real_db, tmp_path):
    """An empty row inside the file does not shift the line numbers a person is sent to (a CSV line with
    nothing at all on it is not counted: DuckDB skips it; Excel writes an empty row as separators)."""
    extract = Extract("peserta", PESERTA_COLUMNS, [
        Row(peserta("K001", make_nik(serial=1))),
        Row(peserta("K002", make_nik(serial=2))),
        Row(peserta("K003", ""), ("nik_kosong",)),
    ])
    csv_report = dry(real_db, "peserta", write_csv(extract, tmp_path / "p.csv", blank_line_after=1))
    assert csv_report["rejected_rows"] == [{"baris": 5, "alasan": ["nik_kosong"]}]
    book = write_xlsx(extract, tmp_path / "p.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(book)
    wb.active.insert_rows(3)  # an empty row 3
    wb.save(book)
    assert dry(real_db, "peserta", book)["rejected_rows"] == [{"baris": 5, "alasan": ["nik_kosong"]}]


# ---------------------------------------------------------------------------------------------
# Keyed semantics: repeats, updates, re-sent claims, replaced denominators and targets


@pytest.mark.parametrize("kind", sorted(MESSY))
def test_loading_the_same_file_again_changes_nothing(real_db, tmp_path, kind):
    for needed in NEEDS.get(kind, ()):
        load_messy(real_db, tmp_path, needed)
    extract = MESSY[kind]()
    file = write(extract, tmp_path / f"{kind}.csv")
    first = load(real_db, kind, file)
    before = fingerprint(real_db)
    code, out, err = ucj("load", kind, file, "--db", real_db)
    assert code == 0, err
    assert "Tidak ada yang diubah: semua baris yang sah sudah tersimpan persis sama." in out
    again = load(real_db, kind, file)
    assert fingerprint(real_db) == before  # impor_log included: a load that changes nothing logs nothing
    assert (again["loaded"], again["updated"], again["unchanged"]) == (0, 0, first["loaded"])
    assert (again["rejected"], again["duplicates"], again["committed"]) == (first["rejected"], first["duplicates"],
                                                                          False)
    # the same rows in another format, under another name: still nothing new
    if kind == "peserta":
        extract.headers = PESERTA_ALIASES
    assert load(real_db, kind, write_xlsx(extract, tmp_path / f"{kind}.xlsx"))["unchanged"] == first["loaded"]
    assert fingerprint(real_db) == before


def csv_of(tmp_path, name: str, columns: list[str], *values: dict):
    return write_csv(Extract("x", columns, [Row(v) for v in values]), tmp_path / name)


FIRST_EXTRACT = (
    peserta("K001", make_nik(serial=1), daftar="2025-01-15"),
    peserta("K002", make_nik(serial=2), segmen="PU", daftar="2025-02-01", sampai="2025-03-10"),
    peserta("K003", make_nik(serial=3), desa="12.10.01.1005", daftar="2025-03-01"),
    peserta("K004", make_nik(serial=4), desa="12.10.02.1001", daftar="2025-03-15"),
)
LATER_EXTRACT = (
    FIRST_EXTRACT[0],
    peserta("K002", make_nik(serial=2), segmen="PU", daftar="2025-02-01", sampai="2025-06-30"),  # renewed
    peserta("K003", make_nik(serial=3), desa="12.10.02.1001", daftar="2025-03-01"),  # moved to Bakaran Batu
    FIRST_EXTRACT[3],
    peserta("K005", make_nik(serial=5), daftar="2025-05-10"),  # new
    peserta("K006", make_nik(serial=6), desa="33.02.01.2001", daftar="2025-04-01"),  # another province
)


def test_active_on_a_day_counts_both_edges(real_db, tmp_path):
    """Registered on D: active on D, not on D-1. aktif_sampai D: active on D, not on D+1."""
    load(real_db, "peserta", csv_of(tmp_path, "a.csv", PESERTA_COLUMNS, *FIRST_EXTRACT))
    assert summary(real_db, "12.10", "2025-03-15")["as_of"] == "2025-03-15"  # the last day of data
    day = lambda d: figures(real_db, "12.10.01.1004", d)[0]
    assert (day("2025-01-14"), day("2025-01-15"), day("2025-01-31")) == (0, 1, 1)
    assert (day("2025-01-31"), day("2025-02-01"), day("2025-03-10"), day("2025-03-11")) == (1, 2, 2, 1)
    bakaran = lambda d: figures(real_db, "12.10.02.1001", d)[0]
    assert (bakaran("2025-03-14"), bakaran("2025-03-15")) == (0, 1)
    assert [figures(real_db, "12.10", d)[0] for d in ("2025-02-28", "2025-03-01", "2025-03-10", "2025-03-11",
                                                      "2025-03-15")] == [2, 3, 3, 2, 3]
    # the month-end marts say the same: February has K001, K002; March ends with K001, K003, K004
    assert rows(real_db, "select bulan, peserta_aktif, peserta_baru, peserta_berhenti from mart_cakupan_wilayah_bulan "
                         "where kode_wilayah = '12.10' order by bulan") == [
        (dt.date(2025, 1, 1), 1, 1, 0), (dt.date(2025, 2, 1), 2, 1, 0), (dt.date(2025, 3, 1), 3, 2, 1)]


def test_a_later_extract_updates_by_kpj_and_adds(real_db, tmp_path):
    load(real_db, "peserta", csv_of(tmp_path, "a.csv", PESERTA_COLUMNS, *FIRST_EXTRACT))
    assert figures(real_db, "12.10.01.1005", "2025-03-15")[0] == 1
    planned = dry(real_db, "peserta", csv_of(tmp_path, "b.csv", PESERTA_COLUMNS, *LATER_EXTRACT))
    done = load(real_db, "peserta", tmp_path / "b.csv")
    expected = {"rows_read": 6, "loaded": 2, "updated": 2, "unchanged": 2, "rejected": 0, "duplicates": 0, "reasons": {}}
    assert counts(planned) == counts(done) == expected
    assert done["provinces"] == ["12", "33"]
    # the same ids: an update replaces the row, never adds a second one
    assert rows(real_db, "select kpj, peserta_id, kode_desa, aktif_sampai, impor_id from peserta order by kpj") == [
        ("K001", 1, "12.10.01.1004", None, 1), ("K002", 2, "12.10.01.1004", dt.date(2025, 6, 30), 2),
        ("K003", 3, "12.10.02.1001", None, 2), ("K004", 4, "12.10.02.1001", None, 1),
        ("K005", 5, "12.10.01.1004", None, 2), ("K006", 6, "33.02.01.2001", None, 2)]
    # the data now reach the last day any fact speaks of: K002's cover ending 30 June
    assert summary(real_db, "12.10", "2025-06-30")["as_of"] == "2025-06-30"
    # Rantauprapat: K001, K002 (renewed), K005 from 10 May
    assert [figures(real_db, "12.10.01.1004", d)[0] for d in ("2025-03-11", "2025-05-09", "2025-05-10",
                                                              "2025-06-30")] == [2, 2, 3, 3]
    # K003 moved: Kartini has nobody, Bakaran Batu has K003 and K004, on every day
    assert [figures(real_db, "12.10.01.1005", d)[0] for d in ("2025-03-01", "2025-06-30")] == [0, 0]
    assert [figures(real_db, "12.10.02.1001", d)[0] for d in ("2025-03-01", "2025-03-15", "2025-06-30")] == [1, 2, 2]
    assert [figures(real_db, "12.10.01", d)[0] for d in ("2025-03-15", "2025-06-30")] == [2, 3]
    assert [figures(real_db, "12.10.02", d)[0] for d in ("2025-03-15", "2025-06-30")] == [2, 2]
    assert [figures(real_db, "12.10", d)[0] for d in ("2025-03-15", "2025-06-30")] == [4, 5]
    assert [figures(real_db, "33", d)[0] for d in ("2025-03-31", "2025-04-01")] == [0, 1]
    # and the marts of both provinces were rebuilt: March's end and June's
    mart = rows(real_db, "select kode_wilayah, bulan, peserta_aktif from mart_cakupan_wilayah_bulan "
                         "where kode_wilayah in ('12.10.01.1005', '12.10.02.1001', '12.10', '33') "
                         "and bulan in ('2025-03-01', '2025-06-01') order by 1, 2")
    assert mart == [("12.10", dt.date(2025, 3, 1), 4), ("12.10", dt.date(2025, 6, 1), 5),
                    ("12.10.01.1005", dt.date(2025, 3, 1), 0), ("12.10.01.1005", dt.date(2025, 6, 1), 0),
                    ("12.10.02.1001", dt.date(2025, 3, 1), 2), ("12.10.02.1001", dt.date(2025, 6, 1), 2),
                    ("33", dt.date(2025, 3, 1), 0), ("33", dt.date(2025, 6, 1), 1)]


def test_several_files_load_in_order_each_in_its_own_transaction(real_db, tmp_path):
    first = csv_of(tmp_path, "a.csv", PESERTA_COLUMNS, *FIRST_EXTRACT)
    later = csv_of(tmp_path, "b.csv", PESERTA_COLUMNS, *LATER_EXTRACT)
    reports = load(real_db, "peserta", first, later)
    assert [(r["file"], r["loaded"], r["updated"], r["unchanged"], r["impor_id"]) for r in reports] == [
        ("a.csv", 4, 0, 0, 1), ("b.csv", 2, 2, 2, 2)]
    assert rows(real_db, "select impor_id, jenis, nama_file, oleh, jumlah_baris, jumlah_baru from impor_log "
                         "order by 1") == [(1, "peserta", "a.csv", "penguji", 4, 4), (2, "peserta", "b.csv", "penguji",
                                                                                     6, 2)]
    logged = json.loads(rows(real_db, "select ringkasan_json from impor_log where impor_id = 2")[0][0])
    assert (logged["loaded"], logged["updated"], logged["unchanged"]) == (2, 2, 2)
    assert rows(real_db, "select sha256_file from impor_log where impor_id = 1")[0][0] == file_digest(first)


def test_a_resent_claim_is_not_counted_twice(real_db, tmp_path):
    load(real_db, "peserta", csv_of(tmp_path, "p.csv", PESERTA_COLUMNS, *FIRST_EXTRACT))
    kl1 = klaim("KL-1", kejadian="2025-02-20", bayar="2025-03-03", jumlah="1.000.000")
    kl2 = klaim("KL-2", kpj="K002", manfaat="JHT", kejadian="2025-03-10", bayar="2025-03-12", jumlah="2000000")
    kl3 = klaim("KL-3", manfaat="JKM", kejadian="2025-03-05", bayar="2025-03-14", jumlah="500000")
    assert counts(load(real_db, "klaim", csv_of(tmp_path, "k1.csv", KLAIM_COLUMNS, kl1, kl2))) == {
        "rows_read": 2, "loaded": 2, "updated": 0, "unchanged": 0, "rejected": 0, "duplicates": 0, "reasons": {}}
    # sent again with a new one, and the new one twice
    second = load(real_db, "klaim", csv_of(tmp_path, "k2.csv", KLAIM_COLUMNS, kl2, kl3, kl3, kl1))
    assert (second["loaded"], second["unchanged"], second["duplicates"]) == (1, 2, 1)

    def claims(to: str) -> tuple:
        s = summary(real_db, "12.10.01.1004", "2025-03-15", "--claims-from", "2025-03-03", "--claims-to", to)
        return s["claims_total"]["count"], s["claims_total"]["amount_idr"], s["claims"]["JKM"]["count"]

    assert claims("2025-03-15") == (3, 3_500_000, 1)
    assert claims("2025-03-13") == (2, 3_000_000, 0)  # KL-3 paid on the 14th: after the range
    assert claims("2025-03-14") == (3, 3_500_000, 1)
    assert summary(real_db, "12.10.01.1004", "2025-03-15", "--claims-from", "2025-03-04")["claims_total"] == {
        "count": 2, "amount_idr": 2_500_000}  # KL-1 paid on the 3rd: before the range
    # a correction of an amount replaces the claim
    corrected = dict(kl1, jumlah_idr="1.100.000")
    assert load(real_db, "klaim", csv_of(tmp_path, "k3.csv", KLAIM_COLUMNS, corrected))["updated"] == 1
    assert claims("2025-03-15") == (3, 3_600_000, 1)
    assert rows(real_db, "select no_klaim, klaim_id, kode_desa, jumlah_idr from klaim order by 1") == [
        ("KL-1", 1, "12.10.01.1004", 1_100_000), ("KL-2", 2, "12.10.01.1004", 2_000_000),
        ("KL-3", 3, "12.10.01.1004", 500_000)]
    assert rows(real_db, "select sum(jumlah_klaim), sum(jumlah_idr) from mart_klaim_wilayah_bulan "
                         "where kode_wilayah = '12.10' and bulan = '2025-03-01'") == [(3, 3_600_000)]


PEKERJA_COLUMNS = ["kode_wilayah", "berlaku_mulai", "jumlah_pekerja", "sumber", "tanggal_sumber"]


def pekerja(kode, jumlah, sumber, tanggal, mulai="2025-01-01") -> dict:
    return dict(zip(PEKERJA_COLUMNS, (kode, mulai, jumlah, sumber, tanggal)))


def test_a_denominator_for_the_same_period_replaces_the_earlier_one_with_its_source(real_db, tmp_path):
    load(real_db, "peserta", csv_of(tmp_path, "p.csv", PESERTA_COLUMNS, *FIRST_EXTRACT))
    load(real_db, "pekerja", csv_of(tmp_path, "w1.csv", PEKERJA_COLUMNS,
                                    pekerja("12.10.01.1004", "400", "BPS Sakernas Agustus 2024", "2024-11-05")))
    s = summary(real_db, "12.10.01.1004", "2025-03-01")
    assert (s["active_participants"], s["eligible_workers"], s["coverage_pct"], s["eligible_source"],
            s["eligible_source_date"]) == (2, 400, 0.5, "BPS Sakernas Agustus 2024", "2024-11-05")
    replaced = load(real_db, "pekerja", csv_of(tmp_path, "w2.csv", PEKERJA_COLUMNS,
                                               pekerja("12.10.01.1004", "160", "Pendataan Desa 2025", "2025-02-14")))
    assert (replaced["loaded"], replaced["updated"]) == (0, 1)
    s = summary(real_db, "12.10.01.1004", "2025-03-01")
    assert (s["eligible_workers"], s["coverage_pct"], s["eligible_source"], s["eligible_source_date"]) == (
        160, 1.25, "Pendataan Desa 2025", "2025-02-14")
    assert rows(real_db, "select * from pekerja_wajib") == [
        ("12.10.01.1004", dt.date(2025, 1, 1), 160, "Pendataan Desa 2025", dt.date(2025, 2, 14))]
    # a new period adds to the earlier one: in force from its first day
    load(real_db, "pekerja", csv_of(tmp_path, "w3.csv", PEKERJA_COLUMNS,
                                    pekerja("12.10.01.1004", "200", "Pendataan Desa Maret", "2025-03-09",
                                            mulai="2025-03-10")))
    assert [figures(real_db, "12.10.01.1004", d)[2] for d in ("2025-03-09", "2025-03-10")] == [160, 200]


def test_a_target_for_the_same_year_replaces_the_earlier_one_with_its_source(real_db, tmp_path):
    columns = ["kode_wilayah", "tahun", "target_pct", "sumber"]
    load(real_db, "target", csv_of(tmp_path, "t1.csv", columns, dict(zip(columns, ("12.10", "2025", "36,5", "RPJMD")))))
    done = load(real_db, "target", csv_of(tmp_path, "t2.csv", columns,
                                          dict(zip(columns, ("12.10", "2025", "38", "Perbup 7/2025"))),
                                          dict(zip(columns, ("12.10", "2026", "40,25", "Perbup 7/2025")))))
    assert (done["loaded"], done["updated"]) == (1, 1)
    assert [(k, t, float(p), s) for k, t, p, s in rows(real_db, "select * from target_ucj order by tahun")] == [
        ("12.10", 2025, 38.0, "Perbup 7/2025"), ("12.10", 2026, 40.25, "Perbup 7/2025")]
    # the load rebuilds mart_dimuat_wilayah, where data_dimuat reads the area's targets
    data_dimuat = (ROOT / "queries" / "data_dimuat.sql").read_text(encoding="utf-8")
    assert [r[:5] for r in rows(real_db, data_dimuat, {"wilayah": "12.10.01"}) if r[0] == "target" and not r[6]] == [
        ("target", 2, dt.date(2025, 1, 1), dt.date(2026, 12, 31), "Perbup 7/2025")]


REKAP_COLUMNS = ["kode_wilayah", "bulan", "segmen", "peserta_aktif", "peserta_baru"]


def rekap(kode, bulan, segmen, aktif, baru="") -> dict:
    return dict(zip(REKAP_COLUMNS, (kode, bulan, segmen, aktif, baru)))


def test_a_count_is_used_only_where_no_persons_of_its_segmen_are(real_db, tmp_path):
    counted = load(real_db, "rekap", csv_of(tmp_path, "r.csv", REKAP_COLUMNS,
                                            rekap("12.10.01.1004", "2025-03", "BPU", "50"),   # K001 is BPU there
                                            rekap("12.10.01.1004", "2025-03", "PMI", "7"),    # nobody of PMI
                                            rekap("12.10.01", "2025-03", "PU", "30"),         # K002 is PU in 12.10.01
                                            rekap("12.10.02", "2025-03", "BPU", "120"),       # nobody in 12.10.02
                                            rekap("12.10.02", "2025-02", "BPU", "110")),
                   extra=("--source", "BPJS Ketenagakerjaan Cabang Rantau Prapat"))
    assert counted["loaded"] == 5
    # before any person is loaded, every count is used
    assert figures(real_db, "12.10", "2025-03-31")[:2] == (207, 207)
    # persons loaded after the counts win over them, in their segmen and region only
    load(real_db, "peserta", csv_of(tmp_path, "p.csv", PESERTA_COLUMNS,
                                    peserta("K001", make_nik(serial=1), daftar="2025-01-15"),
                                    peserta("K002", make_nik(serial=2), segmen="PU", daftar="2025-02-01")))
    assert figures(real_db, "12.10.01.1004", "2025-03-31")[:2] == (9, 7)
    assert figures(real_db, "12.10.01", "2025-03-31")[:2] == (9, 7)
    assert figures(real_db, "12.10.02", "2025-03-31")[:2] == (120, 120)
    assert figures(real_db, "12.10", "2025-03-31")[:2] == (129, 127)
    # a day that ends no month takes the counts of the last month that ended: February's
    assert figures(real_db, "12.10", "2025-03-30")[:2] == (112, 110)
    assert figures(real_db, "12.10", "2025-02-28")[:2] == (112, 110)
    s = summary(real_db, "12.10", "2025-03-31")
    assert [(x["kind"], x["rows"], x["source"]) for x in s["loaded"]] == [
        ("peserta", 2, None), ("rekap", 5, "BPJS Ketenagakerjaan Cabang Rantau Prapat")]
    code, out, err = ucj("summary", "--region", "12.10", "--as-of", "2025-03-31", "--db", real_db)
    assert code == 0, err
    assert "Dari rekap jumlah (bukan data per orang): 127 peserta aktif" in out
    # a count sent again under another source changes nothing; a new figure replaces it with its source
    same = load(real_db, "rekap", csv_of(tmp_path, "r2.csv", REKAP_COLUMNS, rekap("12.10.02", "2025-03", "BPU", "120"),
                                         rekap("12.10.02", "2025-02", "BPU", "111")), extra=("--source", "Dinas"))
    assert (same["unchanged"], same["updated"]) == (1, 1)
    assert rows(real_db, "select bulan, peserta_aktif, sumber from rekap_peserta where kode_wilayah = '12.10.02' "
                         "order by 1") == [(dt.date(2025, 2, 1), 111, "Dinas"),
                                           (dt.date(2025, 3, 1), 120, "BPJS Ketenagakerjaan Cabang Rantau Prapat")]


def test_a_kabupaten_denominator_is_not_spread_over_its_desa(real_db, tmp_path):
    """Labuhanbatu at the end of March 2025: 66.234 active of 181.567 workers = 36,48% (DOMAIN.md), from two
    persons and a count, against Sakernas' figure for the kabupaten as a whole."""
    load(real_db, "peserta", csv_of(tmp_path, "p.csv", PESERTA_COLUMNS,
                                    peserta("K001", make_nik(serial=1), daftar="2025-01-15"),
                                    peserta("K002", make_nik(serial=2), segmen="PU", daftar="2025-02-01")))
    load(real_db, "rekap", csv_of(tmp_path, "r.csv", REKAP_COLUMNS, rekap("12.10.02", "2025-03", "BPU", "66.232")))
    load(real_db, "pekerja", csv_of(tmp_path, "w.csv", PEKERJA_COLUMNS,
                                    pekerja("12.10", "181.567", "BPS Sakernas Agustus 2024", "2024-11-05")))
    s = summary(real_db, "12.10", "2025-03-31")
    assert (s["active_participants"], s["active_from_counts"], s["eligible_workers"], s["coverage_pct"],
            s["eligible_source"]) == (66_234, 66_232, 181_567, 36.48, "BPS Sakernas Agustus 2024")
    for region in ("12.10.01", "12.10.01.1004"):
        s = summary(real_db, region, "2025-03-31")
        assert (s["eligible_workers"], s["coverage_pct"], s["eligible_source"]) == (None, None, None), region
    assert figures(real_db, "12", "2025-03-31") == (66_234, 66_232, 181_567, 36.48)
    assert rows(real_db, "select count(*) from pekerja_wajib") == [(0,)]
    assert rows(real_db, "select pekerja_wajib from mart_cakupan_wilayah_bulan where kode_wilayah in "
                         "('12.10', '12.10.01') and bulan = '2025-03-01' order by kode_wilayah") == [(181_567,), (None,)]


# ---------------------------------------------------------------------------------------------
# Dry run


def test_the_dry_run_reports_exactly_what_the_load_then_does_and_writes_nothing(real_db, tmp_path):
    load(real_db, "peserta", csv_of(tmp_path, "a.csv", PESERTA_COLUMNS, *FIRST_EXTRACT))
    later = write_csv(Extract("peserta", PESERTA_COLUMNS, [Row(v) for v in LATER_EXTRACT] + messy_peserta().rows[6:]),
                      tmp_path / "b.csv")
    before, digest = fingerprint(real_db), file_digest(real_db)
    code, text, err = ucj("load", "peserta", later, "--db", real_db, "--dry-run")
    assert code == 0, err
    planned = dry(real_db, "peserta", later)
    assert (fingerprint(real_db), file_digest(real_db)) == (before, digest)
    assert not list(tmp_path.glob("ucj.duckdb.wal"))
    assert "Uji coba: tidak ada yang disimpan; 2 baris akan ditambah dan 2 diperbarui." in text
    done = load(real_db, "peserta", later)
    differs = {"committed", "impor_id", "dry_run"}
    assert {k: v for k, v in planned.items() if k not in differs} == {k: v for k, v in done.items() if k not in differs}
    assert (planned["loaded"], planned["updated"], planned["unchanged"], planned["rejected"]) == (2, 2, 2, 23)
    assert rows(real_db, "select count(*) from peserta") == [(6,)]


# ---------------------------------------------------------------------------------------------
# Refusals: one Indonesian sentence on stderr, exit code 2, nothing changed


def _xlsx_bytes() -> bytes:
    """A real workbook, as it is when someone renames it .csv."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(PESERTA_COLUMNS)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _junk_xlsx(tmp_path):
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan zip sungguhan")
    return tmp_path / "rusak.xlsx"


@pytest.mark.parametrize("make, words", [
    (lambda p: load_file(p, "rekap.csv", "kode_wilayah,bulan,segmen,peserta_aktif\n12.10.02,2025-03,BPU,5\n"),
     "bukan ekstrak peserta: kolom kpj, nik, kode_desa, tanggal_daftar tidak ditemukan"),
    (lambda p: load_file(p, "acak.csv", bytes(range(256)) * 40), "tidak dapat dibaca sebagai CSV"),
    (lambda p: load_file(p, "kosong.csv", b""), "Berkas kosong.csv kosong"),
    (lambda p: load_file(p, "acak.parquet", b"PAR1" + bytes(range(256)) + b"PAR1"), "tidak dapat dibaca sebagai Parquet"),
    (_junk_xlsx, "tidak dapat dibaca sebagai XLSX"),
    (lambda p: load_file(p, "kosong.xlsx", b""), "Berkas kosong.xlsx kosong"),
    (lambda p: load_file(p, "surat.docx", b"PK\x03\x04"), "bukan CSV, XLSX atau Parquet"),
    (lambda p: load_file(p, "daftar.csv", '"No\nUrut",Nama\n1,Ani\n'), "(judul kolom yang ada: No Urut, Nama)"),
    (lambda p: load_file(p, "buku.csv", _xlsx_bytes()), "tidak dapat dibaca sebagai CSV"),
    (lambda p: p / "tidak_ada.csv", "tidak ditemukan"),
])
def test_a_file_that_is_not_an_extract_is_refused_in_one_sentence(real_db, tmp_path, make, words):
    load(real_db, "peserta", csv_of(tmp_path, "a.csv", PESERTA_COLUMNS, *FIRST_EXTRACT))
    good = csv_of(tmp_path, "b.csv", PESERTA_COLUMNS, *LATER_EXTRACT)
    bad = make(tmp_path)
    before, digest = fingerprint(real_db), file_digest(real_db)
    for dry_run in ((), ("--dry-run",)):
        # the good file comes first: every file is checked before any is loaded
        result = run_cli("load", "peserta", str(good), str(bad), "--db", str(real_db), *dry_run,
                         env={"UCJ_NIK_KEY": TEST_NIK_KEY}) if not dry_run else None
        code, out, err = (result.returncode, result.stdout, result.stderr) if result else \
            ucj("load", "peserta", good, bad, "--db", real_db, *dry_run)
        assert code == 2, (out, err)
        assert words in err and err.count("\n") == 1 and "Traceback" not in err, err
        assert out == ""
        assert (fingerprint(real_db), file_digest(real_db)) == (before, digest)


def load_file(folder, name: str, content) -> "os.PathLike":
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize("args, words", [
    (["load", "astronot", "x.csv"], "'astronot' tidak dikenal, pilih salah satu dari 'peserta'"),
    (["load", "peserta"], "argumen wajib belum diberikan"),
])
def test_bad_commands_are_refused_in_one_sentence(real_db, args, words):
    code, _, err = ucj(*args, "--db", real_db)
    assert code == 2 and words in err and err.count("\n") == 1, err


def test_a_file_without_a_header_is_refused_without_showing_a_nik(real_db, tmp_path):
    value = make_nik(serial=77)
    file = load_file(tmp_path, "tanpa_judul.csv", f"K077,{value},12.10.01.1004,BPU,2025-01-15\n"
                                                   f"K078,{make_nik(serial=78)},12.10.01.1004,BPU,2025-01-15\n")
    code, _, err = ucj("load", "peserta", file, "--db", real_db)
    assert code == 2 and "bukan ekstrak peserta" in err, err
    assert value not in err and value[:12] not in err


def test_the_demo_warehouse_is_never_loaded_into(demo_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
    before, digest = fingerprint(demo_copy), file_digest(demo_copy)
    for kind, file in (("peserta", csv_of(tmp_path, "p.csv", PESERTA_COLUMNS, *FIRST_EXTRACT)),
                       ("target", csv_of(tmp_path, "t.csv", ["kode_wilayah", "tahun", "target_pct", "sumber"],
                                         {"kode_wilayah": "12.10", "tahun": "2025", "target_pct": "50",
                                          "sumber": "uji"}))):
        for extra in ((), ("--dry-run",)):
            code, _, err = ucj("load", kind, file, "--db", demo_copy, *extra)
            assert code == 2 and "gudang data demo" in err and err.count("\n") == 1, err
    assert (fingerprint(demo_copy), file_digest(demo_copy)) == (before, digest)


def test_a_different_nik_key_or_none_is_refused(real_db, tmp_path, monkeypatch):
    file = csv_of(tmp_path, "p.csv", PESERTA_COLUMNS, *FIRST_EXTRACT)
    before = fingerprint(real_db)
    monkeypatch.setenv("UCJ_NIK_KEY", "kunci-lain-yang-cukup-panjang")
    code, _, err = ucj("load", "peserta", file, "--db", real_db)
    assert code == 2 and "Kunci hash NIK (UCJ_NIK_KEY) berbeda" in err and err.count("\n") == 1, err
    for value in ("", "pendek"):
        monkeypatch.setenv("UCJ_NIK_KEY", value)
        code, _, err = ucj("load", "peserta", file, "--db", real_db, "--dry-run")
        assert code == 2 and "Kunci hash NIK belum diatur" in err, err
    assert fingerprint(real_db) == before
    # kinds without a NIK need no key
    monkeypatch.delenv("UCJ_NIK_KEY")
    assert load(real_db, "rekap", csv_of(tmp_path, "r.csv", REKAP_COLUMNS, rekap("12.10.02", "2025-03", "BPU", "5")))[
        "loaded"] == 1


# ---------------------------------------------------------------------------------------------
# A load killed half-way


def test_a_load_killed_half_way_leaves_nothing_half_written(real_db, tmp_path):
    load(real_db, "peserta", csv_of(tmp_path, "a.csv", PESERTA_COLUMNS, *FIRST_EXTRACT))
    before = fingerprint(real_db)
    big = tmp_path / "besar.csv"
    write_big_peserta(big, 120_000)
    lock = real_db.with_name(real_db.name + ".lock")
    process = subprocess.Popen([sys.executable, "-m", "ucj", "load", "peserta", str(big), "--db", str(real_db)],
                               cwd=ROOT, env={**os.environ, "UCJ_NIK_KEY": TEST_NIK_KEY},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not lock.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert lock.exists(), "the load never took the warehouse's lock"
    time.sleep(1.0)  # reading the file is done; the transaction is open and being written
    assert process.poll() is None, "the load finished before it could be killed: make the file bigger"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert fingerprint(real_db) == before  # opens, and holds exactly what it held
    # a stale lock file is no obstacle, and the next load works
    done = load(real_db, "peserta", csv_of(tmp_path, "b.csv", PESERTA_COLUMNS, *LATER_EXTRACT))
    assert (done["loaded"], done["updated"], done["committed"]) == (2, 2, True)
    assert rows(real_db, "select count(*), max(impor_id) from peserta") == [(6, 2)]


# ---------------------------------------------------------------------------------------------
# The NIK never in clear


def test_the_nik_never_appears_in_clear(real_db, tmp_path):
    extract = messy_peserta()
    values = niks(extract)
    assert len(values) >= 20
    folder = tmp_path / "tmp"
    folder.mkdir()
    env = {"UCJ_NIK_KEY": TEST_NIK_KEY, "TMPDIR": str(folder)}
    outputs = []
    for file, extra in ((write_csv(extract, tmp_path / "p.csv", delimiter=";", encoding="cp1252"), ("--dry-run",)),
                        (tmp_path / "p.csv", ("--json",)),
                        (write_xlsx(extract, tmp_path / "p.xlsx"), ("--dry-run", "--json")),
                        (write_parquet(extract, tmp_path / "p.parquet"), ())):
        result = run_cli("load", "peserta", str(file), "--db", str(real_db), *extra, env=env)
        assert result.returncode == 0, result.stderr
        outputs += [result.stdout, result.stderr]
    assert not list(folder.iterdir()), "the UTF-8 copy of a Windows-1252 file is removed after the load"
    con = duckdb.connect(str(real_db), read_only=True)
    try:
        stored = []
        for (table,) in con.execute("select table_name from information_schema.tables where table_schema = 'main' "
                                    "and table_name <> 'wilayah'").fetchall():
            stored += [repr(r) for r in con.execute(f'select * from "{table}"').fetchall()]
    finally:
        con.close()
    text = "\n".join(outputs + stored)
    assert "K001" in text and "peserta" in text
    for value in values:
        assert value not in text and value[:12] not in text, value


# ---------------------------------------------------------------------------------------------
# More of the data contract


def test_a_claim_keeps_the_desa_where_it_happened(real_db, tmp_path):
    load(real_db, "peserta", csv_of(tmp_path, "a.csv", PESERTA_COLUMNS, *FIRST_EXTRACT))
    claims = csv_of(tmp_path, "k.csv", KLAIM_COLUMNS,
                    klaim("KL-1", kpj="K003", kejadian="2025-03-05", bayar="2025-03-10", jumlah="750000"))
    load(real_db, "klaim", claims)
    moved = load(real_db, "peserta", csv_of(tmp_path, "b.csv", PESERTA_COLUMNS, *LATER_EXTRACT))
    assert moved["committed"]
    paid = lambda region: summary(real_db, region, "2025-06-30")["claims_total"]
    assert paid("12.10.01.1005") == {"count": 1, "amount_idr": 750_000}
    assert paid("12.10.02.1001") == {"count": 0, "amount_idr": 0}
    before = fingerprint(real_db)
    again = load(real_db, "klaim", claims)  # sent again after the move: nothing changes
    assert (again["unchanged"], again["updated"], again["committed"]) == (1, 0, False)
    assert fingerprint(real_db) == before
    load(real_db, "klaim", csv_of(tmp_path, "k2.csv", KLAIM_COLUMNS,
                                  klaim("KL-2", kpj="K003", kejadian="2025-06-01", bayar="2025-06-10", jumlah="1000")))
    assert rows(real_db, "select no_klaim, kode_desa from klaim order by 1") == [("KL-1", "12.10.01.1005"),
                                                                                 ("KL-2", "12.10.02.1001")]


def test_an_office_handing_a_kabupaten_over_ends_its_period_the_day_before(real_db, tmp_path):
    first = load(real_db, "kantor", csv_of(tmp_path, "k1.csv", KANTOR_COLUMNS, kantor("KC-RAP", "Rantau Prapat", "12.10"),
                                           kantor("KC-RAP", "Rantau Prapat", "12.22")))
    assert first["loaded"] == 2
    handover = csv_of(tmp_path, "k2.csv", KANTOR_COLUMNS,
                      kantor("KCP-KTP", "Kota Pinang", "12.22", jenis="KC Pratama", mulai="2025-07-01"))
    assert load(real_db, "kantor", handover)["loaded"] == 1
    served = "select kode_kantor, kode_kabupaten, berlaku_mulai, berlaku_sampai from kantor_wilayah order by 2, 3"
    expected = [("KC-RAP", "12.10", dt.date(2024, 1, 1), None),
                ("KC-RAP", "12.22", dt.date(2024, 1, 1), dt.date(2025, 6, 30)),
                ("KCP-KTP", "12.22", dt.date(2025, 7, 1), None)]
    assert rows(real_db, served) == expected
    assert rows(real_db, "select * from kantor_cabang order by 1") == [("KC-RAP", "Rantau Prapat", "cabang", None),
                                                                       ("KCP-KTP", "Kota Pinang", "pratama", None)]
    for file in (tmp_path / "k1.csv", handover):  # the earlier files again: nothing changes
        assert load(real_db, "kantor", file)["committed"] is False
    assert rows(real_db, served) == expected


def test_numbers_beyond_a_count_and_percentages(real_db, tmp_path):
    """A count must fit 2.147.483.647 (else unreadable, never a failed load); a percentage keeps two decimals,
    rounded half up."""
    counted = load(real_db, "rekap", csv_of(tmp_path, "r.csv", REKAP_COLUMNS,
                                            rekap("12.10.02", "2025-03", "BPU", "3.000.000.000"),
                                            rekap("12.10.02", "2025-03", "PU", "2.147.483.647"),
                                            rekap("12.10.02", "2025-03", "PMI", "5", "2147483648")))
    assert (counted["loaded"], counted["reasons"], counted["rejected_rows"]) == (
        1, {"angka_tidak_terbaca": 2}, [{"baris": 2, "alasan": ["angka_tidak_terbaca"]},
                                        {"baris": 4, "alasan": ["angka_tidak_terbaca"]}])
    for kind, columns, values in (
            ("pekerja", PEKERJA_COLUMNS, pekerja("12.10", "9999999999", "BPS", "2024-11-05")),
            ("target-kantor", ["kode_kantor", "kode_kabupaten", "bulan", "target_peserta"], None),
            ("sponsor", None, None)):
        if values:
            assert load(real_db, kind, csv_of(tmp_path, f"{kind}.csv", columns, values))["reasons"] == {
                "angka_tidak_terbaca": 1}
    columns = ["kode_wilayah", "tahun", "target_pct", "sumber"]
    target = lambda tahun, pct: dict(zip(columns, ("12.10", tahun, pct, "RPJMD")))
    done = load(real_db, "target", csv_of(tmp_path, "t.csv", columns, target("2025", "35,555"), target("2026", "35,545"),
                                          target("2027", "36,48%"), target("2028", "0"), target("2029", "100,004"),
                                          target("2030", "5000000"), target("2031", "100,01")))
    assert done["reasons"] == {"persen_di_luar_rentang": 2}
    assert [(t, float(p)) for t, p in rows(real_db, "select tahun, target_pct from target_ucj order by 1")] == [
        (2025, 35.56), (2026, 35.55), (2027, 36.48), (2028, 0.0), (2029, 100.0)]


def test_cells_in_every_documented_form(real_db, tmp_path):
    values = [
        peserta("K1", make_nik(serial=1), daftar="1/2/2025"),                  # 1 February
        peserta("K2", make_nik(serial=2), daftar="2025-01-15T10:30:00"),
        peserta("K3", make_nik(serial=3), daftar="15.01.2025 ", desa=" 12.10.01.1004"),
        peserta("K4", make_nik(serial=4), daftar="2025/01/15", desa="="'"'"1210011004"'"'""),
        peserta("K5", make_nik(serial=5), daftar="03/15/2025"),                # US order: unreadable
        peserta("K6", make_nik(serial=6), daftar="15 Januari 2025"),           # month names: unreadable
        peserta("K7", make_nik(serial=7), desa="12 10 01 1004"),               # digits split by spaces: read
        peserta("K8", "\u00a0" + make_nik(serial=8) + "\u00a0", segmen="BUKAN-PENERIMA-UPAH", program="JKK;JKM;JHT"),
        peserta("K9", make_nik(serial=9), program="JKK dan JKM"),             # the word DAN
        peserta("K10", "'" + make_nik(serial=10), daftar="2025-01-15", sampai="2099-12-31"),  # may lie ahead
        peserta("K11", make_nik(serial=11), daftar="15/01/25"),               # the year 25
    ]
    report = dry(real_db, "peserta", csv_of(tmp_path, "p.csv", PESERTA_COLUMNS, *values))
    assert report["rejected_rows"] == [
        {"baris": 6, "alasan": ["tanggal_tidak_terbaca"]}, {"baris": 7, "alasan": ["tanggal_tidak_terbaca"]},
        {"baris": 10, "alasan": ["program_tidak_dikenal"]}, {"baris": 12, "alasan": ["tanggal_terlalu_lama"]}]
    load(real_db, "peserta", tmp_path / "p.csv")
    assert rows(real_db, "select kpj, kode_desa, segmen, tanggal_daftar, aktif_sampai, is_jht from peserta "
                         "order by peserta_id") == [
        ("K1", "12.10.01.1004", "BPU", dt.date(2025, 2, 1), None, False),
        ("K2", "12.10.01.1004", "BPU", dt.date(2025, 1, 15), None, False),
        ("K3", "12.10.01.1004", "BPU", dt.date(2025, 1, 15), None, False),
        ("K4", "12.10.01.1004", "BPU", dt.date(2025, 1, 15), None, False),
        ("K7", "12.10.01.1004", "BPU", dt.date(2025, 1, 15), None, False),
        ("K8", "12.10.01.1004", "BPU", dt.date(2025, 1, 15), None, True),
        ("K10", "12.10.01.1004", "BPU", dt.date(2025, 1, 15), dt.date(2099, 12, 31), False)]
    # whole numbers as offices write them
    amounts = ["1250000", "1.250.000", "1,250,000", "Rp 1.250.000", "Rp.1.250.000,00", "1250000,00", "1 250 000"]
    file = csv_of(tmp_path, "k.csv", KLAIM_COLUMNS, *[klaim(f"KL-{n}", kpj="K1", kejadian="2025-02-03",
                                                            bayar="2025-02-04", jumlah=a) for n, a in enumerate(amounts)],
                  klaim("KL-x", kpj="K1", kejadian="2025-02-03", bayar="2025-02-04", jumlah="12,5"),
                  klaim("KL-y", kpj="K1", kejadian="2025-02-03", bayar="2025-02-04", jumlah="1,2 juta"))
    claims = load(real_db, "klaim", file)
    assert (claims["loaded"], claims["reasons"]) == (7, {"angka_tidak_terbaca": 2})
    assert rows(real_db, "select distinct jumlah_idr from klaim") == [(1_250_000,)]


def test_a_utf16_text_file_from_excel(real_db, tmp_path):
    text = "kpj\tnik\tkode_desa\tsegmen\ttanggal_daftar\r\n" + "".join(
        f"K{n}\t{make_nik(serial=n)}\t12.10.01.1004\tBPU\t2025-01-15\r\n" for n in (1, 2, 3))
    (tmp_path / "unicode.txt").write_bytes(text.encode("utf-16"))
    assert counts(load(real_db, "peserta", tmp_path / "unicode.txt"))["loaded"] == 3


def test_a_later_file_that_fails_says_the_earlier_ones_were_saved(real_db, tmp_path):
    import polars as pl

    n = 50_000
    pl.DataFrame({"kode_wilayah": ["12.10.02"] * n, "bulan": ["2025-03"] * n, "segmen": [str(i) for i in range(n)],
                  "peserta_aktif": ["5"] * n}).write_parquet(tmp_path / "g.parquet", statistics=False)
    damaged = bytearray((tmp_path / "g.parquet").read_bytes())
    damaged[len(damaged) // 3: len(damaged) // 3 + 2000] = b"\xab" * 2000  # a data page, not the footer
    (tmp_path / "rusak.parquet").write_bytes(bytes(damaged))
    good = csv_of(tmp_path, "r.csv", REKAP_COLUMNS, rekap("12.10.02", "2025-03", "BPU", "5"))
    code, out, err = ucj("load", "rekap", good, tmp_path / "rusak.parquet", "--db", real_db, "--json")
    assert code == 2 and out == ""
    assert err == ("Berkas rusak.parquet tidak dapat dibaca sebagai Parquet; periksa berkasnya (simpan ulang sebagai "
                   "Parquet dengan baris pertama judul kolom) lalu ulangi; berkas sebelumnya sudah tersimpan: r.csv.\n")
    assert rows(real_db, "select count(*) from rekap_peserta") == [(1,)]


def test_rows_of_one_key_that_disagree_leave_the_stored_row_as_it_was(real_db, tmp_path):
    load(real_db, "peserta", csv_of(tmp_path, "a.csv", PESERTA_COLUMNS, *FIRST_EXTRACT))
    before = fingerprint(real_db)
    report = load(real_db, "peserta", csv_of(tmp_path, "b.csv", PESERTA_COLUMNS,
                                             peserta("K001", make_nik(serial=1), sampai="2025-02-28"),
                                             peserta("K001", make_nik(serial=1), sampai="2025-03-31"),
                                             FIRST_EXTRACT[1]))
    assert counts(report) == {"rows_read": 3, "loaded": 0, "updated": 0, "unchanged": 1, "rejected": 2,
                              "duplicates": 0, "reasons": {"kunci_ganda_berbeda": 2}}
    assert fingerprint(real_db) == before
    # a row of the key with a reason of its own is rejected alone: the other row loads
    report = load(real_db, "peserta", csv_of(tmp_path, "c.csv", PESERTA_COLUMNS,
                                             peserta("K001", make_nik(serial=1), sampai="2025-02-28"),
                                             peserta("K001", make_nik(serial=1), sampai="2025-02-30")))
    assert (report["updated"], report["rejected"], report["reasons"]) == (1, 1, {"tanggal_tidak_terbaca": 1})
    assert rows(real_db, "select aktif_sampai from peserta where kpj = 'K001'") == [(dt.date(2025, 2, 28),)]


def test_a_load_failing_inside_its_transaction_writes_nothing(real_db, tmp_path, monkeypatch):
    from ucj.warehouse import write

    load(real_db, "peserta", csv_of(tmp_path, "a.csv", PESERTA_COLUMNS, *FIRST_EXTRACT))
    before = fingerprint(real_db)

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")  # after the merge and the marts, before the commit

    monkeypatch.setattr(write.Writer, "log_import", fail)
    with pytest.raises(RuntimeError):
        ucj("load", "peserta", csv_of(tmp_path, "b.csv", PESERTA_COLUMNS, *LATER_EXTRACT), "--db", real_db)
    assert fingerprint(real_db) == before
    monkeypatch.undo()
    monkeypatch.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
    assert load(real_db, "peserta", tmp_path / "b.csv")["updated"] == 2


def test_a_load_waits_for_another_writer_and_runs_while_the_dashboard_reads(real_db, tmp_path):
    """Writers queue on the lock; a reader (the dashboard, another process) holding the warehouse open no longer
    refuses a load (issue 14): the load publishes a new version and the reader keeps the one it opened."""
    from ucj.warehouse import write

    file = csv_of(tmp_path, "r.csv", REKAP_COLUMNS, rekap("12.10.02", "2025-03", "BPU", "5"))
    with write.lock(real_db):
        process = subprocess.Popen([sys.executable, "-m", "ucj", "load", "rekap", str(file), "--db", str(real_db)],
                                   cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # said while the lock is held (read before releasing it: a slow start must not pass the lock by)
        assert process.stderr.readline() == "Menunggu penulisan lain selesai…\n"
        assert process.poll() is None  # waiting
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert err == "" and "Disimpan sebagai impor #1." in out
    hold = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); print('buka', flush=True); "
            "sys.stdin.readline(); print(c.execute('select count(*) from rekap_peserta').fetchone()[0], flush=True)")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(real_db)], text=True, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == "buka\n"
        later = csv_of(tmp_path, "r2.csv", REKAP_COLUMNS, rekap("12.10.02", "2025-02", "BPU", "7"))
        result = run_cli("load", "rekap", str(later), "--db", str(real_db))
        assert result.returncode == 0, result.stderr
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline() == "1\n"  # the version it opened, whole
        assert rows(real_db, "select count(*) from rekap_peserta") == [(2,)]  # a new reader: the new version
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
        holder.stdin.close()


def test_a_load_that_changes_nothing_says_why(real_db, tmp_path):
    header_only = load_file(tmp_path, "judul.csv", "kode_wilayah;bulan;segmen;peserta_aktif\r\n;;;\r\n")
    code, out, err = ucj("load", "rekap", header_only, "--db", real_db)
    assert code == 0, err
    assert "Baris dibaca                 0" in out
    assert out.endswith("Tidak ada yang diubah: berkas ini tidak berisi baris data di bawah judul kolom.\n")
    all_bad = csv_of(tmp_path, "salah.csv", REKAP_COLUMNS, rekap("12.10", "2025-03", "BPU", "5"))
    code, out, err = ucj("load", "rekap", all_bad, "--db", real_db)
    assert out.endswith("Tidak ada yang diubah: tidak ada baris yang sah; perbaiki baris yang ditolak lalu muat "
                        "ulang.\n")
    assert rows(real_db, "select count(*) from impor_log") == [(0,)]


def test_a_parquet_file_with_typed_columns(real_db, tmp_path):
    """Dates as dates and NIKs as 64-bit integers read as their text; a NIK stored as a float is refused."""
    import polars as pl

    extract = Extract("peserta", PESERTA_COLUMNS, [Row(v) for v in FIRST_EXTRACT])
    file = write_parquet(extract, tmp_path / "p.parquet", dates=("tanggal_daftar", "aktif_sampai"))
    frame = pl.read_parquet(file)
    assert frame.schema["tanggal_daftar"] == pl.Date
    frame.with_columns(pl.col("nik").cast(pl.Int64)).write_parquet(file)
    assert counts(load(real_db, "peserta", file))["loaded"] == 4
    assert rows(real_db, "select kpj, tanggal_daftar, aktif_sampai from peserta where kpj = 'K002'") == [
        ("K002", dt.date(2025, 2, 1), dt.date(2025, 3, 10))]
    assert [r[0] for r in rows(real_db, "select nik_hash from peserta order by kpj")] == [
        nik_module.hash_nik(make_nik(serial=n), TEST_NIK_KEY.encode()) for n in (1, 2, 3, 4)]
    frame.with_columns(pl.col("nik").cast(pl.Float64)).write_parquet(tmp_path / "float.parquet")
    assert dry(real_db, "peserta", tmp_path / "float.parquet")["reasons"] == {"nik_panjang_salah": 4}


def test_today_is_allowed_and_tomorrow_is_the_future(real_db, tmp_path):
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    registered = dry(real_db, "peserta", csv_of(tmp_path, "p.csv", PESERTA_COLUMNS,
                                                peserta("K1", make_nik(serial=1), daftar=today.isoformat()),
                                                peserta("K2", make_nik(serial=2), daftar=tomorrow.isoformat()),
                                                peserta("K3", make_nik(serial=3), daftar="1977-01-01"),
                                                peserta("K4", make_nik(serial=4), daftar="1976-12-31")))
    assert registered["rejected_rows"] == [{"baris": 3, "alasan": ["tanggal_di_masa_depan"]},
                                           {"baris": 5, "alasan": ["tanggal_terlalu_lama"]}]
    counted = dry(real_db, "rekap", csv_of(tmp_path, "r.csv", REKAP_COLUMNS,
                                           rekap("12.10.02", today.strftime("%Y-%m"), "BPU", "5"),
                                           rekap("12.10.02", next_month.strftime("%Y-%m"), "BPU", "5")))
    assert counted["rejected_rows"] == [{"baris": 3, "alasan": ["tanggal_di_masa_depan"]}]


def test_persons_and_counts_never_add_up_twice_on_random_data(real_db, tmp_path):
    """Seeded random participants and counts in two kecamatan; the figures of every desa, kecamatan and the
    kabupaten at three month ends against a model written here from the rules: a count is used where no
    participant of its segmen in its region is active at the month's end or new in the month, and a
    kecamatan's count replaces the counts of its desa for the same month and segmen."""
    import random

    rng = random.Random(1)
    desa = {"12.10.01": ["12.10.01.1004", "12.10.01.1005"], "12.10.02": ["12.10.02.1001", "12.10.02.1002"]}
    month_ends = [dt.date(2025, 1, 31), dt.date(2025, 2, 28), dt.date(2025, 3, 31)]
    persons = []
    for n in range(1, 9):
        daftar = dt.date(2024, 11, 1) + dt.timedelta(days=rng.randrange(150))
        sampai = None if rng.random() < 0.5 else daftar + dt.timedelta(days=rng.randrange(120))
        persons.append((f"R{n:02d}", make_nik(serial=n), rng.choice(desa["12.10.01"] + desa["12.10.02"]),
                        rng.choice(["BPU", "PU"]), daftar, sampai))
    counted = {}
    for kode in [*desa, *desa["12.10.01"], *desa["12.10.02"]]:
        for end in month_ends:
            for segmen in ("BPU", "PU"):
                if rng.random() < 0.5:
                    counted[(kode, end.replace(day=1), segmen)] = rng.randrange(1, 50)
    load(real_db, "peserta", csv_of(tmp_path, "p.csv", PESERTA_COLUMNS, *[
        peserta(k, v, desa=d, segmen=s, daftar=a.isoformat(), sampai=b.isoformat() if b else "")
        for k, v, d, s, a, b in persons]))
    load(real_db, "rekap", csv_of(tmp_path, "r.csv", REKAP_COLUMNS, *[
        rekap(kode, bulan.strftime("%Y-%m"), segmen, str(n)) for (kode, bulan, segmen), n in counted.items()]))

    def inside(code: str, region: str) -> bool:
        return code == region or code.startswith(region + ".")

    def active(person, end: dt.date) -> bool:
        return person[4] <= end and (person[5] is None or person[5] >= end)

    def blocked(kode: str, bulan: dt.date, segmen: str) -> bool:
        end = month_ends[bulan.month - 1]
        return any(inside(p[2], kode) and p[3] == segmen and (active(p, end) or p[4].replace(day=1) == bulan)
                   for p in persons)

    usable = {key: n for key, n in counted.items() if not blocked(*key)}
    used = {(kode, bulan, segmen): n for (kode, bulan, segmen), n in usable.items()
            if not any(k != kode and inside(kode, k) and (k, bulan, segmen) in usable for k in desa)}
    assert len(counted) > len(usable) > len(used)  # the seed gives counts of all three fates

    from ucj.access import OPERATOR
    from ucj.reports.summary import summarize

    con = duckdb.connect(str(real_db), read_only=True)  # the summary's own function: one connection, 21 figures
    try:
        for end in month_ends:
            for region in ["12.10", *desa, *desa["12.10.01"], *desa["12.10.02"]]:
                from_counts = sum(n for (kode, bulan, _), n in used.items()
                                  if bulan == end.replace(day=1) and inside(kode, region))
                people = sum(1 for p in persons if inside(p[2], region) and active(p, end))
                s = summarize(con, region, end, viewer=OPERATOR)
                assert (s["active_participants"], s["active_from_counts"]) == (people + from_counts, from_counts), \
                    (region, end)
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------
# Defaults and readings settled after review


def test_office_kinds_agree_once_read_and_kcp_is_a_pratama(real_db, tmp_path):
    report = load(real_db, "kantor", csv_of(tmp_path, "k.csv", KANTOR_COLUMNS, 
        kantor("KC-A", "Kantor Cabang A", "12.10", jenis="KC"),
        kantor("KC-A", "Kantor Cabang A", "12.09", jenis="Kantor Cabang"),
        kantor("KCP-B", "Kantor Cabang Perintis B", "12.22", jenis="KCP"),
        kantor("KC-C", "Kantor C", "12.23", jenis="KC", mulai="01/01/24")))  # the year 24 is not 2024
    assert (report["loaded"], report["reasons"]) == (3, {"tanggal_terlalu_lama": 1})
    assert rows(real_db, "select kode_kantor, jenis from kantor_cabang order by 1") == [
        ("KC-A", "cabang"), ("KCP-B", "pratama")]


def test_defaults_without_programme_or_funding_and_a_dash_is_empty(real_db, tmp_path):
    load(real_db, "peserta", csv_of(tmp_path, "p.csv", PESERTA_COLUMNS, 
        peserta("J1", make_nik(serial=1), segmen="Jakon", program="-"),
        peserta("M1", make_nik(serial=2), segmen="PMI"),
        peserta("U1", make_nik(serial=3), segmen="PU")))
    assert rows(real_db, "select kpj, sumber_dana, is_jkk, is_jkm, is_jht, is_jp, is_jkp from peserta order by 1") == [
        ("J1", "pemberi kerja", True, True, False, False, False),
        ("M1", "mandiri", True, True, False, False, False),
        ("U1", "pemberi kerja", True, True, True, True, False)]


def test_the_data_range_ends_with_the_month_of_the_last_fact_and_the_log_says_committed(real_db, tmp_path):
    report = load(real_db, "peserta", csv_of(tmp_path, "p.csv", PESERTA_COLUMNS, 
        peserta("K1", make_nik(serial=1), daftar="2025-03-28")))
    assert rows(real_db, "select key, value from meta where key in ('data_mulai', 'data_sampai') order by 1") == [
        ("data_mulai", "2025-03-01"), ("data_sampai", "2025-03-31")]
    assert summary(real_db, "12.10", "2025-03-31")["active_participants"] == 1
    logged = rows(real_db, "select ringkasan_json from impor_log where impor_id = ?", [report["impor_id"]])
    assert json.loads(logged[0][0])["committed"] is True


def _cells(xlsx: bytes) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_a_template_from_the_command_line_never_overwrites(tmp_path):
    target = tmp_path / "templat.xlsx"
    assert ucj("template", "sponsor", "-o", target)[0] == 0
    # the same sheets and cells (the bytes hold the time the file was written, to the second)
    assert _cells(target.read_bytes()) == _cells(extracts.template_xlsx(extracts.KINDS["sponsor"]))
    written = target.read_bytes()
    code, out, err = ucj("template", "sponsor", "-o", target)
    assert target.read_bytes() == written
    assert (code, out) == (2, "") and "sudah ada" in err and err.count("\n") == 1
