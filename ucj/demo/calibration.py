"""What the demo warehouse is made of: tables and constants, no code that draws.

Everything here is synthetic except the Kemendagri codes (read from data/reference) and the figures
marked published, which come from DOMAIN.md and which the generators reproduce exactly. Each number
is written once; what follows from it (an agreement's worker count, a regency's general participants,
the Musrenbang total) is computed from the rows, and the build checks the published ones.

The order of rows matters wherever a table is drawn from: the generators take every random number
from one stream, so reordering a row changes every later draw and every unpublished figure.
"""
import datetime as dt
from dataclasses import dataclass

from ucj.settings import SERTAKAN_WORKERS_PER_ASN

# ---------------------------------------------------------------------------------------------
# Dates

SEED = 20250331
DATA_START = dt.date(2022, 1, 1)
EARLIEST_LAST_MONTH = dt.date(2026, 2, 1)  # the last published date (kader posyandu) must be in the data
# Everything is drawn to HORIZON, the RPJMN's last year, and then cut at the data's last month: a later last
# month adds months and changes none before it (a demo built in December shows November's March 2025).
HORIZON = dt.date(2029, 12, 31)
LATEST_LAST_MONTH = HORIZON.replace(day=1)
ANCHOR = dt.date(2025, 3, 31)  # Labuhanbatu's published UCJ figure
CLAIM_WINDOW = (dt.date(2024, 1, 1), dt.date(2025, 3, 31))  # published claims, both days included
MUSRENBANG_DAY = dt.date(2025, 4, 22)  # santunan and beasiswa handed over at Musrenbang 2025
POSYANDU_DAY = dt.date(2026, 2, 3)  # MoU for the kader posyandu
ROSTER_DAY_1210 = dt.date(2025, 4, 15)  # Labuhanbatu's rosters, collected after Musrenbang

DEMO_SOURCE = "Data demo (sintetis)"
LABUHANBATU = "12.10"

# ---------------------------------------------------------------------------------------------
# Published figures (DOMAIN.md); the rest of Labuhanbatu's claims are drawn around them

PUBLISHED_CLAIMS = {"JHT": 5002, "JKK": 149, "JKM": 255, "JP": 3520, "beasiswa": 303}  # paid in CLAIM_WINDOW
PUBLISHED_CLAIMS_TOTAL_IDR = 105_218_473_900  # shown as Rp105,2 miliar
MUSRENBANG_TOTAL_IDR = 837_025_000  # 'Rp837 juta lebih' of santunan and beasiswa on MUSRENBANG_DAY


# One row per regency of the demo. eligible_2025 and active_at_anchor are published for Labuhanbatu
# (181.567 and 66.234) and invented for the others at plausible UCJ levels; segment_mix is the share of
# general participants per segment (PU, BPU, Jakon, PMI); coastal regencies have more fishermen.
@dataclass(frozen=True)
class RegencyPlan:
    kode: str
    eligible_2025: int  # workers who should be covered, 2025
    active_at_anchor: int  # active participants on ANCHOR
    segment_mix: tuple[float, float, float, float]  # PU, BPU, Jakon, PMI
    coastal: bool


REGENCIES = (
    RegencyPlan("12.09", 352_410, 116_650, (0.58, 0.31, 0.07, 0.04), False),
    RegencyPlan("12.10", 181_567, 66_234, (0.60, 0.30, 0.07, 0.03), False),
    RegencyPlan("12.19", 196_880, 57_880, (0.62, 0.27, 0.08, 0.03), True),
    RegencyPlan("12.22", 152_300, 58_180, (0.63, 0.27, 0.07, 0.03), False),
    RegencyPlan("12.23", 171_940, 54_505, (0.61, 0.29, 0.07, 0.03), False),
    RegencyPlan("12.74", 83_150, 23_116, (0.52, 0.34, 0.06, 0.08), True),
)
SEGMENTS = ("PU", "BPU", "Jakon", "PMI")

# ---------------------------------------------------------------------------------------------
# Desa: a desa's share of its regency's workers and how well it is covered (lognormal sigma);
# kelurahan are larger and better covered by these factors

DESA_WEIGHT_SIGMA, KELURAHAN_WEIGHT = 0.45, 1.7
DESA_AFFINITY_SIGMA, KELURAHAN_AFFINITY = 0.22, 1.15


