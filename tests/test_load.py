"""Loading extracts (python -m ucj load): every reason code provoked and counted exactly, every format, keyed
updates with the exact figures after them, repeats and dry runs that change nothing, refusals in one sentence,
a load killed half-way, and the NIK never in clear."""
import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from conftest import ROOT, TEST_NIK_KEY, run_cli
from extract_files import (COUNTS, KANTOR_COLUMNS, KLAIM_COLUMNS, MESSY, NEEDS, PESERTA_ALIASES, PESERTA_COLUMNS,
                           Extract, Row, counts, kantor, klaim, make_nik, messy_kantor, messy_peserta, niks, peserta,
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
    assert "Baris ditolak pertama: 7, 8, 9, 10, 11, 12, 13, 14, 15, 16" in out
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
    ("K004", "12.10.01.1004", "PMI", "pekerja_migran", "mandiri", True, True, True, False, False,
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
