import pytest

from ucj import settings
from ucj.reports import measures


def test_bands_have_a_left_closed_edge():
    limits = (20.0, 35.0, 50.0)
    assert measures.band(19.99, limits) == "sangat rendah"
    assert measures.band(20.0, limits) == "rendah"
    assert measures.band(36.48, limits) == "sedang"
    assert measures.band(50.0, limits) == "tinggi"
    assert measures.band(None, limits) is None


def test_band_limits_must_rise_within_0_and_100():
    assert settings.check_band_limits(["10", "20", "30"]) == (10.0, 20.0, 30.0)
    with pytest.raises(ValueError):
        settings.check_band_limits([30, 20, 40])


def test_yearly_cost_matches_manggarai_barats_budget():
    assert measures.yearly_cost_idr(2_829) == 570_326_400
    assert measures.yearly_cost_idr(1) == 201_600


def test_people_to_target():
    assert measures.people_to_target(40, 181_567, 66_234) == 72_627 - 66_234
    assert measures.people_to_target(30, 181_567, 66_234) == 0
    assert measures.people_to_target(None, 181_567, 66_234) is None


def test_labuhanbatus_plans_in_the_simulator():
    s = measures.simulate(66_234, 181_567, 40, {"APBD": 10_000, "DBH Sawit": 3_800}, asn_for_sertakan=100)
    assert s.added_by_source["SERTAKAN"] == 500
    assert s.added == 14_300 and s.projected_active == 80_534
    assert round(s.projected_pct, 2) == 44.35
    assert s.remaining_to_target == 0
    assert s.yearly_cost_idr == 14_300 * 201_600


def test_simulator_stops_at_full_coverage():
    s = measures.simulate(90, 100, 95, {"APBD": 50})
    assert s.added == 10 and s.projected_pct == 100.0 and s.remaining_to_target == 0


def test_run_rate_forecast():
    f = measures.run_rate_forecast([100, 120, 110], months_left=9, target_year=1_500)
    assert f.realised == 330 and f.forecast_year_end == 1_320 and f.reaches_target is False
    assert measures.run_rate_forecast([200] * 6, months_left=6, target_year=2_400).reaches_target is True
    # an office that stops serving the regency in June has no months left after June
    assert measures.run_rate_forecast([300] * 6, months_left=0, target_year=3_000).forecast_year_end == 1_800
