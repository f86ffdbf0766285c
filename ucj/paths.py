import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
QUERIES_DIR = PROJECT_ROOT / "queries"
SQL_DIR = Path(__file__).resolve().parent / "warehouse" / "sql"
DEFAULT_DB = PROJECT_ROOT / "data" / "ucj.duckdb"


def warehouse_path(cli_value: str | os.PathLike | None = None) -> Path:
    """--db wins over the UCJ_DB environment variable, which wins over data/ucj.duckdb."""
    if cli_value:
        return Path(cli_value)
    if os.environ.get("UCJ_DB"):
        return Path(os.environ["UCJ_DB"])
    return DEFAULT_DB
