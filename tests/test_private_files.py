"""Private files and the --report fix, issue 13's findings "the warehouse file is world-readable (0644)" (with
what else the product leaves on disk: DuckDB's spills of staging data with clear NIKs, the WAL, reports of named
people) and "the CLI's --report to a directory gives a traceback after the commit". Each test says which it
covers and failed on the code before issue 13."""
import os
import stat
import subprocess
import sys

import duckdb
import pytest
from conftest import ROOT, TEST_NIK_KEY

from ucj import warehouse
from ucj.errors import UserError

LIST = "NIK,Nama,Desa\n1210071205850001,Guru Satu,Sibargot\n1210071205850002,Guru Dua,Bandar Kumbul\n"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def loose_umask_cli(*args: str) -> subprocess.CompletedProcess:
    """`python -m ucj ...` started under umask 022, as from a usual shell (files 0644 unless the product
    says otherwise)."""
    return subprocess.run([sys.executable, "-m", "ucj", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "UCJ_NIK_KEY": TEST_NIK_KEY}, preexec_fn=lambda: os.umask(0o022),
                          timeout=300)


def test_init_and_an_import_under_a_loose_umask_leave_only_owner_only_files(tmp_path):
    """Finding: world-readable files. The real warehouse, the import's report of named people, DuckDB's spill
    folder, the accounts file with the import's audit entry: none readable by another user of the server,
    whatever the shell's umask."""
    db = tmp_path / "nyata.duckdb"
    assert loose_umask_cli("init", "--db", str(db)).returncode == 0
    (tmp_path / "guru.csv").write_text(LIST, encoding="utf-8")
    os.chmod(tmp_path / "guru.csv", 0o644)
    result = loose_umask_cli("import", str(tmp_path / "guru.csv"), "--kind", "guru", "--region", "12.10",
                             "--db", str(db), "--report", str(tmp_path / "laporan.xlsx"))
    assert result.returncode == 0, result.stderr
    assert {p.name: mode(p) for p in tmp_path.iterdir()} == {
        "nyata.duckdb": 0o600, "nyata.duckdb.tmp": 0o700, "laporan.xlsx": 0o600, "guru.csv": 0o644,
        "ucj-akun.sqlite": 0o600, "nyata.duckdb.versions": 0o700}
    # the link names the published version; it and the one before (init's) are files of the owner only
    assert {p.name: mode(p) for p in (tmp_path / "nyata.duckdb.versions").iterdir()} == {
        "000001.duckdb": 0o600, "000002.duckdb": 0o600}


def test_the_demo_warehouse_is_its_owners_only(demo_db):
    """Finding: world-readable files. The demo build (also run by the dashboard for its first visitor) moves a
    file DuckDB made with the process's umask into place; it is made 0600 first."""
    assert mode(demo_db) == 0o600


def test_the_wal_is_its_owners_only_once_private_umask_is_called(tiny_db):
    """Finding: world-readable files (the WAL, which DuckDB creates itself, holds the last writes in clear).
    What the dashboard gets by calling ucj.paths.private_umask() first."""
    script = ("import os, sys\nfrom pathlib import Path\nfrom ucj.paths import private_umask\nprivate_umask()\n"
              "from ucj import warehouse\ncon = warehouse.open_warehouse(Path(sys.argv[1]), read_only=False)\n"
              "con.execute('create table uji (i integer)')\ncon.execute('insert into uji values (1)')\n"
              "print(oct(os.stat(sys.argv[1] + '.wal').st_mode & 0o777))\nos._exit(0)\n")  # no checkpoint at exit
    result = subprocess.run([sys.executable, "-c", script, str(tiny_db)], cwd=ROOT, capture_output=True, text=True,
                            preexec_fn=lambda: os.umask(0o022), timeout=120)
    assert (result.returncode, result.stdout) == (0, "0o600\n"), result.stderr