# Where a cohort's people live. how: 'by_weight' draws each person's desa by weight x affinity (only:
# 'desa' or 'kelurahan' to keep to one kind); 'per_desa' puts count people in every desa (not kelurahan);
# 'in_turn' spreads count people over the desa one by one.
@dataclass(frozen=True)
class Where:
    kab: str | None
    count: int
    how: str = "by_weight"
    only: str | None = None


# ---------------------------------------------------------------------------------------------
# Worker groups: the mix of a segment's participants by group (weights), inland and coastal;
# Jakon and PMI have one group each

GROUP_MIX = {
    ("PU", False): {"pekerja_sawit": 0.5, "karyawan_swasta": 0.33, "pegawai_non_asn": 0.12, "lainnya": 0.05},
    ("PU", True): {"karyawan_swasta": 0.55, "pekerja_sawit": 0.2, "pegawai_non_asn": 0.15, "lainnya": 0.1},
    ("BPU", False): {"pedagang": 0.22, "petani": 0.22, "nelayan": 0.06, "ojek": 0.1, "tukang": 0.08,
                     "buruh_harian": 0.12, "umkm": 0.08, "pekerja_sawit": 0.12},
    ("BPU", True): {"pedagang": 0.22, "petani": 0.12, "nelayan": 0.35, "ojek": 0.1, "tukang": 0.08,
                    "buruh_harian": 0.12, "umkm": 0.08, "pekerja_sawit": 0.03},
}
SINGLE_GROUP = {"Jakon": "pekerja_konstruksi", "PMI": "pekerja_migran"}
# pekerja rentan enrolled by a sponsor, when the agreement does not name one group
SPONSORED_GROUP_MIX = {"petani": 3, "buruh_harian": 3, "pedagang": 2, "nelayan": 1, "ojek": 1, "tukang": 1,
                       "pekerja_sawit": 2, "umkm": 1}

# Programmes beside JKK + JKM: the share of a segment holding each (sponsorships pay JKK + JKM only)
JP_SHARE_PU = 0.78
JHT_SHARE = {"BPU": 0.2, "PMI": 0.4}  # PU always has JHT
JKP_SHARE_OF_JP = 0.9

# ---------------------------------------------------------------------------------------------
# General participants of each regency, around the anchor day

OLD_MEMBER_SHARE = 0.6  # of those active on ANCHOR, registered before DATA_START ...
OLD_MEMBER_SINCE = (dt.date(2010, 1, 1), dt.date(2021, 12, 31))  # ... on a day in this range
LEAVE_AFTER_ANCHOR_PER_YEAR = 0.07  # of those active on ANCHOR, leaving in each year after it (to HORIZON)
DEPARTED_SHARE = 0.27  # left between DATA_START and ANCHOR, as a share of those active on ANCHOR
DEPARTED_SHARE_1210 = 0.16  # Labuhanbatu: only before its claim window; its window departures are planted
DEPARTED_MEMBERSHIP_DAYS = (60, 4000)
NEW_PER_YEAR_SHARE = 0.16  # registered after ANCHOR per year, as a share of those active on ANCHOR
NEW_LEAVING_SHARE, NEW_LEAVING_DAYS = 0.1, (60, 400)


# One row per cohort planted outside the general participants and the sponsorships, with no end of
# cover. A cohort without a regency (kab None in where) is planted in every regency that has desa
# (a kota has kelurahan only, staffed by civil servants).
@dataclass(frozen=True)
class Cohort:
    tag: str
    where: Where
    segmen: str
    kelompok: str
    sumber_dana: str
    registered: tuple[dt.date, dt.date]  # tanggal_daftar drawn uniformly in this range


PERANGKAT_DESA = Cohort("perangkat_desa", Where(None, 9, "per_desa"), "BPU", "perangkat_desa", "APBDes",
                        (dt.date(2021, 1, 4), dt.date(2022, 6, 30)))
# rostered Labuhanbatu workers already covered in April 2025; ROSTERS holds the rest of each roster
COVERED_GURU = Cohort("roster_guru", Where(LABUHANBATU, 1_412), "BPU", "guru_honorer", "mandiri",
                      (dt.date(2019, 1, 1), dt.date(2024, 12, 31)))
COVERED_KEPLING = Cohort("roster_kepling", Where(LABUHANBATU, 19, only="kelurahan"), "BPU", "kepala_lingkungan",
                         "mandiri", (dt.date(2019, 1, 1), dt.date(2024, 12, 31)))
