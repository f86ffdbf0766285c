from ucj.reports.measures import coverage_pct_2dp as coverage_pct


def test_coverage_rounds_half_up_to_two_decimals():
    assert coverage_pct(66_234, 181_567) == 36.48
    assert coverage_pct(1, 8) == 12.5
    assert coverage_pct(1, 800) == 0.13  # 0.125 rounds up, not to even
    assert coverage_pct(5, 0) is None and coverage_pct(5, None) is None
