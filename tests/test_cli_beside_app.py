"""The command line reads a warehouse the dashboard has open (issue 15, point 10): `summary` and `briefing` work
while `streamlit run` serves it and a session has just read it, as the README says."""
from browser import streamlit_server
from conftest import run_cli
from ws_user import open_page


def test_summary_and_briefing_work_while_the_dashboard_reads_the_warehouse(copy_demo, tmp_path):
    db = copy_demo()
    with streamlit_server(db) as url:
        view = open_page(url, "", "wilayah=12.10&periode=2025-03")
        assert not view.failed and any("36,48%" in text for text in view.texts)
        summary = run_cli("summary", "--region", "12.10", "--as-of", "2025-03-31", "--db", str(db))
        briefing = run_cli("briefing", "--region", "12.10", "--as-of", "2025-03-31", "--format", "pdf",
                           "-o", str(tmp_path / "bahan.pdf"), "--db", str(db))
    assert summary.returncode == 0, summary.stderr
    assert "36,48%" in summary.stdout and "66.234" in summary.stdout
    assert briefing.returncode == 0, briefing.stderr
    assert (tmp_path / "bahan.pdf").read_bytes().startswith(b"%PDF")


def test_a_warehouse_another_program_writes_is_one_sentence_saying_what_to_do(copy_demo):
    """Only a program holding the file open for writing (a warehouse from before versions, opened directly) keeps
    the command line out; the sentence says so and what to do, and does not blame the dashboard."""
    import duckdb

    db = copy_demo()  # a plain file: not yet published in versions
    holder = duckdb.connect(str(db))
    try:
        result = run_cli("summary", "--region", "12.10", "--as-of", "2025-03-31", "--db", str(db))
    finally:
        holder.close()
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "sedang dibuka untuk ditulis oleh program lain" in result.stderr, result.stderr
    assert "tunggu sampai program itu selesai" in result.stderr and "dasbor" not in result.stderr
