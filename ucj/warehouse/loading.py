"""Loading an extract in bulk: DuckDB reads the file into a staging table, SQL parses and checks every row
(sql/load/<kind>.sql), compares it with what is stored, and the write seam merges what changed in one
transaction and refreshes the marts of the provinces it touched.

    plan = loading.dry_run(con, source, kind, ...)   # what a load would do; writes nothing
    plan = loading.load(con, source, kind, ...)      # the same plan, carried out

Semantics (docs/data-contract.md): rows are keyed (a participant by kpj, a claim by no_klaim, a count by
region, month and segmen, ...). A key not stored is loaded; a stored key whose values differ is updated; the
same values are unchanged. Identical rows in a file count once; rows of one key that disagree are all rejected.
A file that changes nothing writes nothing, not even a log line.
"""
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from ucj.errors import UserError
from ucj.ingest.limits import safe_file_name
from ucj.paths import SQL_DIR
from ucj.warehouse import write
from ucj.warehouse.connection import data_range, is_demo, meta

LOAD_DIR = SQL_DIR / "load"
HISTORY_YEARS = 5  # months before this many years back are not built into the marts (see docs/decisions.md)



@dataclass(frozen=True)
class Spec:
    """How a kind is stored: the key, the columns naming a region (for the marts to refresh), the generated id."""
    key: tuple[str, ...]
    region: str | None = None
    id_column: str | None = None
    # 'provinces': refresh the provinces touched; 'offices': the office mart; 'dimuat': mart_dimuat_wilayah; 'none'
    marts: str = "provinces"


SPECS = {
    "peserta": Spec(("kpj",), "kode_desa", "peserta_id"),
    "klaim": Spec(("no_klaim",), "kode_desa", "klaim_id"),
    "rekap": Spec(("kode_wilayah", "bulan", "segmen"), "kode_wilayah"),
    "pekerja": Spec(("kode_wilayah", "berlaku_mulai"), "kode_wilayah"),
    "target": Spec(("kode_wilayah", "tahun"), marts="dimuat"),
    "target-kantor": Spec(("kode_kantor", "kode_kabupaten", "bulan"), marts="offices"),
    "kantor": Spec(("kode_kabupaten", "berlaku_mulai"), marts="offices"),
    "sponsor": Spec(("kode_perjanjian",), marts="none"),
}


@dataclass(frozen=True)
class Source:
    """A file in a form DuckDB reads: a UTF-8 CSV or a Parquet path, or an XLSX sheet already read into text.
    header_line: the line of the file holding the column titles (data rows follow it, one line each)."""
    name: str
    format: str
    path: Path | None = None
    frame: pl.DataFrame | None = None
    header_line: int = 1
    temporary: bool = False  # path is a UTF-8 copy of the file, removed after the load (extracts.Opened.close)


@dataclass
class Plan:
    kind: str
    rows_read: int
    loaded: int
    updated: int
    unchanged: int
    rejected: int
    duplicates: int
    reasons: dict[str, int]
    rejected_rows: list[dict]  # the first rejected rows: line number and reasons, never a value
    columns: dict[str, str]
    provinces: list[str] = field(default_factory=list)
    months: tuple[str, str] | None = None  # first and last month the load's facts speak of
    impor_id: int | None = None
    committed: bool = False
    dry_run: bool = True

    def report(self) -> dict:
        return {
            "kind": self.kind, "rows_read": self.rows_read, "loaded": self.loaded, "updated": self.updated,
            "unchanged": self.unchanged, "rejected": self.rejected, "duplicates": self.duplicates,
            "reasons": self.reasons, "rejected_rows": self.rejected_rows, "columns": self.columns,
            "provinces": self.provinces, "impor_id": self.impor_id, "committed": self.committed,
            "dry_run": self.dry_run, "is_demo": False,
        }


