"""AppTest of the Peta page: no boundaries, boundaries at start-up, drill-down clicks, the desa panel.

AppTest cannot click inside a plotly map; a click is what the chart's callback leaves in session state
(`peta_klik`), so that is what these tests set. tests/test_browser_map.py clicks for real."""
import datetime as dt

import duckdb
import pytest
from conftest import SHARED, open_app

from ucj import fmt

DESA_FILE = SHARED / "data" / "wilayah" / "labuhanbatu_raya_desa.geojson"


def peta(monkeypatch, path, **params):
    return open_app(monkeypatch, path, "peta", **params)


@pytest.fixture()
def bare(demo_copy):
    return demo_copy


@pytest.fixture()
def with_boundaries(bare):
    if not DESA_FILE.exists():
        pytest.skip(f"shared boundaries not present at {DESA_FILE}")
    from ucj.ingest import boundaries  # geopandas: only for the tests that load boundaries

    con = duckdb.connect(str(bare))
    boundaries.load(con, DESA_FILE)
    con.close()
    return bare


def test_without_boundaries_the_page_says_how_to_load_them_and_shows_a_table(monkeypatch, bare):
    at = peta(monkeypatch, bare, wilayah="12.10", periode="2025-03")
    message = " ".join(i.value for i in at.info)
    assert "Batas wilayah belum dimuat" in message and "python -m ucj boundaries load" in message
    assert "UCJ_BOUNDARIES" in message
    assert len(at.dataframe) == 1 and at.dataframe[0].value.shape[0] == 9  # the nine kecamatan


def test_ucj_boundaries_loads_a_file_at_start_up(monkeypatch, bare):
    if not DESA_FILE.exists():
        pytest.skip(f"shared boundaries not present at {DESA_FILE}")
    monkeypatch.setenv("UCJ_BOUNDARIES", str(DESA_FILE))
    at = peta(monkeypatch, bare, wilayah="12.10", periode="2025-03")
    assert not at.info
    assert any("9 bentuk kecamatan" in c.value for c in at.caption)


def test_clicks_drill_down_to_a_desa_whose_panel_matches_the_warehouse(monkeypatch, with_boundaries):
    at = peta(monkeypatch, with_boundaries, wilayah="12.10", periode="2025-03")
    at.session_state["peta_klik"] = "12.10.02"
    at.run()
    assert at.title[0].value == "Peta Rantau Selatan"
    assert at.session_state["pilih_kecamatan"] == "12.10.02"
    con = duckdb.connect(str(with_boundaries), read_only=True)  # the same settings as the app's (read-only) connection
    desa, active, eligible = con.execute(
        "select kode_wilayah, peserta_aktif, pekerja_wajib from mart_cakupan_wilayah_bulan "
        "where kode_induk = '12.10.02' and bulan = ? order by 1 limit 1", [dt.date(2025, 3, 1)]).fetchone()
    con.close()
    at.session_state["peta_klik"] = desa
    at.run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown == {"Cakupan UCJ": fmt.pct(100 * active / eligible), "Peserta aktif": fmt.number(active),
                     "Pekerja wajib": fmt.number(eligible)}
    assert at.query_params["wilayah"] == desa


def test_level_and_colour_choices_redraw_the_map(monkeypatch, with_boundaries):
    at = peta(monkeypatch, with_boundaries, wilayah="12.10", periode="2025-03")
    at.segmented_control(key="peta_tingkat").set_value("desa_kelurahan").run()
    assert any("98 bentuk desa/kelurahan" in c.value for c in at.caption)
    at.segmented_control(key="peta_ukuran").set_value("kurang_ke_target").run()
    assert not at.exception


def test_a_link_names_the_map_level(monkeypatch, with_boundaries):
    at = peta(monkeypatch, with_boundaries, wilayah="12.10", periode="2025-03", tingkat_peta="desa_kelurahan")
    assert any("98 bentuk desa/kelurahan" in c.value for c in at.caption)
    assert not at.warning
