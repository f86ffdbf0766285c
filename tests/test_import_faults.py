"""Faults during an import: a process killed while writing, two imports at once, readers during an import. In a
real warehouse (the demo refuses to store lists, issue 13), the lists matched within Labuhanbatu (12.10)."""
import csv
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time

import duckdb
import pytest
from conftest import ROOT
from test_import import fingerprint

from ucj.access import OPERATOR
from ucj.warehouse import open_warehouse, read
from ucj.ingest import rosters
from ucj.errors import UserError

DESA = ("Sei Kasih", "Rantauprapat", "Sei Tampang", "Sei Baru", "Sei Berombang")


def write_list(path, serials, kecamatan="121001"):
    """A clean pekerja rentan list: one valid, distinct NIK per serial."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["NIK", "Nama", "Desa/Kelurahan"])
        for i in serials:
            day, month, year = 1 + i % 28, 1 + (i // 28) % 12, 60 + (i // 336) % 40
            w.writerow([f"{kecamatan}{day:02d}{month:02d}{year:02d}{1 + i % 9999:04d}", f"Orang {i}", DESA[i % 5]])


def start_import(db_path, file, kind="pekerja_rentan"):
    return subprocess.Popen([sys.executable, "-m", "ucj", "import", str(file), "--kind", kind, "--db", str(db_path),
                             "--region", "12.10", "--json", "--by", "penguji"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


@pytest.fixture()
def warehouse(real_db):
    """An empty real warehouse (its months: this month only), the tests' NIK key in the environment."""
    return real_db


TODAY = dt.date.today()  # a real warehouse's only month is the current one


def test_a_process_killed_while_writing_leaves_the_warehouse_as_it_was(warehouse, tmp_path):
    big = tmp_path / "besar.csv"
    write_list(big, range(120_000))
    before = fingerprint(warehouse)
    killed_mid_write = 0
    for delay in (0.0, 0.05, 0.15, 0.3):
        process = start_import(warehouse, big)
        for line in process.stderr:
            if "Menyimpan" in line:  # printed just before the first write, inside the transaction
                break
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        after = fingerprint(warehouse)
        if process.returncode == -signal.SIGKILL and after == before:
            killed_mid_write += 1
        else:
            # the kill came after the commit: then all of it is there, never part of it
            assert after["anggota_kelompok"][0] == before["anggota_kelompok"][0] + 120_000
            assert after["impor_log"][0] == before["impor_log"][0] + 1
            break
    assert killed_mid_write >= 1, "no kill landed inside the transaction"
    # the warehouse still works: the same import now runs to the end, whole
    finished = start_import(warehouse, big)
    out, err = finished.communicate(timeout=300)
    assert finished.returncode == 0, err
    report = json.loads(out)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("select count(*) from anggota_kelompok where impor_id = ?", [report["impor_id"]]).fetchall()
        assert rows[0][0] == report["to_load"] == 120_000 or report["already_imported"] == 120_000
    finally:
        con.close()


def test_two_imports_at_once_do_not_interleave(warehouse, tmp_path):
    write_list(tmp_path / "a.csv", range(0, 3_000))
    write_list(tmp_path / "b.csv", range(2_000, 5_000))
    a, b = start_import(warehouse, tmp_path / "a.csv"), start_import(warehouse, tmp_path / "b.csv")
    (out_a, err_a), (out_b, err_b) = a.communicate(timeout=300), b.communicate(timeout=300)
    assert a.returncode == 0 and b.returncode == 0, err_a + err_b
    ra, rb = json.loads(out_a), json.loads(out_b)
    first, second = sorted((ra, rb), key=lambda r: r["impor_id"])
    # whichever ran second saw the first's 1.000 shared people as already imported
    assert first["new"] == 3_000 and (second["already_imported"], second["new"]) == (1_000, 2_000)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        counts = con.execute("select count(*), count(distinct nik_hash) from anggota_kelompok "
                             "where kelompok_pekerja = 'pekerja_rentan' and impor_id is not null").fetchall()[0]
        assert counts == (5_000, 5_000)
        assert con.execute("select count(*) from impor_log").fetchall()[0][0] == 2
    finally:
        con.close()


def test_readers_keep_reading_while_an_import_writes(warehouse, tmp_path):
    """The app's pattern: one connection, a cursor per query; an import holds its transaction open."""
    write_list(tmp_path / "daftar.csv", range(500))
    con = open_warehouse(warehouse, read_only=False)
    table = rosters.read_list((tmp_path / "daftar.csv").read_bytes(), "daftar.csv")
    options = dict(file_name="daftar.csv", file_sha256="abc", group="pekerja_rentan", region="12.10",
                   data_date=TODAY, source="uji", key=rosters.nik_key(con), viewer=OPERATOR)
    writing, release = threading.Event(), threading.Event()
    outcome = {}

    def pause(stage):
        if stage == "menyetujui":  # everything written, not yet committed
            writing.set()
            release.wait(30)

    def run_import():
        outcome["plan"] = rosters.commit(con, table, by="penguji", on_stage=pause, **options)

    def roster_size():
        frame = read(con, "kelompok_belum_tercakup", OPERATOR, wilayah="12.10", bulan=TODAY.replace(day=1),
                       kelompok="pekerja_rentan")
        return int(frame["anggota"].sum()) if frame.height else 0

    try:
        old = roster_size()
        worker = threading.Thread(target=run_import)
        worker.start()
        assert writing.wait(60)
        started = time.perf_counter()
        during = roster_size()          # answered while the import's transaction is open
        elapsed = time.perf_counter() - started
        release.set()
        worker.join(60)
        assert during == old and elapsed < 5
        assert roster_size() == old + outcome["plan"].report()["to_load"] == old + 500
    finally:
        release.set()
        con.close()


def test_a_dry_run_overtaken_by_another_import_is_not_written(warehouse, tmp_path):
    write_list(tmp_path / "a.csv", range(0, 100))
    write_list(tmp_path / "b.csv", range(50, 150))
    con = open_warehouse(warehouse, read_only=False)
    try:
        key = rosters.nik_key(con)
        plans = {}
        for name in ("a.csv", "b.csv"):
            table = rosters.read_list((tmp_path / name).read_bytes(), name)
            options = dict(file_name=name, file_sha256=name, group="pekerja_rentan", region="12.10",
                           data_date=TODAY, source="uji", key=key, viewer=OPERATOR)
            plans[name] = (table, options, rosters.make_plan(con, table, **options))
        table, options, confirmed = plans["a.csv"]
        rosters.commit(con, table, by="penguji", confirmed=confirmed, **options)
        before = fingerprint_con(con)
        table, options, confirmed = plans["b.csv"]   # its dry run counted 100 new; 50 are now imported
        with pytest.raises(UserError, match="berubah sejak uji coba"):
            rosters.commit(con, table, by="penguji", confirmed=confirmed, **options)
        assert fingerprint_con(con) == before
    finally:
        con.close()


def fingerprint_con(con):
    return con.execute("select (select count(*) from anggota_kelompok), (select count(*) from impor_log)").fetchall()
