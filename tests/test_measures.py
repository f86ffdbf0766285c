"""The derived figures are defined twice, in Python (ucj/reports/measures.py) and as SQL macros
(ucj/warehouse/sql/marts/00_macros.sql); both must give the same answer on the same edge values, and that answer
is written out here by hand."""
import duckdb
import pytest

from ucj.reports import measures


@pytest.fixture(scope="module")
def sql(tiny_template):
    """The macros as a warehouse holds them (they are created with the marts)."""
    connection = duckdb.connect(str(tiny_template), read_only=True)
    yield connection
    connection.close()


# active, eligible -> UCJ %
COVERAGE = [
    (0, 0, None),  # no denominator: no figure, not 0 and not a division error
    (5, 0, None),
    (5, None, None),
    (None, 5, None),
    (0, 5, 0.0),
    (2, 5, 40.0),
    (5, 5, 100.0),
    (6, 5, 120.0),  # more participants than the denominator counted: shown as it is, not capped
    (1, 3, 100 / 3),
    (66_234, 181_567, 36.47909587094571),
]


@pytest.mark.parametrize("active, eligible, expected", COVERAGE)
def test_coverage_pct_in_python_and_sql(sql, active, eligible, expected):
    python = measures.coverage_pct(active, eligible)
    in_sql = sql.execute("select cakupan_pct(cast(? as integer), cast(? as integer))", [active, eligible]).fetchone()[0]
    if expected is None:
        assert python is None and in_sql is None
    else:
        assert python == pytest.approx(expected, rel=1e-12)
        assert in_sql == pytest.approx(expected, rel=1e-12)


# active, eligible -> UCJ % to two decimals, half up (Python's round() would give 3.12 and 0.62: half to even)
COVERAGE_2DP = [
    (1, 32, 3.13),  # 3.125
    (1, 160, 0.63),  # 0.625
    (3, 800, 0.38),  # 0.375
    (1, 20_000, 0.01),  # 0.005
    (1, 40_000, 0.0),  # 0.0025
    (1, 64, 1.56),  # 1.5625
    (2, 3, 66.67),
    (1, 3, 33.33),
    (66_234, 181_567, 36.48),
    (0, 5, 0.0),
    (0, 0, None),
    (3, None, None),
]


@pytest.mark.parametrize("active, eligible, expected", COVERAGE_2DP)
def test_coverage_pct_2dp_rounds_half_up(active, eligible, expected):
    assert measures.coverage_pct_2dp(active, eligible) == expected


# target %, eligible, active -> people still needed
TO_TARGET = [
    (40, 5, 2, 0),  # 40% of 5 is exactly 2: reached exactly
    (40, 5, 1, 1),
    (40, 3, 1, 1),  # 1,2 needs 2
    (40, 5, 7, 0),  # past the target: never below zero
    (100, 7, 6, 1),
    (100, 7, 7, 0),
    (0, 5, 0, 0),
    (40, 0, 0, None),  # no denominator
    (40, None, 3, None),
    (None, 5, 1, None),  # no target
    (36.48, 2500, 0, 912),  # exactly 912; 36.48 * 2500 / 100 is 911.9999999999999 in floating point
    (0.07, 10_000, 0, 7),  # exactly 7; 7.000000000000001 in floating point
    (10.13, 10_000, 13, 1000),  # exactly 1.013; 1013.0000000000001 in floating point
    (36.48, 181_567, 66_234, 2),  # 66.235,6416 needs 66.236
    (40, 181_567, 66_234, 72_627 - 66_234),
]


@pytest.mark.parametrize("target, eligible, active, expected", TO_TARGET)
def test_people_to_target_in_python_and_sql(sql, target, eligible, active, expected):
    assert measures.people_to_target(target, eligible, active) == expected
    # as the marts hold them: the target a decimal(5, 2), counts integers
    in_sql = sql.execute("select kurang_ke_target(cast(? as decimal(5, 2)), cast(? as integer), cast(? as integer))",
                         [target, eligible, active]).fetchone()[0]
    assert in_sql == expected


