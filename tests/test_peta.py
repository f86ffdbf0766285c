"""AppTest of the Peta page: no boundaries, boundaries at start-up, drill-down clicks, the desa panel.

AppTest cannot click inside a plotly map; a click is what the chart's callback leaves in session state
(`peta_klik`), so that is what these tests set. tests/test_browser_map.py clicks for real."""
import datetime as dt
import re

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
    # ranked by the measure chosen, as under a drawn map (it was in code order)
    assert any(m.value == "**Peringkat kecamatan menurut Cakupan UCJ (%)**" for m in at.markdown)
    ranked = at.dataframe[0].value
    assert ranked["Peringkat"].to_list() == list(range(1, 10))
    coverage = ranked["Cakupan UCJ (%)"].to_list()
    assert coverage == sorted(coverage, reverse=True) and coverage != sorted(coverage)
    at.segmented_control(key="peta_ukuran").set_value("peserta_aktif").run()
    active = at.dataframe[0].value["Peserta aktif"].to_list()
    assert active == sorted(active, reverse=True)


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


def test_the_figure_carries_values_not_geometry_and_hides_small_cells_for_a_viewer(demo_copy):
    """Issue 14: the figure names its geometry by URL (no coordinate in what a rerun sends); issue 13: a viewer's
    map values are the protected ones. Panai Hilir's desa (12.10.19) had 1 to 4 claims each in January 2025."""
    import plotly.io

    from ucj import warehouse
    from ucj.access import Viewer
    from ucj.reports import choropleth

    con = duckdb.connect(str(demo_copy), read_only=True)
    params = dict(wilayah="12.10.19", tingkat="desa_kelurahan", bulan=dt.date(2025, 1, 1))
    seen = warehouse.read(con, "peta_nilai", Viewer.for_role("bappeda", "viewer"), **params)
    exact = warehouse.read(con, "peta_nilai", Viewer.for_role("cabang", "analyst"), **params)
    con.close()
    geometry = choropleth.Geometry(tuple(exact["kode_wilayah"]), (100.0, 2.0, 100.5, 2.5),
                                   "app/static/peta/0123456789abcdef0123456789abcdef.geojson")
    hidden = [i for i, v in enumerate(seen["klaim_n"]) if v != v or v == float("inf")]  # NaN: <5, inf: ≥5
    assert [exact["klaim_n"][i] for i in hidden] == [2, 3, 3, 3, 1]
    for metric in choropleth.METRICS:
        fig = choropleth.figure(geometry, seen, metric, selected=geometry.codes[0])
        spec = plotly.io.to_json(fig, validate=False)
        assert "coordinates" not in spec and '"FeatureCollection"' not in spec
        assert {t.geojson for t in fig.data if t.type == "choroplethmap"} == {geometry.geojson}
        assert list(fig.data[0].locations) == list(geometry.codes)
        texts = [choropleth.hover_text(code, values) for code, values in zip(fig.data[0].locations,
                                                                                 fig.data[0].customdata)]
        assert spec.count("Peserta aktif %{customdata[2]}") == 1  # the hover's words once, not with every shape
        assert fig.data[0].hovertemplate == choropleth.HOVER_TEMPLATE
        for i in hidden:
            assert fmt.rupiah(exact["klaim_idr"][i]) not in texts[i]
            assert f"Klaim tahun ini {fmt.HIDDEN}" in texts[i] or f"Klaim tahun ini {fmt.AT_LEAST}" in texts[i]
            if metric == "klaim_idr":
                assert fig.data[0].z[i] is None  # a hidden value gets no colour on the scale
    analyst = choropleth.figure(geometry, exact, "klaim_idr").data[0]
    analyst_texts = [choropleth.hover_text(code, values) for code, values in zip(analyst.locations, analyst.customdata)]
    assert all(f"Klaim tahun ini {fmt.rupiah(exact['klaim_idr'][i])}" in analyst_texts[i] for i in hidden)


