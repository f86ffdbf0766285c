"""Many people at once on one `streamlit run`: real websocket sessions (tests/ws_user.py), all at the same moment.

Ten sessions asking for a region that does not exist once held the whole server until kill -9 (a Python function
inside a Polars expression waited for the GIL on Polars' thread pool; tests/test_no_callbacks.py keeps them out).
Here twenty sessions open pages at once with valid, invalid and unknown parameters: every one must finish, none may
draw an exception or the unexpected-fault sentence, each shows what its address asked for or says what was wrong,
and the server answers afterwards with the published figure. The time limit is only for liveness: a hung server
fails the test instead of hanging it.
"""
import pytest
from browser import streamlit_server
from conftest import SHARED, TEST_NIK_KEY, TEST_PASSWORD, make_account
from ws_user import LoginFailed, log_in, open_many, open_page

LIVENESS_SECONDS = 180
UNEXPECTED = "Terjadi kesalahan"  # dashboard.ERROR_SENTENCE: a fault nobody caused on purpose
UNKNOWN = "di alamat tidak dikenal"  # ui.filters: a code or value of the address that is not one of the app's

# (page, query string, a text the view must show): '' is Ringkasan, the default page
VALID = [
    ("", "wilayah=12.10&periode=2025-03", "Ringkasan Kabupaten Labuhanbatu"),
    ("klaim", "wilayah=12.10&periode=2025-03&dari=2024-01&sampai=2025-03", "Klaim Kabupaten Labuhanbatu"),
    ("kesenjangan", "wilayah=12.10&periode=2025-04", "Kesenjangan Kabupaten Labuhanbatu"),
    ("target", "wilayah=12.22&periode=2025-10", "Target Kabupaten Labuhanbatu Selatan"),
    ("peta", "wilayah=12.10&periode=2025-03&tingkat_peta=desa_kelurahan", "Peta Kabupaten Labuhanbatu"),
    ("briefing", "wilayah=12.74&periode=2025-03", "Bahan Musrenbang Kota Tanjungbalai"),
    ("", "wilayah=12.10.01&periode=2025-03", "Kecamatan 12.10.01 · posisi akhir Maret 2025"),
]
# malformed codes, markup, impossible periods and ranges, unknown filters: each says so and shows a default view
INVALID = [
    ("", "wilayah=<script>alert(1)</script>", UNKNOWN),
    ("klaim", "wilayah=12.10&periode=2025-13", "bukan bulan yang sah"),
    ("peta", "wilayah=12..10&tingkat_peta=benua", UNKNOWN),
    ("", "wilayah=12.10&periode=abc&segmen=xyz&kelompok=%27%3B--", UNKNOWN),
    ("klaim", "wilayah=12.10&dari=2025-03&sampai=2024-01", "Klaim Kabupaten Labuhanbatu"),
    ("target", "wilayah=" + "9" * 400, UNKNOWN),
]
# well-formed codes of regions that do not exist (or have no data), and a page that does not exist
UNKNOWN_REGIONS = [
    ("", "wilayah=99.99", UNKNOWN),
    ("klaim", "wilayah=12.99&periode=2025-03", UNKNOWN),
    ("peta", "wilayah=12.10.99.9999", UNKNOWN),
    ("kesenjangan", "wilayah=99", UNKNOWN),
    ("briefing", "wilayah=99.99&periode=2025-03", UNKNOWN),
    ("", "wilayah=12.10&periode=1990-01", "di luar rentang data"),
    ("tidak-ada", "wilayah=12.10&periode=2025-03", "Ringkasan Kabupaten Labuhanbatu"),
]
VIEWS = VALID + INVALID + UNKNOWN_REGIONS


@pytest.fixture(scope="module")
def server(copy_demo):
    """The demo on one `streamlit run`, with the real desa boundaries of ../shared when they are there, so that Peta
    sends its map under load too (without them it says that none are loaded)."""
    path = copy_demo()
    shapes = SHARED / "data" / "wilayah" / "labuhanbatu_raya_desa.geojson"
    if shapes.exists():
        import duckdb

        from ucj.ingest import boundaries

        con = duckdb.connect(str(path))
        try:
            boundaries.load(con, shapes)
        finally:
            con.close()
    with streamlit_server(path) as url:
        yield url