class Scratch:
    """A cursor for a load's temporary tables and macros and for reads: anything that would change the warehouse
    itself is refused, so every write to it stays with the Writer (its bookkeeping and audits)."""

    _ALLOWED = re.compile(r"\s*(select|with|describe|create\s+(or\s+replace\s+)?temp(orary)?\s+(table|macro))\b", re.I)

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self.cursor = cursor

    def execute(self, sql: str, params=None):
        for statement in _statements(sql):
            if not self._ALLOWED.match(statement):
                raise PermissionError("a load writes to the warehouse only through ucj.warehouse.write.Writer")
        return self.cursor.execute(sql, params)

    def one(self, sql: str, params=None):
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params=None) -> list[tuple]:
        return self.execute(sql, params).fetchall()


def _statements(sql: str) -> list[str]:
    text = re.sub(r"--[^\n]*", "", sql)
    return [s for s in (part.strip() for part in text.split(";\n")) if s]


def _sql(name: str) -> str:
    path = LOAD_DIR / f"{name}.sql"
    return path.read_text(encoding="utf-8")


def _quote(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):  # only our own column names ever reach SQL text
        raise ValueError(f"not a column name: {name}")
    return name


# ---------------------------------------------------------------------------------------------
# Reading the file


def headers(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    """The file's column headers, as written."""
    if source.format == "xlsx":
        return list(source.frame.columns)
    cursor = con.cursor()
    try:
        relation, params = _relation(source)
        return [d[0] for d in cursor.execute(f"select * from {relation} limit 0", params).description]
    except duckdb.Error as exc:
        raise _unreadable(source) from exc
    finally:
        cursor.close()


def _unreadable(source: Source) -> UserError:
    kind = {"csv": "CSV", "parquet": "Parquet", "xlsx": "XLSX"}[source.format]
    return UserError(f"Berkas {source.name} tidak dapat dibaca sebagai {kind}; periksa berkasnya (simpan ulang sebagai "
                     f"{kind} dengan baris pertama judul kolom) lalu ulangi.")


def _relation(source: Source) -> tuple[str, dict]:
    if source.format == "csv":
        # UTF-8 always: another encoding was copied to UTF-8 first (extracts.open_file). Quotes as Excel writes
        # them (a quote inside a quoted cell doubled): left to guess, DuckDB may keep the doubled quotes of a
        # file where only one cell is quoted.
        relation = ("read_csv($path, all_varchar = true, header = true, strict_mode = false, quote = '\"', "
                    "escape = '\"')")
        return relation, {"path": str(source.path)}
    if source.format == "parquet":
        return "read_parquet($path)", {"path": str(source.path)}
    return "berkas", {}


def _stage(scratch: Scratch, source: Source, kind_columns: list[str], mapping: dict[str, str],
           file_headers: list[str]) -> int:
    """staging: baris (the line of the file: the header's line + the row's position under it; a CSV's blank
    lines are not counted, DuckDB skips them) and one text column per canonical column. Rows with nothing in
    any of the kind's columns are left out after they are numbered."""
    position = {header: i + 1 for i, header in enumerate(file_headers)}
    relation, params = _relation(source)
    picked = []
    for name in kind_columns:
        if name in mapping:
            picked.append(f"cast(#{position[mapping[name]]} as varchar) as {_quote(name)}")
        else:
            picked.append(f"cast(null as varchar) as {_quote(name)}")
    present = ", ".join(_quote(name) for name in kind_columns if name in mapping)
    if source.format == "xlsx":
        scratch.cursor.register("berkas", source.frame)
    try:
        scratch.execute(f"""
            create or replace temp table staging as
            select *
            from (
                select row_number() over () + $header_line as baris, {", ".join(picked)}
                from {relation}
            )
            where coalesce({present}) is not null
        """, {**params, "header_line": source.header_line})
    except duckdb.Error as exc:
        raise _unreadable(source) from exc
    finally:
        if source.format == "xlsx":
            scratch.cursor.unregister("berkas")
    return scratch.one("select count(*) from staging")[0]


# ---------------------------------------------------------------------------------------------
# The plan


def _pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC's inner and outer pads, so that SQL computes HMAC-SHA256 as hmac.new(key, nik, sha256) does."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def _plan(scratch: Scratch, source: Source, kind, key: bytes | None, today: dt.date, file_headers: list[str],
          mapping: dict[str, str], charge=None) -> Plan:
    spec = SPECS[kind.name]
    scratch.execute(_sql("00_macros"))
    rows_read = _stage(scratch, source, [c.name for c in kind.columns], mapping, file_headers)
    if charge is not None:
        charge(rows_read)  # the account's hourly limit and the audit log, before any row is compared with the warehouse
    params = {"hari_ini": today}
    if kind.needs_nik_key:
        params["ipad"], params["opad"] = _pads(key)
    text = _sql(kind.name)
    used = set(re.findall(r"\$([a-z_]+)", re.sub(r"--[^\n]*", "", text)))
    scratch.execute(f"create or replace temp table parsed as {text}", {k: v for k, v in params.items() if k in used})

    columns = [r[0] for r in scratch.all("describe parsed") if r[0] not in ("baris", "alasan")]
    cols = ", ".join(_quote(c) for c in columns)
    keys = ", ".join(_quote(c) for c in spec.key)
    scratch.execute(f"""
        create or replace temp table unik as
        select {cols}, min(baris) as baris, count(*) as jumlah_baris
        from parsed
        where len(alasan) = 0
        group by {cols}
    """)
    scratch.execute(f"create or replace temp table bentrok as select {keys} from unik group by {keys} having count(*) > 1")
    joined = " and ".join(f"i.{_quote(c)} = s.{_quote(c)}" for c in spec.key)
    stored = _sql(f"{kind.name}_tersimpan")
    stored_columns = [r[0] for r in scratch.all(f"describe ({stored})")]
    same = " and ".join(f"i.{_quote(c)} is not distinct from s.{_quote(c)}" for c in columns if c in stored_columns)
    extra = []
    if spec.id_column:
        extra.append(f"s.{_quote(spec.id_column)} as id_lama")
    if spec.region:
        extra.append(f"s.{_quote(spec.region)} as wilayah_lama")
    scratch.execute(f"""
        create or replace temp table banding as
        select i.*, {"".join(e + ", " for e in extra)}
               case when s.{_quote(spec.key[0])} is null then 'baru' when {same} then 'sama' else 'berubah' end as hasil_banding
        from unik as i
        left join ({stored}) as s on {joined}
        where ({", ".join("i." + _quote(c) for c in spec.key)}) not in (select ({keys}) from bentrok)
    """)
    counts = dict(scratch.all("select hasil_banding, count(*) from banding group by hasil_banding"))
    duplicates = scratch.one("select coalesce(sum(jumlah_baris - 1), 0) from banding")[0]
    conflicted = scratch.one(f"select count(*) from parsed where len(alasan) = 0 and ({keys}) in (select ({keys}) from bentrok)")[0]
    reasons = dict(scratch.all("""
        select alasan, count(*) from (select unnest(alasan) as alasan from parsed) group by alasan order by alasan"""))
    if conflicted:
        reasons["kunci_ganda_berbeda"] = reasons.get("kunci_ganda_berbeda", 0) + conflicted
        reasons = dict(sorted(reasons.items()))
    rejected = scratch.one("select count(*) from parsed where len(alasan) > 0")[0] + conflicted
    sample = scratch.all(f"""
        select baris, alasan from parsed where len(alasan) > 0
        union all
        select baris, ['kunci_ganda_berbeda'] from parsed
        where len(alasan) = 0 and ({keys}) in (select ({keys}) from bentrok)
        order by baris
        limit 50
    """)
    provinces = []
    if spec.region:
        provinces = [r[0] for r in scratch.all(f"""
            select distinct split_part(kode, '.', 1) from (
                select {_quote(spec.region)} as kode from banding where hasil_banding <> 'sama'
                union all
                select wilayah_lama from banding where hasil_banding = 'berubah')
            where kode is not null order by 1""")]
    return Plan(kind=kind.name, rows_read=rows_read, loaded=counts.get("baru", 0), updated=counts.get("berubah", 0),
                unchanged=counts.get("sama", 0), rejected=rejected, duplicates=int(duplicates), reasons=reasons,
                rejected_rows=[{"baris": b, "alasan": list(a)} for b, a in sample],
                columns=mapping, provinces=provinces)


