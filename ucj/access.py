"""Who is reading, and the rules every figure leaving the warehouse passes through.

`ucj.warehouse.read` (module ucj.warehouse.reading) is the one way figures leave the warehouse; it asks this
module twice: before the query runs (may this viewer ask for this region?) and after (what of the result may
they see?). Today there are no
accounts, so the app and the command line read as `OPERATOR`, who may see everything; roles, region scope and
the suppression of small counts are added here, once, and reach every page, download, document and CLI output.

What a query offers these rules is declared in its header (see `ucj.warehouse.read.Query`): the parameter
that names the region it is about (`-- region: $wilayah`) and the columns that count people or claims
(`-- counts: peserta_aktif, ...`).
"""
from dataclasses import dataclass

import polars as pl

from ucj import suppression
from ucj.errors import UserError

ALL_INDONESIA = ()
ROLES = ("viewer", "analyst", "admin")
SMALL_COUNT_LIMIT = 5  # counts of 1 to 4 people or claims below kabupaten level are shown as '<5'

# what each role may do beyond reading aggregate figures of its regions (the briefing included)
CAPABILITIES = {
    "viewer": frozenset(),
    "analyst": frozenset({"desa", "unduh", "target"}),
    "admin": frozenset({"desa", "unduh", "target", "sinkronisasi", "pengguna"}),
}


@dataclass(frozen=True)
class Viewer:
    """A person (or the operator at the command line) reading figures. Hashable: it is part of cache keys."""
    name: str
    role: str = "admin"
    regions: tuple[str, ...] = ALL_INDONESIA  # region codes at any level; empty = all of Indonesia
    min_count: int = 0  # counts from 1 to min_count - 1 are suppressed; 0 = none are

    @classmethod
    def for_role(cls, name: str, role: str, regions: tuple[str, ...] = ALL_INDONESIA) -> "Viewer":
        """An account's viewer: a viewer (role) sees small counts below kabupaten level as '<5'."""
        return cls(name=name, role=role, regions=tuple(regions),
                   min_count=SMALL_COUNT_LIMIT if role == "viewer" else 0)

    def may(self, capability: str) -> bool:
        """'desa' (desa detail), 'unduh' (CSV/XLSX), 'target', 'sinkronisasi', 'pengguna' (accounts and log)."""
        return capability in CAPABILITIES.get(self.role, frozenset())

    def for_documents(self) -> "Viewer":
        """Briefing documents leave the room: every reader of them gets small counts suppressed."""
        return Viewer(name=self.name, role=self.role, regions=self.regions,
                      min_count=max(self.min_count, SMALL_COUNT_LIMIT))

    def may_see(self, region: str) -> bool:
        if not self.regions:
            return True
        return any(region == own or region.startswith(own + ".") for own in self.regions)


# the command line is an operator's tool on the server; the app reads as this too until accounts exist
OPERATOR = Viewer(name="operator")


class OutsideScope(UserError):
    """A region outside the viewer's regions was asked for."""


def check(viewer: Viewer, query_name: str, region: str | None) -> None:
    """Refuse a query about a region the viewer may not see. `region` is the value of the query's declared
    region parameter: '' ('every region') and anything that is not a code only a viewer of all Indonesia may
    ask for."""
    if not viewer.regions:
        return
    if isinstance(region, str) and region and viewer.may_see(region):
        return
    raise OutsideScope(f"Wilayah {region or 'seluruh Indonesia'} di luar wilayah akun {viewer.name}; "
                       "pilih wilayah yang menjadi bagian akun Anda.")


def protect(viewer: Viewer, frame: pl.DataFrame, rules: suppression.Rules, region: str | None = None) -> pl.DataFrame:
    """Small-cell protection (issue 13, docs/privacy.md): for a viewer with a minimum (role 'viewer', and every
    briefing document through `for_documents`), a count from 1 to min_count - 1 below kabupaten level is hidden
    (NaN, written '<5'), with the figures its header declares as computed from it and the complementary cells
    that would give it back. `region` is the value of the query's region parameter: the rows' level when they
    are not regions themselves. Analysts, admins and the operator (min_count 0) get the frame unchanged."""
    return suppression.suppress(frame, rules, viewer.min_count, region)