def test_an_opened_warehouse_spills_to_a_private_folder_beside_it(tiny_db):
    """Finding: world-readable files (DuckDB's spills of a load's staging tables, clear NIKs included, went to a
    folder it made with the default umask). The folder exists before any spill, is 0700 even when an earlier
    DuckDB made it 0755, and an older 0644 warehouse becomes 0600 when its owner opens it."""
    folder = tiny_db.with_name(tiny_db.name + ".tmp")
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    os.chmod(tiny_db, 0o644)
    con = warehouse.open_warehouse(tiny_db, read_only=True)
    try:
        assert con.execute("select current_setting('temp_directory')").fetchone() == (str(folder),)
    finally:
        con.close()
    assert (mode(folder), mode(tiny_db)) == (0o700, 0o600)


def test_a_shared_instance_keeps_the_private_folder(tiny_db):
    """Finding: world-readable files. DuckDB shares one database instance between the connections of a process
    to one file (its settings too); opening through open_warehouse while another connection is open works, and
    both spill to the private folder."""
    plain = duckdb.connect(str(tiny_db), read_only=True)
    try:
        con = warehouse.open_warehouse(tiny_db, read_only=True)
        con.close()
        assert plain.execute("select current_setting('temp_directory')").fetchone() == (f"{tiny_db}.tmp",)
    finally:
        plain.close()
    assert mode(f"{tiny_db}.tmp") == 0o700  # made before any spill, not left to DuckDB's umask


def test_a_temp_folder_that_is_a_symbolic_link_is_not_followed(tiny_db, tmp_path):
    """Finding: world-readable files. A link planted at <warehouse>.tmp would send the spills elsewhere: a
    write is refused in one sentence, a read spills to a private folder of its own instead."""
    elsewhere = tmp_path / "di-tempat-lain"
    elsewhere.mkdir()
    link = tiny_db.with_name(tiny_db.name + ".tmp")
    link.symlink_to(elsewhere)
    with pytest.raises(UserError) as caught:
        warehouse.open_warehouse(tiny_db, read_only=False)
    assert str(caught.value) == (f"{link} bukan folder milik pengguna ini; pindahkan atau hapus lalu ulangi, karena "
                                 "gudang data menaruh data sementaranya di sana.")
    con = warehouse.open_warehouse(tiny_db, read_only=True)
    try:
        spills = con.execute("select current_setting('temp_directory')").fetchone()[0]
    finally:
        con.close()
    assert spills != str(link) and os.path.basename(spills).startswith("ucj-duckdb-") and mode(spills) == 0o700


@pytest.mark.parametrize("report, sentence", [
    ("laporan.xlsx/", "--report {p} adalah folder; tulis nama berkas di dalamnya, misalnya --report "
                      "{p}/laporan.xlsx."),
    ("/proc/laporan.xlsx", "--report {p} tidak dapat ditulis (No such file or directory); pilih folder yang dapat "
                           "ditulis atau nama berkas lain."),
])
def test_a_report_that_cannot_be_written_is_refused_before_the_import(tiny_db, tmp_path, report, sentence):
    """Finding: "--report to a directory gives a traceback after the commit". A folder, or a place this process
    cannot write (/proc refuses new files even to root), is one sentence with exit code 2, and the warehouse is
    not touched."""
    (tmp_path / "guru.csv").write_text(LIST, encoding="utf-8")
    if report.endswith("/"):
        (tmp_path / report).mkdir()
        report = str(tmp_path / report.rstrip("/"))
    before = tiny_db.read_bytes()
    result = loose_umask_cli("import", str(tmp_path / "guru.csv"), "--kind", "guru", "--db", str(tiny_db),
                             "--report", report)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", sentence.format(p=report) + "\n")
    assert tiny_db.read_bytes() == before


def test_a_briefing_to_a_folder_is_refused_before_anything_is_read(tiny_db, tmp_path):
    """Finding: "--report to a directory gives a traceback" (the same mistake with the briefing's -o)."""
    (tmp_path / "paparan.pdf").mkdir()
    result = loose_umask_cli("briefing", "--region", "12.10", "--as-of", "2025-03-31", "--format", "pdf",
                             "-o", str(tmp_path / "paparan.pdf"), "--db", str(tiny_db))
    assert (result.returncode, result.stderr) == (2, f"-o {tmp_path / 'paparan.pdf'} adalah folder; tulis nama "
                                                     f"berkas di dalamnya, misalnya -o "
                                                     f"{tmp_path / 'paparan.pdf' / 'laporan.pdf'}.\n")
