"""Rules of the domain that people may want to change: UCJ bands, contribution rates, scenario factors.

Defaults here; the app lets a user adjust them for a session (Pengaturan in the sidebar). What is computed
from them lives in `ucj.reports.measures`.
"""
BAND_NAMES = ("sangat rendah", "rendah", "sedang", "tinggi")
# a UCJ % below the first limit is 'sangat rendah', below the second 'rendah', below the third 'sedang'.
# Regions set their own limits; these are a neutral default.
DEFAULT_BAND_LIMITS = (20.0, 35.0, 50.0)
BAND_COLOURS = ("#d7301f", "#fc8d59", "#fdcc8a", "#31a354")

# BPU minimum package: JKK Rp10.000 (1% of a declared Rp1.000.000) + JKM Rp6.800, per worker per month
BPU_JKK_JKM_MONTHLY_IDR = 16_800
SERTAKAN_WORKERS_PER_ASN = 5
# sources that fund a number of workers; SERTAKAN is counted in ASN, each bringing SERTAKAN_WORKERS_PER_ASN
WORKER_FUNDING_SOURCES = ("APBD", "APBDes", "DBH Sawit", "CSR")
FUNDING_SOURCES = WORKER_FUNDING_SOURCES + ("SERTAKAN",)
LAPSE_HORIZON_DAYS = 90


def check_band_limits(limits) -> tuple[float, float, float]:
    limits = tuple(float(x) for x in limits)
    if len(limits) != 3 or not (0 < limits[0] < limits[1] < limits[2] < 100):
        raise ValueError("batas pita harus tiga angka naik di antara 0 dan 100")
    return limits