# ---------------------------------------------------------------------------------------------
# Dry run and load


def _check_warehouse(con: duckdb.DuckDBPyConnection, kind, key: bytes | None) -> None:
    if is_demo(con):
        raise UserError("Gudang ini gudang data demo; data nyata tidak pernah dicampur dengan demo. Buat gudang nyata "
                        "dengan 'python -m ucj init --db BERKAS' lalu muat ke sana dengan --db BERKAS.")
    if kind.needs_nik_key:
        from ucj.ingest.nik import key_id

        stored = meta(con).get("nik_key_id")
        if stored and stored != key_id(key):
            raise UserError("Kunci hash NIK (UCJ_NIK_KEY) berbeda dengan kunci yang dipakai gudang ini; pakai kunci "
                            "yang sama dengan saat 'init', karena NIK yang sama harus menghasilkan hash yang sama.")


def dry_run(con: duckdb.DuckDBPyConnection, source: Source, kind, mapping: dict[str, str], file_headers: list[str],
            key: bytes | None = None, today: dt.date | None = None, charge=None) -> Plan:
    """What the load would do, exactly; nothing is written (the connection may be read-only). `charge`
    (ucj.ingest.limits.charge) hears the rows read before any is compared, and raises to refuse them."""
    _check_warehouse(con, kind, key)
    cursor = con.cursor()
    try:
        return _plan(Scratch(cursor), source, kind, key, today or dt.date.today(), file_headers, mapping, charge)
    finally:
        cursor.close()


