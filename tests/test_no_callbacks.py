"""No Python function runs inside Polars or DuckDB on the app's paths.

Ten sessions at once held the whole server until kill -9: a `map_elements(fmt.month)` in a page waited for the GIL
on Polars' thread pool while other script threads held it. Any Python callback inside Polars (map_elements,
map_batches, map_rows, map_groups, fold, ...) or DuckDB (create_function) is a risk of the same kind, so values are
formatted after collecting (ucj.reports.screens.formatted) and this walk over the source keeps it so.
"""
import ast
import datetime as dt
import json

import duckdb
import polars as pl

from conftest import ROOT

APP_PATHS = ("ucj", "ui", "app_pages", "dashboard.py")
# methods that hand a Python function to Polars or DuckDB, whatever the object (pandas' apply is no better)
CALLBACK_METHODS = {"map_elements", "map_batches", "map_rows", "map_groups", "apply", "rolling_map", "map_dict",
                    "create_function", "cum_fold", "cum_reduce"}
# polars' top-level functions taking a Python function: pl.fold(acc, function, exprs), pl.map_batches(...)
CALLBACK_FUNCTIONS = {"fold", "reduce", "cum_fold", "cum_reduce", "map_batches", "map_groups"}
POLARS_NAMES = {"pl", "polars"}


def callbacks_in(source: str, file_name: str = "<text>") -> list[str]:
    """'file:line name' for each call in the source that runs a Python function inside Polars or DuckDB."""
    found = []
    for node in ast.walk(ast.parse(source, file_name)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "polars":
            found += [f"{file_name}:{node.lineno} {a.name}" for a in node.names if a.name in CALLBACK_FUNCTIONS]
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, owner = node.func.attr, node.func.value
        on_polars = isinstance(owner, ast.Name) and owner.id in POLARS_NAMES
        if name in CALLBACK_METHODS or (on_polars and name in CALLBACK_FUNCTIONS):
            found.append(f"{file_name}:{node.lineno} {name}")
    return found


def app_sources():
    for entry in APP_PATHS:
        path = ROOT / entry
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def test_the_app_runs_no_python_function_inside_polars_or_duckdb():
    sources = list(app_sources())
    assert len(sources) > 40 and ROOT / "dashboard.py" in sources  # the walk sees the app, not an empty folder
    found = [hit for path in sources
             for hit in callbacks_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == [], "format after collecting (ucj.reports.screens.formatted) instead of: " + ", ".join(found)


def test_the_walk_finds_each_kind_of_callback():
    """The meta-test above fails when such a call comes back, in whichever form it is written."""
    snippets = {
        'frame.select(pl.col("bulan").map_elements(fmt.month, return_dtype=pl.String))': ["map_elements"],
        "frame.with_columns(pl.struct('a', 'b').map_batches(lambda s: s))": ["map_batches"],
        "frame.map_rows(lambda row: row)": ["map_rows"],
        "frame.group_by('a').map_groups(len)": ["map_groups"],
        "pl.fold(pl.lit(0), lambda a, b: a + b, pl.all())": ["fold"],
        "polars.reduce(lambda a, b: a + b, pl.all())": ["reduce"],
        "from polars import map_batches": ["map_batches"],
        "con.create_function('bulan', fmt.month)": ["create_function"],
        "frame['kode'].apply(str.strip)": ["apply"],
    }
    for source, names in snippets.items():
        assert [hit.split()[-1] for hit in callbacks_in(source)] == names, source
    # formatting after collecting, the standard library's reduce and pandas' map are no callbacks inside Polars
    harmless = ('formatted("Bulan", frame["bulan"].to_list(), fmt.month)\n'
                "functools.reduce(operator.add, values)\nframe['kode'].map(normalise_code)\n"
                'pl.col("sha256_file").str.slice(0, 12)')
    assert callbacks_in(harmless) == []


# the names a file may have had when it was logged: a NIK, a phone number, line breaks, control characters, a long
# name, text that looks like a formula or markup, letters outside ASCII
TRICKY_NAMES = [
    "daftar_1210010101900001_budi.xlsx", "guru honorer\nlabuhanbatu.csv", "tab\tdan\rcarriage\x00.xlsx",
    "rekap_2025-03.csv", "telepon 081234567890 dan 0812-345.csv", "x" * 200 + ".xlsx", "=HYPERLINK(\"x\").csv",
    "<script>alert(1)</script>.xlsx", "Daftar Ojek Ãrun Pasar Ikan 😀.xlsx", "   spasi di tepi   .csv", "a" * 81,
]


def test_history_shows_each_file_name_as_the_callback_did(tiny_db):
    """Riwayat impor's 'Berkas', made after collecting, is the text the former map_elements(safe_file_name) gave."""
    from ucj import warehouse
    from ucj.access import OPERATOR
    from ucj.ingest.limits import safe_file_name
    from ucj.reports.screens import sinkronisasi

    con = duckdb.connect(str(tiny_db))
    try:
        con.executemany(
            "insert into impor_log (impor_id, jenis, nama_file, sha256_file, oleh, diimpor_at, jumlah_baris, "
            "jumlah_baru, ringkasan_json) values (?, 'peserta', ?, ?, 'Petugas', ?, 3, 1, ?)",
            [(1000 + i, name, f"{i:064x}", dt.datetime(2025, 3, 1, 8, i), json.dumps({"rejected": i}))
             for i, name in enumerate(TRICKY_NAMES)])
        history = warehouse.read(con, "impor_riwayat", OPERATOR)
    finally:
        con.close()
    assert history.filter(pl.col("impor_id") >= 1000).height == len(TRICKY_NAMES)
    before = history.select(pl.col("nama_file").map_elements(safe_file_name, return_dtype=pl.String))
    shown = sinkronisasi.history_table(history)["Berkas"]
    assert shown.dtype == pl.String
    assert shown.to_list() == before["nama_file"].to_list()
    assert shown.to_list()[len(TRICKY_NAMES) - 1::-1][:5] == ["daftar_#_budi.xlsx", "guru honorer labuhanbatu.csv",
                                         "tab dan carriage .xlsx", "rekap_2025-03.csv", "telepon # dan 0812-345.csv"]
