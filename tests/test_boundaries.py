"""Boundary files: every format, repair, dissolve, coverage-preserving simplification, reports, CLI."""
import http.server
import socket
import threading
import zipfile
from functools import partial

import duckdb
import pytest
from conftest import SHARED, lazy_import, run_cli

from ucj.warehouse import write
from ucj.errors import UserError

# geopandas and shapely load when a test first uses them, not when the tests are collected
gpd = lazy_import("geopandas")
shapely = lazy_import("shapely")
boundaries = lazy_import("ucj.ingest.boundaries")


def box(*bounds):
    return shapely.box(*bounds)


def Polygon(*args):  # noqa: N802 (shapely's name)
    return shapely.Polygon(*args)

WILAYAH = SHARED / "data" / "wilayah"


def shared(name):
    path = WILAYAH / name
    if not path.exists():
        pytest.skip(f"shared boundary data not present at {path}")
    return path


@pytest.fixture()
def warehouse(demo_copy):
    con = duckdb.connect(str(demo_copy))
    yield con
    con.close()


def tiny_desa(tmp_path, name="tiny.geojson", **kwargs):
    """Four desa of one kecamatan on a 2x2 grid, one drawn as a self-intersecting bow tie."""
    shapes = {
        "12.10.01.1001": box(100.00, 2.00, 100.01, 2.01),
        "12.10.01.1002": box(100.01, 2.00, 100.02, 2.01),
        "12.10.01.1003": box(100.00, 2.01, 100.01, 2.02),
        # a bow tie over the fourth cell: invalid as drawn, as real files have
        "12.10.01.1004": Polygon([(100.01, 2.01), (100.02, 2.02), (100.02, 2.01), (100.01, 2.02)]),
    }
    frame = gpd.GeoDataFrame({"kode": list(shapes)}, geometry=list(shapes.values()), crs="EPSG:4326")
    path = tmp_path / name
    frame.to_file(path, **kwargs)
    return path, frame


def test_upstream_sql_is_read_latitude_first(tmp_path):
    frame = boundaries.read_file(shared("upstream_sql/wilayah_boundaries_kel_12.74.sql"))
    assert len(frame) == 31 and frame["kode"].str.startswith("12.74.").all()
    minx, miny, maxx, maxy = frame.total_bounds
    assert 99.7 < minx < maxx < 99.9 and 2.9 < miny < maxy < 3.1  # Tanjungbalai: lon 99,8 E, lat 2,97 N


def test_upstream_sql_agrees_with_the_published_geojson(tmp_path):
    sql = boundaries.read_file(shared("upstream_sql/wilayah_boundaries_kel_12.10.sql")).set_index("kode")
    geo = gpd.read_file(shared("labuhanbatu_raya_desa.geojson")).set_index("kode")
    common = sql.index.intersection(geo.index)
    assert len(common) == 98
    a = sql.loc[common].to_crs(32647).geometry.buffer(0).area
    b = geo.loc[common].to_crs(32647).geometry.buffer(0).area
    assert ((a - b).abs() / b).median() < 0.05  # the geojson is a simplified copy of the same shapes


def test_geojson_geopackage_and_zipped_shapefile_read_alike(tmp_path):
    _, frame = tiny_desa(tmp_path)
    gpkg = tmp_path / "tiny.gpkg"
    frame.to_file(gpkg, driver="GPKG")
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    frame.rename(columns={"kode": "KODE_DESA"}).to_file(shp_dir / "desa.shp")
    archive = tmp_path / "desa.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for part in shp_dir.iterdir():
            z.write(part, part.name)
    for path in (tmp_path / "tiny.geojson", gpkg, archive):
        read = boundaries.read_file(path)
        assert sorted(read["kode"]) == sorted(frame["kode"]), path.name