def test_published_geometry_is_named_by_its_content_written_once_and_kept_small(tmp_path, monkeypatch):
    from ucj.reports import choropleth

    text = choropleth.collection_text('{"type":"Feature","id":"12.10","geometry":{"type":"Point","coordinates":[1,2]}}')
    name = choropleth.publish(text, tmp_path)
    path = tmp_path / name
    assert path.read_text() == text and name.endswith(".geojson")
    assert path.stat().st_mtime == choropleth.PUBLISHED_MTIME  # long fresh in the browser's cache
    assert choropleth.publish(text, tmp_path) == name and len(list(tmp_path.iterdir())) == 1
    other = choropleth.publish(choropleth.collection_text(""), tmp_path)
    assert other != name and len(list(tmp_path.glob("*.geojson"))) == 2
    # past the limit the oldest files go, never the one being written
    monkeypatch.setattr(choropleth, "PUBLISHED_LIMIT_BYTES", len(text) + 10)
    third = choropleth.publish(text.replace("12.10", "12.74"), tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.geojson")) == [third]
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("month", [dt.date(2025, 1, 1), dt.date(2025, 3, 1), dt.date(2024, 12, 1)])
def test_the_map_s_claims_are_those_paid_from_january_to_the_month(con, month):
    """peta_nilai reads claims already summed from January (mart_perbandingan_wilayah): per region at every level,
    the claims mart's months from January of the month's year to the month, both included, and nothing after."""
    from ucj import warehouse
    from ucj.access import OPERATOR

    expected = dict(((k, t), (n, idr)) for k, t, n, idr in con.execute("""
        select kode_wilayah, tingkat, cast(sum(jumlah_klaim) as integer), cast(sum(jumlah_idr) as bigint)
        from mart_klaim_wilayah_bulan
        where bulan between date_trunc('year', cast($bulan as date)) and $bulan
        group by all""", {"bulan": month}).fetchall())
    assert expected  # the demo has claims in these months
    for level in ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan"):
        rows = warehouse.read(con, "peta_nilai", OPERATOR, wilayah="ID", tingkat=level, bulan=month)
        assert rows.height > 0
        for kode, n, idr in rows.select("kode_wilayah", "klaim_n", "klaim_idr").iter_rows():
            assert (n, idr) == expected.get((kode, level), (0, 0)), (kode, level)


# ---------------------------------------------------------------------------------------------------------
# Issue 15, point 6: names beside the map, a way back up, and which regions the map cannot draw


def test_the_map_names_its_regions_in_a_table_ranked_by_the_colour(monkeypatch, with_boundaries):
    """Finding: no region names on or beside the map; a user could not find Rantau Utara without hovering over
    every shape (the figures were in a closed expander, in code order)."""
    at = peta(monkeypatch, with_boundaries, wilayah="12.10", periode="2025-03")
    assert any(m.value == "**Peringkat kecamatan menurut Cakupan UCJ (%)**" for m in at.markdown)
    ranked = at.dataframe[0].value
    assert ranked.columns[:3].to_list() == ["Peringkat", "Kode", "Wilayah"]
    assert ranked["Peringkat"].to_list() == list(range(1, 10))
    assert "Rantau Utara" in ranked["Wilayah"].to_list()
    con = duckdb.connect(str(with_boundaries), read_only=True)
    expected = [r[0] for r in con.execute(
        "select w.nama from mart_cakupan_wilayah_bulan as m join wilayah as w on w.kode = m.kode_wilayah "
        "where m.kode_induk = '12.10' and m.bulan = ? order by m.cakupan_pct desc, m.kode_wilayah",
        [dt.date(2025, 3, 1)]).fetchall()]
    con.close()
    assert ranked["Wilayah"].to_list() == expected
    at.segmented_control(key="peta_ukuran").set_value("kurang_ke_target").run()
    gaps = at.dataframe[0].value["Kurang ke target (orang)"].to_list()
    assert gaps == sorted(gaps, reverse=True)


def test_breadcrumbs_and_an_up_button_climb_back_without_the_sidebar(monkeypatch, with_boundaries):
    """Finding: no way back up a level except the sidebar."""
    at = peta(monkeypatch, with_boundaries, wilayah="12.10.02", periode="2025-03")
    labels = [b.label for b in at.button]
    assert {"Indonesia", "Sumatera Utara", "Kabupaten Labuhanbatu", "Naik satu tingkat"} <= set(labels)
    assert any(m.value == "**Rantau Selatan**" for m in at.markdown)
    at.button(key="peta_naik").click().run()
    assert not at.exception
    assert at.title[0].value == "Peta Kabupaten Labuhanbatu"
    assert at.query_params["wilayah"] == "12.10"
    at.button(key="peta_naik_12").click().run()
    assert at.title[0].value == "Peta Sumatera Utara"
    assert at.query_params["wilayah"] == "12"


def plain(markdown: str) -> str:
    """A sentence as read on screen: names are passed escaped (`literal`), shown as typed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_a_province_map_says_which_regions_it_cannot_draw(monkeypatch, with_boundaries):
    """Finding: at province level the map showed only the six regencies of the demo without saying so (Sumatera
    Utara has 33 kabupaten/kota in the national reference)."""
    at = peta(monkeypatch, with_boundaries, wilayah="12", periode="2025-03")
    warning = plain(" ".join(w.value for w in at.warning))
    assert "Peta menggambar 6 dari 33 kabupaten/kota di Sumatera Utara" in warning
    assert "27 kabupaten/kota lainnya tidak ada di gudang data (data demo hanya memuat sebagian wilayah" in warning
    assert "Kabupaten Nias (12.04)" in warning
    at = peta(monkeypatch, with_boundaries, wilayah="12.10", periode="2025-03")
    assert not at.warning  # every kecamatan of Labuhanbatu has its shape


def test_a_region_held_without_its_boundary_is_named(monkeypatch, with_boundaries):
    """A warehouse region whose shape was not loaded is named, and the ranked table still lists its figures."""
    con = duckdb.connect(str(with_boundaries))
    con.execute("delete from batas_wilayah where kode = '12.10.01'")
    con.close()
    at = peta(monkeypatch, with_boundaries, wilayah="12.10", periode="2025-03")
    warning = plain(" ".join(w.value for w in at.warning))
    assert "Peta menggambar 8 dari 9 kecamatan di Kabupaten Labuhanbatu: batas 1 kecamatan belum dimuat" in warning
    assert "(Rantau Utara (12.10.01))" in warning
    assert "Rantau Utara" in at.dataframe[0].value["Wilayah"].to_list()
