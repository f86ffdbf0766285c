"""Small extracts for Kabupaten Banyumas (33.02, Jawa Tengah), March 2025, loaded into a real warehouse
(`python -m ucj init`, then `python -m ucj load`) for the tests of the app, the command line and the browser
on a region outside the demo. They all use these rows, so their expected figures agree.

What is loaded (end of March 2025):
  persons      desa Cirahab 33.02.01.2001: K1 BPU (15 Jan), K2 PU (15 Feb), K3 BPU (1 Mar, cover to 31 Mar: still
               active at the month's end); desa Canduk 33.02.01.2002: K4 BPU (10 Mar, cover to 30 Mar: not active),
               K5 Jakon (registered 31 Mar: active); one row refused (a NIK too short)
  counts       kecamatan Wangon 33.02.02 BPU 100 active, 10 new; desa Parungkamal 33.02.01.2003 PU 7 active
  denominator  Kabupaten Banyumas 1.000 (its own, not spread over its desa); desa Cirahab 50
  claims       C1 K1 JKK Rp1.500.000 paid 20 Feb; C2 K2 JKM Rp42.000.000 paid 10 Mar
  target       Kabupaten Banyumas 2025: 35,5%
so Banyumas has 4 + 100 + 7 = 111 active of 1.000 (11,10%), 107 of them from counts; Lumbir 33.02.01 has 4 + 7 = 11
active over Cirahab's 50 (22,00%); Canduk has 1 active and no denominator of its own.
"""
import csv
import shutil
from pathlib import Path

from conftest import TEST_NIK_KEY, run_cli


def nik(n: int) -> str:
    """A NIK of kecamatan 33.02.01 for a woman born on 1 January 1990 (day + 40), number n."""
    return f"330201410190{n:04d}"


def write_csv(path, rows: list[list]) -> str:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


EXTRACTS = {
    "peserta": [["kpj", "nik", "kode_desa", "segmen", "tanggal_daftar", "aktif_sampai"],
                ["K1", nik(1), "33.02.01.2001", "BPU", "2025-01-15", ""],
                ["K2", nik(2), "33.02.01.2001", "PU", "2025-02-15", ""],
                ["K3", nik(3), "33.02.01.2001", "BPU", "2025-03-01", "2025-03-31"],
                ["K4", nik(4), "33.02.01.2002", "BPU", "2025-03-10", "2025-03-30"],
                ["K5", nik(5), "33.02.01.2002", "Jakon", "2025-03-31", ""],
                ["K6", "12345", "33.02.01.2002", "BPU", "2025-03-01", ""]],
    "rekap": [["kode_wilayah", "bulan", "segmen", "peserta_aktif", "peserta_baru"],
              ["33.02.02", "2025-03", "BPU", "100", "10"],
              ["33.02.01.2003", "2025-03", "PU", "7", ""]],
    "pekerja": [["kode_wilayah", "berlaku_mulai", "jumlah_pekerja", "sumber", "tanggal_sumber"],
                ["33.02", "2025-01-01", "1000", "BPS Sakernas Agustus 2024", "2024-11-05"],
                ["33.02.01.2001", "2025-01-01", "50", "Pendataan desa", "2025-01-10"]],
    "klaim": [["no_klaim", "kpj", "manfaat", "tanggal_kejadian", "tanggal_bayar", "jumlah_idr"],
              ["C1", "K1", "JKK", "2025-02-01", "2025-02-20", "1500000"],
              ["C2", "K2", "JKM", "2025-03-01", "2025-03-10", "42000000"]],
    "target": [["kode_wilayah", "tahun", "target_pct", "sumber"],
               ["33.02", "2025", "35,5", "RPJMD 2025-2029"]],
}


def load_warehouse(real_template: Path, folder: Path) -> Path:
    """A copy of the empty real warehouse at folder / 'ucj.duckdb' with EXTRACTS loaded through the command
    line, in the order above (participants before the claims that name them), by 'penguji'."""
    path = folder / "ucj.duckdb"
    shutil.copy(real_template, path)
    for kind, rows in EXTRACTS.items():
        result = run_cli("load", kind, write_csv(folder / f"{kind}.csv", rows), "--db", str(path), "--by", "penguji",
                         env={"UCJ_NIK_KEY": TEST_NIK_KEY})
        assert result.returncode == 0, result.stderr
    return path
