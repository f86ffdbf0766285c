"""Region boundaries: read real boundary files, repair and simplify them, store them for the map.

Formats: GeoJSON, GeoPackage, zipped Shapefile, and the MySQL dump of cahyadsn/wilayah_boundaries
(whose `path` column holds `[[lat, lng], ...]`, latitude first). Shapes are keyed by Kemendagri code.
Invalid polygons are repaired; each level is simplified as a coverage, so neighbours keep their shared
edges; kecamatan and kabupaten shapes are dissolved from desa when the file has only desa.
"""
import datetime as dt
import hashlib
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping

from ucj import access, warehouse
from ucj.errors import UserError
from ucj.warehouse import write

LEVEL_BY_PARTS = {1: "provinsi", 2: "kabupaten_kota", 3: "kecamatan", 4: "desa_kelurahan"}
# Simplification tolerance in degrees per level (1e-4 degree is about 11 m at the equator), for the zoom at which
# the level is drawn. DETAIL: the shapes of a kabupaten/kota or smaller area (a map about 50 km across: a pixel
# is 0,0005 to 0,001 degree); OVERVIEW: the same level across a province (a pixel is about 0,005 degree) or,
# for provinsi, across Indonesia (about 0,05 degree). Either stays under a fifth of a pixel at the zoom it is
# first drawn at, so zooming in twice or more still shows no corners.
TOLERANCE = {"desa_kelurahan": 0.0002, "kecamatan": 0.0005, "kabupaten_kota": 0.001, "provinsi": 0.002}
OVERVIEW_TOLERANCE = {"desa_kelurahan": 0.001, "kecamatan": 0.001, "kabupaten_kota": 0.002, "provinsi": 0.01}
# decimals kept: about a metre for the detail, about 11 m for the overview (a twentieth of its tolerance or less)
DECIMALS = {"detail": 5, "overview": 4}
CODE_COLUMNS = ("kode", "kode_wilayah", "kode_desa", "kd_desa", "kode_kec", "kode_kab", "kdepum", "id", "code")
UPSTREAM_URL = "https://raw.githubusercontent.com/cahyadsn/wilayah_boundaries/main/db/kel/{prov}/wilayah_boundaries_kel_{kab}.sql"
_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")



@dataclass
class LoadReport:
    source: str
    read: int = 0
    repaired: int = 0
    merged: int = 0  # features joined because they carried the same code
    stored: dict[str, int] = field(default_factory=dict)  # level -> shapes stored
    derived: dict[str, int] = field(default_factory=dict)  # level -> shapes dissolved from desa
    not_in_reference: list[str] = field(default_factory=list)  # codes in the file, not in the warehouse
    without_boundary: list[str] = field(default_factory=list)  # desa in the warehouse without a shape

    def lines(self) -> list[str]:
        out = [f"Dibaca {self.read} bentuk dari {self.source}; {self.repaired} diperbaiki karena tidak valid."]
        if self.merged:
            out.append(f"{self.merged} bentuk bergabung dengan bentuk lain yang berkode sama (wilayah berpulau).")
        for level, n in self.stored.items():
            out.append(f"  {level}: {n} bentuk dari berkas")
        for level, n in self.derived.items():
            out.append(f"  {level}: {n} bentuk digabung dari wilayah di bawahnya")
        if self.not_in_reference:
            out.append(f"Kode di berkas tetapi tidak di referensi wilayah ({len(self.not_in_reference)}): "
                       + ", ".join(self.not_in_reference[:10]) + (" …" if len(self.not_in_reference) > 10 else ""))
        if self.without_boundary:
            out.append(f"Desa/kelurahan di gudang data tanpa batas wilayah ({len(self.without_boundary)}): "
                       + ", ".join(self.without_boundary[:10]) + (" …" if len(self.without_boundary) > 10 else ""))
        return out


# ---------------------------------------------------------------------------------------------
# Reading


