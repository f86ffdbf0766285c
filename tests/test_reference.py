"""The committed wilayah reference against the shared Kemendagri list."""
import csv

import polars as pl
import pytest
from conftest import SHARED

from ucj.warehouse.reference import read_wilayah_csv

REGENCIES = ("12.09", "12.10", "12.19", "12.22", "12.23", "12.74")


def test_reference_holds_the_six_regencies_with_labuhanbatus_published_structure():
    w = read_wilayah_csv()
    assert w.schema["kode"] == pl.String  # codes are text, never numbers
    labuhanbatu = w.filter(w["kode"].str.starts_with("12.10."))
    kecamatan = labuhanbatu.filter(labuhanbatu["tingkat"] == "kecamatan")
    desa = labuhanbatu.filter(labuhanbatu["tingkat"] == "desa_kelurahan")
    assert len(kecamatan) == 9
    assert sum(c.split(".")[-1].startswith("2") for c in desa["kode"]) == 75
    assert sum(c.split(".")[-1].startswith("1") for c in desa["kode"]) == 23
    assert sorted(w.filter(w["tingkat"] == "kabupaten_kota")["kode"]) == list(REGENCIES)


def test_reference_codes_match_the_shared_kemendagri_list():
    source = SHARED / "data" / "wilayah" / "wilayah_indonesia.csv"
    if not source.exists():
        pytest.skip(f"shared reference not present at {source}")
    with source.open(encoding="utf-8") as f:
        shared = {r["kode"]: r["tingkat"] for r in csv.DictReader(f)
                  if r["kode"] == "12" or r["kode"][:5] in REGENCIES}
    ours = dict(zip(*read_wilayah_csv().select("kode", "tingkat").to_dict(as_series=False).values()))
    assert ours == shared
