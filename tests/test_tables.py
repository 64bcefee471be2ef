"""The data files validate, and each kind of bad input stops with file, line, column and rule."""

import pandas as pd
import pandera.pandas as pa
import pytest

from cicasco.data import load, schema
from cicasco.data.digest import fingerprint
from cicasco.data.ids import slugify, split_ids
from cicasco.data.rules import col
from cicasco.errors import DataError

from .conftest import edit_row, read_rows, write_rows


def test_every_data_file_validates(data):
    assert set(data.loaded()) == set(load.TABLE_FILES)
    assert len(data.sources) >= 100
    assert len(data.chairmanships) >= 25


def test_every_row_of_every_table_cites_a_known_source(data):
    known = set(data.sources["source_id"])
    for name, df in data.loaded().items():
        if name == "sources":
            continue
        for cell in df["source_ids"]:
            ids = split_ids(cell)
            assert ids, f"{name}: a row without a source"
            assert set(ids) <= known, f"{name}: {set(ids) - known}"


def test_sources_have_real_urls_and_access_dates(data):
    assert data.sources["url"].str.match(r"^https?://").all()
    assert data.sources["date_accessed"].notna().all()
    assert data.sources["source_id"].is_unique


def test_as_of_is_the_newest_source_date(data):
    assert data.as_of == data.sources["date_published"].max()


def test_load_types_dates_years_and_booleans(data):
    c = data.chairmanships
    assert pd.api.types.is_datetime64_any_dtype(c["term_start"])
    assert c["counted"].dtype == bool
    assert str(data.members["year_joined"].dtype) == "Int64"


def test_with_tables_replaces_only_the_given_tables(data):
    fewer = data.with_tables(meetings=None)
    assert "meetings" not in fewer.loaded()
    assert fewer.chairmanships is data.chairmanships


def test_load_only_the_tables_asked_for_plus_sources_and_members(data_copy):
    d = load.load(data_copy, tables=("chairmanships",))
    assert list(d.loaded()) == ["sources", "members", "chairmanships"]
    with pytest.raises(ValueError, match=r"unknown table\(s\) \['chairs'\]"):
        load.load(data_copy, tables=("chairs",))


# --- ids and slugs -------------------------------------------------------------------------------


def test_split_ids_ignores_blanks_and_spaces():
    assert split_ids("a-1; b-2;;") == ["a-1", "b-2"]
    assert split_ids("") == []


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Türkiye", "turkiye"),
        ("Kyrgyz Republic", "kyrgyz-republic"),
        ("Côte d'Ivoire", "cote-d-ivoire"),
        ("中国", ""),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


# --- each kind of bad input ------------------------------------------------------------------------


def _problems(data_dir) -> list[str]:
    with pytest.raises(DataError) as e:
        load.load(data_dir)
    return [str(p) for p in e.value.problems]


def test_bad_date_is_reported_alone_without_row_rule_follow_ons(data_copy):
    line = edit_row(
        data_copy / "chairmanships.csv",
        {"organisation": "SCO", "term_start": "2023-07-04"},
        term_start="2023-13-45",
    )
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs  # no overlap or gap reported for the unreadable date
    assert msgs[0].endswith(
        f"chairmanships.csv:{line}: term_start: '2023-13-45' is not a date (expected YYYY-MM-DD)"
    )


def test_unknown_iso3(data_copy):
    line = edit_row(data_copy / "members.csv", {"iso3": "KAZ", "organisation": "SCO"}, iso3="KZZ")
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith(f"members.csv:{line}: iso3: 'KZZ' is not a known ISO 3166-1 alpha-3 code")


def test_overlapping_terms(data_copy):
    # China's 2024-25 SCO term made to start before Kazakhstan's ended
    line = edit_row(
        data_copy / "chairmanships.csv",
        {"organisation": "SCO", "term_start": "2024-07-04"},
        term_start="2024-01-01",
    )
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith(
        f"chairmanships.csv:{line}: term_start: '2024-01-01' overlaps an earlier term of the same organisation"
    )


def test_gap_between_terms_is_an_error_even_with_a_note(data_copy):
    line = edit_row(
        data_copy / "chairmanships.csv",
        {"organisation": "CICA", "iso3": "AZE"},
        term_start="2025-03-01",
        note="gap",
    )
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith(
        f"chairmanships.csv:{line}: term_start: '2025-03-01' does not start where the previous term ended (a gap)"
    )


def test_end_before_start(data_copy):
    line = edit_row(data_copy / "meetings.csv", {"meeting_id": "sco-hos-2024-astana"}, end_date="2024-06-01")
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith(f"meetings.csv:{line}: end_date: '2024-06-01' is before start_date")


def test_duplicate_id(data_copy):
    rows = read_rows(data_copy / "initiatives.csv")
    rows.append(dict(rows[0]))
    write_rows(data_copy / "initiatives.csv", rows)
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith(
        f"initiatives.csv:{len(rows) + 1}: initiative_id: '{rows[0]['initiative_id']}' duplicates an id used on an earlier row"
    )


def test_dangling_source_id(data_copy):
    line = edit_row(data_copy / "events.csv", {"event_id": "sco-founding-2001"}, source_ids="no-such-source")
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith(
        f"events.csv:{line}: source_ids: 'no-such-source' names an id not found in the sources file"
    )


@pytest.mark.parametrize("bad", ["Astana\u202e", "Ast\x07ana"], ids=["bidi-override", "bell"])
def test_invisible_character_in_a_cell_names_file_and_line(data_copy, bad):
    line = edit_row(data_copy / "events.csv", {"event_id": "sco-founding-2001"}, city=bad)
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith(
        f"events.csv:{line}: city: {bad!r} holds a control character or a bidirectional override (invisible; remove it)"
    )