def test_the_mix_is_twenty_sessions():
    assert len(VIEWS) == 20 and len({(page, query) for page, query, _ in VIEWS}) == 20


def test_twenty_sessions_at_once_all_finish(server):
    from ui.bahasa import page_html
    from ui.map_geometry import is_prefetch_html

    views = open_many(server, [(page, query) for page, query, _ in VIEWS], timeout=LIVENESS_SECONDS)
    for (page, query, expected), view in zip(VIEWS, views):
        where = f"{page or 'ringkasan'}?{query}"
        assert view.finished, where
        assert view.exceptions == [], where
        assert not any(UNEXPECTED in text for text in view.texts), where
        shown = view.text().replace("\\", "")  # Markdown escapes of text from the address
        assert expected in shown, f"{where}: {expected!r} not in {view.texts}"
        # the address's text never reaches the page as HTML (the scripts are ui.bahasa's, the same on every page,
        # and on Peta the prefetch of published geometry files, named by their hash)
        assert "<script>" not in "".join(body for body in view.html
                                         if body != page_html() and not is_prefetch_html(body)), where
    for (page, query, _), view in zip(VALID, views):
        assert not view.failed and view.warnings == [], f"{page}?{query}: {view.errors} {view.warnings}"
        assert sum(view.elements[k] for k in ("plotly_chart", "dataframe", "imgs")) > 0, f"{page}?{query}: no figure"
    # the server still answers, with the published figure (Labuhanbatu, end of March 2025: 36,48%)
    after = open_page(server, "", "wilayah=12.10&periode=2025-03", timeout=LIVENESS_SECONDS)
    assert not after.failed and "36,48%" in after.texts


@pytest.fixture(scope="module")
def real_server(real_template, tmp_path_factory):
    """A real warehouse, which opens only after login (the demo's loopback exception does not apply)."""
    import shutil

    path = tmp_path_factory.mktemp("real_concurrent") / "ucj.duckdb"
    shutil.copy(real_template, path)
    make_account(path, "analis", "analyst")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
        with streamlit_server(path) as url:
            yield url


def test_logged_in_sessions_at_once_on_a_real_warehouse(real_server):
    """The login form filled over the websocket session; its token in the cookie opens further sessions already
    logged in, as a browser's tabs; without it a session sees only the form."""
    with pytest.raises(LoginFailed, match="salah"):
        log_in(real_server, "analis", "bukan-sandinya-1234")
    token = log_in(real_server, "analis", TEST_PASSWORD)
    pages = [("", "wilayah=12.10"), ("klaim", "wilayah=33.02"), ("target", "wilayah=99.99"), ("peta", "wilayah=12"),
             ("kesenjangan", "wilayah=<b>x</b>"), ("briefing", "wilayah=31.71")]
    views = open_many(real_server, pages, cookie=token, timeout=LIVENESS_SECONDS)
    for (page, query), view in zip(pages, views):
        assert view.finished and view.exceptions == [], f"{page}?{query}"
        assert "analis · analyst (analis)" in view.texts, f"{page}?{query}: not logged in: {view.texts[:3]}"
        assert not any(UNEXPECTED in text for text in view.texts), f"{page}?{query}"
    anonymous = open_page(real_server, "target", "wilayah=12.10")
    assert "Masuk ke UCJ" in anonymous.texts and "analis · analyst (analis)" not in anonymous.texts


def test_the_server_watches_no_source_files():
    """Every session's source watcher walked all of sys.modules (a realpath per file) on the event-loop thread after
    its first run, and meanwhile no session got a message: under 20 users every page arrived at the same moment,
    tens of seconds late (benchmarks/README.md, load_users.py). runOnSave is off, so watching served nothing."""
    import tomllib

    from conftest import ROOT

    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    assert (server["fileWatcherType"], server["runOnSave"]) == ("none", False)
