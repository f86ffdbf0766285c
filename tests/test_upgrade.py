"""A warehouse built by an earlier version of the code lacks marts this version reads: the app says so in one
sentence (naming the command, not the path), and `python -m ucj marts` rebuilds them as a new version."""
import os

import duckdb
from conftest import open_app, run_cli

from ucj.warehouse import marts


def test_a_warehouse_without_a_new_mart_is_named_and_the_command_rebuilds_it(monkeypatch, demo_copy):
    con = duckdb.connect(str(demo_copy))
    con.execute("drop table mart_dimuat_desa")  # as a warehouse of the version before it had
    assert marts.missing_marts(con) == {"mart_dimuat_desa"}
    con.close()

    at = open_app(monkeypatch, demo_copy)
    assert [e.value for e in at.error] == [
        "Gudang data ini dibuat oleh versi aplikasi sebelumnya dan belum punya mart yang dibaca versi ini; admin perlu "
        "menjalankan sekali 'python -m ucj marts' untuk gudang ini, lalu muat ulang halaman."]
    assert not at.title

    done = run_cli("marts", "--db", str(demo_copy))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Mart gudang data {demo_copy} dibangun ulang.\n"
    assert os.path.islink(demo_copy)  # published as a new version
    con = duckdb.connect(str(demo_copy), read_only=True)
    assert marts.missing_marts(con) == set()
    con.close()

    at = open_app(monkeypatch, demo_copy, wilayah="12.10", periode="2025-03")
    assert not at.error
    assert at.title[0].value == "Ringkasan Kabupaten Labuhanbatu"


def test_the_command_refuses_a_missing_warehouse_in_one_sentence(tmp_path):
    done = run_cli("marts", "--db", str(tmp_path / "tidak-ada.duckdb"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Gudang data tidak ditemukan" in done.stderr
