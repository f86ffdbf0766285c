"""The demo warehouse: calibration tables, small generators drawing from them, and the build."""
from ucj.demo.build import DATA_START, EARLIEST_LAST_MONTH, SEED, build, last_full_month

__all__ = ["DATA_START", "EARLIEST_LAST_MONTH", "SEED", "build", "last_full_month"]
