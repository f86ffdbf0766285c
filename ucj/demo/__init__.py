"""The demo warehouse: calibration tables, small generators drawing from them, and the build."""
from ucj.demo.builder import build
from ucj.demo.calibration import DATA_START, EARLIEST_LAST_MONTH, LATEST_LAST_MONTH, SEED
from ucj.demo.stream import default_last_month, last_full_month

__all__ = ["DATA_START", "EARLIEST_LAST_MONTH", "LATEST_LAST_MONTH", "SEED", "build", "default_last_month",
           "last_full_month"]
