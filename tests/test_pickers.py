"""The region pickers of issue 14: Indonesia ('ID') above the provinces, "Cari wilayah" for 83.762 desa, and the
sidebar's reads cached per warehouse and parameters.

Indonesia is offered to an account of all Indonesia (and the demo's admin on loopback), never to an account of
some regions, which gets the one-sentence refusal for `?wilayah=ID`. The finder is tested on the national reference
of a real warehouse made by `python -m ucj init` (exact results, '%', '_', '\\' and quotes in the text, scope) and
in the app on the demo and on that warehouse.
"""
import duckdb
import pytest
from conftest import TEST_NIK_KEY, make_account, open_app
from test_app_real import LOAD_HOW
from test_scope import address, open_as, options, warnings

from ucj import access, region_search, warehouse
from ucj.access import OutsideScope, Viewer
from ucj.reports.screens import literal
from ucj.warehouse import reading

SEI_BEROMBANG = "12.10.19.1001"  # a kelurahan of kecamatan Panai Hilir (12.10.19), Labuhanbatu
SEI_BEROMBANG_LINE = "Sei Berombang — Kec. Panai Hilir, Kab. Labuhanbatu"


# ---------------------------------------------------------------------------------------------------------
# The rules, without the app


def test_indonesia_is_opened_only_by_an_account_of_all_indonesia():
    everyone = Viewer.for_role("pusat", "viewer")
    dinas = Viewer.for_role("dinas", "analyst", ("12.10",))
    provinsi = Viewer.for_role("gubernur", "admin", ("12",))
    assert access.depth("ID") == 0 and access.depth("12") == 1
    assert [access.may_open(v, "ID") for v in (everyone, dinas, provinsi)] == [True, False, False]
    assert [access.leads_into_scope(v, "ID") for v in (everyone, dinas, provinsi)] == [True, False, False]
    assert access.may_see_below(everyone, "ID")  # its provinces, for every role
    assert access.why_refused(dinas, "ID") == "Wilayah ID di luar wilayah akun dinas"
    access.check(everyone, "ringkasan_peserta_aktif", "ID")
    with pytest.raises(OutsideScope):
        access.check(provinsi, "ringkasan_peserta_aktif", "ID")


def test_the_finders_patterns_escape_the_text_and_join_its_words():
    assert region_search.clean("  Sei   Berombang \n") == "Sei Berombang"
    assert region_search.clean("x" * 100) == "x" * 60
    assert region_search.patterns("Sei Berombang") == {
        "teks": "Sei Berombang", "pola": "%sei%berombang%", "pola_lain": "%sungai%berombang%",
        "awalan": "sei berombang%"}
    assert region_search.patterns("Sungai Rampah") == {
        "teks": "Sungai Rampah", "pola": "%sungai%rampah%", "pola_lain": "%sei%rampah%", "awalan": "sungai rampah%"}
    assert region_search.patterns("100%_a\\b") == {
        "teks": "100%_a\\b", "pola": "%100\\%\\_a\\\\b%", "pola_lain": "%100\\%\\_a\\\\b%", "awalan": "100\\%\\_a\\\\b%"}
    assert region_search.patterns("Kasei") == {"teks": "Kasei", "pola": "%kasei%", "pola_lain": "%kasei%",
                                               "awalan": "kasei%"}


@pytest.mark.parametrize("row, line", [
    ({"tingkat": "desa_kelurahan", "nama": "Sei Berombang", "nama_kecamatan": "Panai Hilir",
      "nama_kabupaten": "Kabupaten Labuhanbatu", "nama_provinsi": "Sumatera Utara"}, SEI_BEROMBANG_LINE),
    ({"tingkat": "kecamatan", "nama": "Datuk Bandar", "nama_kecamatan": None, "nama_kabupaten": "Kota Tanjungbalai",
      "nama_provinsi": "Sumatera Utara"}, "Kec. Datuk Bandar — Kota Tanjungbalai, Sumatera Utara"),
    ({"tingkat": "kabupaten_kota", "nama": "Kabupaten Asahan", "nama_kecamatan": None, "nama_kabupaten": None,
      "nama_provinsi": "Sumatera Utara"}, "Kab. Asahan — Sumatera Utara"),
    ({"tingkat": "provinsi", "nama": "Aceh", "nama_kecamatan": None, "nama_kabupaten": None, "nama_provinsi": None},
     "Provinsi Aceh"),
])
def test_each_result_says_where_it_lies(row, line):
    assert region_search.label(row) == line


