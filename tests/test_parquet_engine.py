"""The warehouse exported as partitioned Parquet answers every query in queries/ exactly as the warehouse does:
the same SQL runs unchanged on files another engine could read (docs/scale.md)."""
import pytest
from polars.testing import assert_frame_equal

import duckdb
from ucj import warehouse
from ucj.access import OPERATOR
from ucj.warehouse import parquet, reading

from test_queries import sample  # the sample parameters every query is run with there


@pytest.fixture(scope="module")
def both(demo_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("parquet") / "gudang"
    source = warehouse.open_warehouse(demo_db)
    written = parquet.export(source, folder, partition_from_rows=1)  # every table with a region column split
    files = duckdb.connect()
    parquet.attach(files, folder)
    yield source, files, written, folder
    files.close()
    source.close()


def test_every_table_is_written_and_split_by_province(both):
    source, files, written, folder = both
    assert set(written) == set(parquet.tables(source))
    for table, rows in written.items():
        assert files.execute(f"select count(*) from {table}").fetchone()[0] == rows
        column = parquet.region_column(source, table)
        if column and rows:
            expected = {f"provinsi={code}" for (code,) in source.execute(
                f"select distinct split_part({column}, '.', 1) from {table}").fetchall()}
            assert {p.name for p in (folder / table).iterdir()} == expected, table
        else:
            assert [p.name for p in (folder / table).iterdir()] == ["data.parquet"], table


@pytest.mark.parametrize("name", reading.query_names())
def test_every_query_gives_the_same_rows_on_parquet(both, name):
    source, files, _, _ = both
    expected = warehouse.read(source.cursor(), name, OPERATOR, **sample(name))
    got = warehouse.read(files.cursor(), name, OPERATOR, **sample(name))
    assert got.columns == expected.columns
    # sums of doubles may add in another order across files: equal to the last few bits
    assert_frame_equal(got, expected, check_row_order=False, check_exact=False, rel_tol=1e-12)


def test_an_existing_folder_is_never_written_into(both, tmp_path):
    source = both[0]
    (tmp_path / "meta").mkdir()
    with pytest.raises(FileExistsError):
        parquet.export(source, tmp_path)
    assert list((tmp_path / "meta").iterdir()) == []


def test_a_region_filter_reads_only_that_province_s_files(tmp_path):
    """What makes the layout scale out: a filter on the province reads only its folder's files. The demo is one
    province, so three are made here."""
    con = duckdb.connect()
    con.execute("create table mart_contoh as select (['12', '33', '91'])[1 + range % 3] || '.10.01.200' || (range % 7) "
                "as kode_wilayah, range as nilai from range(3000)")
    parquet.export(con, tmp_path, partition_from_rows=1)
    pattern = str(tmp_path / "mart_contoh" / "*" / "*.parquet")
    filtered = con.execute("select count(*), count(distinct filename) from read_parquet(?, hive_partitioning = true, "
                           "filename = true) where provinsi = '33'", [pattern]).fetchone()
    own = con.execute("select count(*) from read_parquet(?)",
                      [str(tmp_path / "mart_contoh" / "provinsi=33" / "*.parquet")]).fetchone()[0]
    assert filtered == (own, 1) and own == 1000
    assert {p.name for p in (tmp_path / "mart_contoh").iterdir()} == {"provinsi=12", "provinsi=33", "provinsi=91"}
