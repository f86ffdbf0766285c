"""The warehouse's structure: the schema of the raw tables and the marts the pages read, rebuilt from them."""
import datetime as dt
import re

import duckdb

from ucj.paths import SQL_DIR
from ucj.warehouse.connection import data_range
from ucj.warehouse.reference import NATIONAL

MART_DIR = SQL_DIR / "marts"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
# Names taken from the mart files' own text and formatted into SQL (a table, a view, a column): these patterns
# capture nothing but an identifier (letters, digits, underscores), so no other text can reach the SQL through them.
_NAME = r"([a-z_][a-z0-9_]*)"
_CREATE = re.compile(rf"create or replace table {_NAME} as", re.I)
_VIEW = re.compile(rf"create or replace view {_NAME} as", re.I)
# '-- refresh: by provinsi of kode_wilayah': the mart's rows of one province come only from that province's data,
# so a load refreshes the provinces it touched and leaves the rest alone
_BY_PROVINCE = re.compile(rf"^-- refresh: by provinsi of {_NAME}$", re.M)
# '-- statement 2 reads only rekap_peserta': a build skips that statement while the table has no rows (at 40
# million participants choosing among no counts still read every person's row: 16,5 s of the whole build)
_READS_ONLY = re.compile(rf"^-- statement (\d+) reads only {_NAME}$", re.M)
MACROS = "00_macros.sql"
SCHEMA_TABLES = frozenset(re.findall(r"create table if not exists (\w+)", (SQL_DIR / "schema.sql").read_text(
    encoding="utf-8")))
# The only names ever formatted into SQL text, fixed when the module loads: the schema's tables, the tables and
# views the mart files create, the columns a mart is refreshed by province on. Values are always bound.
_MART_NAMES = frozenset(name for path in MART_DIR.glob("*.sql") for name in re.findall(
    r"create or replace (?:table|view) (\w+)", path.read_text(encoding="utf-8"), re.I))
_ALLOWED_NAMES = SCHEMA_TABLES | _MART_NAMES | {"kode_desa", "kode_wilayah"}


def _name(name: str) -> str:
    """A table or column name for SQL text, refused unless it is on the fixed allow-list (_ALLOWED_NAMES)."""
    if name not in _ALLOWED_NAMES:
        raise ValueError(f"{name!r} is not a table or column of the warehouse")
    return name


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))


def mart_files() -> list[str]:
    return [path.name for path in sorted(MART_DIR.glob("*.sql"))]


def mart_tables(files: tuple[str, ...] | None = None) -> set[str]:
    """The tables the mart files (all, or those named) create."""
    out = set()
    for path in sorted(MART_DIR.glob("*.sql")):
        if files is None or path.name in files:
            out |= set(re.findall(r"create or replace table (\w+)", path.read_text(encoding="utf-8"), re.I))
    return out


def ensure_national(con: duckdb.DuckDBPyConnection) -> None:
    """Give the warehouse's reference the row of Indonesia ('ID', tingkat 'nasional', no parent) if it has
    regions and not that row yet. A warehouse made before the national level existed has a check on `tingkat`
    without 'nasional': its `wilayah` is remade from schema.sql's definition first, rows kept."""
    present = con.execute("select count(*), count(*) filter (where kode = $kode), max(versi) from wilayah",
                          {"kode": NATIONAL["kode"]}).fetchone()
    if present[0] == 0 or present[1] > 0:
        return
    checks = " ".join(r[0] for r in con.execute(
        "select expression from duckdb_constraints() where table_name = 'wilayah' and constraint_type = 'CHECK'"
    ).fetchall())
    if "'nasional'" not in checks:
        ddl = re.search(r"create table if not exists wilayah \(.*?\n\);", (SQL_DIR / "schema.sql").read_text(
            encoding="utf-8"), re.S).group(0)
        con.execute("alter table wilayah rename to wilayah_sebelum_nasional")
        con.execute(ddl)
        con.execute("insert into wilayah by name select * from wilayah_sebelum_nasional")
        con.execute("drop table wilayah_sebelum_nasional")
    con.execute("""
        insert into wilayah (kode, nama, tingkat, kode_induk, kode_provinsi, is_kelurahan, versi)
        values ($kode, $nama, $tingkat, null, $kode, false, $versi)
    """, {**NATIONAL, "versi": present[2]})


