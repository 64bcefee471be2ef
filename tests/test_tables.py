"""The data files validate, and each kind of bad input stops with file, line, column and rule."""

import pytest

from cicasco import tables
from cicasco.errors import DataError

from .conftest import edit_row, read_rows, write_rows


def test_every_data_file_validates(data):
    assert set(data.tables) == set(tables.TABLE_FILES)
    assert len(data.sources) >= 100
    assert len(data.chairmanships) >= 25


def test_every_row_of_every_table_cites_a_known_source(data):
    known = set(data.sources["source_id"])
    for name, df in data.tables.items():
        if name == "sources":
            continue
        for cell in df["source_ids"]:
            ids = tables.split_ids(cell)
            assert ids, f"{name}: a row without a source"
            assert set(ids) <= known


def test_sources_have_real_urls_and_access_dates(data):
    assert data.sources["url"].str.match(r"^https?://").all()
    assert data.sources["date_accessed"].notna().all()
    assert data.sources["source_id"].is_unique


def _problems(data_dir) -> list[str]:
    with pytest.raises(DataError) as e:
        tables.load(data_dir)
    return [str(p) for p in e.value.problems]


def test_bad_date_names_file_line_column_and_rule(data_copy):
    line = edit_row(
        data_copy / "chairmanships.csv",
        {"organisation": "SCO", "term_start": "2023-07-04"},
        term_start="2023-13-45",
    )
    msgs = _problems(data_copy)
    assert (
        f"chairmanships.csv:{line}: term_start: '2023-13-45' is not a date (expected YYYY-MM-DD)"
        in "\n".join(msgs)
    )


def test_unknown_iso3(data_copy):
    line = edit_row(data_copy / "members.csv", {"iso3": "KAZ", "organisation": "SCO"}, iso3="KZZ")
    assert any(
        f"members.csv:{line}: iso3: 'KZZ' is not a known ISO 3166-1 alpha-3 code" in m
        for m in _problems(data_copy)
    )


def test_overlapping_terms(data_copy):
    # China's 2024-25 SCO term made to start before Kazakhstan's ended
    line = edit_row(
        data_copy / "chairmanships.csv",
        {"organisation": "SCO", "term_start": "2024-07-04"},
        term_start="2024-01-01",
    )
    msgs = _problems(data_copy)
    assert any(
        f"chairmanships.csv:{line}: term_start: '2024-01-01' overlaps an earlier term" in m for m in msgs
    ), msgs


def test_end_before_start(data_copy):
    line = edit_row(data_copy / "meetings.csv", {"meeting_id": "sco-hos-2024-astana"}, end_date="2024-06-01")
    assert any(
        f"meetings.csv:{line}: end_date: '2024-06-01' is before start_date" in m for m in _problems(data_copy)
    )


def test_gap_between_terms_needs_a_note(data_copy):
    line = edit_row(
        data_copy / "chairmanships.csv",
        {"organisation": "CICA", "iso3": "AZE"},
        term_start="2025-03-01",
    )
    assert any(
        f"chairmanships.csv:{line}: term_start: '2025-03-01' leaves a gap" in m for m in _problems(data_copy)
    )


def test_duplicate_id(data_copy):
    rows = read_rows(data_copy / "initiatives.csv")
    rows.append(dict(rows[0]))
    write_rows(data_copy / "initiatives.csv", rows)
    msgs = _problems(data_copy)
    assert any(
        f"initiatives.csv:{len(rows) + 1}: initiative_id: '{rows[0]['initiative_id']}' duplicates an id" in m
        for m in msgs
    ), msgs


def test_dangling_source_id(data_copy):
    line = edit_row(data_copy / "events.csv", {"event_id": "sco-founding-2001"}, source_ids="no-such-source")
    assert any(
        f"events.csv:{line}: source_ids: 'no-such-source' names an id not found in data/sources.csv" in m
        for m in _problems(data_copy)
    )


def test_missing_column(data_copy):
    rows = read_rows(data_copy / "meetings.csv")
    cols = [c for c in rows[0] if c != "city"]
    write_rows(data_copy / "meetings.csv", rows, cols)
    assert any(
        m.endswith("meetings.csv:1: city: column is missing from the header") for m in _problems(data_copy)
    )


def test_missing_file(data_copy):
    (data_copy / "events.csv").unlink()
    assert any(m.endswith("events.csv: file not found") for m in _problems(data_copy))


def test_empty_file(data_copy):
    (data_copy / "members.csv").write_text("")
    assert any("members.csv: file is empty" in m for m in _problems(data_copy))


def test_unknown_allowed_value(data_copy):
    line = edit_row(data_copy / "initiatives.csv", {"initiative_id": "sco-plus-format"}, status="finished")
    assert any(
        f"initiatives.csv:{line}: status: 'finished' is not allowed (expected one of: proposed" in m
        for m in _problems(data_copy)
    )


def test_every_problem_is_reported_not_just_the_first(data_copy):
    edit_row(data_copy / "members.csv", {"iso3": "KAZ", "organisation": "SCO"}, year_joined="01")
    edit_row(data_copy / "meetings.csv", {"meeting_id": "sco-hos-2024-astana"}, online="yes")
    msgs = _problems(data_copy)
    assert any("members.csv" in m and "year_joined" in m for m in msgs)
    assert any("meetings.csv" in m and "online" in m for m in msgs)


def test_as_of_is_the_newest_source_date(data):
    assert data.as_of == data.sources["date_published"].max()
