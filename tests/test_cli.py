"""The command line: errors are one Indonesian sentence on stderr, exit code 2, and nothing written."""
import hashlib
import json

import pytest
from conftest import run_cli


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("args, words", [
    (["--region", "12.99", "--as-of", "2025-03-31"], "Kode wilayah 12.99 tidak ada"),
    (["--region", "12.10.01.9999", "--as-of", "2025-03-31"], "tidak ada di referensi"),
    (["--region", "Labuhanbatu", "--as-of", "2025-03-31"], "bukan kode wilayah"),
    (["--region", "12.10", "--as-of", "31-03-2025"], "bukan tanggal yang sah"),
    (["--region", "12.10", "--as-of", "2025-02-30"], "bukan tanggal yang sah"),
    (["--region", "12.10", "--as-of", "2025-03-31", "--claims-from", "2025-13-01"], "bukan tanggal yang sah"),
    (["--region", "12.10", "--as-of", "2025-03-31", "--claims-from", "2025-03-01", "--claims-to", "2025-02-01"],
     "tukar kedua tanggal"),
    (["--region", "12.10", "--as-of", "2019-12-31"], "di luar rentang data"),
    (["--region", "12.10"], "argumen wajib belum diberikan"),
])
def test_bad_summary_input_is_one_indonesian_sentence_and_exit_2(demo_db, args, words):
    before = digest(demo_db)
    result = run_cli("summary", *args, "--db", str(demo_db))
    assert result.returncode == 2
    assert result.stdout == ""
    assert words in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert digest(demo_db) == before


def test_missing_warehouse_is_reported_and_not_created(tmp_path):
    missing = tmp_path / "tidak-ada.duckdb"
    result = run_cli("summary", "--region", "12.10", "--as-of", "2025-03-31", "--db", str(missing))
    assert result.returncode == 2
    assert "Gudang data tidak ditemukan" in result.stderr and "python -m ucj demo" in result.stderr
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_ucj_db_environment_variable_names_the_warehouse(demo_db):
    result = run_cli("summary", "--region", "12.10", "--as-of", "2025-03-31", "--json", env={"UCJ_DB": str(demo_db)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["active_participants"] == 66_234


def test_summary_json_has_the_documented_keys_at_every_level(demo_db):
    for code, level in (("12", "provinsi"), ("12.10", "kabupaten_kota"), ("12.10.01", "kecamatan"),
                        ("12.10.01.1001", "desa_kelurahan")):
        result = run_cli("summary", "--region", code, "--as-of", "2025-03-31", "--db", str(demo_db), "--json")
        s = json.loads(result.stdout)
        assert s["region_level"] == level
        assert {"region_code", "region_name", "as_of", "active_participants", "eligible_workers", "coverage_pct",
                "claims", "claims_total"} <= set(s)
        assert set(s["claims"]) == {"JKK", "JKM", "JHT", "JP", "JKP", "beasiswa"}
        assert all(set(c) == {"count", "amount_idr"} for c in s["claims"].values())
        assert s["as_of"] == "2025-03-31" and s["claims_from"] == "2025-01-01"  # claims default to the year to date


def test_summary_text_is_formatted_for_indonesia_and_labelled_demo(demo_db):
    result = run_cli("summary", "--region", "12.10", "--as-of", "2025-03-31", "--claims-from", "2024-01-01",
                     "--claims-to", "2025-03-31", "--db", str(demo_db))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Data demo"
    for text in ("Kabupaten Labuhanbatu (12.10), per 31 Maret 2025", "66.234", "181.567", "36,48%",
                 "5.002 klaim", "Rp105,2 miliar", "1 Januari 2024 sampai 31 Maret 2025"):
        assert text in result.stdout


def test_demo_refuses_to_overwrite_a_file_that_is_not_a_demo_warehouse(tmp_path):
    other = tmp_path / "ucj.duckdb"
    other.write_bytes(b"bukan gudang data")
    result = run_cli("demo", "--db", str(other))
    assert result.returncode == 2 and "demo tidak menimpanya" in result.stderr
    assert other.read_bytes() == b"bukan gudang data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ucj.duckdb"]


def test_demo_rejects_a_last_month_too_early_for_the_published_figures(tmp_path):
    result = run_cli("demo", "--db", str(tmp_path / "x.duckdb"), "--last-month", "2025-06")
    assert result.returncode == 2 and "paling awal Februari 2026" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_demo_rejects_a_last_month_after_the_last_one_drawn(tmp_path):
    result = run_cli("demo", "--db", str(tmp_path / "x.duckdb"), "--last-month", "2030-01")
    assert result.returncode == 2 and "paling lambat 2029-12" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_help_lists_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "demo" in result.stdout and "summary" in result.stdout


def test_summary_warns_when_desa_lack_a_denominator(demo_copy):
    import duckdb

    from ucj.warehouse import marts

    copy = demo_copy
    con = duckdb.connect(str(copy))
    con.execute("delete from pekerja_wajib where kode_desa = '12.10.01.1001'")
    marts.build_marts(con)  # as a load does: the marts (the coverage mart, the denominators in desa order) follow
    con.close()
    result = run_cli("summary", "--region", "12.10", "--as-of", "2025-03-31", "--db", str(copy), "--json")
    assert json.loads(result.stdout)["desa_without_eligible"] == 1
    text = run_cli("summary", "--region", "12.10", "--as-of", "2025-03-31", "--db", str(copy)).stdout
    assert "1 desa belum punya angka pekerja wajib" in text


# argparse's own English, as it words a mistake or a help page; none of it may reach a user
ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments", "argument ", "choose from", "invalid", "expected",
                    "required", "unrecognized", "ambiguous", "could match", "show this help", "error:")


