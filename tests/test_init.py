"""python -m ucj init: an empty real warehouse with the national reference, readable by its owner only, made
only where nothing exists and only with a NIK key; never a half-made file."""
import datetime as dt
import os
import stat
import subprocess
import sys

import duckdb
import pytest
from conftest import ROOT, TEST_NIK_KEY, run_cli

from ucj.ingest import nik

KEY = {"UCJ_NIK_KEY": TEST_NIK_KEY}
LEVELS = {"provinsi": 38, "kabupaten_kota": 514, "kecamatan": 7285, "desa_kelurahan": 83762}
DATA_TABLES = ("peserta", "klaim", "rekap_peserta", "pekerja_wajib", "pekerja_wajib_kabupaten", "target_ucj",
               "target_peserta_baru", "kantor_cabang", "kantor_wilayah", "perjanjian_sponsor", "anggota_kelompok",
               "impor_log", "batas_wilayah")


def read(path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_init_makes_an_empty_warehouse_with_every_region_for_its_owner_only(tmp_path):
    path = tmp_path / "nyata.duckdb"
    result = run_cli("init", "--db", str(path), env=KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"Gudang data nyata dibuat di {path}: 38 provinsi, 514 kabupaten/kota, 7.285 kecamatan, 83.762 "
        f"desa/kelurahan (idn-area-data 4.0.1); belum ada data. Muat ekstrak dengan 'python -m ucj load JENIS "
        f"BERKAS --db {path}'.\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # no temporary file, lock or WAL left: the link and its first version (ucj.warehouse.write.session)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nyata.duckdb", "nyata.duckdb.versions"]
    assert os.readlink(path) == "nyata.duckdb.versions/000001.duckdb"
    assert [p.name for p in (tmp_path / "nyata.duckdb.versions").iterdir()] == ["000001.duckdb"]
    assert stat.S_IMODE((tmp_path / "nyata.duckdb.versions").stat().st_mode) == 0o700
    assert dict(read(path, "select tingkat, count(*) from wilayah group by tingkat")) == {**LEVELS, "nasional": 1}
    assert read(path, "select count(*) from wilayah where versi <> 'idn-area-data 4.0.1'") == [(0,)]
    assert read(path, "select nama from wilayah where kode = '12.10.01.1004'") == [("Rantauprapat",)]
    meta = dict(read(path, "select key, value from meta"))
    today = dt.date.today().isoformat()
    assert {k: meta[k] for k in ("is_demo", "data_mulai", "data_sampai", "wilayah_versi", "nik_key_id")} == {
        "is_demo": "false", "data_mulai": today, "data_sampai": today, "wilayah_versi": "idn-area-data 4.0.1",
        "nik_key_id": nik.key_id(TEST_NIK_KEY.encode())}
    for table in DATA_TABLES:
        assert read(path, f"select count(*) from {table}") == [(0,)], table
    assert read(path, "select count(*) from kelompok_pekerja") == [(19,)]
    # the key itself is nowhere in the file
    assert TEST_NIK_KEY.encode() not in path.read_bytes()


def test_a_new_warehouse_has_no_figures_yet_rather_than_zeros(real_template):
    # the warehouse's own last day, not the clock's: a run across midnight asked for a day after the warehouse's
    from ucj.warehouse.connection import data_range

    con = duckdb.connect(str(real_template), read_only=True)
    try:
        last_day = data_range(con)[1].isoformat()
    finally:
        con.close()
    result = run_cli("summary", "--region", "12.10", "--as-of", last_day, "--db", str(real_template))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("Kabupaten Labuhanbatu (12.10): belum ada data yang dimuat untuk wilayah ini, jadi "
                             "cakupannya belum diketahui (bukan 0%). Muat ekstrak dengan 'python -m ucj load JENIS "
                             "BERKAS'.\n")


def test_init_takes_ucj_db_when_no_db_is_given(tmp_path):
    path = tmp_path / "dari_env.duckdb"
    result = run_cli("init", env={**KEY, "UCJ_DB": str(path)})
    assert result.returncode == 0, result.stderr
    assert path.is_file()


@pytest.mark.parametrize("content", [b"", b"bukan gudang", None])
def test_init_never_overwrites_a_file(tmp_path, real_template, content):
    path = tmp_path / "ada.duckdb"
    if content is None:
        path.write_bytes(real_template.read_bytes())  # a real warehouse, perhaps months of loads
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    result = run_cli("init", "--db", str(path), env=KEY)
    assert result.returncode == 2
    assert result.stderr == (f"Berkas {path} sudah ada; 'init' tidak pernah menimpa gudang data. Pilih nama lain "
                             "dengan --db, atau pindahkan berkas itu lebih dulu bila memang ingin memulai dari "
                             "kosong.\n")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ada.duckdb"]


def test_init_never_replaces_what_a_name_points_to(tmp_path):
    """A symbolic link to nowhere is a name taken: init says so rather than failing half-way."""
    path = tmp_path / "tautan.duckdb"
    path.symlink_to(tmp_path / "tidak_ada" / "gudang.duckdb")
    result = run_cli("init", "--db", str(path), env=KEY)
    assert result.returncode == 2 and "sudah ada" in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tautan.duckdb"]


@pytest.mark.parametrize("key", [None, "", "x" * 15])
def test_init_needs_a_nik_key_of_16_characters(tmp_path, key):
    path = tmp_path / "nyata.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "UCJ_NIK_KEY"}
    if key is not None:
        env["UCJ_NIK_KEY"] = key
    result = subprocess.run([sys.executable, "-m", "ucj", "init", "--db", str(path)], cwd=ROOT, capture_output=True,
                            text=True, env=env, timeout=120, check=False)
    assert result.returncode == 2
    assert result.stderr == ("Kunci hash NIK belum diatur: isi variabel lingkungan UCJ_NIK_KEY dengan rahasia minimal "
                             "16 karakter sebelum memuat data nyata.\n")
    assert list(tmp_path.iterdir()) == []


def test_a_key_of_exactly_16_characters_is_enough(tmp_path):
    result = run_cli("init", "--db", str(tmp_path / "nyata.duckdb"), env={"UCJ_NIK_KEY": "k" * 16})
    assert result.returncode == 0, result.stderr


def test_init_needs_its_folder(tmp_path):
    path = tmp_path / "tidak_ada" / "nyata.duckdb"
    result = run_cli("init", "--db", str(path), env=KEY)
    assert result.returncode == 2
    assert result.stderr == (f"Folder {path.parent} tidak ada; buat foldernya dulu atau tunjuk --db ke folder "
                             "lain.\n")
    assert not path.parent.exists()


def test_two_inits_at_once_make_one_warehouse(tmp_path):
    path = tmp_path / "nyata.duckdb"
    processes = [subprocess.Popen([sys.executable, "-m", "ucj", "init", "--db", str(path)], cwd=ROOT, text=True,
                                  env={**os.environ, **KEY}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
    for p in processes:
        p.stdout.close()
        p.stderr.close()
    assert sorted(code for code, _ in results) == [0, 2], results
    refused = next(err for code, err in results if code == 2)
    assert "sudah ada" in refused or "baru saja dibuat proses lain" in refused
    assert refused.count("\n") == 1 and "Traceback" not in refused
    assert dict(read(path, "select tingkat, count(*) from wilayah group by tingkat")) == {**LEVELS, "nasional": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nyata.duckdb", "nyata.duckdb.versions"]
    assert [p.name for p in (tmp_path / "nyata.duckdb.versions").iterdir()] == ["000001.duckdb"]
