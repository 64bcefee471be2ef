"""Report parameters: resolved once, each bad one stopped with what is allowed."""

from datetime import date

import pandas as pd
import pytest

from cicasco.errors import ParameterError
from cicasco.pipeline import params

ARTICLE_DATE = pd.Timestamp("2023-12-12")


def test_country_by_name_code_or_slug(data):
    for value in ("Kazakhstan", "kaz", "KAZ", "kazakhstan", " Kazakhstan "):
        assert params.resolve_country(data, value).iso3 == "KAZ"
    assert params.resolve_country(data, "Kyrgyzstan").slug == "kyrgyzstan"
    assert params.resolve_country(data, "republic-of-korea").iso3 == "KOR"


def test_country_slug_is_ascii_with_an_iso3_fallback():
    assert params.Country("Türkiye", "TUR").slug == "turkiye"
    assert params.Country("Republic of Korea", "KOR").slug == "republic-of-korea"
    assert params.Country("中国", "CHN").slug == "chn"


def test_unknown_country_lists_the_valid_names(data):
    with pytest.raises(ParameterError) as e:
        params.resolve(data, "Atlantis", article_date=ARTICLE_DATE)
    msg = str(e.value)
    assert msg.startswith("parameter country: 'Atlantis' is not a member state of the SCO or CICA; valid: ")
    assert "China (CHN)" in msg
    assert "Kazakhstan (KAZ)" in msg


def test_member_states_are_the_full_members_of_either_organisation(data):
    states = [c.iso3 for c in params.member_states(data)]
    assert {"KAZ", "CHN", "RUS", "IND", "IRN", "BLR", "AZE", "TUR"} <= set(states)
    full = set(data.members.loc[data.members["status"] == "member", "iso3"])
    assert set(states) == full
    assert len(states) == len(set(states))  # a member of both is listed once
    names = [c.name for c in params.member_states(data)]
    assert names == sorted(names)


def test_reversed_period_and_future_as_of_and_bad_organisation(data):
    with pytest.raises(
        ParameterError, match="parameter period_end: 2000-01-01 is before period_start 2010-01-01"
    ):
        params.resolve(
            data, "KAZ", period_start="2010-01-01", period_end="2000-01-01", article_date=ARTICLE_DATE
        )
    with pytest.raises(
        ParameterError, match="parameter as_of: 2030-01-01 is in the future; valid: a date up to 2026-11-30"
    ):
        params.resolve(data, "KAZ", as_of="2030-01-01", today=date(2026, 11, 30))
    with pytest.raises(
        ParameterError, match="parameter organisations: 'NATO' is not allowed; valid: any of SCO, CICA"
    ):
        params.resolve(data, "KAZ", organisations="NATO", article_date=ARTICLE_DATE)
    with pytest.raises(ParameterError, match="parameter as_of: '12/12/2023' is not a date"):
        params.resolve(data, "KAZ", as_of="12/12/2023")


def test_as_of_needs_a_date_or_an_article(data):
    with pytest.raises(
        ParameterError, match="parameter as_of: no date given and no article to take one from"
    ):
        params.resolve(data, "KAZ")


def test_defaults_take_the_assessment_date_from_the_article(data):
    p = params.resolve(data, "China", article_date=ARTICLE_DATE)
    assert p.country == params.Country("China", "CHN")
    assert p.organisations == ("SCO", "CICA")
    assert p.period_start == pd.Timestamp("1992-01-01")
    assert p.period_end == data.as_of
    assert p.as_of == ARTICLE_DATE
    assert p.as_of_reason == "the article's publication date"


def test_a_given_as_of_overrides_the_article_and_organisations_are_put_in_order(data):
    p = params.resolve(data, "KAZ", organisations="cica, sco", as_of="2024-07-04", article_date=ARTICLE_DATE)
    assert p.as_of == pd.Timestamp("2024-07-04")
    assert p.as_of_reason == "the date asked for"
    assert p.organisations == ("SCO", "CICA")
    assert params.resolve(data, "KAZ", organisations=["CICA"], article_date=ARTICLE_DATE).organisations == (
        "CICA",
    )