def load(con: duckdb.DuckDBPyConnection, source: Source, kind, mapping: dict[str, str], file_headers: list[str], *,
         file_sha256: str, by: str, label: str, key: bytes | None = None, today: dt.date | None = None,
         charge=None) -> Plan:
    """Check, compare and merge in one transaction; the marts of the provinces touched are refreshed in it.
    The file's name is kept (the log, a count's source) with its digit runs replaced: names carry NIKs."""
    _check_warehouse(con, kind, key)
    today = today or dt.date.today()
    spec = SPECS[kind.name]
    if label == source.name:  # the file's name standing in for a source nobody typed (--source keeps its words)
        label = safe_file_name(label)
    with write.transaction(con) as w:
        scratch = Scratch(w.scratch_cursor())
        plan = _plan(scratch, source, kind, key, today, file_headers, mapping, charge)
        plan.dry_run = False
        if plan.loaded + plan.updated == 0:
            return plan  # nothing changes: nothing is written, not even a log line
        plan.impor_id = w.next_import_id()
        if kind.name == "peserta":  # the stored versions of the participants the load changes, for the marts
            scratch.execute("""
                create or replace temp table peserta_versi_lama as
                select * from peserta
                where peserta_id in (select id_lama from banding where hasil_banding = 'berubah')""")
        _write(w, scratch, kind.name, spec, plan.impor_id, label)
        first, last = data_range(w.reads)
        found = w.reads.execute(_sql("rentang_data"), {"hari_ini": today}).fetchone()
        wanted = _range(found, (first, last), today)
        if wanted != (first, last):
            w.set_meta({"data_mulai": wanted[0].isoformat(), "data_sampai": wanted[1].isoformat()})
        if kind.name == "peserta":
            # the marts take what the load changed (the months it adds built whole): no full rebuild
            scratch.execute("create or replace temp table peserta_versi_baru as select * from tulis")
            w.refresh_marts(participants=("peserta_versi_lama", "peserta_versi_baru", (first, last)))
        elif wanted != (first, last):
            w.refresh_marts()  # new months: every mart is rebuilt for them
        elif spec.marts == "provinces":
            w.refresh_marts(provinces=plan.provinces)
        elif spec.marts == "offices":
            w.refresh_marts(only=("04_mart_kantor_bulan.sql",))
        elif spec.marts == "dimuat":  # data_dimuat's targets
            w.refresh_marts(only=("11_mart_dimuat_wilayah.sql",))
        plan.committed = True  # the log is part of the same transaction: it exists only if the load commits
        w.log_import(impor_id=plan.impor_id, group=kind.name, file_name=safe_file_name(source.name),
                     file_sha256=file_sha256, by=by,
                     rows_read=plan.rows_read, new=plan.loaded, summary={
                         k: v for k, v in plan.report().items() if k not in ("rejected_rows", "columns")})
    return plan


