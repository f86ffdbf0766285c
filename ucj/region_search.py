"""The sidebar's region finder ("Cari wilayah"): part of a name (or a code) typed, the regions it may mean.

With 83.762 desa a person looking for one by name does not know its kecamatan, so the cascade of selectors alone
does not find it. queries/cari_wilayah.sql looks the text up in the reference; here are the patterns it is given
(bound parameters, never SQL text) and the line each result is shown as.
"""
import re

MAX_TEXT = 60  # characters of the typed text used: no region name is longer
MIN_TEXT = 2  # fewer characters match most of Indonesia
MAX_RESULTS = 20  # queries/cari_wilayah.sql's limit

_LIKE_SPECIAL = re.compile(r"([\\%_])")
_SUNGAI = re.compile(r"\bsungai\b")
_SEI = re.compile(r"\bsei\b")


def clean(text: str | None) -> str:
    """The typed text with its spaces collapsed, cut at MAX_TEXT characters."""
    return " ".join(str(text or "").split())[:MAX_TEXT]


def patterns(text: str) -> dict[str, str]:
    """The parameters of queries/cari_wilayah.sql for cleaned text: ILIKE patterns in which the text's own '%', '_'
    and '\\' are escaped (ESCAPE '\\'), words in their order with anything between them (so 'rantau prapat' finds
    Rantauprapat), and the same with 'Sungai' and 'Sei' swapped, as village names spell it both ways."""
    escaped = _LIKE_SPECIAL.sub(r"\\\1", text.lower())
    swapped = _SUNGAI.sub("sei", escaped) if _SUNGAI.search(escaped) else _SEI.sub("sungai", escaped)
    return {"teks": text, "pola": "%" + escaped.replace(" ", "%") + "%",
            "pola_lain": "%" + swapped.replace(" ", "%") + "%", "awalan": escaped + "%"}


def _kabupaten(name: str | None) -> str:
    """'Kabupaten Labuhanbatu' -> 'Kab. Labuhanbatu'; a kota keeps its name."""
    name = name or ""
    return "Kab. " + name.removeprefix("Kabupaten ") if name.startswith("Kabupaten ") else name


def label(row: dict) -> str:
    """One result as a line: the region and what it lies in, e.g. 'Sei Berombang — Kec. Panai Hilir, Kab.
    Labuhanbatu'. A desa/kelurahan has no prefix; the other levels say theirs."""
    level, name = row["tingkat"], row["nama"]
    if level == "desa_kelurahan":
        return f"{name} — Kec. {row['nama_kecamatan']}, {_kabupaten(row['nama_kabupaten'])}"
    if level == "kecamatan":
        return f"Kec. {name} — {_kabupaten(row['nama_kabupaten'])}, {row['nama_provinsi']}"
    if level == "kabupaten_kota":
        return f"{_kabupaten(name)} — {row['nama_provinsi']}"
    if level == "provinsi":
        return f"Provinsi {name}"
    return name  # Indonesia
