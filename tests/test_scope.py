"""Region scope in the app (issue 13 point 2) and text from the address shown as itself (point 5).

An account's regions bound what the sidebar offers, what a link or a map click may open and where a session
opens; role viewer gets no desa detail. Text from the URL is escaped before it stands in a warning. The app tests
run the demo warehouse in AppTest, logged in through a session token made by the accounts store (the demo shows
no login form on loopback, so the token is what the form would have left in the session).
"""
import datetime as dt
import re

import pytest
from conftest import ROOT, TEST_PASSWORD, open_app

from ucj import access, warehouse
from ucj.access import OutsideScope, Viewer
from ucj.reports.screens import literal
from ucj.warehouse import reading

D = dt.date
DESA = "12.10.01.1001"  # Padang Matinggi, in kecamatan Rantau Utara (12.10.01) of Labuhanbatu
IMAGE = "![x](http://evil.example/x.png)"
BOLD = "**tebal**"
HTML = "<img src=http://evil.example/y.png>"
REGION_KEYS = ("pilih_provinsi", "pilih_kabupaten_kota", "pilih_kecamatan", "pilih_desa_kelurahan")


def open_as(monkeypatch, db, name: str, role: str, regions: tuple[str, ...] = (), page: str = "ringkasan",
            **params):
    """The dashboard on warehouse db, logged in as a new account `name` (role, regions), at a page and address."""
    from streamlit.testing.v1 import AppTest

    from ucj.accounts import Store, accounts_path
    from ui.auth import TOKEN_KEY

    monkeypatch.delenv("UCJ_ACCOUNTS", raising=False)
    monkeypatch.setenv("UCJ_DB", str(db))
    store = Store(accounts_path(db))
    store.add(name, role, tuple(regions), TEST_PASSWORD)
    _, token = store.login(name, TEST_PASSWORD)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.session_state[TOKEN_KEY] = token
    at.run()
    if page != "ringkasan":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def options(at, level: str) -> list[str]:
    return list(at.selectbox(key=f"pilih_{level}").options)