# oil-palm plantation workers enrolled by their employers, February and March 2026
SAWIT_1210 = Cohort("sawit_1210", Where(LABUHANBATU, 640), "PU", "pekerja_sawit", "pemberi kerja",
                    (POSYANDU_DAY, dt.date(2026, 3, 31)))

# deaths whose santunan was handed over at Musrenbang 2025: how many, when they died, how long members
MUSRENBANG_DEATHS = 12
MUSRENBANG_DEATH_DAYS = (dt.date(2025, 1, 6), dt.date(2025, 3, 20))
MUSRENBANG_DEATH_MEMBERSHIP_DAYS = (300, 3000)


# One row per sponsorship agreement (perjanjian_sponsor), JKK + JKM for pekerja rentan. Exactly one of
# enrols, renews, planned says who it covers:
#   enrols: the people enrolled under it (tag, how many and where in its regency, covered from
#     enrolled[0] to enrolled[1], their group or None for the mix); its jumlah_pekerja is counted from them;
#   renews: the code of an earlier agreement whose people it keeps covering, and counts;
#   planned: a plan not yet signed, with the workers it means to cover; nobody is enrolled.
# The name may refer to {workers} (jumlah_pekerja) and {per_desa}, formatted for id_ID.
# Published (DOMAIN.md): Labuhanbatu's 100 in each of its 75 desa in 2025, its plans of 10.000 (APBD) and
# 3.800 (DBH Sawit), its 1.030 kader posyandu of 3 February 2026, SERTAKAN's five workers per ASN, and
# Labuhanbatu Selatan's 2.000 of October 2022 continued in 2023. The other agreements, the exact dates
# and the names are demo assumptions.
@dataclass(frozen=True)
class Enrolment:
    tag: str
    count: int  # in total, or in each desa for how='per_desa'
    enrolled: tuple[dt.date, dt.date]  # tanggal_daftar, aktif_sampai
    how: str = "by_weight"  # as in Where, in the agreement's regency
    kelompok: str | None = None


@dataclass(frozen=True)
class Sponsorship:
    code: str
    name: str
    sponsor: str
    sumber_dana: str
    kab: str
    mulai: dt.date
    selesai: dt.date
    signed: dt.date | None
    status: str = "berlaku"
    enrols: Enrolment | None = None
    renews: str | None = None
    planned: int | None = None


SERTAKAN_ASN_1210 = 370

