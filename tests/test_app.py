"""The app's start, driven by Streamlit's AppTest: demo build, filters from and to the URL, the overview."""
from pathlib import Path

import pytest

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")


@pytest.fixture()
def app(demo_copy, monkeypatch):
    from streamlit.testing.v1 import AppTest

    # a copy per test: the app holds a connection open on its file
    monkeypatch.setenv("UCJ_DB", str(demo_copy))
    return AppTest.from_file(DASHBOARD, default_timeout=60)


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_a_link_reproduces_the_view_with_the_published_figures(app):
    app.query_params["wilayah"] = "12.10"
    app.query_params["periode"] = "2025-03"
    app.run()
    assert not app.exception
    shown = metrics(app)
    assert shown["Cakupan UCJ"] == "36,48%"
    assert shown["Peserta aktif"] == "66.234"
    assert shown["Pekerja wajib terlindungi"] == "181.567"
    assert app.title[0].value == "Ringkasan Kabupaten Labuhanbatu"
    assert app.session_state["pilih_kabupaten_kota"] == "12.10"
    assert any("Data demo" in c.value for c in app.caption)


def test_choosing_a_kecamatan_updates_the_figures_and_the_url(app):
    app.query_params["wilayah"] = "12.10"
    app.query_params["periode"] = "2025-03"
    app.run()
    app.selectbox(key="pilih_kecamatan").select("12.10.01").run()
    assert not app.exception
    assert app.query_params["wilayah"] == ["12.10.01"] or app.query_params["wilayah"] == "12.10.01"
    assert app.title[0].value == "Ringkasan Rantau Utara"
    assert metrics(app)["Peserta aktif"] != "66.234"
    app.selectbox(key="pilih_kabupaten_kota").select("12.74").run()
    assert app.title[0].value == "Ringkasan Kota Tanjungbalai"
    assert app.selectbox(key="pilih_kecamatan").value == ""  # a new regency starts at all its kecamatan


def test_changing_the_period_changes_the_figures(app):
    app.query_params["wilayah"] = "12.10"
    app.query_params["periode"] = "2025-03"
    app.run()
    app.selectbox(key="pilih_periode").select("2024-03").run()
    assert metrics(app)["Cakupan UCJ"] != "36,48%"
    assert "2024-03" in str(app.query_params["periode"])


def test_an_unknown_region_in_the_url_is_reported_not_fatal(app):
    app.query_params["wilayah"] = "99.99"
    app.query_params["periode"] = "1999-01"
    app.run()
    assert not app.exception
    assert len(app.warning) >= 1
    assert app.title[0].value.startswith("Ringkasan")


def test_a_fresh_clone_builds_the_demo_warehouse_on_first_start(tmp_path, monkeypatch):
    path = tmp_path / "data" / "ucj.duckdb"
    monkeypatch.setenv("UCJ_DB", str(path))
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(DASHBOARD, default_timeout=300)
    at.run()
    assert not at.exception
    assert path.exists()
    assert metrics(at)["Cakupan UCJ"].endswith("%")
