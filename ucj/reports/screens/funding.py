"""The funding scenario's inputs, shared by Kesenjangan's simulator and the briefing page, and the simulator's
cards and table."""
import polars as pl

from ucj import fmt
from ucj.reports import measures
from ucj.reports.briefing import planned_funding
from ucj.reports.screens import Card


def planned_inputs(plans: pl.DataFrame) -> tuple[dict[str, int], int]:
    """The inputs' starting values from the recorded plans (sponsor_rencana): workers per source, and the ASN
    of the SERTAKAN plans (a plan counts workers, the input ASN)."""
    return planned_funding(list(plans.iter_rows(named=True)))


def plans_note(plans: pl.DataFrame) -> str:
    return ("Isian awal dari rencana yang tercatat: "
            + "; ".join(f"{n} ({fmt.number(j)} pekerja, {s})" for n, j, s in
                        zip(plans["nama"], plans["jumlah_pekerja"], plans["sumber_dana"])) + ".")


def chosen(workers: dict[str, int], asn: int, planned: dict[str, int], planned_asn: int
           ) -> tuple[tuple[tuple[str, int], ...], int]:
    """The scenario for the document: empty when the inputs are the recorded plans unchanged (the document then
    names the plans), else the person's ((source, workers), ...) and ASN."""
    changed = ({k: v for k, v in workers.items() if v} != {k: v for k, v in planned.items() if v}
               or asn != planned_asn)
    return (tuple(workers.items()), asn) if changed else ((), 0)


def simulator_cards(scenario: measures.Scenario, active: int, eligible: int, target_pct: float | None,
                    year: int, monthly_idr: int) -> list[Card]:
    """Coverage now and projected, what is still missing to the target, and the yearly cost."""
    now = measures.coverage_pct(active, eligible)
    return [
        Card("Cakupan UCJ sekarang", fmt.pct(now)),
        Card("Cakupan UCJ proyeksi", fmt.pct(scenario.projected_pct),
             delta=fmt.pct_points(scenario.projected_pct - now)),
        Card("Sisa ke target", "–" if scenario.remaining_to_target is None
             else f"{fmt.number(scenario.remaining_to_target)} orang",
             help=f"Target {year}: {fmt.pct(target_pct)}" if target_pct is not None else "Belum ada target."),
        Card("Biaya per tahun", fmt.rupiah(scenario.yearly_cost_idr),
             help=f"{fmt.number(scenario.added)} pekerja × {fmt.rupiah_full(monthly_idr)} × 12 bulan"),
    ]


def capped(scenario: measures.Scenario) -> bool:
    """More workers funded than are not yet covered: the projection stopped at 100%."""
    return scenario.added < sum(scenario.added_by_source.values())


def sources_table(scenario: measures.Scenario, monthly_idr: int) -> pl.DataFrame | None:
    """Workers and yearly cost per funding source chosen; None when no source funds anyone."""
    funded = {source: n for source, n in scenario.added_by_source.items() if n > 0}
    if not funded:
        return None
    return pl.DataFrame({"Sumber dana": list(funded), "Pekerja": list(funded.values()),
                         "Biaya per tahun (Rp)": [measures.yearly_cost_idr(n, monthly_idr) for n in funded.values()]})
