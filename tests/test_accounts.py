"""The accounts store (ucj/accounts.py), issue 13's finding "no login": passwords hashed with argon2id and never
kept in clear, one sentence for every failed login, lockout, sessions that end, a file for its owner only that
outlives the warehouse, the audit log and the hourly row limit. Before issue 13 there was no store at all, so
every test here failed on that code."""
import datetime as dt
import hashlib
import os
import sqlite3
import stat

import pytest
from argon2 import PasswordHasher
from conftest import build_tiny

from ucj import accounts
from ucj.accounts import LoginRefused, Store
from ucj.errors import UserError

PASSWORD = "kata-sandi-uji-01"
WRONG = "bukan-kata-sandinya"
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone.utc)
WRONG_SENTENCE = "Nama pengguna atau kata sandi salah; periksa lalu coba lagi."
LOCKED_SENTENCE = ("Terlalu banyak percobaan masuk yang gagal; tunggu 15 menit lalu coba lagi, atau minta admin "
                   "mengganti kata sandi.")


REAL_HASHER = accounts._hasher


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2id at its smallest cost, so that the many logins here take milliseconds; the test of the stored
    hash's parameters puts the real one (64 MiB, 3 passes) back."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture()
def clock(monkeypatch):
    """accounts._now under the test's hand: `clock.at = moment`."""
    class Clock:
        at = T0
    monkeypatch.setattr(accounts, "_now", lambda: Clock.at)
    return Clock


@pytest.fixture()
def store(tmp_path, clock) -> Store:
    s = Store(tmp_path / "ucj-akun.sqlite")
    s.add("budi", "analyst", ("12.10",), PASSWORD)
    return s


def refused(store, name, password, address="10.0.0.9") -> str:
    with pytest.raises(LoginRefused) as caught:
        store.login(name, password, address)
    return str(caught.value)


def test_the_stored_hash_is_argon2id_and_never_the_password(tmp_path, monkeypatch):
    """Finding: no login. The password is kept only as an argon2id hash (a memory-hard function, the library's
    default cost), never in clear."""
    monkeypatch.setattr(accounts, "_hasher", REAL_HASHER)
    store = Store(tmp_path / "ucj-akun.sqlite")
    store.add("budi", "analyst", ("12.10",), PASSWORD)
    con = sqlite3.connect(store.path)
    try:
        (stored,) = con.execute("select kata_sandi_hash from akun where nama = 'budi'").fetchone()
    finally:
        con.close()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD.encode() not in store.path.read_bytes()
    account, token = store.login("budi", PASSWORD)
    assert account == accounts.Account("budi", "analyst", ("12.10",), True)
    assert PASSWORD.encode() not in store.path.read_bytes()


def test_a_wrong_password_and_an_unknown_name_get_the_same_sentence(store):
    """Finding: no login. A refusal never tells whether the name exists."""
    assert refused(store, "budi", WRONG) == WRONG_SENTENCE
    assert refused(store, "tidak-ada", WRONG) == WRONG_SENTENCE
    assert refused(store, "tidak-ada", PASSWORD) == WRONG_SENTENCE


def test_five_failures_lock_the_account_even_against_the_right_password(store, clock):
    """Finding: no login (guessing). After 5 failures within 15 minutes the right password is refused too, until
    the oldest failure is 15 minutes old."""
    for minute in range(5):
        clock.at = T0 + dt.timedelta(minutes=minute)
        assert refused(store, "budi", WRONG) == WRONG_SENTENCE
    clock.at = T0 + dt.timedelta(minutes=14, seconds=59)
    assert refused(store, "budi", PASSWORD) == LOCKED_SENTENCE
    clock.at = T0 + dt.timedelta(minutes=15, seconds=1)  # the first failure has left the window: 4 remain
    assert store.login("budi", PASSWORD)[0].name == "budi"


def test_four_failures_do_not_lock_and_a_success_starts_the_count_again(store, clock):
    """Finding: no login. The lockout is for guessing, not for a person who mistyped and then got in."""
    for _ in range(4):
        refused(store, "budi", WRONG)
    store.login("budi", PASSWORD)
    for _ in range(4):
        refused(store, "budi", WRONG)
    assert store.login("budi", PASSWORD)[0].name == "budi"  # 8 failures in the window, 4 since the last success
    for _ in range(5):
        refused(store, "budi", WRONG)
    assert refused(store, "budi", PASSWORD) == LOCKED_SENTENCE