def build_marts(con: duckdb.DuckDBPyConnection, only: tuple[str, ...] | None = None,
                provinces: list[str] | None = None) -> None:
    """Rebuild every mart (or the files named in `only`) from the raw tables, in file order, for the
    warehouse's data range: whole, or only the rows of `provinces` (province codes) where a mart is built by
    province. A mart file is one or more statements run in order; where a mart is built by province, its first
    statement (`create or replace table`) becomes an insert after the provinces' rows are deleted, and the
    statements after it (Indonesia's rows from the provinces', a second part) run as they are.
    Called by the write seam (ucj.warehouse.write), never on its own by a writer."""
    ensure_national(con)
    con.execute((MART_DIR / MACROS).read_text(encoding="utf-8"))  # a warehouse made earlier may lack a new one
    first_day, last_day = data_range(con)
    every = [r[0] for r in con.execute("select kode from wilayah where tingkat = 'provinsi'").fetchall()]
    params = {"bulan_awal": first_day.replace(day=1), "bulan_akhir": last_day.replace(day=1),
              "provinsi": every if provinces is None else sorted(set(provinces))}
    existing = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    chunks = None
    for path in sorted(MART_DIR.glob("*.sql")):
        if (only is not None and path.name not in only) or path.name == MACROS:
            continue
        sql = path.read_text(encoding="utf-8")
        created, by_province = _CREATE.search(sql), _BY_PROVINCE.search(sql)
        if not _PARAM.search(strip_comments(sql)):
            con.execute(sql)  # no parameters: run whole
            continue
        statements = split_statements(sql)
        for number, table in _READS_ONLY.findall(sql):
            if not con.execute("select count(*) > 0 from query_table($t)", {"t": _name(table)}).fetchone()[0]:
                statements[int(number) - 1] = ""
        for view in _VIEW.findall(sql):  # made by an earlier version as a table
            if con.execute("select count(*) from information_schema.tables where table_schema = 'main' "
                           "and table_name = ? and table_type = 'BASE TABLE'", [view]).fetchone()[0]:
                con.execute("drop table " + _name(view))
        if provinces is not None and created and by_province and created.group(1) in existing:
            table, column = _name(created.group(1)), _name(by_province.group(1))
            con.execute("delete from " + table + " where di_provinsi(" + column + ", $provinsi)",
                        {"provinsi": params["provinsi"]})
            statements[0] = _CREATE.sub(f"insert into {table}", statements[0], count=1)
        elif provinces is None and created and by_province and "$provinsi" in statements[0]:
            # a whole build, in groups of provinces: at 40 million participants one statement over all of them
            # ran out of an 8 GB memory limit; a group's rows lie after the last group's, so code order holds
            chunks = chunks if chunks is not None else _province_chunks(con, every)
            insert = _CREATE.sub(f"insert into {created.group(1)}", statements[0], count=1)
            for i, chunk in enumerate(chunks):
                run(con, statements[0] if i == 0 else insert, {**params, "provinsi": chunk})
            statements = statements[1:]
        for statement in statements:
            if statement:
                run(con, statement, params)


# the participants a whole build's statement reads at once, at most (one province may hold more)
CHUNK_PARTICIPANTS = 4_000_000


def _province_chunks(con: duckdb.DuckDBPyConnection, provinces: list[str]) -> list[list[str]]:
    """The provinces in code order, in consecutive groups of at most CHUNK_PARTICIPANTS participants (one group
    for a warehouse of fewer)."""
    counts = dict(con.execute("select substr(kode_desa, 1, 2), count(*) from peserta group by all").fetchall())
    chunks, size = [[]], 0
    for province in sorted(provinces):
        if chunks[-1] and size + counts.get(province, 0) > CHUNK_PARTICIPANTS:
            chunks.append([])
            size = 0
        chunks[-1].append(province)
        size += counts.get(province, 0)
    return chunks