SPONSORSHIPS = (
    Sponsorship("PKS-1210-2025-APBD", "Perlindungan {per_desa} pekerja rentan per desa 2025", "Pemkab Labuhanbatu",
                "APBD", LABUHANBATU, dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2024, 12, 20),
                enrols=Enrolment("rentan_1210", 100, (dt.date(2025, 1, 6), dt.date(2026, 12, 31)), "per_desa")),
    Sponsorship("PKS-1210-2026-APBD", "Perpanjangan {per_desa} pekerja rentan per desa 2026", "Pemkab Labuhanbatu",
                "APBD", LABUHANBATU, dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2025, 12, 15),
                renews="PKS-1210-2025-APBD"),
    # announced at Musrenbang in April 2025, not signed
    Sponsorship("RENCANA-1210-APBD", "Rencana {workers} pekerja rentan (APBD)", "Pemkab Labuhanbatu", "APBD",
                LABUHANBATU, dt.date(2026, 1, 1), dt.date(2026, 12, 31), None, "rencana", planned=10_000),
    Sponsorship("RENCANA-1210-DBHSAWIT", "Rencana {workers} pekerja rentan (SILPA DBH Sawit)", "Pemkab Labuhanbatu",
                "DBH Sawit", LABUHANBATU, dt.date(2026, 1, 1), dt.date(2026, 12, 31), None, "rencana",
                planned=3_800),
    # MoU of 4 October 2022 for October to December 2022 from all its desa, continued through 2023
    Sponsorship("MOU-1222-2022-APBD", "MoU perlindungan {workers} pekerja rentan Oktober-Desember 2022",
                "Pemkab Labuhanbatu Selatan", "APBD", "12.22", dt.date(2022, 10, 1), dt.date(2022, 12, 31),
                dt.date(2022, 10, 4),
                enrols=Enrolment("rentan_1222", 2_000, (dt.date(2022, 10, 4), dt.date(2023, 12, 31)), "in_turn")),
    Sponsorship("PKS-1222-2023-APBD", "Lanjutan perlindungan {workers} pekerja rentan 2023",
                "Pemkab Labuhanbatu Selatan", "APBD", "12.22", dt.date(2023, 1, 1), dt.date(2023, 12, 31),
                dt.date(2022, 12, 28), renews="MOU-1222-2022-APBD"),
    Sponsorship("PKS-1222-2025-CSR", "CSR perkebunan untuk pekerja rentan 2025", "Perusahaan perkebunan", "CSR",
                "12.22", dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2024, 12, 30),
                enrols=Enrolment("csr_1222", 400, (dt.date(2025, 1, 13), dt.date(2025, 12, 31)))),
    Sponsorship("PKS-1209-2024-APBD", "Pekerja rentan Asahan 2024", "Pemkab Asahan", "APBD", "12.09",
                dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2023, 12, 18),
                enrols=Enrolment("rentan_1209", 3_000, (dt.date(2024, 1, 8), dt.date(2025, 12, 31)))),
    Sponsorship("PKS-1209-2025-APBD", "Pekerja rentan Asahan 2025", "Pemkab Asahan", "APBD", "12.09",
                dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2024, 12, 16), renews="PKS-1209-2024-APBD"),
    Sponsorship("PKS-1219-2024-CSR", "CSR perlindungan nelayan", "Perusahaan industri", "CSR", "12.19",
                dt.date(2024, 3, 1), dt.date(2025, 2, 28), dt.date(2024, 2, 26),
                enrols=Enrolment("csr_1219", 600, (dt.date(2024, 3, 4), dt.date(2025, 2, 28)),
                                 kelompok="nelayan")),
    # after the anchor day: SERTAKAN (each ASN sponsors workers), DBH Sawit in Labura, kader posyandu
    Sponsorship("SERTAKAN-1210-2025",
                f"Gerakan SERTAKAN: {SERTAKAN_ASN_1210} ASN x {SERTAKAN_WORKERS_PER_ASN} pekerja",
                "ASN Pemkab Labuhanbatu", "SERTAKAN", LABUHANBATU, dt.date(2025, 6, 1), dt.date(2026, 5, 31),
                dt.date(2025, 5, 20),
                enrols=Enrolment("sertakan_1210", SERTAKAN_ASN_1210 * SERTAKAN_WORKERS_PER_ASN,
                                 (dt.date(2025, 6, 2), dt.date(2026, 5, 31)))),
    Sponsorship("PKS-1223-2025-DBHSAWIT", "Pekerja rentan dari DBH Sawit 2025/2026", "Pemkab Labuhanbatu Utara",
                "DBH Sawit", "12.23", dt.date(2025, 7, 1), dt.date(2026, 6, 30), dt.date(2025, 6, 23),
                enrols=Enrolment("dbh_1223", 1_500, (dt.date(2025, 7, 1), dt.date(2026, 6, 30)))),
    Sponsorship("MOU-1210-2026-POSYANDU", "MoU kader posyandu (Dinkes, Disnaker, BPJS Ketenagakerjaan)",
                "Pemkab Labuhanbatu", "APBD", LABUHANBATU, POSYANDU_DAY, dt.date(2026, 12, 31), POSYANDU_DAY,
                enrols=Enrolment("posyandu_1210", 1_030, (POSYANDU_DAY, dt.date(2026, 12, 31)),
                                 kelompok="kader_posyandu")),
)
SPONSORED_PROGRAMMES = ["JKK", "JKM"]

# The order in which the planted cohorts (a Cohort, or a sponsorship code for the people it enrols)
# are drawn, before Labuhanbatu's claim-window departures and the general participants. It is part of
# the calibration: every later draw depends on it.
PLANTED_ORDER = (
    PERANGKAT_DESA, "PKS-1210-2025-APBD", COVERED_GURU, COVERED_KEPLING, "MOU-1222-2022-APBD",
    "PKS-1222-2025-CSR", "PKS-1209-2024-APBD", "PKS-1219-2024-CSR", "SERTAKAN-1210-2025",
    "PKS-1223-2025-DBHSAWIT", "MOU-1210-2026-POSYANDU", SAWIT_1210,
)

# ---------------------------------------------------------------------------------------------
# Claims

# Labuhanbatu's claim window: one row per reason a cover ended with its claim paid in the window, and how
# many: the published counts, JKP (not published; wage earners have it) and lapses that claim nothing
# (None). Then the segment mix by reason (PU where none is given) and how long they had been members.
JKP_IN_WINDOW = 14
WINDOW_DEPARTURES = (("JHT", PUBLISHED_CLAIMS["JHT"]), ("JP", PUBLISHED_CLAIMS["JP"]), ("JKM", PUBLISHED_CLAIMS["JKM"]),
                     ("JKP", JKP_IN_WINDOW), (None, 1_500))
