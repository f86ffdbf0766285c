import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
QUERIES_DIR = PROJECT_ROOT / "queries"
SQL_DIR = Path(__file__).resolve().parent / "warehouse" / "sql"
DEFAULT_DB = PROJECT_ROOT / "data" / "ucj.duckdb"
# files and folders the product creates are its owner's only: the warehouse, its WAL and DuckDB's spills
# (staging data with clear NIKs), reports of named people, the accounts file
PRIVATE_UMASK = 0o077


def warehouse_path(cli_value: str | os.PathLike | None = None) -> Path:
    """--db wins over the UCJ_DB environment variable, which wins over data/ucj.duckdb."""
    if cli_value:
        return Path(cli_value)
    if os.environ.get("UCJ_DB"):
        return Path(os.environ["UCJ_DB"])
    return DEFAULT_DB


def private_umask() -> int:
    """From now on every file this process creates is readable by its owner only (0600, folders 0700),
    whatever the shell's umask: DuckDB creates the WAL and its spill files itself, with the process's umask,
    so an explicit mode on the files we create would not be enough. Returns the previous umask. Called first
    thing by the command line's main and the dashboard; the umask is per process, so threads share it."""
    return os.umask(PRIVATE_UMASK)
