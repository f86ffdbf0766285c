"""The briefing preview's pictures drawn in a process beside the app's (ucj.reports.picture_worker): the same bytes
as drawn in the app process, another process really draws them, and a worker that dies or fails costs no picture."""
import datetime as dt
import os
import signal

import duckdb
import pytest

from conftest import lazy_import

from ucj import access, settings

# matplotlib is loaded when a test runs, not when the tests are collected (tests/test_collection.py)
documents = lazy_import("ucj.reports.documents")
picture_worker = lazy_import("ucj.reports.picture_worker")


@pytest.fixture
def arguments(demo_copy, tmp_path):
    """The three pictures' arguments of a real briefing (kecamatan 12.10.01 with four desa boundaries: a map)."""
    from test_boundaries import tiny_desa

    from ui import briefing

    con = duckdb.connect(str(demo_copy))
    from ucj.ingest import boundaries
    boundaries.load(con, tiny_desa(tmp_path)[0])
    con.close()
    march = dt.date(2025, 3, 31)
    b = briefing.gathered(briefing.Request(str(demo_copy), access.Viewer.for_role("demo", "admin"), "12.10.01", march,
                                           dt.date(2025, 1, 1), march, settings.BPU_JKK_JKM_MONTHLY_IDR))
    return {"trend_picture": (tuple(b.trend), b.as_of, b.target_pct),
            "claims_picture": (tuple(b.claims_rows()),),
            "map_picture": (b.shapes, tuple(b.band_limits))}


def test_the_worker_draws_the_same_pictures_in_another_process(arguments):
    for name, args in arguments.items():
        here = getattr(documents, name)(*args)
        assert here, name  # every picture of this briefing has something to draw
        assert picture_worker.draw(name, *args) == here, name
    assert picture_worker.WORKER.pid not in (None, os.getpid())


def test_a_worker_that_dies_is_replaced_and_no_picture_is_lost(arguments):
    args = arguments["claims_picture"]
    expected = documents.claims_picture(*args)
    assert picture_worker.draw("claims_picture", *args) == expected
    started = picture_worker.WORKER.started
    os.kill(picture_worker.WORKER.pid, signal.SIGKILL)
    assert picture_worker.draw("claims_picture", *args) == expected  # drawn here or by a new worker
    assert picture_worker.draw("claims_picture", *args) == expected
    assert picture_worker.WORKER.started == started + 1


def test_a_request_the_worker_cannot_draw_fails_as_it_would_in_the_app():
    with pytest.raises(TypeError):
        picture_worker.draw("claims_picture", 12345)  # not rows: the worker fails, the app draws and meets it
    with pytest.raises(ValueError):
        picture_worker.draw("pdf", None)  # only the preview's pictures go to the worker