WINDOW_SEGMENT_MIX = {"JHT": {"PU": 0.9, "BPU": 0.1}, "JKM": {"PU": 0.6, "BPU": 0.4}, None: {"BPU": 0.8, "Jakon": 0.2}}
WINDOW_MEMBERSHIP_DAYS = (200, 6000)

# Why a general participant's cover ended, from one uniform draw u per departure: a row gives the
# benefit claimed when u falls in [low, high) for those segments ('PU', 'other' or None for all) if they
# hold the programme (None: no condition); later rows win; any other departure is a lapse, paying nothing.
DEPARTURE_CLAIMS = (
    ("JHT", "PU", 0.0, 0.45, None),
    ("JP", "PU", 0.45, 0.72, "is_jp"),
    ("JKP", "PU", 0.72, 0.74, "is_jkp"),
    ("JHT", "other", 0.0, 0.12, "is_jht"),
    ("JKM", None, 0.97, 1.0, None),
)

# Days from the event that ends cover to payment, by benefit (low included, high not)
CLAIM_LAG_DAYS = {"JHT": (30, 75), "JP": (20, 60)}
OTHER_CLAIM_LAG_DAYS = (10, 45)  # JKM, JKP

# Claims that do not end cover: monthly rate per active participant, and days from event to payment
MONTHLY_CLAIM_RATE = {"JKK": 0.000155, "beasiswa": 0.00032}
NON_ENDING_LAG_DAYS = (7, 40)
# a JKK claim paid the day before and the day after the window, so its edges have real neighbours,
# each this many days after the accident
WINDOW_NEIGHBOUR_LAG_DAYS = 20

# Amounts in rupiah, rounded to Rp100 with a floor: lognormal by benefit (median, sigma; a sigma of None
# is a fixed amount), beasiswa per school year (TK/SD, SMP, SMA, perguruan tinggi) with its shares
JKM_SANTUNAN_IDR = 42_000_000  # PP 82/2019: santunan kematian, berkala and pemakaman
CLAIM_AMOUNT_IDR = {"JHT": (11e6, 0.8), "JP": (3.2e6, 0.6), "JKM": (JKM_SANTUNAN_IDR, None), "JKK": (6e6, 1.0),
                    "JKP": (4.5e6, 0.4)}
BEASISWA_IDR = {1_500_000: 0.4, 2_000_000: 0.3, 3_000_000: 0.2, 12_000_000: 0.1}
MIN_CLAIM_IDR = 100_000

# Handed over at Musrenbang 2025 besides the planted deaths: JKK santunan and beasiswa with their
# amounts, for events in this range; with the deaths they make MUSRENBANG_TOTAL_IDR
MUSRENBANG_HANDOVER_IDR = {"JKK": (58_500_000, 71_250_000, 46_800_000, 37_475_000), "beasiswa": (3_500_000,) * 34}
MUSRENBANG_EVENT_DAYS = (dt.date(2024, 10, 1), dt.date(2025, 3, 31))

# ---------------------------------------------------------------------------------------------
# Synthetic NIKs: birth dates in this range, half women (day + 40), serials from 9000 so that a
# synthetic NIK is unlikely to be a real person's

NIK_BIRTH_DAYS = (dt.date(1961, 1, 1), dt.date(2006, 12, 31))
NIK_FIRST_SERIAL = 9000


# One row per worker-group roster (anggota_kelompok): the group, its source as the import records it,
# its date, the planted cohort of its members already covered (None: nobody), and where its members not
# covered live. A roster dated after the data's end is left out. Labuhanbatu's uncovered counts are the
# published ones of April 2025 (about 3.000 guru, 215 kepala lingkungan, 1.200 kader desa: 16 in each of
# its 75 desa); the dates of the Labura and Tanjungbalai rosters are those of the events in DOMAIN.md; the
# rest is assumed.
@dataclass(frozen=True)
class Roster:
    kelompok: str
    sumber: str
    tanggal: dt.date
    covered: str | None
    uncovered: Where