# ---------------------------------------------------------------------------------------------------------
# queries/cari_wilayah.sql on the national reference (83.762 desa)


@pytest.fixture()
def national(real_template):
    connection = duckdb.connect(str(real_template), read_only=True)
    yield connection
    connection.close()


def find(con, text: str, scope: tuple[str, ...] = (), role: str = "analyst") -> list[tuple[str, str]]:
    who = Viewer.for_role("uji", role, scope)
    frame = warehouse.read(con, "cari_wilayah", who, **region_search.patterns(region_search.clean(text)),
                           lingkup=list(access.openable_regions(who)), tingkat_terdalam=access.deepest(who))
    return [(row["kode"], region_search.label(row)) for row in frame.iter_rows(named=True)]


def test_a_desa_is_found_by_part_of_its_name_in_all_indonesia(national):
    assert national.execute("select count(*) from wilayah where tingkat = 'desa_kelurahan'").fetchall() == [(83762,)]
    assert find(national, "berombang") == [(SEI_BEROMBANG, SEI_BEROMBANG_LINE)]
    assert find(national, "BEROMBANG ") == [(SEI_BEROMBANG, SEI_BEROMBANG_LINE)]
    # Sungai and Sei are one word in village names
    assert find(national, "sungai berombang") == [(SEI_BEROMBANG, SEI_BEROMBANG_LINE)]
    # words apart or together, in their order; the name itself first, then those starting with it
    assert find(national, "rantau prapat") == [
        ("61.06.04.2009", "Rantau Prapat — Kec. Embaloh Hulu, Kab. Kapuas Hulu"),
        ("12.10.07.2006", "AFD.I Rantauprapat — Kec. Bilah Barat, Kab. Labuhanbatu"),
        ("12.10.07.2007", "AFD.II Rantauprapat — Kec. Bilah Barat, Kab. Labuhanbatu"),
        ("12.10.01.1004", "Rantauprapat — Kec. Rantau Utara, Kab. Labuhanbatu")]


def test_a_code_finds_its_region_first_then_what_lies_in_it(national):
    found = find(national, "12.10.19")
    assert found[:3] == [("12.10.19", "Kec. Panai Hilir — Kab. Labuhanbatu, Sumatera Utara"),
                         ("12.10.19.2007", "Sei Baru — Kec. Panai Hilir, Kab. Labuhanbatu"),
                         (SEI_BEROMBANG, SEI_BEROMBANG_LINE)]
    assert len(found) == 9 and all(code.startswith("12.10.19") for code, _ in found)


def test_a_common_name_gives_at_most_twenty_results_the_exact_name_first(national):
    found = find(national, "sukamaju")
    assert len(found) == region_search.MAX_RESULTS
    assert found[0] == ("73.22.06", "Kec. Sukamaju — Kab. Luwu Utara, Sulawesi Selatan")  # the higher level first
    assert found[1] == ("12.06.04.2023", "Sukamaju — Kec. Tigapanah, Kab. Karo")


@pytest.mark.parametrize("text", ["%", "_", "\\", "%%", "a_b%", "' or 1=1 --", "'); drop table wilayah; --"])
def test_like_wildcards_and_quotes_in_the_text_match_only_themselves(national, text):
    """Unescaped, '%' or '_' would match all of Indonesia (20 results); no name holds these characters."""
    assert find(national, text) == []
    assert national.execute("select count(*) from wilayah where tingkat = 'desa_kelurahan'").fetchall() == [(83762,)]


