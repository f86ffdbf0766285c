"""`python -m ucj users ...`, issue 13's "no login" finding at the command line: accounts made with the password
from standard input (never shown), regions checked against the national reference, every refusal one sentence
with exit code 2 and nothing written, the audit log readable by the server's admin. Before issue 13 there was
no `users` command: every test here failed on that code (argparse refused 'users')."""
import io
import json
import os
import stat
import subprocess
import sys

import pytest
from conftest import ROOT

from ucj import accounts, cli

PASSWORD = "kata-sandi-uji-01"


def users(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m ucj users ...` with `stdin` as its standard input (a pipe, not a terminal)."""
    return subprocess.run([sys.executable, "-m", "ucj", "users", *args], cwd=ROOT, input=stdin, capture_output=True,
                          text=True, env={k: v for k, v in os.environ.items() if k != accounts.ACCOUNTS_ENV}
                          | (env or {}), timeout=120)


@pytest.fixture()
def db(tmp_path):
    """A warehouse path that does not exist yet: accounts are made before the first load."""
    return str(tmp_path / "ucj.duckdb")


def test_add_reads_the_password_from_stdin_and_never_shows_or_stores_it(db, tmp_path):
    result = users("add", "budi", "--role", "analyst", "--wilayah", "12.10", "12.74", "--db", db,
                   stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "ucj-akun.sqlite"
    assert result.stdout == (f"Akun budi dibuat: peran analyst, wilayah 12.10 Kabupaten Labuhanbatu, 12.74 Kota "
                             f"Tanjungbalai; disimpan di {path}.\n")
    assert result.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ucj-akun.sqlite"]  # no warehouse made
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert PASSWORD.encode() not in path.read_bytes()
    account, _ = accounts.Store(path).login("budi", PASSWORD)
    assert account == accounts.Account("budi", "analyst", ("12.10", "12.74"), True)

    listed = users("list", "--json", "--db", db)
    assert json.loads(listed.stdout) == [{"name": "budi", "role": "analyst", "regions": ["12.10", "12.74"],
                                          "active": True, "email": None}]
    log = users("log", "--json", "--db", db)
    assert [(e["name"], e["action"], e["detail"]) for e in json.loads(log.stdout)] == [
        ("budi", "masuk", "dari tidak diketahui"),
        ("operator", "pengguna", "akun budi dibuat: analyst, 12.10 12.74")]
    for text in (listed.stdout, log.stdout, log.stderr):
        assert PASSWORD not in text


def test_no_wilayah_is_all_indonesia_and_a_windows_line_end_is_not_part_of_the_password(db, tmp_path):
    result = users("add", "admin1", "--role", "admin", "--db", db, stdin=PASSWORD + "\r\n")
    assert result.returncode == 0, result.stderr
    assert "wilayah seluruh Indonesia" in result.stdout
    store = accounts.Store(tmp_path / "ucj-akun.sqlite")
    assert store.login("admin1", PASSWORD)[0].regions == ()


def test_list_disable_passwd_and_log(db, tmp_path):
    for name, role, regions in (("budi", "analyst", ["--wilayah", "12.10"]), ("ani", "viewer", [])):
        assert users("add", name, "--role", role, *regions, "--db", db, stdin=PASSWORD).returncode == 0
    store = accounts.Store(tmp_path / "ucj-akun.sqlite")
    _, token = store.login("budi", PASSWORD)

    result = users("disable", "budi", "--db", db)
    assert (result.returncode, result.stdout) == (0, "Akun budi dinonaktifkan; sesinya yang terbuka berakhir.\n")
    assert store.session(token) is None
    result = users("passwd", "ani", "--db", db, stdin="kata-sandi-baru-02\n")
    assert (result.returncode, result.stdout) == (0, "Kata sandi akun ani diganti; sesinya yang terbuka berakhir.\n")
    assert store.login("ani", "kata-sandi-baru-02")[0].name == "ani"

    listed = users("list", "--db", db)
    assert listed.stdout.splitlines() == [
        "ani                  viewer   aktif     seluruh Indonesia",
        "budi                 analyst  nonaktif  12.10",
    ]
    log = users("log", "--limit", "3", "--db", db)
    assert [line[27:].split()[:2] for line in log.stdout.splitlines()] == [
        ["ani", "masuk"], ["operator", "pengguna"], ["operator", "pengguna"]]
    assert log.stdout.splitlines()[1].endswith("kata sandi akun ani diganti")


REFUSALS = [
    (["add", "budi", "--role", "viewer"], PASSWORD,
     "Akun 'budi' sudah ada; pilih nama lain, atau ganti kata sandinya dengan 'python -m ucj users passwd'."),
    (["add", "ani", "--role", "viewer"], "pendek\n", "Kata sandi terlalu pendek; gunakan minimal 10 karakter."),
    (["add", "ani", "--role", "viewer"], "", "Kata sandi belum diberikan; kirim satu baris lewat masukan standar, "
     "misalnya 'python -m ucj users add NAMA --role viewer < berkas_sandi', atau jalankan di terminal."),
    (["add", "ani", "--role", "bupati"], PASSWORD,
     "Peran 'bupati' tidak dikenal; pilih salah satu dari viewer, analyst, admin."),
    (["add", "ani", "--role", "viewer", "--wilayah", "12.10", "99.99"], PASSWORD,
     "Kode wilayah 99.99 tidak ada di referensi wilayah Kemendagri (idn-area-data 4.0.1); periksa kodenya, misalnya "
     "12.10 untuk Kabupaten Labuhanbatu."),
    (["add", "ani", "--role", "viewer", "--wilayah", "12.1"], PASSWORD,
     "'12.1' bukan kode wilayah Kemendagri; tulis seperti 12, 12.10, 12.10.01 atau 12.10.01.2001 (ID untuk seluruh "
     "Indonesia)."),
    (["add", "Ani", "--role", "viewer"], PASSWORD,
     "Nama pengguna 'Ani' tidak dapat dipakai; gunakan 2 sampai 32 huruf kecil, angka, titik, garis bawah atau "
     "tanda hubung, diawali huruf atau angka."),
    (["passwd", "siapa"], PASSWORD, "Akun 'siapa' tidak ada; lihat daftarnya dengan 'python -m ucj users list'."),
    (["disable", "siapa"], "", "Akun 'siapa' tidak ada; lihat daftarnya dengan 'python -m ucj users list'."),
    (["log", "--limit", "0"], "", "--limit 0 harus bilangan bulat positif, misalnya --limit 100."),
]


def in_process(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """cli.main in this process (a subprocess costs two seconds of imports): exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(["users", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_refusal_is_one_sentence_with_exit_code_2_and_nothing_written(db, tmp_path, monkeypatch, capsys,
                                                                            umask_kept):
    assert users("add", "budi", "--role", "viewer", "--db", db, stdin=PASSWORD).returncode == 0
    path = tmp_path / "ucj-akun.sqlite"
    before = path.read_bytes()
    for args, stdin, sentence in REFUSALS:
        assert in_process(monkeypatch, capsys, *args, "--db", db, stdin=stdin) == (2, "", sentence + "\n"), args
    for args, stdin, sentence in REFUSALS[:1]:  # and once as a person runs it: the exit code reaches the shell
        result = users(*args, "--db", db, stdin=stdin)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", sentence + "\n")
    assert path.read_bytes() == before


def test_a_refused_first_account_leaves_no_file(db, tmp_path, monkeypatch, capsys, umask_kept):
    for args, stdin, _ in REFUSALS[1:3] + REFUSALS[-3:]:
        assert in_process(monkeypatch, capsys, *args, "--db", db, stdin=stdin)[0] == 2
    assert in_process(monkeypatch, capsys, "list", "--db", db) == (
        0, f"Belum ada akun di {tmp_path / 'ucj-akun.sqlite'}; buat dengan 'python -m ucj users add NAMA --role "
           "admin'.\n", "")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture()
def umask_kept():
    """main() makes the process's files private (umask 077); an in-process test gives the umask back."""
    umask = os.umask(0o022)
    os.umask(umask)
    yield
    os.umask(umask)


def test_at_a_terminal_the_password_is_asked_twice_and_must_match(tmp_path, monkeypatch, capsys, umask_kept):
    """In process: a terminal cannot be given to a subprocess here. getpass shows nothing of what is typed."""
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(typed))
    db = str(tmp_path / "ucj.duckdb")
    assert cli.main(["users", "add", "budi", "--role", "viewer", "--db", db]) == 2
    assert capsys.readouterr().err == ("Kedua kata sandi tidak sama; jalankan perintahnya lagi dan ketik kata sandi "
                                       "yang sama dua kali.\n")
    assert list(tmp_path.iterdir()) == []
    typed = iter([PASSWORD, PASSWORD])
    assert cli.main(["users", "add", "budi", "--role", "viewer", "--db", db]) == 0
    assert accounts.Store(tmp_path / "ucj-akun.sqlite").login("budi", PASSWORD)[0].name == "budi"


def test_the_operators_loads_and_checks_are_in_the_audit_log(real_db, tmp_path):
    """Issue 13 point 4 ('every dry run and import is logged: who, when, file hash, rows'): the command line is
    unrestricted, but its dry runs and loads are written to the same audit log as the app's, by hash and row count,
    never the file's name (which here holds a NIK-like digit run)."""
    import contextlib
    import getpass
    import hashlib
    import io

    from banyumas import EXTRACTS, write_csv

    from ucj import cli
    from ucj.accounts import Store, accounts_path

    extract = write_csv(tmp_path / "peserta_3302010101900001.csv", EXTRACTS["peserta"])
    digest = hashlib.sha256(open(extract, "rb").read()).hexdigest()
    for extra in (("--dry-run",), ()):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert cli.main(["load", "peserta", extract, "--db", str(real_db), *extra]) == 0
    entries = Store(accounts_path(real_db)).log(limit=10)
    who = f"operator:{getpass.getuser()}"
    assert [(e.name, e.action, e.detail, e.rows) for e in entries[:2]] == [
        (who, "muat", f"{digest} peserta 6 baris", 6), (who, "periksa", f"{digest} peserta 6 baris", 6)]
    assert not any("3302010101900001" in e.detail for e in entries)


def test_add_with_an_email_links_an_organisation_identity_and_may_go_without_a_password(db, tmp_path):
    """Before --email existed argparse refused it (exit 2 with its own sentence), and `list` had no email."""
    result = users("add", "ani", "--role", "viewer", "--wilayah", "12.10", "--email", "Ani@Instansi.go.id", "--db", db)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "ucj-akun.sqlite"
    assert result.stdout == ("Akun ani dibuat: peran viewer, wilayah 12.10 Kabupaten Labuhanbatu; masuk lewat akun "
                             f"organisasi ani@instansi.go.id saja (tanpa kata sandi); disimpan di {path}.\n")
    result = users("add", "budi", "--role", "admin", "--email", "budi@instansi.go.id", "--db", db,
                   stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert "masuk lewat akun organisasi budi@instansi.go.id atau kata sandi;" in result.stdout
    assert accounts.Store(path).login("budi", PASSWORD)[0].email == "budi@instansi.go.id"

    listed = users("list", "--json", "--db", db)
    assert [(a["name"], a["email"]) for a in json.loads(listed.stdout)] == [
        ("ani", "ani@instansi.go.id"), ("budi", "budi@instansi.go.id")]
    assert users("list", "--db", db).stdout.splitlines()[0].endswith("12.10  email ani@instansi.go.id")


def test_email_refusals_are_one_sentence_with_exit_2_and_write_nothing(db, tmp_path):
    assert users("add", "ani", "--role", "viewer", "--email", "ani@instansi.go.id", "--db", db).returncode == 0
    path = tmp_path / "ucj-akun.sqlite"
    before = path.read_bytes()
    for args, stdin, sentence in (
        (("cici", "--email", "ANI@instansi.go.id"), PASSWORD + "\n",
         "Alamat email ani@instansi.go.id sudah ditautkan ke akun 'ani'; satu alamat hanya untuk satu akun."),
        (("cici", "--email", "ani-instansi"), "",
         "Alamat email 'ani-instansi' tidak dapat dipakai; tulis alamat lengkap akun organisasi, misalnya "
         "nama@instansi.go.id."),
        (("cici",), "", "Kata sandi belum diberikan; kirim satu baris lewat masukan standar, misalnya 'python -m ucj "
                        "users add NAMA --role viewer < berkas_sandi', atau jalankan di terminal."),
        (("cici", "--email", "cici@instansi.go.id"), "pendek\n",
         "Kata sandi terlalu pendek; gunakan minimal 10 karakter."),
    ):
        result = users("add", *args, "--role", "viewer", "--db", db, stdin=stdin)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", sentence + "\n")
    assert path.read_bytes() == before