def test_missing_column_is_reported_alone(data_copy):
    rows = read_rows(data_copy / "meetings.csv")
    write_rows(data_copy / "meetings.csv", rows, [c for c in rows[0] if c != "city"])
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith("meetings.csv:1: city: column is missing from the header")


def test_extra_column_is_reported_alone(data_copy):
    rows = read_rows(data_copy / "meetings.csv")
    write_rows(data_copy / "meetings.csv", rows, [*rows[0], "colour"])
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith("meetings.csv:1: colour: column is not in the schema (misspelt?)")


def test_missing_file(data_copy):
    (data_copy / "events.csv").unlink()
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith("events.csv: file not found")


def test_empty_file(data_copy):
    (data_copy / "members.csv").write_text("")
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith("members.csv: file is empty (expected a header row and data rows)")


def test_row_with_too_many_fields(data_copy):
    path = data_copy / "meetings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines), encoding="utf-8")
    n = len(lines[0].split(","))  # the header has no quoted commas
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith(f"meetings.csv:3: has {n + 1} fields, the header has {n}")


def test_not_utf8(data_copy):
    path = data_copy / "members.csv"
    raw = path.read_bytes().splitlines(keepends=True)
    raw[3] = raw[3].rstrip(b"\n") + b"\xe9\n"  # Latin-1 é
    path.write_bytes(b"".join(raw))
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith("members.csv:4: is not UTF-8 text (byte 0xe9)")


def test_unknown_allowed_value(data_copy):
    line = edit_row(data_copy / "initiatives.csv", {"initiative_id": "sco-plus-format"}, status="finished")
    msgs = _problems(data_copy)
    assert len(msgs) == 1, msgs
    assert msgs[0].endswith(
        f"initiatives.csv:{line}: status: 'finished' is not allowed "
        "(expected one of: proposed, launched, held, ongoing, stalled, unknown)"
    )


def test_every_problem_is_reported_not_just_the_first(data_copy):
    members = edit_row(data_copy / "members.csv", {"iso3": "KAZ", "organisation": "SCO"}, year_joined="01")
    meetings = edit_row(data_copy / "meetings.csv", {"meeting_id": "sco-hos-2024-astana"}, online="yes")
    msgs = _problems(data_copy)
    assert len(msgs) == 2, msgs
    assert msgs[0].endswith(
        f"members.csv:{members}: year_joined: '01' is not a year (expected YYYY) (or empty)"
    )
    assert msgs[1].endswith(
        f"meetings.csv:{meetings}: online: 'yes' is not a boolean (expected true or false)"
    )


def test_validation_is_skipped_only_for_the_fingerprint_of_these_files(data_copy):
    edit_row(data_copy / "members.csv", {"iso3": "KAZ", "organisation": "SCO"}, iso3="KZZ")
    trusted = load.load(data_copy, trusted_fingerprint=fingerprint(data_copy))
    assert "KZZ" in set(trusted.members["iso3"])
    with pytest.raises(DataError, match="'KZZ' is not a known ISO 3166-1 alpha-3 code"):
        load.load(data_copy, trusted_fingerprint="0123456789ab")


def test_files_validated_once_are_not_validated_again_until_they_change(data_copy, monkeypatch):
    from cicasco.data import schema

    calls = []
    real = schema.problems
    monkeypatch.setattr(schema, "problems", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    load.load(data_copy, remember=True)
    first = len(calls)
    assert first == len(load.TABLE_FILES)  # every table validated
    load.load(data_copy, remember=True)
    assert len(calls) == first  # the same bytes: trusted
    load.load(data_copy)
    assert len(calls) == 2 * first  # not asked to remember: validated
    edit_row(data_copy / "members.csv", {"iso3": "KAZ", "organisation": "SCO"}, iso3="KZZ")
    with pytest.raises(DataError, match="'KZZ' is not a known ISO 3166-1 alpha-3 code"):
        load.load(data_copy, remember=True)  # changed: validated again, and the error still found
    assert len(calls) == 3 * first


# --- schema.validate on a frame -----------------------------------------------------------------------


def test_validate_reports_every_broken_cell_with_its_file_line():
    sch = pa.DataFrameSchema({"name": col(schema.NON_EMPTY), "code": col(schema.ISO3)})
    df = pd.DataFrame({"name": ["ok", "", "x\u202ey"], "code": ["KAZ", "KAZ", "ZZZ"]}, dtype=str)
    problems = [str(p) for p in schema.validate(df, [2, 5, 9], sch, "t.csv")]
    assert problems == [
        "t.csv:5: name: '' is empty (a value is required)",
        "t.csv:9: code: 'ZZZ' is not a known ISO 3166-1 alpha-3 code",
        "t.csv:9: name: 'x\\u202ey' holds a control character or a bidirectional override (invisible; remove it)",
    ]


def test_problems_of_a_table_by_name(data_copy):
    df, lines = load.read_csv(data_copy / "members.csv")
    unknown = schema.problems("members", df, lines, "members.csv", frozenset())  # no source is known
    assert [p.line for p in unknown] == lines
    assert {p.column for p in unknown} == {"source_ids"}
    assert all(p.message.endswith(" names an id not found in the sources file") for p in unknown)
    sources, _ = load.read_csv(data_copy / "sources.csv")
    assert schema.problems("members", df, lines, "members.csv", frozenset(sources["source_id"])) == []