def region_keys(at) -> list[str]:
    """The region selectors shown, top to bottom."""
    return [s.key for s in at.selectbox if s.key in REGION_KEYS]


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def address(at, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


LABUHANBATU_KABUPATEN = ["Kabupaten Labuhanbatu (12.10)"]


# ---------------------------------------------------------------------------------------------------------
# The rules, without the app


def test_what_an_account_may_open_and_what_leads_to_it():
    """Finding: everything outside an account's regions was reachable through the sidebar (no rule said which
    regions a selector offers)."""
    bupati = Viewer.for_role("bupati", "viewer", ("33.02", "33.03.01.2001"))
    assert access.openable_regions(bupati) == ("33.02",)  # a desa is no region a viewer opens
    assert [access.may_open(bupati, r) for r in ("33", "33.02", "33.02.01", "33.02.01.2001", "33.03", "")] == [
        False, True, True, False, False, False]
    assert [access.leads_into_scope(bupati, r) for r in ("33", "33.02", "33.03", "34")] == [True, True, False, False]
    analyst = Viewer.for_role("cabang", "analyst", ("33.02.01.2001",))
    assert access.openable_regions(analyst) == ("33.02.01.2001",)
    assert [access.leads_into_scope(analyst, r) for r in ("33", "33.02", "33.02.01", "33.02.02")] == [
        True, True, True, False]
    everyone = Viewer.for_role("pusat", "viewer")
    assert access.may_open(everyone, "12.09.08") and not access.may_open(everyone, DESA)
    assert access.may_see_below(everyone, "12.10") and not access.may_see_below(everyone, "12.10.01")
    assert access.may_see_below(Viewer.for_role("pusat", "admin"), "12.10.01")
    assert access.has_nothing_to_open(Viewer.for_role("desa", "viewer", (DESA,)))
    assert not access.has_nothing_to_open(everyone)


@pytest.mark.parametrize("scope, expected", [
    ((), "12"),  # all Indonesia: the provinsi with the most kabupaten/kota with data, as before
    (("12.10",), "12.10"),
    (("12.09", "12.10"), "12.09"),  # the one with more active participants (127.175 against 74.659)
    (("12.10.01",), "12.10.01"),
    (("12.74", "12.23.01"), "12.74"),
    (("12",), "12"),
])
def test_the_default_region_is_inside_the_scope(con, scope, expected):
    """Finding: queries/wilayah_bawaan.sql ignored the account, so a session of Labuhanbatu opened on provinsi 12
    (outside it, refused by the read seam)."""
    viewer = Viewer.for_role("uji", "analyst", scope)
    frame = warehouse.read(con, "wilayah_bawaan", viewer, lingkup=list(access.openable_regions(viewer)))
    assert frame.to_dicts() == [{"kode": expected}]


# every parameter a query with a region takes, with a value that fits the demo
SAMPLE = {"wilayah_induk": "12", "bulan": D(2025, 3, 1), "tanggal": D(2025, 3, 31), "bulan_lalu": D(2024, 3, 1),
          "tanggal_lalu": D(2024, 3, 31), "dari": D(2025, 1, 1),
          "sampai": D(2025, 3, 31), "bulan_dari": D(2025, 1, 1), "bulan_sampai": D(2025, 3, 1), "tahun": 2025,
          "segmen": "", "kelompok": "", "tingkat": "kecamatan"}
SCOPED = [name for name in reading.query_names() if reading.query(name).region_param]


@pytest.mark.parametrize("name", SCOPED)
@pytest.mark.parametrize("outside", ["12.09", "12", "", "12.100"])
def test_the_read_seam_refuses_every_region_query_outside_the_scope(con, name, outside):
    """Meta-test (a guard for the scope, not a finding of its own: the seam refused already): every query that
    names a region refuses one outside a Labuhanbatu account's, its parent and 'every region' included."""
    q = reading.query(name)
    params = {p: SAMPLE[p] for p in q.params if p != q.region_param}
    params[q.region_param] = outside
    with pytest.raises(OutsideScope):
        warehouse.read(con, name, Viewer.for_role("dinas", "analyst", ("12.10",)), **params)


# queries with no region parameter, and why each may be read whatever the account's regions
UNSCOPED = {
    "wilayah": "the reference: a region's name", "wilayah_anak": "the reference: names below a region",
    "desa_referensi": "the reference: desa names", "kabupaten_kota": "the reference: kabupaten names",
    "kelompok_pekerja": "the list of worker groups",
    "wilayah_bawaan": "a code from $lingkup, the account's own regions",
    "cari_wilayah": "the reference: names of regions inside $lingkup, the account's own regions",
    "batas_tersedia": "how many shapes are stored", "batas_tersimpan": "boundary shapes (Sinkronisasi, admin)",
    "batas_di_luar_referensi": "codes of shapes of a file being loaded (admin)",
    "batas_sumber_dimuat": "whether a boundary file was loaded (admin)",
    "desa_tanpa_batas": "codes of desa without a shape",
    "impor_berikutnya": "import log (Sinkronisasi, admin)", "impor_riwayat": "import log (Sinkronisasi, admin)",
    "impor_sebelumnya": "import log (Sinkronisasi, admin)", "impor_status_nik": "an import's matching (admin)",
}


def test_every_query_without_a_region_is_known_to_hold_no_figure_of_a_region():
    """Guard: a new query that reads figures must name its region (or be added above with the reason it may be
    read by any account); wilayah_bawaan, which ignored the account, now takes the account's regions."""
    unscoped = {name for name in reading.query_names() if not reading.query(name).region_param}
    assert unscoped == set(UNSCOPED)
    assert reading.query("wilayah_bawaan").params == {"lingkup"}
    assert {"lingkup", "tingkat_terdalam"} <= reading.query("cari_wilayah").params


# ---------------------------------------------------------------------------------------------------------
# The sidebar


def test_an_account_of_one_kabupaten_is_offered_only_it(monkeypatch, demo_copy):
    """Finding: the sidebar offered every region of the warehouse whatever the account."""
    at = open_as(monkeypatch, demo_copy, "dinas", "analyst", ("12.10",), wilayah="12.10", periode="2025-03")
    assert options(at, "provinsi") == ["Sumatera Utara (12)"]
    assert options(at, "kabupaten_kota") == LABUHANBATU_KABUPATEN  # no 'Semua': that would be provinsi 12
    assert options(at, "kecamatan")[:3] == ["Semua", "Rantau Utara (12.10.01)", "Rantau Selatan (12.10.02)"]
    assert len(options(at, "kecamatan")) == 10  # 'Semua' and the nine kecamatan
    assert at.title[0].value == "Ringkasan Kabupaten Labuhanbatu"
    assert metrics(at)["Peserta aktif"] == "66.234"
    assert not warnings(at)


def test_an_account_of_two_kabupaten_chooses_between_them_and_never_the_provinsi(monkeypatch, demo_copy):
    """Finding: the sidebar offered every region of the warehouse whatever the account."""
    at = open_as(monkeypatch, demo_copy, "dua", "analyst", ("12.09", "12.10"), wilayah="12.10", periode="2025-03")
    assert options(at, "kabupaten_kota") == ["Kabupaten Asahan (12.09)", "Kabupaten Labuhanbatu (12.10)"]
    at.selectbox(key="pilih_kabupaten_kota").select("12.09").run()
    assert at.title[0].value == "Ringkasan Kabupaten Asahan"
    assert address(at, "wilayah") == "12.09"


def test_a_link_outside_the_scope_shows_the_sentence_and_the_accounts_region(monkeypatch, demo_copy):
    """Finding: a URL named any region and the page showed it; now one sentence, and the account's region
    shown instead without a single read of the region asked for."""
    asked = []
    check = access.check
    monkeypatch.setattr(access, "check", lambda viewer, name, region: (asked.append(region), check(viewer, name,
                                                                                                   region))[1])
    at = open_as(monkeypatch, demo_copy, "bupati", "analyst", ("12.10",), wilayah="12.09", periode="2025-03")
    assert warnings(at) == [literal("Wilayah 12.09 di luar wilayah akun bupati; ditampilkan wilayah akun Anda.")]
    assert at.title[0].value == "Ringkasan Kabupaten Labuhanbatu"
    assert metrics(at)["Cakupan UCJ"] == "36,48%" and metrics(at)["Peserta aktif"] == "66.234"
    assert address(at, "wilayah") == "12.10"
    assert asked and not [r for r in asked if not str(r).startswith("12.10")]


def test_a_viewer_has_no_desa_selector_and_a_link_to_a_desa_is_refused(monkeypatch, demo_copy):
    """Finding: role viewer (no desa detail) could open any desa through the sidebar or a link."""
    at = open_as(monkeypatch, demo_copy, "bappeda", "viewer", ("12.10",), wilayah=DESA, periode="2025-03")
    assert warnings(at) == [literal(f"Rincian desa/kelurahan {DESA} tidak tersedia untuk akun bappeda (peran viewer); "
                                    "ditampilkan wilayah akun Anda.")]
    assert at.title[0].value == "Ringkasan Kabupaten Labuhanbatu"
    at.selectbox(key="pilih_kecamatan").select("12.10.01").run()
    assert at.title[0].value == "Ringkasan Rantau Utara"
    assert region_keys(at) == ["pilih_provinsi", "pilih_kabupaten_kota", "pilih_kecamatan"]
    # the figures per desa of the kecamatan are not read either
    assert [i.value for i in at.info if i.value.startswith("Angka per desa")] == [literal(access.below_refused(
        Viewer.for_role("bappeda", "viewer", ("12.10",))))]


def test_an_analyst_has_the_desa_selector_and_opens_a_desa_by_link(monkeypatch, demo_copy):
    """The other side of the viewer's rule: desa detail for analyst (and admin) is unchanged."""
    at = open_as(monkeypatch, demo_copy, "cabang", "analyst", ("12.10",), wilayah=DESA, periode="2025-03")
    assert not warnings(at)
    assert at.title[0].value == "Ringkasan Padang Matinggi"
    assert region_keys(at) == ["pilih_provinsi", "pilih_kabupaten_kota", "pilih_kecamatan", "pilih_desa_kelurahan"]


def test_without_a_link_a_kecamatan_account_opens_on_its_kecamatan(monkeypatch, demo_copy):
    """Finding: the default region ignored the account (the demo opened on provinsi 12 for everyone)."""
    at = open_as(monkeypatch, demo_copy, "camat", "viewer", ("12.10.01",))
    assert not warnings(at)
    assert at.title[0].value == "Ringkasan Rantau Utara"
    assert address(at, "wilayah") == "12.10.01"
    assert options(at, "provinsi") == ["Sumatera Utara (12)"]
    assert options(at, "kabupaten_kota") == LABUHANBATU_KABUPATEN
    assert options(at, "kecamatan") == ["Rantau Utara (12.10.01)"]


def test_a_viewer_whose_regions_are_all_desa_is_told_so(monkeypatch, demo_copy):
    """An account that can open nothing gets one sentence, not a page of another region."""
    at = open_as(monkeypatch, demo_copy, "salah", "viewer", (DESA,))
    assert [e.value for e in at.error] == [literal(
        f"Akun salah tidak punya wilayah yang dapat dibuka (wilayah akun: {DESA}); minta admin memeriksa wilayah "
        "akun Anda.")]
    assert not at.metric


def test_an_all_indonesia_admin_still_sees_everything(monkeypatch, demo_copy):
    """Today's behaviour for an account of all Indonesia (and the demo without login) is unchanged."""
    kabupaten = ["Semua", "Kabupaten Asahan (12.09)", "Kabupaten Labuhanbatu (12.10)", "Kabupaten Batu Bara (12.19)",
                 "Kabupaten Labuhanbatu Selatan (12.22)", "Kabupaten Labuhanbatu Utara (12.23)",
                 "Kota Tanjungbalai (12.74)"]
    at = open_as(monkeypatch, demo_copy, "pusat", "admin", (), periode="2025-03")
    assert at.title[0].value == "Ringkasan Sumatera Utara"  # the default of all Indonesia, as before
    assert options(at, "kabupaten_kota") == kabupaten
    demo = open_app(monkeypatch, demo_copy, wilayah="12.09.08", periode="2025-03")
    assert demo.title[0].value == "Ringkasan Meranti"
    assert options(demo, "kabupaten_kota") == kabupaten
    assert options(demo, "desa_kelurahan")[0] == "Semua"


# ---------------------------------------------------------------------------------------------------------
# Peta


def test_peta_offers_no_desa_level_to_a_viewer(monkeypatch, demo_copy):
    """Finding: Peta offered the desa level to every account, and a link's tingkat_peta could ask for it."""
    at = open_as(monkeypatch, demo_copy, "bappeda", "viewer", ("12.10",), page="peta", wilayah="12.10",
                 periode="2025-03", tingkat_peta="desa_kelurahan")
    assert list(at.segmented_control(key="peta_tingkat").options) == ["Kecamatan"]
    assert warnings(at) == [literal("Peta tingkat desa/kelurahan tidak tersedia untuk akun bappeda (peran viewer); "
                                    "ditampilkan tingkat kecamatan.")]
    analyst = open_as(monkeypatch, demo_copy, "cabang", "analyst", ("12.10",), page="peta", wilayah="12.10",
                      periode="2025-03")
    assert list(analyst.segmented_control(key="peta_tingkat").options) == ["Kecamatan", "Desa/Kelurahan"]


@pytest.mark.parametrize("role, click, sentence", [
    ("analyst", "12.09.08", "Wilayah 12.09.08 di luar wilayah akun peta; peta tetap menampilkan wilayah yang dipilih."),
    ("viewer", DESA, (f"Rincian desa/kelurahan {DESA} tidak tersedia untuk akun peta (peran viewer); peta tetap "
                      "menampilkan wilayah yang dipilih.")),
    ("analyst", IMAGE, f"Wilayah {IMAGE} di luar wilayah akun peta; peta tetap menampilkan wilayah yang dipilih."),
])
def test_a_map_click_outside_what_the_account_may_open_is_refused(monkeypatch, demo_copy, role, click, sentence):
    """Finding: a map click (what the browser sends, so anything) became the chosen region unchecked."""
    at = open_as(monkeypatch, demo_copy, "peta", role, ("12.10",), page="peta", wilayah="12.10", periode="2025-03")
    at.session_state["peta_klik"] = click
    at.run()
    assert not at.exception
    assert warnings(at) == [literal(sentence)]
    assert at.title[0].value == "Peta Kabupaten Labuhanbatu"
    assert address(at, "wilayah") == "12.10"


# ---------------------------------------------------------------------------------------------------------
# Text from the address, shown as itself


def shows_as_typed(shown: str, payload: str) -> None:
    """The payload stands in the warning with every punctuation character escaped: Markdown shows it as typed,
    so no picture is fetched, no link, tag or emphasis is made."""
    assert literal(payload) in shown
    assert not re.search(r"(?<!\\)[!\[\]()<>*:/]", literal(payload))


@pytest.mark.parametrize("payload", [IMAGE, BOLD, HTML])
@pytest.mark.parametrize("param, sentence", [
    ("wilayah", "Kode wilayah '{}' di alamat tidak dikenal; ditampilkan wilayah bawaan."),
    ("periode", "Periode '{}' di alamat bukan bulan yang sah (TTTT-BB, misalnya 2025-03); ditampilkan bulan terakhir."),
    ("segmen", "Segmen '{}' di alamat tidak dikenal; ditampilkan semua."),
    ("kelompok", "Kelompok pekerja '{}' di alamat tidak dikenal; ditampilkan semua."),
])
def test_address_parameters_are_shown_as_plain_text(monkeypatch, demo_copy, param, sentence, payload):
    """Finding: URL parameters were echoed into st.warning as Markdown (filters.py), so a crafted link showed
    attacker text and could make the browser fetch an outside image."""
    at = open_app(monkeypatch, demo_copy, **{param: payload})
    assert warnings(at) == [literal(sentence.format(payload))]
    shows_as_typed(warnings(at)[0], payload)
    assert not at.get("imgs")


@pytest.mark.parametrize("param", ["dari", "sampai"])
def test_the_claims_months_in_the_address_are_shown_as_plain_text(monkeypatch, demo_copy, param):
    """Finding (as above, for Klaim's dari/sampai): a month not in the data is said, escaped, and replaced."""
    at = open_app(monkeypatch, demo_copy, "klaim", wilayah="12.10", periode="2025-03", **{param: IMAGE})
    replaced = "Januari 2025" if param == "dari" else "Maret 2025"
    assert warnings(at) == [literal(f"Bulan '{IMAGE}' ({param}) di alamat bukan bulan yang ada datanya; "
                                    f"ditampilkan {replaced}.")]
    assert not at.get("imgs")


def test_a_long_address_value_is_cut_in_the_sentence(monkeypatch, demo_copy):
    """A link cannot fill the page with its own text: the value shown stops after 40 characters."""
    at = open_app(monkeypatch, demo_copy, segmen="A" * 500)
    assert warnings(at) == [literal("Segmen '" + "A" * 40 + "…' di alamat tidak dikenal; ditampilkan semua.")]


@pytest.mark.parametrize("page", ["ringkasan", "klaim", "kesenjangan", "peta", "briefing"])
def test_a_viewer_at_a_kecamatan_sees_its_pages_without_figures_per_desa(monkeypatch, demo_copy, page):
    """Finding: role viewer (no desa detail) saw each desa's figures in the tables below a kecamatan."""
    at = open_as(monkeypatch, demo_copy, "camat", "viewer", ("12.10.01",), page=page, periode="2025-03")
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value.endswith("Rantau Utara")
    assert "Per desa/kelurahan" not in [s.value for s in at.subheader]
    assert "Per wilayah di bawahnya" not in [e.label for e in at.expander]
    if page == "ringkasan":
        assert literal(access.below_refused(Viewer.for_role("camat", "viewer"))) in [i.value for i in at.info]