def test_codes_without_dots_and_an_explicit_code_column(tmp_path):
    frame = gpd.GeoDataFrame({"id_bps": ["x"] * 2, "kd": ["1210011001", "1210011002"]},
                             geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326")
    path = tmp_path / "nodots.geojson"
    frame.to_file(path)
    assert list(boundaries.read_file(path, "kd")["kode"]) == ["12.10.01.1001", "12.10.01.1002"]
    assert list(boundaries.read_file(path)["kode"]) == ["12.10.01.1001", "12.10.01.1002"]  # found by itself
    with pytest.raises(UserError, match="tidak berisi kode wilayah"):
        boundaries.read_file(path, "id_bps")


@pytest.mark.parametrize("content, words", [
    (b"bukan json", "tidak dapat dibaca"),
    (b'{"type":"FeatureCollection","features":[]}', "tidak berisi satu pun"),
])
def test_unreadable_files_are_one_sentence(tmp_path, content, words):
    path = tmp_path / "rusak.geojson"
    path.write_bytes(content)
    with pytest.raises(UserError, match=words):
        boundaries.read_file(path)


def test_load_repairs_dissolves_and_reports(warehouse, tmp_path):
    path, _ = tiny_desa(tmp_path)
    report = boundaries.load(warehouse, path)
    assert report.read == 4 and report.repaired == 1
    assert report.stored == {"desa_kelurahan": 4}
    assert report.derived == {"kecamatan": 1, "kabupaten_kota": 1, "provinsi": 1}
    assert len(report.without_boundary) == 628 - 4  # the demo's other desa
    assert report.not_in_reference == []
    rows = dict(warehouse.execute("select kode, wkb from batas_wilayah").fetchall())
    geoms = {k: shapely.from_wkb(v) for k, v in rows.items()}
    assert all(g.is_valid for g in geoms.values())
    # the kecamatan is the union of its desa
    assert geoms["12.10.01"].area == pytest.approx(shapely.union_all([geoms[k] for k in rows if k.count(".") == 3]).area)


def test_codes_missing_from_the_reference_are_reported(warehouse, tmp_path):
    frame = gpd.GeoDataFrame({"kode": ["12.10.01.1001", "12.99.01.2001"]},
                             geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326")
    path = tmp_path / "asing.geojson"
    frame.to_file(path)
    report = boundaries.load(warehouse, path)
    assert "12.99.01.2001" in report.not_in_reference and "12.10.01.1001" not in report.not_in_reference


def test_real_desa_keep_shared_edges_after_simplification(warehouse):
    report = boundaries.load(warehouse, shared("labuhanbatu_raya_desa.geojson"))
    assert report.repaired == 12 and report.stored["desa_kelurahan"] == 628 and report.without_boundary == []
    rows = warehouse.execute("select kode, geojson, wkb from batas_wilayah where tingkat = 'desa_kelurahan' "
                             "and kode like '12.10.%'").fetchall()
    simple = gpd.GeoSeries([shapely.from_geojson(g) for _, g, _ in rows], crs=4326).to_crs(32647)
    full = gpd.GeoSeries([shapely.from_wkb(w) for _, _, w in rows], crs=4326).to_crs(32647)
    assert all(simple.is_valid)
    # the source itself overlaps a little (0,38%); simplifying adds no overlap and opens no gap
    union = shapely.union_all(simple.values).area
    full_union = shapely.union_all(full.values).area
    overlap_simple = (simple.area.sum() - union) / union
    overlap_full = (full.area.sum() - full_union) / full_union
    assert abs(overlap_simple - overlap_full) < 1e-4
    assert abs(union - full_union) / full_union < 0.005
    assert sum(len(shapely.get_coordinates(g)) for g in simple) < sum(len(shapely.get_coordinates(g)) for g in full)


def test_a_clean_coverage_stays_a_coverage_when_simplified(warehouse, tmp_path):
    # two desa sharing a finely wiggled edge: simplified, they must still meet exactly, no gap, no overlap
    wiggle = [(100.0 + 0.00002 * (i % 2), 2.0 + i * 0.0005) for i in range(41)]
    left = Polygon([(99.98, 2.0)] + wiggle + [(99.98, 2.02)])
    right = Polygon([wiggle[0], (100.02, 2.0), (100.02, 2.02), wiggle[-1]] + wiggle[-2:0:-1])
    frame = gpd.GeoDataFrame({"kode": ["12.10.01.1001", "12.10.01.1002"]}, geometry=[left, right], crs="EPSG:4326")
    assert shapely.coverage_is_valid(frame.geometry.values)
    path = tmp_path / "wiggle.geojson"
    frame.to_file(path)
    boundaries.load(warehouse, path)
    shown = [shapely.from_geojson(g) for (g,) in warehouse.execute(
        "select geojson from batas_wilayah where tingkat = 'desa_kelurahan' order by kode").fetchall()]
    assert shapely.coverage_is_valid(shown)
    assert sum(len(shapely.get_coordinates(g)) for g in shown) < sum(len(shapely.get_coordinates(g)) for g in frame.geometry)
    assert shapely.union_all(shown).area == pytest.approx(shown[0].area + shown[1].area, rel=1e-9)


def test_loading_a_regency_keeps_the_others_and_the_province_whole(warehouse):
    boundaries.load(warehouse, shared("labuhanbatu_raya_desa.geojson"))
    province = warehouse.execute("select wkb from batas_wilayah where kode = '12'").fetchone()[0]
    boundaries.load(warehouse, shared("upstream_sql/wilayah_boundaries_kel_12.74.sql"))
    assert warehouse.execute("select count(*) from batas_wilayah where tingkat = 'desa_kelurahan'").fetchone()[0] == 628
    after = warehouse.execute("select wkb from batas_wilayah where kode = '12'").fetchone()[0]
    assert shapely.from_wkb(after).area == pytest.approx(shapely.from_wkb(province).area, rel=0.01)
    assert warehouse.execute("select sumber from batas_wilayah where kode = '12.74.01.1001'").fetchone()[0] \
        == "wilayah_boundaries_kel_12.74.sql"


def test_kabupaten_read_from_a_file_are_not_replaced_by_dissolved_ones(warehouse):
    boundaries.load(warehouse, shared("sumut_kabupaten_kota.geojson"))
    boundaries.load(warehouse, shared("labuhanbatu_raya_desa.geojson"))
    rows = dict(warehouse.execute("select is_turunan, count(*) from batas_wilayah where tingkat = 'kabupaten_kota' "
                                  "group by 1").fetchall())
    assert rows == {False: 33}


def test_a_file_in_metres_read_as_degrees_is_refused_and_nothing_changes(warehouse, tmp_path):
    """Shapes outside longitude and latitude cannot be drawn, so the load is refused: in one sentence when the
    file is read (issue 13), before the audit of every write (batas_di_luar_bumi) would see them."""
    path, _ = tiny_desa(tmp_path)
    boundaries.load(warehouse, path)
    before = warehouse.execute("select count(*), sum(length(geojson)) from batas_wilayah").fetchone()
    from shapely.geometry import box

    # UTM-like metres written into a GeoJSON, which is degrees by definition
    metres = gpd.GeoDataFrame({"kode": ["12.10.02.2001"]}, geometry=[box(580_000, 220_000, 581_000, 221_000)],
                              crs="EPSG:4326")
    metres.to_file(tmp_path / "metres.geojson")
    with pytest.raises(UserError, match=r"^Bentuk wilayah 12\.10\.02\.2001 di metres\.geojson punya titik di luar "):
        boundaries.load(warehouse, tmp_path / "metres.geojson")
    assert warehouse.execute("select count(*), sum(length(geojson)) from batas_wilayah").fetchone() == before


def test_a_failed_load_leaves_the_boundaries_as_they_were(warehouse, tmp_path, monkeypatch):
    path, _ = tiny_desa(tmp_path)
    boundaries.load(warehouse, path)
    before = warehouse.execute("select count(*), sum(length(geojson)) from batas_wilayah").fetchone()

    def fails_late(*args, **kwargs):
        """The last write of the load fails: after the shapes were replaced."""
        raise duckdb.IOException("disk full")

    monkeypatch.setattr(write.Writer, "log_boundaries", fails_late)
    with pytest.raises(duckdb.IOException):
        boundaries.load(warehouse, shared("labuhanbatu_raya_desa.geojson"))
    assert warehouse.execute("select count(*), sum(length(geojson)) from batas_wilayah").fetchone() == before


def test_cli_load_prints_the_report_and_errors_exit_2(demo_copy, tmp_path):
    db = demo_copy
    path, _ = tiny_desa(tmp_path)
    ok = run_cli("boundaries", "load", str(path), "--db", str(db))
    assert ok.returncode == 0 and "diperbaiki karena tidak valid" in ok.stdout
    for args, words in ((["boundaries", "load", str(tmp_path / "tidak-ada.geojson")], "tidak ditemukan"),
                        (["boundaries", "load", str(path), "--code-column", "nama_salah"], "tidak ada di"),
                        (["boundaries", "download", "--region", "12", "--folder", str(tmp_path / "dl")],
                         "bukan kode kabupaten/kota")):
        result = run_cli(*args, "--db", str(db))
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "dl").exists()  # a bad code is refused before anything is written


@pytest.fixture()
def upstream_server():
    """The upstream's folder layout served on loopback, from the shared copies of its files."""
    root = shared("upstream_sql")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/wilayah_boundaries_kel_{{kab}}.sql"
    server.shutdown()


def test_download_fetches_each_regency_and_loads_it(demo_copy, tmp_path, upstream_server):
    db = demo_copy
    result = run_cli("boundaries", "download", "--region", "12.10", "12.74", "--folder", str(tmp_path / "dl"),
                     "--db", str(db), env={"UCJ_BOUNDARIES_URL": upstream_server})
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == [
        "wilayah_boundaries_kel_12.10.sql", "wilayah_boundaries_kel_12.74.sql"]
    assert "12.10: " in result.stderr and "MB" in result.stderr  # progress
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from batas_wilayah where tingkat = 'desa_kelurahan'").fetchone()[0] == 98 + 31
    con.close()


def test_download_without_a_connection_says_so(demo_copy, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    db = demo_copy
    result = run_cli("boundaries", "download", "--region", "12.10", "--folder", str(tmp_path / "dl"), "--db", str(db),
                     env={"UCJ_BOUNDARIES_URL": f"http://127.0.0.1:{closed_port}/{{kab}}.sql"})
    assert result.returncode == 2 and "Tidak ada koneksi" in result.stderr
    assert not any((tmp_path / "dl").glob("*.sql"))


def test_features_sharing_a_code_become_one_shape(warehouse, tmp_path):
    frame = gpd.GeoDataFrame({"kode": ["12.10.01.1001", "12.10.01.1001"]},
                             geometry=[box(100, 2, 100.01, 2.01), box(100.05, 2, 100.06, 2.01)], crs="EPSG:4326")
    path = tmp_path / "pulau.geojson"
    frame.to_file(path)
    report = boundaries.load(warehouse, path)
    assert report.merged == 1 and any("berkode sama" in line for line in report.lines())
    (wkb,) = warehouse.execute("select wkb from batas_wilayah where kode = '12.10.01.1001'").fetchone()
    assert shapely.from_wkb(wkb).area == pytest.approx(2 * 0.01 * 0.01)


def test_the_map_geometry_is_made_at_load_for_each_level_and_zoom(warehouse):
    """Issue 14: every level's drawing is made at load, twice (the detail for a kabupaten or smaller, the overview
    for a province or Indonesia), valid, within its tolerance of the full shape, rounded, and ready to send."""
    import json
    import re

    from ucj.reports import choropleth
    from ucj.warehouse import reading

    source = gpd.read_file(shared("labuhanbatu_raya_desa.geojson"))
    boundaries.load(warehouse, shared("labuhanbatu_raya_desa.geojson"))
    rows = warehouse.execute("select kode, tingkat, geojson, geojson_ringkas, wkb, is_turunan from batas_wilayah "
                             "order by kode").fetchall()
    by_level = {}
    for kode, level, *_ in rows:
        by_level.setdefault(level, []).append(kode)
    codes = set(source["kode"].map(boundaries.normalise_code))
    assert set(by_level["desa_kelurahan"]) == codes and len(codes) == 628
    # parents dissolved from the desa: every parent of a desa, and nothing else
    assert set(by_level["kecamatan"]) == {c.rsplit(".", 1)[0] for c in codes}
    assert set(by_level["kabupaten_kota"]) == {"12.09", "12.10", "12.19", "12.22", "12.23", "12.74"}
    assert by_level["provinsi"] == ["12"]
    full = {kode: shapely.from_wkb(wkb) for kode, _, _, _, wkb, _ in rows}
    for kecamatan in ("12.10.02", "12.74.01"):
        desa = shapely.union_all([g for k, g in full.items() if k.startswith(kecamatan + ".")])
        assert full[kecamatan].symmetric_difference(desa).area < 1e-9 * desa.area

    drawn_area = {}
    for kode, level, detail, overview, _, _ in rows:
        for column, text, tolerance, decimals in (
                ("detail", detail, boundaries.TOLERANCE[level], boundaries.DECIMALS["detail"]),
                ("overview", overview, boundaries.OVERVIEW_TOLERANCE[level], boundaries.DECIMALS["overview"])):
            drawn = shapely.from_geojson(text)
            assert drawn.geom_type in ("Polygon", "MultiPolygon") and not drawn.is_empty, kode
            # within its tolerance: every corner drawn lies within it of the full shape (what simplification drops,
            # a sliver or an islet smaller than the tolerance, is bounded by the areas below)
            corners = shapely.points(shapely.get_coordinates(drawn))
            assert shapely.distance(corners, full[kode]).max() <= tolerance, (kode, column)
            assert not re.search(r"\.\d{%d,}" % (decimals + 1), text), (kode, column, "coordinates not rounded")
            drawn_area[level, column] = drawn_area.get((level, column), 0) + drawn.area
    for level in by_level:
        full_area = sum(full[k].area for k in by_level[level])
        assert drawn_area[level, "detail"] == pytest.approx(full_area, rel=0.005), level
        assert drawn_area[level, "overview"] == pytest.approx(full_area, rel=0.02), level
    coordinates = {column: sum(len(shapely.get_coordinates(shapely.from_geojson(r[column]))) for r in rows
                               if r[1] == "desa_kelurahan") for column in (2, 3)}
    assert coordinates[3] < 0.6 * coordinates[2]  # the overview of 628 desa is much lighter than their detail

    # the read a map makes: one FeatureCollection text, joined from stored text, features keyed by code only
    for name, area, expected, column in (("peta_geometri", "12.10", 98, 2), ("peta_geometri_ringkas", "12", 628, 3)):
        assert reading.query(name).region_param == "wilayah"
        row = warehouse_read(warehouse, name, area).row(0, named=True)
        collection = json.loads(choropleth.collection_text(row["fitur"]))
        assert [f["id"] for f in collection["features"]] == row["kode"] == sorted(
            k for k in by_level["desa_kelurahan"] if k.startswith(area + "."))
        assert len(row["kode"]) == row["bentuk"] == expected
        stored = {r[0]: r[column] for r in rows}
        assert all(json.dumps(f["geometry"], separators=(",", ":")) == stored[f["id"]] for f in collection["features"])
        assert {key for f in collection["features"] for key in f} == {"type", "id", "geometry"}
        box_of_shapes = shapely.union_all([full[k] for k in row["kode"]]).bounds
        assert (row["lon_min"], row["lat_min"], row["lon_max"], row["lat_max"]) == pytest.approx(box_of_shapes)


def warehouse_read(con, name, area):
    from ucj import access, warehouse as wh

    return wh.read(con, name, access.OPERATOR, wilayah=area, tingkat="desa_kelurahan")


def test_boundaries_loaded_before_the_overview_still_draw_and_a_new_load_adds_it(warehouse, tmp_path):
    """A warehouse whose shapes were stored before issue 14 has no overview drawing: the overview read falls back
    to the detail, and the next load (schema first) makes it."""
    path, _ = tiny_desa(tmp_path)
    boundaries.load(warehouse, path)
    warehouse.execute("update batas_wilayah set geojson_ringkas = null")
    row = warehouse_read(warehouse, "peta_geometri_ringkas", "12").row(0, named=True)
    assert row["bentuk"] == 4 and row["fitur"].count('"Feature"') == 4
    boundaries.load(warehouse, path)
    assert warehouse.execute("select count(*) from batas_wilayah where geojson_ringkas is null").fetchone() == (0,)
