"""docs/data-contract.md against the code it documents (datasette's habit: a meta-test that everything is
documented), the templates of every kind, and the national wilayah reference that `init` loads."""
import csv
import gzip
import io
import re
from collections import Counter

import openpyxl
import pytest
from conftest import ROOT, SHARED

from ucj import warehouse
from ucj.ingest import extracts, nik
from ucj.paths import REFERENCE_DIR
from ucj.warehouse import loading
from ucj.warehouse.reference import LEVELS, NATIONAL_FILE

DOC = ROOT / "docs" / "data-contract.md"


def contract() -> str:
    return DOC.read_text(encoding="utf-8")


def part(text: str, heading: str) -> str:
    """The text under a heading line (exactly as written, with its #s) up to the next heading of any level."""
    found = re.search(rf"^{re.escape(heading)}\n(.*?)(?=^#|\Z)", text, re.MULTILINE | re.DOTALL)
    assert found, f"docs/data-contract.md has no heading {heading!r}"
    return found.group(1)


def table_rows(text: str) -> dict[str, list[str]]:
    """First cell (a `code`) -> the row's cells, for every table row of the text."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        first = re.fullmatch(r"`([^`]+)`", cells[0]) if line.startswith("| `") else None
        if first:
            assert first.group(1) not in rows, f"{first.group(1)} is documented twice in one table"
            rows[first.group(1)] = cells
    return rows


@pytest.mark.parametrize("kind", list(extracts.KINDS.values()), ids=list(extracts.KINDS))
def test_every_kind_is_in_the_overview_and_has_a_section_stating_its_key(kind):
    text = contract()
    overview = table_rows(part(text, "## The eight kinds"))
    assert kind.name in overview
    section = part(text, f"### `{kind.name}`")
    stated = re.search(r"\*\*Key\*\*: ((?:`[a-z_]+`(?:, )?)+)", section)
    assert stated, f"the {kind.name} section does not state its key"
    key = tuple(re.findall(r"`([a-z_]+)`", stated.group(1)))
    assert key == kind.key == loading.SPECS[kind.name].key


@pytest.mark.parametrize("kind", list(extracts.KINDS.values()), ids=list(extracts.KINDS))
def test_every_column_is_documented_with_whether_it_is_required_and_every_header_recognised(kind):
    documented = table_rows(part(contract(), f"### `{kind.name}`"))
    assert list(documented) == [c.name for c in kind.columns]  # every column, in the file's order, nothing else
    for column in kind.columns:
        cells = documented[column.name]
        assert cells[1] == ("yes" if column.required else "no"), column.name
        listed = re.findall(r"`([^`]+)`", cells[-1])
        assert listed == list(column.aliases), f"{kind.name}.{column.name}: headers recognised differ"


def test_every_reason_code_is_documented_with_its_sentence():
    documented = table_rows(part(contract(), "## Reason codes"))
    assert {code: cells[1] for code, cells in documented.items()} == extracts.REASONS


def test_every_field_of_the_json_report_is_documented():
    plan = loading.Plan(kind="peserta", rows_read=0, loaded=0, updated=0, unchanged=0, rejected=0, duplicates=0,
                        reasons={}, rejected_rows=[], columns={})
    fields = [*plan.report(), "file"]  # the command line adds the file's name
    documented = table_rows(part(contract(), "## The report"))
    assert sorted(documented) == sorted(fields)


def test_the_documented_order_loads_offices_before_their_targets_and_participants_before_claims():
    order = part(contract(), "## Order of loading")
    sensible = re.search(r"A sensible first load: (.*)\.", order).group(1)
    kinds = re.findall(r"`([a-z-]+)`", sensible)
    assert sorted(kinds) == sorted(extracts.KINDS)
    assert kinds.index("kantor") < kinds.index("target-kantor")
    assert kinds.index("peserta") < kinds.index("klaim")


@pytest.mark.parametrize("kind", list(extracts.KINDS.values()), ids=list(extracts.KINDS))
def test_every_kind_has_a_template_with_the_canonical_header_and_an_example(kind):
    book = openpyxl.load_workbook(io.BytesIO(extracts.template_xlsx(kind)))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == [c.name for c in kind.columns]
    assert list(rows[1]) == [c.example or None for c in kind.columns]  # an empty example is an empty cell
    notes = list(book["keterangan"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[1]) for r in notes] == [(c.name, "ya" if c.required else "tidak") for c in kind.columns]


def _load_template(con, kind_name: str, folder):
    kind = extracts.KINDS[kind_name]
    path = folder / f"templat_{kind_name}.xlsx"
    path.write_bytes(extracts.template_xlsx(kind))
    opened = extracts.open_file(con, path, kind)
    try:
        return loading.load(con, opened.source, kind, opened.mapping, opened.headers, file_sha256=opened.sha256,
                            by="uji", label=path.name, key=nik.configured_key() if kind.needs_nik_key else None)
    finally:
        opened.close()


def test_the_template_examples_pass_every_check_in_the_documented_order(real_db, tmp_path):
    order = re.findall(r"`([a-z-]+)`", re.search(r"A sensible first load: (.*)\.",
                                                part(contract(), "## Order of loading")).group(1))
    con = warehouse.open_warehouse(real_db, read_only=False)
    try:
        for kind_name in order:
            plan = _load_template(con, kind_name, tmp_path)
            assert (plan.rows_read, plan.loaded, plan.rejected, plan.reasons, plan.committed) == (1, 1, 0, {}, True), \
                kind_name
        stored = {table: con.execute(f"select count(*) from {table}").fetchone()[0] for table in (
            "kantor_cabang", "kantor_wilayah", "target_peserta_baru", "peserta", "klaim", "rekap_peserta",
            "pekerja_wajib_kabupaten", "target_ucj", "perjanjian_sponsor")}
    finally:
        con.close()
    assert set(stored.values()) == {1}, stored


# ---------------------------------------------------------------------------------------------
# The national wilayah reference (data/reference/wilayah_nasional.csv.gz, see data/reference/SOURCE.md)


def national() -> list[dict[str, str]]:
    with gzip.open(REFERENCE_DIR / NATIONAL_FILE, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_national_reference_holds_every_region_once_under_a_parent_it_holds():
    rows = national()
    assert list(rows[0]) == ["kode", "nama", "tingkat", "kode_induk"]
    assert Counter(r["tingkat"] for r in rows) == {"provinsi": 38, "kabupaten_kota": 514, "kecamatan": 7285,
                                                   "desa_kelurahan": 83762}
    codes = {r["kode"]: r for r in rows}
    assert len(codes) == len(rows) == 91599
    shape = {"provinsi": r"\d{2}", "kabupaten_kota": r"\d{2}\.\d{2}", "kecamatan": r"\d{2}\.\d{2}\.\d{2}",
             "desa_kelurahan": r"\d{2}\.\d{2}\.\d{2}\.\d{4}"}
    for row in rows:
        assert re.fullmatch(shape[row["tingkat"]], row["kode"]), row
        assert row["nama"].strip(), row
        if row["tingkat"] == "provinsi":
            assert row["kode_induk"] == "", row
            continue
        parent = codes.get(row["kode_induk"])
        assert parent is not None, f"{row['kode']}: parent {row['kode_induk']} missing"
        assert row["kode"].rsplit(".", 1)[0] == parent["kode"]
        assert LEVELS.index(parent["tingkat"]) == LEVELS.index(row["tingkat"]) - 1


# desa/kelurahan in idn-area-data 4.0.1 that the shared Kepmendagri list lacks, per kabupaten/kota (516 in all).
# The shared list carries a centroid per code and comes from a boundary repository; every code it has is in the
# national reference at the same level under the same parent.
ONLY_IN_NATIONAL = {
    "11.16": 3, "11.73": 1, "13.06": 10, "13.08": 25, "13.12": 71, "14.72": 3, "15.09": 17, "16.03": 2, "16.06": 2,
    "16.07": 8, "16.74": 8, "18.09": 4, "18.12": 7, "19.05": 2, "21.04": 2, "33.05": 1, "33.27": 1, "35.01": 1,
    "35.78": 1, "52.02": 15, "52.07": 1, "53.03": 1, "53.07": 34, "53.09": 55, "61.01": 2, "61.09": 7, "61.12": 6,
    "63.10": 8, "73.15": 1, "73.22": 1, "73.24": 1, "74.02": 1, "74.71": 1, "81.09": 2, "82.01": 4, "82.71": 1,
    "91.10": 1, "92.03": 149, "93.04": 3, "94.02": 2, "94.03": 11, "94.05": 5, "95.04": 34, "96.01": 1,
}


def test_the_national_reference_agrees_with_the_shared_kemendagri_list_except_516_desa():
    source = SHARED / "data" / "wilayah" / "wilayah_indonesia.csv"
    if not source.exists():
        pytest.skip(f"shared reference not present at {source}")
    with source.open(encoding="utf-8", newline="") as f:
        shared = {r["kode"]: (r["tingkat"], r["kode_induk"]) for r in csv.DictReader(f)}
    ours = {r["kode"]: (r["tingkat"], r["kode_induk"]) for r in national()}
    assert {code: ours.get(code) for code in shared} == shared  # every shared code, same level and parent
    extra = set(ours) - set(shared)
    assert {ours[code][0] for code in extra} == {"desa_kelurahan"}
    assert Counter(code[:5] for code in extra) == ONLY_IN_NATIONAL
    assert len(extra) == sum(ONLY_IN_NATIONAL.values()) == 516