def _range(found, current: tuple[dt.date, dt.date], today: dt.date) -> tuple[dt.date, dt.date]:
    """The marts' months: up to the last day any fact speaks of, back at most HISTORY_YEARS years from there."""
    first, last = found
    if last is None:
        return current
    earliest = dt.date(last.year - HISTORY_YEARS + 1, 1, 1)
    return max((first or last).replace(day=1), earliest), last


def _write(w: "write.Writer", scratch: Scratch, kind: str, spec: Spec, impor_id: int, label: str) -> None:
    """What changed, merged into the warehouse tables by key."""
    changed = "from banding where hasil_banding <> 'sama'"
    if kind in ("peserta", "klaim"):
        table = "peserta" if kind == "peserta" else "klaim"
        kept = ", p.kode_perjanjian" if kind == "peserta" else ""
        id_column = spec.id_column
        scratch.execute(f"""
            create or replace temp table tulis as
            select b.* exclude (baris, jumlah_baris, hasil_banding, id_lama, wilayah_lama)
                   {kept},
                   coalesce(b.id_lama, (select coalesce(max({id_column}), 0) from {table})
                            + row_number() over (partition by b.id_lama is null order by b.baris)) as {id_column},
                   $impor_id as impor_id
            from banding as b
            {"left join peserta as p on p.peserta_id = b.id_lama" if kind == "peserta" else ""}
            where b.hasil_banding <> 'sama'
        """, {"impor_id": impor_id})
        w.merge(table, "tulis", (id_column,))
    elif kind == "rekap":
        scratch.execute(f"""create or replace temp table tulis as
            select kode_wilayah, bulan, segmen, peserta_aktif, peserta_baru, $sumber as sumber, $impor_id as impor_id
            {changed}""", {"sumber": label, "impor_id": impor_id})
        w.merge("rekap_peserta", "tulis", spec.key)
    elif kind == "pekerja":
        scratch.execute(f"""create or replace temp table tulis as
            select kode_wilayah as kode_desa, berlaku_mulai, jumlah_pekerja, sumber, tanggal_sumber
            {changed} and tingkat = 'desa_kelurahan'""")
        w.merge("pekerja_wajib", "tulis", ("kode_desa", "berlaku_mulai"))
        scratch.execute(f"""create or replace temp table tulis as
            select kode_wilayah as kode_kabupaten, berlaku_mulai, jumlah_pekerja, sumber, tanggal_sumber
            {changed} and tingkat = 'kabupaten_kota'""")
        w.merge("pekerja_wajib_kabupaten", "tulis", ("kode_kabupaten", "berlaku_mulai"))
    elif kind == "target":
        scratch.execute(f"create or replace temp table tulis as select kode_wilayah, tahun, target_pct, sumber {changed}")
        w.merge("target_ucj", "tulis", spec.key)
    elif kind == "target-kantor":
        scratch.execute(f"""create or replace temp table tulis as
            select kode_kantor, kode_kabupaten, bulan, target_peserta {changed}""")
        w.merge("target_peserta_baru", "tulis", spec.key)
    elif kind == "kantor":
        scratch.execute(f"""create or replace temp table tulis as
            select distinct kode_kantor, nama, jenis, cast(null as varchar) as kode_kantor_induk {changed}""")
        w.merge("kantor_cabang", "tulis", ("kode_kantor",))
        scratch.execute(f"""create or replace temp table tulis as
            select kode_kantor, kode_kabupaten, berlaku_mulai, cast(null as date) as berlaku_sampai {changed}""")
        w.merge("kantor_wilayah", "tulis", ("kode_kabupaten", "berlaku_mulai"))
        w.end_office_periods([r[0] for r in scratch.all(f"select distinct kode_kabupaten {changed}")])
    elif kind == "sponsor":
        scratch.execute(f"create or replace temp table tulis as select * exclude (baris, jumlah_baris, hasil_banding) {changed}")
        w.merge("perjanjian_sponsor", "tulis", spec.key)
    else:
        raise ValueError(kind)