def test_twenty_failures_from_one_address_lock_it_whatever_the_name(store, clock):
    """Finding: no login (password spraying: one guess per account from one address)."""
    for n in range(20):
        refused(store, f"orang{n:02d}", WRONG, address="10.0.0.66")
    assert refused(store, "budi", PASSWORD, address="10.0.0.66") == LOCKED_SENTENCE
    assert store.login("budi", PASSWORD, address="10.0.0.7")[0].name == "budi"


def test_a_new_password_ends_sessions_and_lifts_a_lockout(store):
    """Finding: no login. The lockout sentence says to ask an admin for a new password: that must then work."""
    _, token = store.login("budi", PASSWORD)
    for _ in range(5):
        refused(store, "budi", WRONG)
    store.set_password("budi", "kata-sandi-baru-02")
    assert store.session(token) is None
    assert refused(store, "budi", PASSWORD) == WRONG_SENTENCE
    assert store.login("budi", "kata-sandi-baru-02")[0].name == "budi"


def test_a_disabled_account_cannot_log_in_and_its_open_sessions_end(store):
    """Finding: no login. Disabling someone who left takes effect at once, on every open browser too."""
    _, token = store.login("budi", PASSWORD)
    assert store.session(token).name == "budi"
    store.disable("budi")
    assert store.session(token) is None
    assert refused(store, "budi", PASSWORD) == WRONG_SENTENCE
    assert store.get("budi") == accounts.Account("budi", "analyst", ("12.10",), False)


def test_a_session_lasts_a_working_day_and_ends_at_logout(store, clock):
    """Finding: no login. A reload keeps the session for 10 hours (the end itself is outside), logout ends it."""
    _, token = store.login("budi", PASSWORD)
    clock.at = T0 + dt.timedelta(hours=10, seconds=-1)
    assert store.session(token).name == "budi"
    clock.at = T0 + dt.timedelta(hours=10)
    assert store.session(token) is None
    clock.at = T0
    assert store.session(token).name == "budi"
    store.logout(token)
    assert store.session(token) is None
    assert store.session("") is None and store.session(None) is None and store.session("palsu") is None


def test_only_the_sha256_of_a_session_token_is_stored(store):
    """Finding: no login. A copy of the accounts file opens no session."""
    _, token = store.login("budi", PASSWORD)
    content = store.path.read_bytes()
    assert token.encode() not in content
    assert hashlib.sha256(token.encode()).hexdigest().encode() in content