def test_a_quote_in_the_text_finds_the_names_that_hold_it(national):
    assert find(national, "ba'b") == [("76.04.09.2006", "Ba'ba Tapua — Kec. Matangnga, Kab. Polewali Mandar"),
                                      ("73.26.05.2003", "Misa'ba'bana — Kec. Buntao, Kab. Toraja Utara")]


def test_the_finder_stays_inside_the_account_and_its_role(national):
    assert find(national, "sei berombang", ("12.10",)) == [(SEI_BEROMBANG, SEI_BEROMBANG_LINE)]
    assert find(national, "sei berombang", ("12.09",)) == []  # Asahan's account
    assert find(national, "sei berombang", ("12.10",), role="viewer") == []  # no desa for a viewer
    assert find(national, "panai", ("12.10",), role="viewer") == [
        ("12.10.19", "Kec. Panai Hilir — Kab. Labuhanbatu, Sumatera Utara"),
        ("12.10.20", "Kec. Panai Hulu — Kab. Labuhanbatu, Sumatera Utara"),
        ("12.10.18", "Kec. Panai Tengah — Kab. Labuhanbatu, Sumatera Utara")]
    # the way down to an account's region is not a region it may open: a kecamatan's account finds no kabupaten
    assert find(national, "labuhanbatu", ("12.10.19",)) == []
    assert [code for code, _ in find(national, "sumatera")] == ["13", "16", "12"]  # Barat, Selatan, Utara


# ---------------------------------------------------------------------------------------------------------
# Where a session opens


def test_all_indonesia_opens_on_indonesia_once_two_provinces_have_data(tiny_db):
    everyone = []

    def default(con):
        return warehouse.read(con, "wilayah_bawaan", Viewer.for_role("pusat", "admin"), lingkup=everyone).to_dicts()

    con = duckdb.connect(str(tiny_db))
    try:
        assert default(con) == [{"kode": "12.10"}]  # one provinsi, one kabupaten with data: that kabupaten
        con.execute("insert into mart_cakupan_wilayah_bulan select * replace ('33.02' as kode_wilayah, '33' as "
                    "kode_induk) from mart_cakupan_wilayah_bulan where kode_wilayah = '12.10'")
        assert default(con) == [{"kode": "ID"}]
        # an account of some regions never opens on Indonesia
        assert warehouse.read(con, "wilayah_bawaan", Viewer.for_role("dinas", "admin", ("33.02", "12.10")),
                              lingkup=["12.10", "33.02"]).to_dicts() == [{"kode": "12.10"}]
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------------------
# The app on the demo


def test_the_demo_offers_indonesia_above_its_province_and_opens_it(monkeypatch, demo_copy):
    at = open_app(monkeypatch, demo_copy, periode="2025-03")
    assert options(at, "provinsi") == ["Indonesia", "Sumatera Utara (12)"]
    assert at.title[0].value == "Ringkasan Sumatera Utara"  # the demo's data is one provinsi: it opens there
    at.selectbox(key="pilih_provinsi").select("ID").run()
    assert not at.exception
    assert at.title[0].value == "Ringkasan Indonesia"
    assert address(at, "wilayah") == "ID"
    assert [s.key for s in at.selectbox if s.key.startswith("pilih_") and s.key != "pilih_provinsi"] == [
        "pilih_periode", "pilih_segmen", "pilih_kelompok"]  # nothing below Indonesia is chosen


def test_a_link_to_indonesia_opens_it_for_an_account_of_all_indonesia(monkeypatch, demo_copy):
    at = open_as(monkeypatch, demo_copy, "pusat", "viewer", (), wilayah="ID", periode="2025-03")
    assert not warnings(at)
    assert at.title[0].value == "Ringkasan Indonesia"
    assert at.selectbox(key="pilih_provinsi").value == "ID"
    assert options(at, "provinsi") == ["Indonesia", "Sumatera Utara (12)"]