def normalise_code(value) -> str | None:
    """'12.10.01.2001', '1210012001' or 1210012001 -> '12.10.01.2001'; anything else -> None."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    if _CODE.match(text):
        return text
    if text.isdigit() and len(text) in (2, 4, 6, 10):
        parts = [text[:2], text[2:4], text[4:6], text[6:10]]
        return ".".join(p for p in parts if p)
    return None


def read_file(path: Path, code_column: str | None = None) -> gpd.GeoDataFrame:
    """Any supported file -> GeoDataFrame with columns kode, nama (may be empty), geometry in EPSG:4326."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Berkas batas wilayah {path} tidak ditemukan; periksa jalurnya.")
    suffix = path.suffix.lower()
    try:
        if suffix == ".sql":
            frame = read_upstream_sql(path.read_text(encoding="utf-8", errors="replace"))
        elif suffix in (".geojson", ".json", ".gpkg", ".zip", ".shp"):
            frame = gpd.read_file(path)
        else:
            raise UserError(f"Format berkas {path.name} tidak dikenal; gunakan GeoJSON, GeoPackage, Shapefile "
                            "dalam .zip atau berkas SQL wilayah_boundaries.")
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001  (GDAL and JSON errors of many kinds)
        raise UserError(f"Berkas {path.name} tidak dapat dibaca sebagai batas wilayah ({type(exc).__name__}); "
                        "periksa bahwa berkas itu utuh dan formatnya benar.") from exc
    if frame.empty:
        raise UserError(f"Berkas {path.name} tidak berisi satu pun bentuk wilayah.")
    column = code_column or _guess_code_column(frame)
    if column not in frame.columns:
        raise UserError(f"Kolom kode '{column}' tidak ada di {path.name}; kolom yang ada: "
                        f"{', '.join(c for c in frame.columns if c != 'geometry')}. Pilih dengan --code-column.")
    codes = frame[column].map(normalise_code)
    if codes.isna().all():
        raise UserError(f"Kolom '{column}' di {path.name} tidak berisi kode wilayah Kemendagri; "
                        "pilih kolom yang benar dengan --code-column.")
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    elif frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    name_column = next((c for c in ("nama", "name", "NAMOBJ", "nama_desa") if c in frame.columns), None)
    out = gpd.GeoDataFrame({"kode": codes, "nama": frame[name_column] if name_column else None},
                           geometry=frame.geometry.values, crs="EPSG:4326")
    out = out[out["kode"].notna() & out.geometry.notna()].reset_index(drop=True)
    check_coordinates(out, path.name)
    return out


def check_coordinates(frame: gpd.GeoDataFrame, file_name: str) -> None:
    """Every vertex a longitude and a latitude: one point off the Earth (latitude 95, longitude 200, NaN,
    infinity) makes a shape the map cannot draw (Peta failed on it), and NaN slips past the bounding-box audit
    (batas_di_luar_bumi) because no comparison with NaN is true. Refused here, before anything is stored."""
    points, owner = shapely.get_coordinates(frame.geometry.values, return_index=True)
    with np.errstate(invalid="ignore"):
        off = ~np.isfinite(points).all(axis=1) | (np.abs(points[:, 0]) > 180) | (np.abs(points[:, 1]) > 90)
    if off.any():
        kode = frame["kode"].iloc[int(owner[off.argmax()])]
        raise UserError(f"Bentuk wilayah {kode} di {file_name} punya titik di luar bujur -180 sampai 180 dan "
                            "lintang -90 sampai 90 (atau tanpa angka); perbaiki koordinatnya atau pakai berkas "
                            "berderajat (EPSG:4326) lalu muat lagi.")


def _guess_code_column(frame: pd.DataFrame) -> str:
    for column in CODE_COLUMNS + tuple(frame.columns):
        if column in frame.columns and column != "geometry":
            sample = frame[column].head(50).map(normalise_code)
            if sample.notna().mean() > 0.8:
                return column
    raise UserError("Tidak ada kolom berisi kode wilayah Kemendagri di berkas ini; sebutkan kolomnya dengan "
                    "--code-column NAMA.")


_ROW = re.compile(r"\(\s*'([0-9.]+)'\s*,\s*'((?:[^'\\]|\\.|'')*)'\s*,\s*(-?[0-9.]+)\s*,\s*(-?[0-9.]+)\s*,"
                  r"\s*'(\[.*?\])'\s*\)", re.S)


def read_upstream_sql(text: str) -> gpd.GeoDataFrame:
    """The MySQL dump of cahyadsn/wilayah_boundaries: (kode, nama, lat, lng, path), path latitude first.

    A path nested three deep is a list of rings, filled even-odd (a ring inside another is a hole, as
    the upstream's map draws it); four deep is a list of polygons, each an outer ring and its holes.
    """
    rows = []
    for kode, nama, _lat, _lng, path in _ROW.findall(text):
        rows.append({"kode": kode, "nama": nama.replace("''", "'").replace("\\'", "'"),
                     "geometry": _path_to_geometry(json.loads(path))})
    if not rows:
        raise UserError("Berkas SQL ini tidak berisi baris INSERT wilayah_boundaries (kode, nama, lat, lng, path).")
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _ring(points) -> list[tuple[float, float]]:
    return [(float(lng), float(lat)) for lat, lng in points]  # the upstream writes latitude first


