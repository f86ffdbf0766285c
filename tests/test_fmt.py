import datetime as dt

from ucj import fmt


def test_numbers_percentages_money_and_dates_read_as_indonesians_write_them():
    assert fmt.number(181_567) == "181.567"
    assert fmt.pct(36.4785) == "36,48%"
    assert fmt.rupiah(105_218_473_900) == "Rp105,2 miliar"
    assert fmt.rupiah(837_025_000) == "Rp837 juta"
    assert fmt.rupiah(16_800) == "Rp16.800"
    assert fmt.rupiah(1_500_000_000_000) == "Rp1,5 triliun"
    assert fmt.rupiah_full(570_326_400) == "Rp570.326.400"
    assert fmt.date(dt.date(2026, 3, 17)) == "17 Maret 2026"
    assert fmt.month(dt.date(2025, 3, 1)) == "Maret 2025"
    assert fmt.pct_points(-1.234) == "-1,23 poin" and fmt.pct_points(3.64) == "+3,64 poin"
    assert fmt.signed_number(7_381) == "+7.381"


def test_never_m_for_miliar():
    assert "M" not in fmt.rupiah(2_500_000_000)


def test_rupiah_rounds_into_the_next_unit_at_its_edge():
    assert fmt.rupiah(999_949_999) == "Rp999,9 juta"
    assert fmt.rupiah(999_960_000) == "Rp1 miliar"          # not 'Rp1000 juta'
    assert fmt.rupiah(999_950_000_000) == "Rp1 triliun"
    assert fmt.rupiah(999_999) == "Rp999.999"


def test_the_fast_formatting_writes_exactly_what_babel_writes():
    """number and pct format whole numbers and percentages without Babel (thousands of cells on a province's
    map); every value here must read as Babel's id_ID text does."""
    import random
    from decimal import ROUND_HALF_UP, Decimal

    from babel.numbers import format_decimal

    rng = random.Random(20250331)
    whole = [0, 1, -1, 999, 1000, -1000, 999_999, 10**12, -(10**15) - 7] + [rng.randint(-10**13, 10**13) for _ in range(2000)]
    for value in whole:
        assert fmt.number(value) == format_decimal(value, format="#,##0", locale="id_ID"), value
        assert fmt.number(float(value)) == format_decimal(float(value), format="#,##0", locale="id_ID"), value
    for value in [0.0, 0.005, 0.625, -0.625, 36.4785, 99.995, 1234.5, -1234.565] + [rng.uniform(-5000, 5000) for _ in range(2000)]:
        for digits in (0, 1, 2):
            rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
            pattern = "#,##0." + "0" * digits if digits else "#,##0"
            assert fmt.pct(value, digits) == format_decimal(rounded, format=pattern, locale="id_ID") + "%", (value, digits)
