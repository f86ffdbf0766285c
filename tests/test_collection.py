"""Collecting the tests stays cheap: it loads neither matplotlib nor geopandas (nor streamlit), which the tests
that need them import when they run (conftest.lazy_import, or an import inside the test or fixture)."""
import json
import subprocess
import sys

from conftest import ROOT

HEAVY = ("matplotlib", "geopandas", "streamlit")

COLLECT = f"""
import json, sys
import pytest
code = pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "tests"])
print("LOADED " + json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
sys.exit(int(code))
"""


def test_collecting_the_tests_does_not_import_matplotlib_or_geopandas():
    result = subprocess.run([sys.executable, "-c", COLLECT], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    loaded = json.loads(result.stdout.rsplit("LOADED ", 1)[1])
    assert loaded == [], f"collection imported {loaded}"
