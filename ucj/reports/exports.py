"""What every CSV/XLSX download passes through before it leaves the app."""
import polars as pl

# a cell starting with one of these is read by Excel and LibreOffice as a formula (=HYPERLINK(...), +cmd|..., -1+1,
# @SUM(...)); tab and carriage return start one too after the spreadsheet trims them
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cells(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell that a spreadsheet would run as a formula prefixed by an apostrophe, which
    makes it text. Numbers stay numbers: a negative number is a number, not a formula."""
    text = [name for name, kind in frame.schema.items() if kind == pl.String]
    if not text:
        return frame
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(r"^[=+\-@\t\r]")).then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name)).alias(name)
        for name in text)
