"""Checks of what people type: dates, months and region codes, with Indonesian messages."""
import datetime as dt
import re

from ucj.errors import UserError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
# a Kemendagri code at any level, or ID: Indonesia as a whole
_REGION = re.compile(r"^(ID|\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)$")


def parse_date(text: str, label: str = "tanggal") -> dt.date:
    if _DATE.match(text or ""):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise UserError(f"{label} '{text}' bukan tanggal yang sah; tulis dalam bentuk TTTT-BB-HH, misalnya 2025-03-31.")


def parse_month(text: str, label: str = "bulan") -> dt.date:
    if _MONTH.match(text or ""):
        try:
            return dt.date.fromisoformat(text + "-01")
        except ValueError:
            pass
    raise UserError(f"{label} '{text}' bukan bulan yang sah; tulis dalam bentuk TTTT-BB, misalnya 2025-03.")


def check_region_code(text: str) -> str:
    code = (text or "").strip()
    if not _REGION.match(code):
        raise UserError(f"'{text}' bukan kode wilayah Kemendagri; tulis seperti 12, 12.10, 12.10.01 "
                        "atau 12.10.01.2001 (ID untuk seluruh Indonesia).")
    return code