def _path_to_geometry(path):
    depth, probe = 0, path
    while isinstance(probe, list) and probe:
        depth, probe = depth + 1, probe[0]
    if depth == 2:
        return Polygon(_ring(path))
    if depth == 3:
        shape = None
        for ring in path:
            if len(ring) < 3:
                continue
            part = shapely.make_valid(Polygon(_ring(ring)))
            shape = part if shape is None else shape.symmetric_difference(part)
        return shape
    if depth == 4:
        return MultiPolygon([Polygon(_ring(p[0]), [_ring(h) for h in p[1:]]) for p in path if len(p[0]) >= 3])
    raise UserError("Kolom path di berkas SQL tidak berbentuk daftar titik [[lat, lng], ...].")


# ---------------------------------------------------------------------------------------------
# Repairing, dissolving, simplifying


def _polygonal(geometry):
    """Keep only the areas of a geometry (make_valid may leave lines or points behind)."""
    if geometry is None or geometry.is_empty:
        return None
    if isinstance(geometry, (Polygon, MultiPolygon)):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    return shapely.union_all(parts) if parts else None


def repair(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int]:
    invalid = ~frame.geometry.is_valid
    fixed = frame.copy()
    fixed.loc[invalid, "geometry"] = [_polygonal(shapely.make_valid(g, method="structure", keep_collapsed=False))
                                      for g in frame.geometry[invalid]]
    fixed = fixed[fixed.geometry.notna() & ~fixed.geometry.is_empty]
    return fixed.reset_index(drop=True), int(invalid.sum())