@pytest.mark.parametrize("regions, title", [(("12.10",), "Ringkasan Kabupaten Labuhanbatu"),
                                            (("12",), "Ringkasan Sumatera Utara")])
def test_an_account_of_some_regions_is_not_offered_indonesia_and_a_link_to_it_is_refused(
        monkeypatch, demo_copy, regions, title):
    asked = []
    check = access.check
    monkeypatch.setattr(access, "check", lambda viewer, name, region: (asked.append(region), check(viewer, name,
                                                                                                   region))[1])
    at = open_as(monkeypatch, demo_copy, "dinas", "analyst", regions, wilayah="ID", periode="2025-03")
    assert warnings(at) == [literal("Wilayah ID di luar wilayah akun dinas; ditampilkan wilayah akun Anda.")]
    assert at.title[0].value == title
    assert options(at, "provinsi") == ["Sumatera Utara (12)"]
    assert address(at, "wilayah") == regions[0]
    assert "ID" not in asked  # nothing of Indonesia was read


def finder_results(at) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("cari_hasil_")]


def type_in_finder(at, text: str):
    at.text_input(key="cari_wilayah").input(text).run()
    assert not at.exception
    return at


def test_the_finder_finds_a_desa_by_part_of_its_name_and_opens_it(monkeypatch, demo_copy):
    at = type_in_finder(open_app(monkeypatch, demo_copy, wilayah="12.09", periode="2025-03"), "berombang")
    assert finder_results(at) == [literal(SEI_BEROMBANG_LINE)]
    next(b for b in at.button if b.key == f"cari_hasil_{SEI_BEROMBANG}").click().run()
    assert not at.exception
    assert at.title[0].value == "Ringkasan Sei Berombang"
    assert address(at, "wilayah") == SEI_BEROMBANG
    assert [at.selectbox(key=f"pilih_{level}").value for level in
            ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")] == ["12", "12.10", "12.10.19", SEI_BEROMBANG]
    assert at.text_input(key="cari_wilayah").value == "" and finder_results(at) == []


def test_the_finder_says_when_nothing_matches_and_shows_the_text_as_typed(monkeypatch, demo_copy):
    at = type_in_finder(open_app(monkeypatch, demo_copy, wilayah="12.10", periode="2025-03"), "![x](http://e.x/y.png)")
    assert [c.value for c in at.caption if c.value.startswith("Tidak ada wilayah")] == [literal(
        "Tidak ada wilayah yang namanya memuat '![x](http://e.x/y.png)'; periksa ejaannya atau ketik sebagian nama "
        "saja.")]
    assert finder_results(at) == [] and not at.get("imgs")
    type_in_finder(at, "a")
    assert "Ketik sedikitnya 2 huruf nama wilayah." in [c.value for c in at.caption]


def test_a_viewer_finds_no_desa_and_nothing_outside_its_regions(monkeypatch, demo_copy):
    at = open_as(monkeypatch, demo_copy, "bappeda", "viewer", ("12.10",), periode="2025-03")
    type_in_finder(at, "berombang")
    assert finder_results(at) == []
    type_in_finder(at, "panai")
    assert finder_results(at) == [literal("Kec. Panai Hilir — Kab. Labuhanbatu, Sumatera Utara"),
                                  literal("Kec. Panai Hulu — Kab. Labuhanbatu, Sumatera Utara"),
                                  literal("Kec. Panai Tengah — Kab. Labuhanbatu, Sumatera Utara")]
    type_in_finder(at, "asahan")
    assert finder_results(at) == []
    type_in_finder(at, "panai hulu")
    next(b for b in at.button if b.key == "cari_hasil_12.10.20").click().run()
    assert at.title[0].value == "Ringkasan Panai Hulu"


def test_a_result_that_is_not_the_accounts_is_not_opened(monkeypatch, demo_copy):
    """The finder offers only what the account may open; what a browser sends back is checked all the same."""
    at = open_as(monkeypatch, demo_copy, "dinas", "analyst", ("12.10",), wilayah="12.10", periode="2025-03")
    at.session_state["_cari_wilayah_pilihan"] = "12.09"
    at.run()
    assert at.title[0].value == "Ringkasan Kabupaten Labuhanbatu" and address(at, "wilayah") == "12.10"


# ---------------------------------------------------------------------------------------------------------
# The sidebar's reads


def record_sidebar_reads(monkeypatch) -> list[tuple[str, dict]]:
    """The reads of the reference (queries without a region or counts: the sidebar's, and a page's own reads of the
    same lists) from now on; the pages' reads of figures are not recorded."""
    from types import SimpleNamespace

    from ui import data

    calls = []

    def recording(con, name, viewer, **params):
        if data.is_reference(name):
            calls.append((name, params))
        return warehouse.read(con, name, viewer, **params)

    monkeypatch.setattr(data, "warehouse", SimpleNamespace(read=recording, open_warehouse=warehouse.open_warehouse,
                                                           version=warehouse.version, meta=warehouse.meta))
    return calls


def test_the_sidebar_reads_the_reference_once_for_every_session_and_account(monkeypatch, demo_copy):
    """Issue 14: the sidebar cost 27 to 40 ms on every page, read again for each account. Its reads are now cached
    per warehouse and parameters: a rerun, another page, and another account's session read none of them again."""
    calls = record_sidebar_reads(monkeypatch)
    at = open_app(monkeypatch, demo_copy, wilayah="12.10", periode="2025-03")
    assert calls == [
        ("wilayah", {"wilayah": "12.10"}), ("wilayah_anak", {"wilayah_induk": "ID"}),
        ("wilayah_anak", {"wilayah_induk": "12"}), ("wilayah_anak", {"wilayah_induk": "12.10"}),
        ("kelompok_pekerja", {})]
    calls.clear()
    at.run()
    at.switch_page("app_pages/klaim.py").run()
    assert not at.exception and calls == []
    other = open_as(monkeypatch, demo_copy, "dinas", "analyst", ("12.10",), wilayah="12.10", periode="2025-03")
    assert other.title[0].value == "Ringkasan Kabupaten Labuhanbatu"
    assert calls == []
    type_in_finder(other, "berombang")
    type_in_finder(at, "berombang")  # the demo's admin: all Indonesia, another scope, read once more
    assert [c[0] for c in calls] == ["cari_wilayah", "cari_wilayah"]


def test_only_queries_without_figures_are_cached_for_every_account():
    from ui import filters

    for name in ("ringkasan_peserta_aktif", "data_dimuat"):
        assert reading.query(name).region_param
        with pytest.raises(ValueError):
            filters.reference("unused.duckdb", name, wilayah="12.10")


# ---------------------------------------------------------------------------------------------------------
# A real warehouse with the national reference


def test_on_a_new_real_warehouse_an_account_of_all_indonesia_opens_on_indonesia_and_finds_a_desa(
        monkeypatch, real_db):
    monkeypatch.setenv("UCJ_NIK_KEY", TEST_NIK_KEY)
    at = open_app(monkeypatch, real_db, login=make_account(real_db, "pusat", "admin"))
    assert at.title[0].value == "Ringkasan Indonesia"
    assert options(at, "provinsi")[:3] == ["Indonesia", "Aceh (11)", "Sumatera Utara (12)"]
    assert len(options(at, "provinsi")) == 39
    type_in_finder(at, "sei berombang")
    assert finder_results(at) == [literal(SEI_BEROMBANG_LINE)]
    next(b for b in at.button if b.key == f"cari_hasil_{SEI_BEROMBANG}").click().run()
    assert at.title[0].value == "Ringkasan Sei Berombang"
    assert [i.value for i in at.info] == [
        "Belum ada data yang dimuat untuk Kabupaten Labuhanbatu, tempat Sei Berombang berada, jadi cakupan Sei "
        "Berombang belum diketahui (bukan 0%). " + LOAD_HOW]