def run(con: duckdb.DuckDBPyConnection, statement: str, params: dict) -> None:
    """One statement with the parameters it uses."""
    used = set(_PARAM.findall(strip_comments(statement)))
    con.execute(statement, {k: v for k, v in params.items() if k in used} or None)


def split_statements(sql: str) -> list[str]:
    """A mart file's statements: each ends with ';' at the end of a line."""
    return [s.strip() for s in re.split(r";[ \t]*\n", strip_comments(sql) + "\n") if s.strip()]


def missing_marts(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The marts this version of the code reads that the warehouse lacks: built by an earlier version."""
    present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    return mart_tables() - present


def strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


REFRESH_DIR = MART_DIR / "segar"
# The marts a refresh after a participant load merges changes into: table -> its key columns, its count columns
_MERGED = {
    "mart_peserta_desa_bulan": (("kode_desa", "bulan", "segmen", "kelompok_pekerja", "sumber_dana", "asal"),
                                ("peserta_aktif", "peserta_baru", "peserta_berhenti")),
    "mart_peserta_atas_desa_bulan": (("kode_wilayah", "tingkat", "bulan", "segmen", "kelompok_pekerja", "sumber_dana",
                                    "asal"), ("peserta_aktif", "peserta_baru", "peserta_berhenti")),
    "mart_peserta_berakhir_desa": (("kode_desa", "sumber_dana", "aktif_sampai"), ("peserta",)),
}


def _merge_statements(table: str, key: tuple[str, ...], counts: tuple[str, ...]) -> tuple[str, str, str]:
    """merge_change's three statements for one mart, from _MERGED's fixed names; the change is the temporary
    table named by the parameter $change."""
    on = " and ".join(f"t.{k} = c.{k}" for k in key)
    return (f"""
        create or replace temp table merged as
        select {", ".join(f"c.{k}" for k in key)},
               {", ".join(f"cast(coalesce(t.{v}, 0) + c.{v} as integer) as {v}" for v in counts)}
        from query_table($change) as c
        left join {table} as t on {on}
    """, f"delete from {table} as t using query_table($change) as c where {on}", f"""
        insert into {table} by name
        select * from temp.merged
        where {" or ".join(f"{v} <> 0" for v in counts)}
        order by {", ".join(key)}
    """)


_MERGE_SQL = {table: _merge_statements(table, key, counts) for table, (key, counts) in _MERGED.items()}


def _statements(name: str) -> list[str]:
    return split_statements((MART_DIR / name).read_text(encoding="utf-8"))


def _refresh_sql(name: str) -> str:
    return (REFRESH_DIR / f"{name}.sql").read_text(encoding="utf-8")


def merge_change(con: duckdb.DuckDBPyConnection, table: str, change: str) -> None:
    """Add the signed counts of temporary table `change` (one row per key of `table`) to `table`'s rows of the
    same key: rows that come to zero in every count are dropped, keys it has not are added. The rows written
    are appended in key order, so that one region's rows still lie in few blocks."""
    create, delete, insert = _MERGE_SQL[table]
    con.execute(create, {"change": change})
    con.execute(delete, {"change": change})
    con.execute(insert)
    con.execute("drop table temp.merged")


def refresh_after_participants(con: duckdb.DuckDBPyConnection, lama: str, baru: str,
                               range_before: tuple) -> None:
    """The marts after a load of participants, from what it changed rather than rebuilt: `lama` and `baru` are
    temporary tables (peserta's columns) of the stored versions of the participants the load changed and of
    their loaded versions with the participants it added; `range_before` is the warehouse's data range before the
    load. The months already built get the difference of the two counted (the +1/-1 changes of
    mart_peserta_desa_bulan); the months the load adds are built from every participant; the counts (rekap) are
    chosen again; the levels above, the coverage mart's participant figures, the ends of cover and Indonesia's
    rows follow from those changes. What a change cannot reach that way is rebuilt by province: the coverage
    mart of a kabupaten/kota with data for the first time, the claims of participants whose segment or worker
    group changed, the worker groups of people on a roster. A warehouse whose first month moves, or without its
    marts, is rebuilt whole. The result equals a full rebuild, table for table (tests/test_marts_refresh.py)."""
    ensure_national(con)
    con.execute((MART_DIR / MACROS).read_text(encoding="utf-8"))  # a warehouse made earlier may lack a new one
    first_day, last_day = data_range(con)
    awal, akhir = first_day.replace(day=1), last_day.replace(day=1)
    awal_lama, akhir_lama = range_before[0].replace(day=1), range_before[1].replace(day=1)
    existing = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    if awal != awal_lama or akhir < akhir_lama or not (mart_tables() <= existing):
        build_marts(con)
        return
    every = [r[0] for r in con.execute("select kode from wilayah where tingkat = 'provinsi'").fetchall()]
    params = {"bulan_awal": awal, "bulan_akhir": akhir, "akhir_lama": akhir_lama, "provinsi": every,
              "lama": lama, "baru": baru}
    baru_bulan = {**params, "bulan_awal": akhir_lama.replace(day=28) + dt.timedelta(days=4)}
    baru_bulan["bulan_awal"] = baru_bulan["bulan_awal"].replace(day=1)
    new_months = akhir > akhir_lama
    # provinces whose kabupaten/kota have data for the first time, whose claims change, whose rosters change
    tables = {"lama": lama, "baru": baru}
    new_kabupaten = [r[0] for r in con.execute("""
        select distinct split_part(kode_desa, '.', 1) from query_table($baru)
        where substr(kode_desa, 1, 5) not in (
            select kode_wilayah from mart_cakupan_wilayah_bulan where tingkat = 'kabupaten_kota')""",
        {"baru": baru}).fetchall()]
    claims = [r[0] for r in con.execute("""
        select distinct split_part(k.kode_desa, '.', 1)
        from klaim as k
        join query_table($lama) as l on l.peserta_id = k.peserta_id
        join query_table($baru) as b on b.peserta_id = l.peserta_id
        where l.segmen is distinct from b.segmen or l.kelompok_pekerja is distinct from b.kelompok_pekerja""",
        tables).fetchall()]
    rosters = [r[0] for r in con.execute("""
        select distinct split_part(a.kode_desa, '.', 1)
        from anggota_kelompok as a
        where a.nik_hash in (select nik_hash from query_table($lama)
                             union all select nik_hash from query_table($baru))""",
        tables).fetchall()]

    # mart_peserta_desa_bulan: persons changed, then the counts chosen again against them
    run(con, _refresh_sql("ubah_peserta_desa"), params)
    merge_change(con, "mart_peserta_desa_bulan", "ubah_peserta_desa")
    # the counts chosen again: only where there are counts at all (a warehouse without rekap_peserta has no
    # 'rekap' rows; choosing among none read every person's row, 12 s of a 4M refresh)
    if con.execute("select count(*) > 0 from rekap_peserta").fetchone()[0]:
        con.execute("create or replace temp table rekap_lama as select * from mart_peserta_desa_bulan where asal = 'rekap'")
        con.execute("delete from mart_peserta_desa_bulan where asal = 'rekap'")
        run(con, _statements("01_mart_peserta_desa_bulan.sql")[1], params)
        con.execute("""
            insert into ubah_peserta_desa
            select kode_desa, bulan, segmen, kelompok_pekerja, sumber_dana, asal,
                   sum(peserta_aktif), sum(peserta_baru), sum(peserta_berhenti)
            from (
                select * from mart_peserta_desa_bulan where asal = 'rekap'
                union all
                select * replace (-peserta_aktif as peserta_aktif, -peserta_baru as peserta_baru,
                                  -peserta_berhenti as peserta_berhenti)
                from temp.rekap_lama
            )
            group by all
            having sum(peserta_aktif) <> 0 or sum(peserta_baru) <> 0 or sum(peserta_berhenti) <> 0
        """)

    # mart_peserta_wilayah_bulan: the same changes rolled up above the desa, Indonesia's included (its desa rows
    # are mart_peserta_desa_bulan's)
    run(con, _refresh_sql("ubah_peserta_wilayah"), params)
    merge_change(con, "mart_peserta_atas_desa_bulan", "ubah_peserta_wilayah")

    # mart_cakupan_wilayah_bulan: the months built take the changes, the new months are built, Indonesia summed
    run(con, _refresh_sql("ubah_cakupan"), params)
    con.execute("""
        update mart_cakupan_wilayah_bulan as m
        set peserta_aktif = m.peserta_aktif + u.peserta_aktif,
            aktif_pu = m.aktif_pu + u.aktif_pu,
            aktif_bpu = m.aktif_bpu + u.aktif_bpu,
            aktif_jakon = m.aktif_jakon + u.aktif_jakon,
            aktif_pmi = m.aktif_pmi + u.aktif_pmi,
            aktif_rekap = m.aktif_rekap + u.aktif_rekap,
            aktif_tanpa_desa = m.aktif_tanpa_desa + u.aktif_tanpa_desa,
            peserta_baru = m.peserta_baru + u.peserta_baru,
            peserta_berhenti = m.peserta_berhenti + u.peserta_berhenti,
            cakupan_pct = cakupan_pct(m.peserta_aktif + u.peserta_aktif, m.pekerja_wajib)
        from temp.ubah_cakupan as u
        where m.kode_wilayah = u.kode_wilayah and m.bulan = u.bulan
    """)
    cakupan = _statements("02_mart_cakupan_wilayah_bulan.sql")
    if new_months:
        run(con, _CREATE.sub("insert into mart_cakupan_wilayah_bulan", cakupan[0], count=1), baru_bulan)
    if new_kabupaten:
        build_marts(con, only=("02_mart_cakupan_wilayah_bulan.sql",), provinces=new_kabupaten)
    for statement in cakupan[1:]:
        run(con, statement, params)

    # the ends of cover
    run(con, _refresh_sql("ubah_berakhir"), params)
    merge_change(con, "mart_peserta_berakhir_desa", "ubah_berakhir")

    # worker groups: the new months for everyone, the provinces of rosters with a changed participant whole
    kelompok = _statements("05_mart_kelompok_wilayah_bulan.sql")
    if new_months:
        run(con, _CREATE.sub("insert into mart_kelompok_wilayah_bulan", kelompok[0], count=1), baru_bulan)
    if rosters:
        build_marts(con, only=("05_mart_kelompok_wilayah_bulan.sql",), provinces=rosters)
    elif new_months:
        for statement in kelompok[1:]:
            run(con, statement, params)
    if claims:
        build_marts(con, only=("03_mart_klaim_wilayah_bulan.sql", "14_mart_klaim_anak_bulan.sql"), provinces=claims)
    # the marts read from other marts follow their changes (regions x months, what is loaded: built whole)
    build_marts(con, only=("04_mart_kantor_bulan.sql", "09_mart_dimuat_desa.sql", "11_mart_dimuat_wilayah.sql",
                           "12_mart_perbandingan_wilayah.sql", "13_mart_cakupan_anak_bulan.sql",
                           "16_mart_peserta_berakhir_bulan.sql"))
    for drop in ("drop table if exists temp.ubah_peserta_desa", "drop table if exists temp.ubah_peserta_wilayah",
                 "drop table if exists temp.ubah_cakupan", "drop table if exists temp.ubah_berakhir",
                 "drop table if exists temp.rekap_lama"):
        con.execute(drop)
