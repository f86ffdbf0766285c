"""Reference data: Kemendagri wilayah codes and the worker groups."""
import functools

import polars as pl

from ucj.paths import REFERENCE_DIR

REFERENCE_VERSION = "idn-area-data 4.0.1"
REFERENCE_SOURCE = "npm idn-area-data 4.0.1 (ODbL), kode Kemendagri; lihat data/reference/SOURCE.md"
# Every region of Indonesia (38 provinsi, 514 kabupaten/kota, 7.285 kecamatan, 83.762 desa/kelurahan) from the
# same package: what a real warehouse starts with (`python -m ucj init`).
NATIONAL_FILE = "wilayah_nasional.csv.gz"

LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")

# Indonesia as a whole, above the provinces (whose kode_induk stays null): every warehouse has this row
# (ucj.warehouse.marts.ensure_national, at every mart build) and every mart with per-region rows has its total.
NATIONAL = {"kode": "ID", "nama": "Indonesia", "tingkat": "nasional"}

# code, name, whether regions target the group for sponsored cover (the 'pekerja rentan' groups)
WORKER_GROUPS = (
    ("guru_honorer", "Guru honorer", True),
    ("kader_posyandu", "Kader posyandu", True),
    ("kader_desa", "Kader desa", True),
    ("kepala_lingkungan", "Kepala lingkungan", True),
    ("perangkat_desa", "Perangkat desa dan BPD", True),
    ("pekerja_rentan", "Pekerja rentan (usulan)", True),
    ("nelayan", "Nelayan", False),
    ("pekerja_sawit", "Pekerja sawit", False),
    ("petani", "Petani", False),
    ("pedagang", "Pedagang", False),
    ("ojek", "Pengemudi ojek", False),
    ("tukang", "Tukang", False),
    ("buruh_harian", "Buruh harian lepas", False),
    ("umkm", "Pelaku UMKM", False),
    ("karyawan_swasta", "Karyawan swasta", False),
    ("pegawai_non_asn", "Pegawai non-ASN", False),
    ("pekerja_konstruksi", "Pekerja konstruksi", False),
    ("pekerja_migran", "Pekerja migran", False),
    ("lainnya", "Lainnya", False),
)


def read_wilayah_csv(path=None) -> pl.DataFrame:
    """kode,nama,tingkat,kode_induk, read as text (codes must never pass through a number)."""
    return pl.read_csv(path or REFERENCE_DIR / "wilayah.csv", infer_schema=False)


def read_national_csv() -> pl.DataFrame:
    return read_wilayah_csv(REFERENCE_DIR / NATIONAL_FILE)


def national_regions(area: str, level: str) -> pl.DataFrame:
    """Every region of Indonesia at `level` inside `area` ('ID': all Indonesia) by the national reference the
    product ships, whatever a warehouse holds: what the demo leaves out of a province. kode, nama in code order."""
    every = _national_by_level().get(level)
    if every is None:
        return pl.DataFrame(schema={"kode": pl.String, "nama": pl.String})
    if area == NATIONAL["kode"]:
        return every
    return every.filter(pl.col("kode").str.starts_with(area + "."))


@functools.cache
def _national_by_level() -> dict[str, pl.DataFrame]:
    national = read_national_csv().select("kode", "nama", "tingkat").sort("kode")
    return {level: part.drop("tingkat") for (level,), part in national.partition_by("tingkat", as_dict=True).items()}


def with_ancestors(wilayah: pl.DataFrame) -> pl.DataFrame:
    parts = pl.col("kode").str.split(".")
    depth = parts.list.len()
    return wilayah.with_columns(
        kode_provinsi=parts.list.get(0),
        kode_kabupaten=pl.when(depth >= 2).then(parts.list.slice(0, 2).list.join(".")),
        kode_kecamatan=pl.when(depth >= 3).then(parts.list.slice(0, 3).list.join(".")),
        is_kelurahan=(depth == 4) & parts.list.get(-1).str.starts_with("1"),
        kode_induk=pl.col("kode_induk").replace("", None),
    )