def with_parents(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, dict[str, int]]:
    """Add kecamatan, kabupaten and provinsi shapes dissolved from the finest level when they are missing."""
    frame = frame.assign(tingkat=frame["kode"].map(lambda c: LEVEL_BY_PARTS[len(c.split("."))]),
                         is_turunan=False)
    derived = {}
    for parts, level in ((3, "kecamatan"), (2, "kabupaten_kota"), (1, "provinsi")):
        children = frame[frame["kode"].map(lambda c: len(c.split(".")) == parts + 1)]
        present = set(frame.loc[frame["tingkat"] == level, "kode"])
        children = children[~children["kode"].map(lambda c: ".".join(c.split(".")[:parts])).isin(present)]
        if children.empty:
            continue
        parents = (children.assign(kode=children["kode"].map(lambda c: ".".join(c.split(".")[:parts])))
                   .dissolve(by="kode", as_index=False)[["kode", "geometry"]])
        parents["geometry"] = [_polygonal(g) for g in parents.geometry]
        parents = parents.assign(nama=None, tingkat=level, is_turunan=True)
        derived[level] = len(parents)
        frame = pd.concat([frame, parents], ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326"), derived


def simplify(frame: gpd.GeoDataFrame, tolerances: dict[str, float] = TOLERANCE) -> list:
    """Simplify each level as one coverage: shared edges are simplified once, so no gaps or slivers."""
    simplified = [None] * len(frame)
    for level, tolerance in tolerances.items():
        index = frame.index[frame["tingkat"] == level]
        if len(index) == 0:
            continue
        geoms = frame.geometry.loc[index].values
        try:
            result = shapely.coverage_simplify(geoms, tolerance)
        except shapely.errors.GEOSException:  # not a clean coverage (overlaps): simplify one by one
            result = shapely.simplify(geoms, tolerance, preserve_topology=True)
        for i, geometry in zip(index, result):
            simplified[i] = geometry if geometry is not None and not geometry.is_empty else frame.geometry.loc[i]
    return simplified


# ---------------------------------------------------------------------------------------------
# Storing


def geojson_text(geometry, decimals: int) -> str:
    """A geometry as compact GeoJSON text with its coordinates rounded: finer digits than the simplification
    keeps only make the map heavier to send and draw."""
    rounded = shapely.transform(geometry, lambda xy: np.round(xy, decimals))
    return json.dumps(mapping(rounded), separators=(",", ":"))


def load(con: warehouse.Connection, path: Path, code_column: str | None = None) -> LoadReport:
    """Read, repair and store the shapes of a file, replacing stored shapes with the same codes.

    Parent shapes that no file gave are dissolved again from all stored shapes below them, and every
    level is simplified again as a whole, so shapes from several files still share their edges.
    Runs in one transaction: a failure leaves the boundaries as they were.
    """
    frame = read_file(path, code_column)
    report = LoadReport(source=Path(path).name, read=len(frame))
    frame, report.repaired = repair(frame)
    report.merged = int(frame["kode"].duplicated().sum())
    if report.merged:  # a region drawn in several features (a desa and its island): one shape
        frame = frame.dissolve(by="kode", as_index=False, aggfunc="first")
        frame["geometry"] = [_polygonal(g) for g in frame.geometry]
    frame = frame.assign(sumber=report.source).reset_index(drop=True)
    with write.transaction(con) as w:
        w.create_schema()  # warehouses built before boundaries existed lack the tables
        kept = w.read("batas_tersimpan").rows()
        _store(w, frame, kept, report, Path(path))
    return report


def _store(w: write.Writer, frame: gpd.GeoDataFrame, kept: list, report: LoadReport, path: Path) -> None:
    kept = [(k, shapely.from_wkb(wkb), src) for k, wkb, src in kept if k not in set(frame["kode"])]
    if kept:
        earlier = gpd.GeoDataFrame({"kode": [k for k, _, _ in kept], "nama": None,
                                    "sumber": [src for _, _, src in kept]},
                                   geometry=[g for _, g, _ in kept], crs="EPSG:4326")
        frame = gpd.GeoDataFrame(pd.concat([frame, earlier], ignore_index=True), geometry="geometry", crs="EPSG:4326")
    frame, derived = with_parents(frame)
    frame["sumber"] = frame["sumber"].fillna("digabung dari desa")
    # both drawings of every shape are made here, once per load: no request simplifies or dissolves
    detail = simplify(frame, TOLERANCE)
    overview = simplify(frame, OVERVIEW_TOLERANCE)
    bounds = frame.geometry.bounds
    centre = frame.geometry.representative_point()
    now = dt.datetime.now()
    rows = pd.DataFrame({
        "kode": frame["kode"], "tingkat": frame["tingkat"],
        "kode_induk": frame["kode"].map(lambda c: ".".join(c.split(".")[:-1]) or None),
        "geojson": [geojson_text(g, DECIMALS["detail"]) for g in detail],
        "geojson_ringkas": [geojson_text(g, DECIMALS["overview"]) for g in overview],
        "wkb": [shapely.to_wkb(g) for g in frame.geometry],
        "lon_min": bounds["minx"], "lat_min": bounds["miny"], "lon_max": bounds["maxx"], "lat_max": bounds["maxy"],
        "lon_tengah": centre.x, "lat_tengah": centre.y, "is_turunan": frame["is_turunan"].astype(bool),
        "sumber": frame["sumber"], "dimuat_at": now,
    })
    from_file = rows["sumber"] == report.source
    for level in LEVEL_BY_PARTS.values():
        n = int(((rows["tingkat"] == level) & from_file).sum())
        if n:
            report.stored[level] = n
    report.derived = derived
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    w.replace("batas_wilayah", rows)
    w.log_boundaries(report.source, digest, now, int(from_file.sum()))
    report.not_in_reference = w.read("batas_di_luar_referensi", sumber=report.source)["kode"].to_list()
    report.without_boundary = w.read("desa_tanpa_batas")["kode"].to_list()


def loaded_digest(con: warehouse.Connection, path: Path) -> bool:
    """Whether this exact file was loaded already (same name and content)."""
    if not warehouse.has_table(con, "batas_sumber"):
        return False
    loaded = warehouse.read(con, "batas_sumber_dimuat", access.OPERATOR, sumber=Path(path).name,
                            sha256=hashlib.sha256(Path(path).read_bytes()).hexdigest())
    return loaded.item(0, "kali") > 0


# ---------------------------------------------------------------------------------------------
# Downloading from the upstream


def download(regions: list[str], folder: Path, base_url: str = UPSTREAM_URL,
             progress: Callable[[str, int, int | None], None] | None = None, timeout: float = 30) -> list[Path]:
    """Fetch the upstream SQL files of these kabupaten/kota (desa/kelurahan level) into folder."""
    codes = []
    for region in regions:
        code = normalise_code(region)
        if code is None or len(code.split(".")) != 2:
            raise UserError(f"'{region}' bukan kode kabupaten/kota; unduhan per kabupaten/kota, misalnya 12.10.")
        codes.append(code)
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for code in codes:
        url = base_url.format(prov=code[:2], kab=code)
        target = folder / f"wilayah_boundaries_kel_{code}.sql"
        partial = target.with_suffix(".sql.part")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, partial.open("wb") as out:  # noqa: S310
                total = int(response.headers.get("Content-Length") or 0) or None
                done = 0
                while chunk := response.read(64 * 1024):
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(code, done, total)
        except urllib.error.HTTPError as exc:
            partial.unlink(missing_ok=True)
            raise UserError(f"Sumber batas wilayah menjawab {exc.code} untuk {code}; periksa kodenya atau coba "
                            "lagi nanti.") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise UserError("Tidak ada koneksi ke sumber batas wilayah (cahyadsn/wilayah_boundaries); sambungkan "
                            "ke internet atau unduh berkasnya di tempat lain lalu muat dengan "
                            "'python -m ucj boundaries load BERKAS'.") from exc
        partial.replace(target)
        saved.append(target)
    return saved
