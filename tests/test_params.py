from datetime import date

import pytest

from cicasco import params
from cicasco.errors import ParameterError


def test_country_by_name_code_or_slug(data):
    for value in ("Kazakhstan", "kaz", "KAZ", "kazakhstan"):
        assert params.resolve_country(data, value).iso3 == "KAZ"
    assert params.resolve_country(data, "Kyrgyzstan").slug == "kyrgyzstan"


def test_unknown_country_lists_the_valid_names(data):
    with pytest.raises(ParameterError) as e:
        params.resolve(data, "Atlantis")
    msg = str(e.value)
    assert msg.startswith("parameter country: 'Atlantis' is not a member state of the SCO or CICA; valid: ")
    assert "China (CHN)" in msg and "Kazakhstan (KAZ)" in msg


def test_member_states_are_the_full_members_of_either_organisation(data):
    states = {c.iso3 for c in params.member_states(data)}
    assert {"KAZ", "CHN", "RUS", "IND", "IRN", "BLR", "AZE", "TUR"} <= states
    assert "MNG" not in states or "MNG" in set(data.members.loc[data.members["status"] == "member", "iso3"])


def test_reversed_period_and_future_as_of_and_bad_organisation(data):
    with pytest.raises(
        ParameterError, match="parameter period_end: 2000-01-01 is before period_start 2010-01-01"
    ):
        params.resolve(data, "KAZ", period_start="2010-01-01", period_end="2000-01-01")
    with pytest.raises(ParameterError, match="parameter as_of: 2030-01-01 is in the future"):
        params.resolve(data, "KAZ", as_of="2030-01-01", today=date(2026, 11, 30))
    with pytest.raises(
        ParameterError,
        match="parameter organisations: 'NATO' is not allowed; valid: any of SCO, CICA",
    ):
        params.resolve(data, "KAZ", organisations="NATO")
    with pytest.raises(ParameterError, match="parameter as_of: '12/12/2023' is not a date"):
        params.resolve(data, "KAZ", as_of="12/12/2023")


def test_defaults(data):
    p = params.resolve(data, "China")
    assert p.organisations == ("SCO", "CICA")
    assert p.period_end == data.as_of
    assert str(p.as_of.date()) == "2023-12-12"
