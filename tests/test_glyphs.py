"""A character the report's fonts cannot print is a data error, not an empty box in the PDF."""

import pytest

from cicasco.data import glyphs, load
from cicasco.errors import DataError

from .conftest import edit_row, read_rows

pytestmark = pytest.mark.skipif(glyphs.printable() is None, reason="fontconfig or DejaVu fonts not found")


def test_the_shipped_data_prints_in_the_reports_fonts(data):
    assert data.sources is not None  # loading validated every printed column


def test_a_title_in_a_script_the_fonts_lack_is_named_with_file_line_and_column(data_copy):
    first = read_rows(data_copy / "sources.csv")[0]
    line = edit_row(data_copy / "sources.csv", {"source_id": first["source_id"]}, title="上海合作组织")
    with pytest.raises(DataError) as e:
        load.load(data_copy)
    assert (
        f"sources.csv:{line}: title: holds characters the report's fonts cannot print (上 作 合 海 组 织)"
        in str(e.value)
    )


def test_words_are_checked_only_where_no_english_rendering_is_printed(data_copy):
    row = read_rows(data_copy / "statements.csv")[0]
    edit_row(data_copy / "statements.csv", {"statement_id": row["statement_id"]}, words="上合", english="SCO")
    load.load(data_copy)  # the English rendering is what the report prints
    line = edit_row(data_copy / "statements.csv", {"statement_id": row["statement_id"]}, english="")
    with pytest.raises(DataError) as e:
        load.load(data_copy)
    assert f"statements.csv:{line}: words: holds characters" in str(e.value)


def test_latin_cyrillic_and_greek_print():
    points = glyphs.printable()
    assert glyphs.unprintable("Türkiye, Қазақстан, Москва, Ελλάδα, Azərbaycan – “x”", points) == []
    assert glyphs.unprintable("上海 আ", points) == ["আ", "上", "海"]  # by code point