@pytest.mark.parametrize("args, words", [
    (["laporan"], ["'laporan' tidak dikenal", "'summary'", "python -m ucj --help"]),
    ([], ["PERINTAH", "python -m ucj --help"]),
    (["summary", "--region", "12.10", "--as-of", "2025-03-31", "--wilayah", "12.10"],
     ["argumen tidak dikenal: --wilayah", "python -m ucj summary --help"]),
    (["summary", "--region"], ["--region", "nilainya belum diberikan", "python -m ucj summary --help"]),
    (["summary", "--region", "12.10"], ["argumen wajib belum diberikan: --as-of"]),
    (["load", "nasabah", "a.csv"], ["'nasabah' tidak dikenal", "'peserta'", "python -m ucj load --help"]),
    (["serve", "--workers", "dua"], ["'dua' bukan bilangan bulat", "python -m ucj serve --help"]),
    (["summary", "--region", "12.10", "--as-of", "2025-03-31", "--claims", "2024-01-01"],
     ["--claims", "--claims-from, --claims-to"]),
    (["users", "hapus", "ani"], ["'hapus' tidak dikenal", "python -m ucj users --help"]),
])
def test_a_command_line_mistake_is_one_indonesian_sentence_and_exit_2(capsys, args, words):
    from ucj.cli import main

    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("Perintah tidak dapat dibaca")
    for word in words:
        assert word in err, (word, err)
    assert not [english for english in ARGPARSE_ENGLISH if english in err], err


@pytest.mark.parametrize("args", [[], ["summary"], ["users"], ["users", "add"], ["boundaries", "load"]])
def test_help_is_in_indonesian(capsys, args):
    from ucj.cli import main

    with pytest.raises(SystemExit) as exit_:
        main([*args, "--help"])
    assert exit_.value.code == 0
    out, _ = capsys.readouterr()
    assert out.startswith("penggunaan: python -m ucj") and "-h, --help" in out
    assert "tampilkan bantuan ini lalu keluar" in out
    assert "opsi:" in out
    assert not [english for english in ARGPARSE_ENGLISH if english in out], out
