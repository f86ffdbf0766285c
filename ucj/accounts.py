"""Accounts, login sessions, the audit log and the per-account limit on rows checked: one SQLite file.

The file lives beside the warehouse, not inside it (`UCJ_ACCOUNTS`, by default `ucj-akun.sqlite` in the
warehouse's folder), so a rebuilt warehouse or a swapped snapshot keeps its accounts and its log. SQLite
rather than DuckDB because the command line (`python -m ucj users ...`) must write it while the dashboard
runs, and SQLite lets several processes write one file; DuckDB does not. Every value is a bound parameter.

Passwords are hashed with argon2id (argon2-cffi, its default parameters: 64 MiB, 3 passes); a session is a
random token of which only the SHA-256 is stored, so a copy of this file opens no session.

An account may be linked to an organisation identity by its email (`users add ... --email`): the dashboard's
OpenID Connect login (ui/auth.py, `st.login`) maps the provider's verified email to that account, whose role and
regions then apply as after a password login. Such an account may have no password at all (stored as '').
"""
import datetime as dt
import functools
import hashlib
import os
import re
import secrets
import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ucj import access, fmt
from ucj.errors import UserError

ACCOUNTS_ENV = "UCJ_ACCOUNTS"
FILE_NAME = "ucj-akun.sqlite"
ROLES = access.ROLES
SESSION_HOURS = 10  # a working day: a reload of the page keeps the session this long after login
FAILURES_BEFORE_LOCK = 5  # failed logins of one account within LOCK_MINUTES lock it for LOCK_MINUTES
FAILURES_PER_ADDRESS = 20  # from one address within LOCK_MINUTES, whatever the account (password spraying)
LOCK_MINUTES = 15
ROWS_CHECKED_PER_HOUR = 20_000  # rows of lists and extracts one account may check or load in an hour
MIN_PASSWORD = 10
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
# one @, no spaces, a dot in the domain: enough to catch a typo; the provider is what vouches for the address
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
NO_PASSWORD = ""  # kata_sandi_hash of an account that logs in only through the organisation's provider

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified when the account does not exist, so that an unknown name takes as long as a wrong password.
    Made on first use, not at import: a hash costs 64 MiB and a tenth of a second, and every command line
    run and page import this module."""
    return _hasher.hash(secrets.token_hex(16))

_SCHEMA = """
create table if not exists akun (
    nama text primary key,
    peran text not null check (peran in ('viewer', 'analyst', 'admin')),
    wilayah text not null,              -- region codes separated by spaces; '' = all Indonesia
    kata_sandi_hash text not null,      -- argon2id; '' = no password (organisation login only)
    aktif integer not null default 1,
    dibuat_at text not null,
    diubah_at text not null,
    email text                          -- lowercased; the organisation identity linked to the account, or null
);
create table if not exists sesi (
    token_sha256 text primary key,
    nama text not null references akun (nama),
    dibuat_at text not null,
    berakhir_at text not null
);
create table if not exists percobaan_masuk (
    nama text not null,
    alamat text not null,
    at text not null,
    berhasil integer not null
);
create index if not exists percobaan_masuk_nama on percobaan_masuk (nama, at);
create table if not exists log_audit (
    id integer primary key autoincrement,
    at text not null,
    nama text not null,                 -- the account, or 'operator' at the command line
    aksi text not null,                 -- masuk, masuk_gagal, keluar, unduh, dokumen, periksa, impor, muat, pengguna
    rincian text not null,              -- what: a file's hash and rows, a download's name; never a NIK or a file name
    baris integer not null default 0    -- rows checked or loaded (the hourly limit counts these)
);
create index if not exists log_audit_nama on log_audit (nama, at);
"""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    regions: tuple[str, ...]  # () = all Indonesia
    active: bool = True
    email: str | None = None  # the organisation identity (OpenID Connect) linked to the account

    def viewer(self) -> access.Viewer:
        return access.Viewer.for_role(self.name, self.role, self.regions)

    @property
    def regions_text(self) -> str:
        return ", ".join(self.regions) if self.regions else "seluruh Indonesia"


@dataclass(frozen=True)
class AuditEntry:
    at: str
    name: str
    action: str
    detail: str
    rows: int


class LoginRefused(UserError):
    """A login that did not succeed; the sentence never says whether the name exists."""


def accounts_path(warehouse: str | os.PathLike) -> Path:
    """UCJ_ACCOUNTS wins; otherwise ucj-akun.sqlite in the folder of the warehouse's path as given. A link is
    not followed: `data/ucj.duckdb` pointing at this month's snapshot keeps its accounts in `data/` when the
    link is moved to the next snapshot."""
    if os.environ.get(ACCOUNTS_ENV):
        return Path(os.environ[ACCOUNTS_ENV])
    return Path(os.path.abspath(warehouse)).parent / FILE_NAME


def copy_online(source: Path, target: Path) -> None:
    """A consistent copy of the accounts file while the app writes to it (SQLite's online backup API), for
    `python -m ucj backup`."""
    with closing(sqlite3.connect(source, timeout=30)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise UserError(f"Nama pengguna '{name}' tidak dapat dipakai; gunakan 2 sampai 32 huruf kecil, angka, titik, "
                        "garis bawah atau tanda hubung, diawali huruf atau angka.")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"Kata sandi terlalu pendek; gunakan minimal {MIN_PASSWORD} karakter.")
    if password.strip() != password or "\n" in password:
        raise UserError("Kata sandi tidak boleh diawali atau diakhiri spasi; ketik ulang tanpa spasi di tepinya.")
    return password


def check_email(email: str) -> str:
    """The address as stored and compared: trimmed and lowercased (providers differ in the case they send)."""
    address = (email or "").strip().lower()
    if len(address) > 254 or not _EMAIL.match(address):
        raise UserError(f"Alamat email '{email}' tidak dapat dipakai; tulis alamat lengkap akun organisasi, "
                        "misalnya nama@instansi.go.id.")
    return address


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UserError(f"Peran '{role}' tidak dikenal; pilih salah satu dari {', '.join(ROLES)}.")
    return role


class Store:
    """The accounts file. Each call opens its own SQLite connection, so one Store serves every thread."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            # created readable by this user only, before SQLite writes anything into it (SQLite gives its
            # journal the database file's mode)
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        elif self.path.stat().st_mode & 0o077 and self.path.stat().st_uid == os.geteuid():
            os.chmod(self.path, 0o600)  # a copy restored with a looser mode: its hashes are its owner's only
        with closing(sqlite3.connect(self.path, timeout=30)) as con:
            con.executescript(_SCHEMA)  # executescript commits on its own
            _add_email_column(con)

    @contextmanager
    def _connect(self):
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as con:
            con.execute("pragma foreign_keys = on")
            con.execute("begin immediate")
            try:
                yield con
            except BaseException:
                con.execute("rollback")
                raise
            con.execute("commit")

    # accounts -----------------------------------------------------------------------------------------------
    def add(self, name: str, role: str, regions: tuple[str, ...], password: str | None,
            email: str | None = None) -> Account:
        """A new account. With an email the password may be None: the account then logs in only through the
        organisation's provider."""
        check_name(name), check_role(role)
        email = check_email(email) if email is not None else None
        if password is None and email is None:
            raise UserError("Akun tanpa kata sandi harus ditautkan ke akun organisasi; tambahkan --email ALAMAT "
                            "atau kirim kata sandi lewat masukan standar.")
        stored = _hasher.hash(check_password(password)) if password is not None else NO_PASSWORD
        now = _iso(_now())
        with self._connect() as con:
            if con.execute("select 1 from akun where nama = ?", [name]).fetchone():
                raise UserError(f"Akun '{name}' sudah ada; pilih nama lain, atau ganti kata sandinya dengan "
                                "'python -m ucj users passwd'.")
            self._require_free_email(con, email)
            con.execute("insert into akun (nama, peran, wilayah, kata_sandi_hash, aktif, dibuat_at, diubah_at, email) "
                        "values (?, ?, ?, ?, 1, ?, ?, ?)", [name, role, " ".join(regions), stored, now, now, email])
            linked = f", email {email}" if email else ""
            self._log(con, "operator", "pengguna",
                      f"akun {name} dibuat: {role}, {' '.join(regions) or 'semua'}{linked}")
        return Account(name, role, tuple(regions), email=email)

    @staticmethod
    def _require_free_email(con, email: str | None) -> None:
        """One address, one account: otherwise a login through the provider could not tell which role applies."""
        if email is None:
            return
        row = con.execute("select nama from akun where email = ?", [email]).fetchone()
        if row:
            raise UserError(f"Alamat email {email} sudah ditautkan ke akun '{row[0]}'; satu alamat hanya untuk "
                            "satu akun.")

    def require_free_email(self, email: str) -> None:
        """The command line's check before it asks for a password; `add` checks again inside its transaction."""
        with self._connect() as con:
            self._require_free_email(con, check_email(email))

    def get(self, name: str) -> Account | None:
        with self._connect() as con:
            row = con.execute("select nama, peran, wilayah, aktif, email from akun where nama = ?", [name]).fetchone()
        return _account(row) if row else None

    def accounts(self) -> list[Account]:
        with self._connect() as con:
            rows = con.execute("select nama, peran, wilayah, aktif, email from akun order by nama").fetchall()
        return [_account(row) for row in rows]

    def set_password(self, name: str, password: str) -> None:
        check_password(password)
        with self._connect() as con:
            self._require(con, name)
            con.execute("update akun set kata_sandi_hash = ?, diubah_at = ? where nama = ?",
                        [_hasher.hash(password), _iso(_now()), name])
            con.execute("delete from sesi where nama = ?", [name])  # a new password ends every open session
            # and lifts a lockout: the lockout's sentence tells a person to ask an admin for a new password
            con.execute("delete from percobaan_masuk where nama = ? and not berhasil", [name])
            self._log(con, "operator", "pengguna", f"kata sandi akun {name} diganti")

    def disable(self, name: str) -> None:
        with self._connect() as con:
            self._require(con, name)
            con.execute("update akun set aktif = 0, diubah_at = ? where nama = ?", [_iso(_now()), name])
            con.execute("delete from sesi where nama = ?", [name])
            self._log(con, "operator", "pengguna", f"akun {name} dinonaktifkan")

    @staticmethod
    def _require(con, name: str) -> None:
        if not con.execute("select 1 from akun where nama = ?", [name]).fetchone():
            raise UserError(f"Akun '{name}' tidak ada; lihat daftarnya dengan 'python -m ucj users list'.")

    # login and sessions -------------------------------------------------------------------------------------
    def login(self, name: str, password: str, address: str = "") -> tuple[Account, str]:
        """Check a login; returns the account and a new session token. Refused after too many failures of the
        account or the address, whatever the password. A refusal is logged (committed) before it is raised."""
        now = _now()
        since = _iso(now - dt.timedelta(minutes=LOCK_MINUTES))
        with self._connect() as con:
            # failures since the last success only (rowid: the order of attempts, finer than their second): a
            # person who mistyped four times and then got in is not locked out by one more typo soon after
            failures = con.execute(
                "select count(*) from percobaan_masuk where nama = ? and at >= ? and not berhasil and rowid > "
                "coalesce((select max(rowid) from percobaan_masuk where nama = ? and berhasil), 0)",
                [name, since, name]).fetchone()[0]
            from_address = con.execute(
                "select count(*) from percobaan_masuk where alamat = ? and at >= ? and not berhasil",
                [address, since]).fetchone()[0] if address else 0
            locked = failures >= FAILURES_BEFORE_LOCK or from_address >= FAILURES_PER_ADDRESS
            if locked:
                self._log(con, name, "masuk_gagal", "ditolak: terlalu banyak percobaan gagal")
            row = con.execute("select nama, peran, wilayah, aktif, email, kata_sandi_hash from akun where nama = ?", [name]).fetchone()
        if locked:
            raise LoginRefused(f"Terlalu banyak percobaan masuk yang gagal; tunggu {LOCK_MINUTES} menit lalu "
                               "coba lagi, atau minta admin mengganti kata sandi.")
        stored = row[5] if row else NO_PASSWORD
        # an account without a password (organisation login only) takes as long as an unknown name to refuse
        ok = _verify(stored or _dummy_hash(), password) and stored != NO_PASSWORD and bool(row[3])
        token = secrets.token_urlsafe(32) if ok else None
        with self._connect() as con:
            con.execute("insert into percobaan_masuk values (?, ?, ?, ?)", [name, address, _iso(now), int(ok)])
            if not ok:
                self._log(con, name, "masuk_gagal", "nama pengguna atau kata sandi salah, atau akun nonaktif")
            else:
                if _hasher.check_needs_rehash(stored):
                    con.execute("update akun set kata_sandi_hash = ? where nama = ?", [_hasher.hash(password), name])
                con.execute("insert into sesi values (?, ?, ?, ?)",
                            [_sha256(token), name, _iso(now), _iso(now + dt.timedelta(hours=SESSION_HOURS))])
                con.execute("delete from sesi where berakhir_at < ?", [_iso(now)])
                self._log(con, name, "masuk", f"dari {address or 'tidak diketahui'}")
        if not ok:
            raise LoginRefused("Nama pengguna atau kata sandi salah; periksa lalu coba lagi.")
        return _account(row[:5]), token

    def session(self, token: str | None) -> Account | None:
        """The account of a session token still open, or None (unknown, expired, ended, account disabled)."""
        if not token:
            return None
        with self._connect() as con:
            row = con.execute(
                "select a.nama, a.peran, a.wilayah, a.aktif, a.email from sesi s join akun a using (nama) "
                "where s.token_sha256 = ? and s.berakhir_at > ? and a.aktif = 1",
                [_sha256(token), _iso(_now())]).fetchone()
        return _account(row) if row else None

    def account_for_email(self, email: str, detail: str = "") -> Account | None:
        """The active account linked to an organisation identity (OpenID Connect), or None. Asked on every run of
        the dashboard, so a disabled account is refused at once; the login (`masuk`) or the refusal
        (`masuk_gagal`) is logged once per `detail`, which names the provider's login (its time), so reruns and
        reloads of one provider login add no more entries."""
        address = check_email(email)
        with self._connect() as con:
            row = con.execute("select nama, peran, wilayah, aktif, email from akun where email = ? and aktif = 1", [address]).fetchone()
            name, action = (row[0], "masuk") if row else (address, "masuk_gagal")
            what = f"OIDC {address}{detail}" if row else f"OIDC {address} tidak tertaut ke akun aktif{detail}"
            if not con.execute("select 1 from log_audit where nama = ? and aksi = ? and rincian = ?",
                               [name, action, what]).fetchone():
                self._log(con, name, action, what)
        return _account(row) if row else None

    def logout(self, token: str | None) -> None:
        if not token:
            return
        with self._connect() as con:
            row = con.execute("select nama from sesi where token_sha256 = ?", [_sha256(token)]).fetchone()
            con.execute("delete from sesi where token_sha256 = ?", [_sha256(token)])
            if row:
                self._log(con, row[0], "keluar", "")

    # the audit log and the hourly limit ---------------------------------------------------------------------
    def record(self, name: str, action: str, detail: str, rows: int = 0) -> None:
        with self._connect() as con:
            self._log(con, name, action, detail, rows)

    def take_rows(self, name: str, rows: int, action: str, detail: str,
                  limit: int = ROWS_CHECKED_PER_HOUR) -> None:
        """Count `rows` against the account's hourly limit and log them, or refuse (nothing logged as done)."""
        since = _iso(_now() - dt.timedelta(hours=1))
        with self._connect() as con:
            used = con.execute("select coalesce(sum(baris), 0) from log_audit where nama = ? and at >= ?",
                               [name, since]).fetchone()[0]
            over = used + rows > limit
            if over:
                self._log(con, name, action, f"ditolak: batas {limit} baris per jam ({detail})")
            else:
                self._log(con, name, action, detail, rows)
        if over:
            raise UserError(f"Batas pemeriksaan {fmt.number(limit)} baris per jam untuk akun ini terlampaui "
                            f"(sudah {fmt.number(used)} baris dalam satu jam terakhir); coba lagi nanti atau minta "
                            "admin.")

    def log(self, limit: int = 500, name: str | None = None) -> list[AuditEntry]:
        with self._connect() as con:
            rows = con.execute(
                "select at, nama, aksi, rincian, baris from log_audit where ? is null or nama = ? "
                "order by id desc limit ?", [name, name, limit]).fetchall()
        return [AuditEntry(*row) for row in rows]

    @staticmethod
    def _log(con, name: str, action: str, detail: str, rows: int = 0) -> None:
        con.execute("insert into log_audit (at, nama, aksi, rincian, baris) values (?, ?, ?, ?, ?)",
                    [_iso(_now()), name, action, detail, rows])


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_COLUMNS = "nama, peran, wilayah, aktif, email"  # what _account reads, in its order


def _account(row) -> Account:
    return Account(name=row[0], role=row[1], regions=tuple(row[2].split()), active=bool(row[3]), email=row[4])


def _add_email_column(con) -> None:
    """Files made before accounts could be linked to an organisation identity have no email column: add it (null
    for every existing account), and keep one account per address."""
    if "email" not in {row[1] for row in con.execute("pragma table_info(akun)")}:
        con.execute("alter table akun add column email text")
    con.execute("create unique index if not exists akun_email on akun (email) where email is not null")
    con.commit()