def test_the_simulated_scenario_uses_the_same_definitions():
    # 2 of 5 covered, target 80% (4 people): 1 worker funded by APBD leaves 1 to go; 10 more cannot exceed 5
    s = measures.simulate(2, 5, 80, {"APBD": 1})
    assert (s.added, s.projected_active, s.projected_pct, s.remaining_to_target) == (1, 3, 60.0, 1)
    s = measures.simulate(2, 5, 80, {"APBD": 10})
    assert (s.added, s.projected_active, s.projected_pct, s.remaining_to_target) == (3, 5, 100.0, 0)
    assert s.yearly_cost_idr == 3 * 12 * 16_800
    # no denominator: nothing to cap at and no percentage
    s = measures.simulate(2, None, 80, {"CSR": 4})
    assert (s.added, s.projected_pct, s.remaining_to_target) == (4, None, None)


def test_the_run_rate_forecast_at_its_edges():
    nothing_yet = measures.run_rate_forecast([], months_left=12, target_year=100)
    assert (nothing_yet.forecast_year_end, nothing_yet.reaches_target) == (0, False)
    exactly = measures.run_rate_forecast([10, 10], months_left=10, target_year=120)
    assert (exactly.forecast_year_end, exactly.reaches_target) == (120, True)  # reaching it exactly counts
    no_target = measures.run_rate_forecast([10], months_left=1)
    assert (no_target.forecast_year_end, no_target.reaches_target) == (20, None)


def test_the_forecast_does_not_carry_a_bulk_enrolment_forward():
    """Issue 15: Labuhanbatu's 7.500 sponsored workers enrolled in January 2025 made the mean pace 3.076 a month and
    the forecast 36.920 against a target of 20.040. The pace is now the median of the last six months (back into
    last year), the range its quartiles (interpolated: 25 % of the way from the 2nd to the 3rd sorted month)."""
    year_so_far = [8_100, 530, 600]
    f = measures.run_rate_forecast(year_so_far, months_left=9, target_year=20_040,
                                   recent=[600, 550, 590, *year_so_far])
    # sorted 530 550 590 600 600 8.100: median 595, lower quartile 550 + (590 - 550) / 4 = 560, upper 600
    assert (f.realised, f.months_counted, f.monthly_rate) == (9_230, 6, 595)
    assert (f.low, f.forecast_year_end, f.high) == (9_230 + 560 * 9, 9_230 + 595 * 9, 9_230 + 600 * 9)
    assert f.reaches_target is False
    # only the last six months count: a seventh, however large, is left out
    assert measures.run_rate_forecast([10], 1, recent=[10_000, 1, 2, 3, 4, 5, 10]).monthly_rate == 3.5
    # one month: no spread; no months left (the office stops serving the regency): the forecast is what was done
    one = measures.run_rate_forecast([7], months_left=2)
    assert (one.low, one.forecast_year_end, one.high) == (21, 21, 21)
    done = measures.run_rate_forecast([5, 9], months_left=0, recent=[100, 200, 5, 9])
    assert (done.low, done.forecast_year_end, done.high) == (14, 14, 14)


def test_a_percentage_on_a_page_rounds_like_the_summary():
    """Babel alone rounds half to even: a page showed 0,62% for 1 of 160 where the CLI summary showed 0,63%."""
    from ucj import fmt

    assert fmt.pct(measures.coverage_pct(1, 160)) == fmt.pct(measures.coverage_pct_2dp(1, 160)) == "0,63%"


def test_the_sql_gap_is_exact_when_a_target_arrives_as_a_double(sql):
    """A loader may hand the macro a double: 10,13% of 10.000 still needs 1.013, not 1.014."""
    in_sql = sql.execute("select kurang_ke_target(cast(10.13 as double), 10000, 13)").fetchall()[0][0]
    assert in_sql == 1000 == measures.people_to_target(10.13, 10_000, 13)