def test_the_accounts_file_is_created_for_its_owner_only(tmp_path):
    """Finding: files world-readable (0644). The accounts file holds hashes: 0600 even under umask 022, and a
    copy restored with a looser mode is tightened when it is opened."""
    previous = os.umask(0o022)
    try:
        path = tmp_path / "akun" / "ucj-akun.sqlite"
        Store(path).add("budi", "viewer", (), PASSWORD)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        os.chmod(path, 0o644)
        Store(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(previous)


def test_accounts_live_beside_the_warehouse_and_survive_its_replacement(tmp_path, monkeypatch):
    """Finding: no login; accounts "kept where a warehouse rebuild or snapshot swap does not lose them"."""
    monkeypatch.delenv(accounts.ACCOUNTS_ENV, raising=False)
    target = build_tiny(tmp_path / "ucj.duckdb")
    path = accounts.accounts_path(target)
    assert path == tmp_path / "ucj-akun.sqlite"
    Store(path).add("budi", "admin", (), PASSWORD)
    (tmp_path / "baru").mkdir()
    os.replace(build_tiny(tmp_path / "baru" / "ucj.duckdb"), target)  # a rebuilt warehouse moved into place
    assert Store(accounts.accounts_path(target)).login("budi", PASSWORD)[0].role == "admin"
    monkeypatch.setenv(accounts.ACCOUNTS_ENV, str(tmp_path / "lain.sqlite"))
    assert accounts.accounts_path(target) == tmp_path / "lain.sqlite"


def test_accounts_survive_a_snapshot_swapped_by_moving_a_link(tmp_path, monkeypatch):
    """Finding: no login; accounts "kept where a ... snapshot swap does not lose them". With the warehouse a
    link to a snapshot in another folder, the accounts stay beside the link, not inside the snapshot's folder."""
    monkeypatch.delenv(accounts.ACCOUNTS_ENV, raising=False)
    for month in ("2026-02", "2026-03"):
        (tmp_path / month).mkdir()
        build_tiny(tmp_path / month / "ucj.duckdb")
    (tmp_path / "data").mkdir()
    link = tmp_path / "data" / "ucj.duckdb"
    link.symlink_to(tmp_path / "2026-02" / "ucj.duckdb")
    Store(accounts.accounts_path(link)).add("budi", "viewer", (), PASSWORD)
    link.unlink()
    link.symlink_to(tmp_path / "2026-03" / "ucj.duckdb")
    assert accounts.accounts_path(link) == tmp_path / "data" / "ucj-akun.sqlite"
    assert Store(accounts.accounts_path(link)).login("budi", PASSWORD)[0].name == "budi"


def test_the_audit_log_records_logins_failures_and_logouts(store):
    """Finding: no audit log. Who logged in, who failed, who left, newest first; never the password."""
    _, token = store.login("budi", PASSWORD, "10.0.0.9")
    refused(store, "budi", WRONG, "10.0.0.8")
    store.logout(token)
    entries = [(e.name, e.action, e.detail) for e in store.log()]
    assert entries == [
        ("budi", "keluar", ""),
        ("budi", "masuk_gagal", "nama pengguna atau kata sandi salah, atau akun nonaktif"),
        ("budi", "masuk", "dari 10.0.0.9"),
        ("operator", "pengguna", "akun budi dibuat: analyst, 12.10"),
    ]
    assert [e.action for e in store.log(limit=1)] == ["keluar"]
    assert all(e.name == "operator" for e in store.log(name="operator"))
    assert PASSWORD not in repr(store.log()) and WRONG not in repr(store.log())


def test_the_hourly_row_limit_allows_the_limit_itself_and_refuses_one_more_row(store, clock):
    """Finding: the import check is a lookup oracle (no limit). The limit's own value is allowed; one row more
    is refused with one sentence, logged as refused, and does not count; an hour later the rows are free."""
    store.take_rows("budi", 6, "periksa", "sha256 aaaa, 6 baris", limit=10)
    clock.at = T0 + dt.timedelta(minutes=30)
    store.take_rows("budi", 4, "periksa", "sha256 bbbb, 4 baris", limit=10)
    with pytest.raises(UserError) as caught:
        store.take_rows("budi", 1, "periksa", "sha256 cccc, 1 baris", limit=10)
    assert str(caught.value) == ("Batas pemeriksaan 10 baris per jam untuk akun ini terlampaui (sudah 10 baris "
                                 "dalam satu jam terakhir); coba lagi nanti atau minta admin.")
    assert [(e.action, e.detail, e.rows) for e in store.log(limit=3, name="budi")] == [
        ("periksa", "ditolak: batas 10 baris per jam (sha256 cccc, 1 baris)", 0),
        ("periksa", "sha256 bbbb, 4 baris", 4),
        ("periksa", "sha256 aaaa, 6 baris", 6),
    ]
    clock.at = T0 + dt.timedelta(hours=1, seconds=1)  # the first 6 rows are more than an hour old
    store.take_rows("budi", 6, "periksa", "sha256 dddd, 6 baris", limit=10)
    with pytest.raises(UserError):
        store.take_rows("budi", 1, "periksa", "sha256 eeee, 1 baris", limit=10)


def test_refusals_of_names_roles_passwords_change_nothing(store):
    """Finding: no login. Each mistake at account creation is one sentence and stores nothing."""
    before = store.path.read_bytes()
    for args, sentence in (
        (("budi", "viewer", (), PASSWORD), "Akun 'budi' sudah ada; pilih nama lain, atau ganti kata sandinya dengan "
                                           "'python -m ucj users passwd'."),
        (("ani", "boss", (), PASSWORD), "Peran 'boss' tidak dikenal; pilih salah satu dari viewer, analyst, admin."),
        (("ani", "viewer", (), "pendek"), "Kata sandi terlalu pendek; gunakan minimal 10 karakter."),
        (("Ani Budi", "viewer", (), PASSWORD), "Nama pengguna 'Ani Budi' tidak dapat dipakai; gunakan 2 sampai 32 "
                                               "huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali "
                                               "huruf atau angka."),
    ):
        with pytest.raises(UserError) as caught:
            store.add(*args)
        assert str(caught.value) == sentence
    assert store.path.read_bytes() == before
    assert [a.name for a in store.accounts()] == ["budi"]


# Organisation identities (OpenID Connect): before this change `add` took no email and the store had no
# account_for_email, so every test below failed.
OLD_SCHEMA = """
create table akun (nama text primary key, peran text not null, wilayah text not null,
                   kata_sandi_hash text not null, aktif integer not null default 1,
                   dibuat_at text not null, diubah_at text not null);
insert into akun values ('lama', 'viewer', '12.10', 'x', 1, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');
"""


def test_a_file_made_before_emails_gets_the_column_and_keeps_its_accounts(tmp_path):
    path = tmp_path / "ucj-akun.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript(OLD_SCHEMA)
    store = Store(path)
    assert store.accounts() == [accounts.Account("lama", "viewer", ("12.10",), True, None)]
    store.add("ani", "viewer", (), None, "ani@instansi.go.id")
    Store(path)  # opened again: the migration is not run twice
    assert [(a.name, a.email) for a in store.accounts()] == [("ani", "ani@instansi.go.id"), ("lama", None)]


def test_an_email_is_lowercased_unique_and_may_stand_in_for_the_password(store):
    account = store.add("ani", "viewer", ("12.10",), None, "  Ani.S@Instansi.GO.id ")
    assert account == accounts.Account("ani", "viewer", ("12.10",), True, "ani.s@instansi.go.id")
    assert store.get("ani").email == "ani.s@instansi.go.id"
    store.add("cici", "admin", (), PASSWORD)  # no email: as before
    assert store.get("cici").email is None
    before = store.path.read_bytes()
    for args, sentence in (
        (("dedi", "viewer", (), None, "ANI.S@instansi.go.id"),
         "Alamat email ani.s@instansi.go.id sudah ditautkan ke akun 'ani'; satu alamat hanya untuk satu akun."),
        (("dedi", "viewer", (), None, "bukan-email"),
         "Alamat email 'bukan-email' tidak dapat dipakai; tulis alamat lengkap akun organisasi, misalnya "
         "nama@instansi.go.id."),
        (("dedi", "viewer", (), None, None),
         "Akun tanpa kata sandi harus ditautkan ke akun organisasi; tambahkan --email ALAMAT atau kirim kata sandi "
         "lewat masukan standar."),
    ):
        with pytest.raises(UserError) as caught:
            store.add(*args)
        assert str(caught.value) == sentence
    assert store.path.read_bytes() == before
    # the database itself refuses a second account on one address
    with sqlite3.connect(store.path) as con, pytest.raises(sqlite3.IntegrityError):
        con.execute("update akun set email = 'ani.s@instansi.go.id' where nama = 'cici'")


def test_an_account_without_a_password_cannot_log_in_with_any_password(store):
    store.add("ani", "viewer", (), None, "ani@instansi.go.id")
    for password in ("", PASSWORD, accounts.NO_PASSWORD):
        assert refused(store, "ani", password) == WRONG_SENTENCE
    store.set_password("ani", PASSWORD)  # an admin may give it one later: then both ways open it
    assert store.login("ani", PASSWORD)[0].name == "ani"


def test_account_for_email_opens_the_active_linked_account_and_logs_each_provider_login_once(store, clock):
    store.add("ani", "analyst", ("12.10",), PASSWORD, "ani@instansi.go.id")
    for _ in range(3):  # reruns and reloads of one provider login: one entry
        assert store.account_for_email("ANI@instansi.go.id", ", masuk di penyedia 08:00") == accounts.Account(
            "ani", "analyst", ("12.10",), True, "ani@instansi.go.id")
    assert store.account_for_email("ani@instansi.go.id", ", masuk di penyedia 09:00").name == "ani"
    assert store.account_for_email("orang@lain.go.id", ", masuk di penyedia 09:00") is None
    assert store.account_for_email("orang@lain.go.id", ", masuk di penyedia 09:00") is None
    store.disable("ani")
    assert store.account_for_email("ani@instansi.go.id", ", masuk di penyedia 09:00") is None
    assert [(e.name, e.action, e.detail) for e in store.log(limit=5)] == [
        ("ani@instansi.go.id", "masuk_gagal", "OIDC ani@instansi.go.id tidak tertaut ke akun aktif, masuk di "
                                              "penyedia 09:00"),
        ("operator", "pengguna", "akun ani dinonaktifkan"),
        ("orang@lain.go.id", "masuk_gagal", "OIDC orang@lain.go.id tidak tertaut ke akun aktif, masuk di penyedia "
                                            "09:00"),
        ("ani", "masuk", "OIDC ani@instansi.go.id, masuk di penyedia 09:00"),
        ("ani", "masuk", "OIDC ani@instansi.go.id, masuk di penyedia 08:00"),
    ]