ROSTERS = (
    Roster("guru_honorer", "Data demo: daftar guru honorer Dinas Pendidikan Labuhanbatu", ROSTER_DAY_1210,
           COVERED_GURU.tag, Where(LABUHANBATU, 3_000)),
    Roster("kepala_lingkungan", "Data demo: daftar kepala lingkungan Bagian Tata Pemerintahan Labuhanbatu",
           ROSTER_DAY_1210, COVERED_KEPLING.tag, Where(LABUHANBATU, 215, only="kelurahan")),
    Roster("kader_desa", "Data demo: daftar kader desa Dinas PMD Labuhanbatu", ROSTER_DAY_1210, None,
           Where(LABUHANBATU, 16, "per_desa")),
    Roster("kader_posyandu", "Data demo: daftar kader posyandu Dinas Kesehatan Labuhanbatu", dt.date(2026, 1, 20),
           "posyandu_1210", Where(LABUHANBATU, 86)),
    Roster("pekerja_rentan", "Data demo: sinkronisasi data pekerja rentan Labuhanbatu Utara", dt.date(2025, 11, 6),
           None, Where("12.23", 2_350)),
    Roster("kepala_lingkungan", "Data demo: daftar kepala lingkungan Pemko Tanjungbalai", dt.date(2026, 2, 4),
           None, Where("12.74", 188)),
)

# ---------------------------------------------------------------------------------------------
# Denominators (pekerja_wajib) per desa per year: eligible_2025 grown or shrunk by this factor a year,
# no desa above this coverage; the source of each year's figures

DENOMINATOR_GROWTH = 1.013
MAX_DESA_COVERAGE = 0.92
DENOMINATOR_SOURCE = "Data demo: proyeksi penduduk bekerja per desa (sintetis, pola Sakernas BPS)"
# Labuhanbatu's 2025 denominators are the published basis of 181.567, dated the anchor day
PUBLISHED_DENOMINATOR = (LABUHANBATU, ANCHOR.year,
                         "Data demo: basis pekerja wajib BPJS Ketenagakerjaan Cabang Rantau Prapat")

# ---------------------------------------------------------------------------------------------
# Targets: each regency's UCJ % target is its anchor level plus these points, rising a year;
# the province carries the national targets (RPJMN 2025-2029 for 2025, RKP 2026 for 2026);
# monthly targets for new participants are the year's ordinary (median) month times this, in tens, plus a
# month's batch enrolment (a month above BATCH_MONTH_FACTOR ordinary months), which the office knew from the agreement

TARGET_ABOVE_ANCHOR_PCT, TARGET_RISE_PER_YEAR_PCT = 3.5, 3
REGENCY_TARGET_SOURCE = "Data demo: target RPJMD (sintetis)"
NATIONAL_TARGETS = (("12", 2025, 32.15, "RPJMN 2025-2029 (target nasional)"),
                    ("12", 2026, 34.99, "RKP 2026 (target nasional)"))
NEW_PARTICIPANT_TARGET_FACTOR = 1.12
BATCH_MONTH_FACTOR = 2

# ---------------------------------------------------------------------------------------------
# Offices (kantor_cabang): code, name, kind, parent office

OFFICES = (
    ("KC-KISARAN", "Kantor Cabang Kisaran", "cabang", None),
    ("KC-RANTAUPRAPAT", "Kantor Cabang Rantau Prapat", "cabang", None),
    ("KC-LABURA", "Kantor Cabang Labuhanbatu Utara", "cabang", None),
    ("KCP-LABUSEL", "Kantor Cabang Pratama Labuhanbatu Selatan", "pratama", "KC-KISARAN"),
)
# One row per office serving a regency (kantor_wilayah), from and until (None: still); the changes are
# demo assumptions (docs/decisions.md)
SERVICE = (
    ("KC-KISARAN", "12.09", dt.date(2022, 1, 1), None),
    ("KC-KISARAN", "12.19", dt.date(2022, 1, 1), None),
    ("KC-KISARAN", "12.74", dt.date(2022, 1, 1), None),
    ("KCP-LABUSEL", "12.22", dt.date(2022, 1, 1), None),
    ("KC-RANTAUPRAPAT", "12.10", dt.date(2022, 1, 1), dt.date(2025, 12, 31)),
    ("KC-KISARAN", "12.10", dt.date(2026, 1, 1), None),
    ("KC-RANTAUPRAPAT", "12.23", dt.date(2022, 1, 1), dt.date(2023, 6, 30)),
    ("KC-LABURA", "12.23", dt.date(2023, 7, 1), None),
)
