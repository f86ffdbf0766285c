"""The README as a first-time user reads it (issue 15, point 10): advice comes before the command it applies to,
nothing is named without saying what it is, and every screenshot it shows is one the browser tests make."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAIN_PAGES = ("Ringkasan", "Klaim", "Kesenjangan", "Target", "Peta", "Bahan Musrenbang", "Sinkronisasi")


def test_the_virtual_environment_comes_before_the_install():
    venv = README.index("python3.11 -m venv .venv")
    assert venv < README.index("pip install -r requirements.txt")


def test_the_shared_folder_is_said_to_be_optional_before_it_is_used():
    first = README.index("../shared")
    around = " ".join(README[max(0, first - 600):first + 600].split())
    assert "the team's shared folder" in around and "not needed" in around, around


def test_the_command_line_beside_the_dashboard_is_described_as_it_is():
    # summary and briefing read the published version beside a running dashboard (tests/test_cli_beside_app.py);
    # imports, like loads, write the next version
    assert "cannot be written while the dashboard runs" not in README
    assert "`summary` and `briefing` read the warehouse while the dashboard runs" in README


SCREENSHOT = re.compile(r"!\[([^\]]*)\]\((screenshots/[^)]+\.png)\)")
CALL = re.compile(r"screenshot\(page, f?\"([^\"]+)\"\)")


def written_by_browser_tests() -> dict[str, str]:
    """Screenshot file names the browser tests write, each with its test file; the names of test_browser.py's
    parametrized pages ('{name}_12.10') expanded from its PAGES."""
    names = {}
    for test in sorted(ROOT.glob("tests/test_*.py")):
        source = test.read_text(encoding="utf-8")
        for name in CALL.findall(source):
            if name == "{name}_12.10":
                for page in re.findall(r"^    \(\"([a-z_]+)\", \"", source, flags=re.M):
                    names[f"{page}_12.10.png"] = test.name
            else:
                names[f"{name}.png"] = test.name
    return names


def test_every_main_page_has_a_screenshot_a_browser_test_makes():
    shown = SCREENSHOT.findall(README)
    assert [alt for alt, _ in shown] == list(MAIN_PAGES)
    written = written_by_browser_tests()
    for alt, link in shown:
        name = Path(link).name
        assert name in written, f"{link} is written by no browser test"
        assert f"`tests/{written[name]}`" in README, f"the README does not say that {written[name]} makes {link}"
        assert (ROOT / link).is_file(), f"{link} does not exist: run tests/{written[name]}"
