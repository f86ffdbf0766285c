"""Peta: the figures behind the map, and a desa's panel (coverage, segments, groups, enrolment, sponsorships).
The map itself is `ucj.reports.choropleth`."""
import plotly.graph_objects as go
import polars as pl

from ucj import fmt
from ucj.reports import charts
from ucj.reports.screens import Card, formatted, region_table

SEGMENT_COLUMNS = {"PU": "aktif_pu", "BPU": "aktif_bpu", "Jakon": "aktif_jakon", "PMI": "aktif_pmi"}


def figures_table(values: pl.DataFrame) -> pl.DataFrame:
    """The figures the map colours by (peta_nilai), one row per region."""
    return region_table(values, "kode_wilayah", "nama", "cakupan_pct", "peserta_aktif", "pekerja_wajib", "target_pct",
                        "kurang_ke_target", "klaim_idr")


def ranked(values: pl.DataFrame, metric: str) -> pl.DataFrame:
    """The regions on the map ranked by the figure it is coloured by, highest first (regions without it last, in
    code order), numbered from 1: the names a user looks for without hovering over every shape."""
    order = values.with_columns(pl.col(metric).cast(pl.Float64).alias("_urut")).sort(
        ["_urut", "kode_wilayah"], descending=[True, False], nulls_last=True)
    table = figures_table(order)
    return table.insert_column(0, pl.Series("Peringkat", range(1, table.height + 1), dtype=pl.Int64))


def trail(region: str, names: dict[str, str], may_open) -> list[tuple[str, str, bool]]:
    """The way from Indonesia down to `region` (breadcrumbs): (code, name, whether the account may open it) for
    Indonesia ('ID') and every region above `region`, then `region` itself; `names` maps each code to its name."""
    parts = region.split(".") if region != "ID" else []
    codes = ["ID"] + [".".join(parts[: i + 1]) for i in range(len(parts))]
    return [(code, names.get(code, code), bool(may_open(code))) for code in codes]


def undrawn(drawn: int, without_shape: pl.DataFrame, not_held: pl.DataFrame, level_label: str, region_name: str,
            is_demo: bool, shown: int = 6) -> str:
    """One sentence on the regions of this level inside the area the map does not draw ('' when it draws them all):
    those whose boundary is not loaded (`without_shape`: kode, nama) and those the warehouse does not hold at all
    (`not_held`, from the national reference: the demo's six regencies of a province of 33), a few names of each
    and how many in all."""
    def some(frame: pl.DataFrame) -> str:
        names = [f"{n} ({k})" for k, n in zip(frame["kode"].head(shown), frame["nama"].head(shown))]
        rest = frame.height - len(names)
        return ", ".join(names) + (f" dan {fmt.number(rest)} lainnya" if rest else "")

    if without_shape.is_empty() and not_held.is_empty():
        return ""
    level = level_label.lower()
    total = drawn + without_shape.height + not_held.height
    parts = [f"Peta menggambar {fmt.number(drawn)} dari {fmt.number(total)} {level} di {region_name}"]
    if not without_shape.is_empty():
        parts.append(f"batas {fmt.number(without_shape.height)} {level} belum dimuat ({some(without_shape)}); "
                     "angkanya, bila ada, tercantum di tabel peringkat")
    if not not_held.is_empty():
        held_by = "data demo hanya memuat sebagian wilayah" if is_demo else "gudang data belum memuat wilayahnya"
        parts.append(f"{fmt.number(not_held.height)} {level} lainnya tidak ada di gudang data ({held_by}: "
                     f"{some(not_held)})")
    return ": ".join(parts[:1]) + ": " + "; ".join(parts[1:]) + "."


def shapes_without_figures(shapes: pl.DataFrame, values: pl.DataFrame) -> int:
    """Shapes drawn grey: regions on the map with no coverage figures."""
    return shapes.height - values.join(shapes.select(pl.col("kode").alias("kode_wilayah")), on="kode_wilayah").height


def panel_cards(cover: dict) -> list[Card]:
    """A desa's UCJ %, active participants and workers who should be covered (a cakupan_wilayah_bulan row)."""
    return [Card("Cakupan UCJ", fmt.pct(cover["cakupan_pct"])),
            Card("Peserta aktif", fmt.number(cover["peserta_aktif"])),
            Card("Pekerja wajib", fmt.number(cover["pekerja_wajib"]))]


def per_segment(cover: dict, segment_names: dict[str, str]) -> pl.DataFrame:
    """Active participants per segment, named as segment_names names them, in its order."""
    return pl.DataFrame({"Segmen": list(segment_names.values()),
                         "Peserta aktif": [cover[SEGMENT_COLUMNS[s]] for s in segment_names]})


def per_group(groups: pl.DataFrame) -> pl.DataFrame:
    return groups.select(pl.col("nama").alias("Kelompok"), pl.col("peserta_aktif").alias("Peserta aktif"))


def enrolment(trend: pl.DataFrame) -> tuple[go.Figure, pl.DataFrame]:
    """New participants of all segments per month (tren_peserta_segmen), a small bar chart."""
    monthly = trend.group_by("bulan").agg(pl.col("peserta_baru").sum()).sort("bulan")
    months = monthly["bulan"].to_list()
    fig = go.Figure(go.Bar(x=months, y=monthly["peserta_baru"].to_list(),
                           customdata=charts.month_hover(months, monthly["peserta_baru"]),
                           hovertemplate="%{customdata[0]}: %{customdata[1]} peserta baru<extra></extra>"))
    charts.style(fig, months, height=200)
    return fig, monthly.select(formatted("Bulan", months, fmt.month), pl.col("peserta_baru").alias("Peserta baru"))


def sponsorships(sponsors: pl.DataFrame) -> pl.DataFrame:
    """Sponsorships covering the desa's participants on the period's last day (sponsor_peserta_wilayah)."""
    return sponsors.select(
        pl.col("nama").alias("Perjanjian"), pl.col("sumber_dana").alias("Sumber dana"),
        formatted("Berakhir", sponsors["selesai"].to_list(), fmt.date), pl.col("peserta").alias("Peserta"))
