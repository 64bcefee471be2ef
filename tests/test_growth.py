"""Tests own their fixtures: adding a true row or article to data/ never fails one (issue 22).

`fixtures.growth.grow` adds to a copy of data/ what contributors add: an article with its text and
claims file, a claim to the default article's register, sources (one published after every shipped
one), an initiative, a meeting, a member and a chair term in each organisation. On the grown copy every
stage still runs, and every count moves by exactly what was added, compared with a copy of data/ taken
at the same moment. The last test runs the unit suite itself on a grown copy of the project: a test that
hard-codes a count of the shipped data fails there, naming itself.
"""

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cicasco.analysis import chairs, initiatives
from cicasco.claims import assess, claimreview
from cicasco.claims.article import read_article
from cicasco.claims.decide import decide
from cicasco.claims.register import load_claims
from cicasco.data import load, paths
from cicasco.pipeline import cli, outline, params
from cicasco.report import index_page, register_view

from .conftest import article_rows, read_rows, tally
from .fixtures import growth

DEFAULT = outline.default("article")


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> tuple[Path, Path, growth.Grown]:
    """(data/ as shipped, the same grown, what was added), both copied at the same moment."""
    base = tmp_path_factory.mktemp("growth")
    shutil.copytree(paths.DATA_DIR, base / "shipped")
    shutil.copytree(base / "shipped", base / "grown")
    return base / "shipped", base / "grown", growth.grow(base / "grown")


@pytest.fixture(scope="module")
def loaded(copies) -> tuple[load.Dataset, load.Dataset]:
    shipped, grown, _ = copies
    return load.load(shipped), load.load(grown)


def test_every_file_grows_by_the_rows_added_and_no_other(copies, loaded):
    shipped, grown, added = copies
    files = sorted(p.name for p in grown.glob("*.csv"))
    assert set(added.rows) <= set(files)
    for name in files:
        before = len(read_rows(shipped / name)) if (shipped / name).exists() else 0
        assert len(read_rows(grown / name)) == before + added.rows.get(name, 0), name
    s, g = loaded
    for table, df in g.loaded().items():
        assert len(df) == len(getattr(s, table)) + added.rows.get(load.TABLE_FILES[table], 0), table
    assert g.as_of == pd.Timestamp(added.as_of) >= s.as_of  # the data now runs to the newest source


def test_check_passes_with_each_register_checked_in_full(copies, capsys):
    shipped, grown, added = copies
    assert cli.main(["check", "--data-dir", str(grown)]) == 0
    out = capsys.readouterr().out
    expected = {a["article_id"]: len(read_rows(shipped / a["claims_file"])) for a in article_rows(shipped)}
    expected[DEFAULT] += 1
    expected[added.article] = len(growth.CLAIMS)
    for article_id, n in expected.items():
        assert re.search(
            rf"^{article_id}: {n} claims in \S+ checked as of \S+; 0 verdict\(s\) differ", out, re.M
        ), (
            article_id,
            out,
        )
    assert len(re.findall(r" claims in ", out)) == len(expected)


def test_registers_move_by_the_claims_added(copies, loaded):
    _, _, added = copies
    s, g = loaded

    def register(data, article_id):
        art = read_article(data, article_id)
        return art, decide(data, art, art.date_published)

    for article_id in s.articles["article_id"]:
        (_, before), (art, after) = register(s, article_id), register(g, article_id)
        assert assess.mismatches(after).empty, article_id
        moved = 1 if article_id == DEFAULT else 0
        assert len(after) == len(before) + moved, article_id
        counts = tally(before.to_dict("records"), "computed")
        if moved:
            assert after.iloc[-1]["claim_id"] == added.claim_id
            counts[added.claim_verdict] += 1
        assert tally(after.to_dict("records"), "computed") == counts, article_id
        if moved:  # one ClaimReview more, for the claim added
            reviews = claimreview.claim_reviews(after, art, g)["@graph"]
            assert len(reviews) == (before["check"] != "").sum() + 1
            assert reviews[-1]["@id"] == f"#{added.claim_id}"
    art, new = register(g, added.article)
    assert new["claim_id"].tolist() == [c[0] for c in growth.CLAIMS] and assess.mismatches(new).empty
    assert tally(new.to_dict("records"), "computed") == growth.COUNTS


def _groups(groups, leave_out) -> list[list[tuple[str, str, str]]]:
    """The recurring groups as lists of (article, claim, verdict), without the claims `leave_out` names;
    a group left with claims of one article only is no longer a group."""
    out = []
    for g in groups:
        claims = [(c.article, c.claim, c.verdict) for c in g.claims if not leave_out(c)]
        if len({a for a, _, _ in claims}) > 1:
            out.append(claims)
    return sorted(out)


def test_index_moves_by_the_article_and_the_claim_added(copies, loaded, tmp_path):
    shipped, grown, added = copies
    s, g = loaded
    before, groups_before = index_page.contents(s)
    after, groups_after = index_page.contents(g)
    assert len(after) == len(before) + 1
    new = next(a for a in after if a.title == growth.TITLE)
    assert (new.title, new.outlet, new.n_claims, new.counts) == (
        growth.TITLE,
        growth.OUTLET,
        len(growth.CLAIMS),
        growth.COUNTS,
    )
    assert new.link == f"{added.article}/kazakhstan/report.html"
    default = next(f"{b.outlet}, {b.published}" for b in before if b.link == "kazakhstan/report.html")
    shipped_after = [a for a in after if a is not new]  # newest first: the new article takes its place
    for b, a in zip(before, shipped_after, strict=True):  # the shipped: the same, but for the claim added
        if f"{b.outlet}, {b.published}" == default:
            counts = dict(b.counts)
            counts[added.claim_verdict] += 1
            b = dataclasses.replace(b, n_claims=b.n_claims + 1, counts=counts)
        assert a == b

    # the new article's claims join the groups of the claims resting on the same records; nothing else
    # changes but for the claim added (which may join the group its original is in)
    outlet = f"{growth.OUTLET}, 10 January 2025"
    mine = sorted(c.claim for grp in groups_after for c in grp.claims if c.article == outlet)
    assert mine == [f"Claim {c.lstrip('c')}" for c in growth.SHARED_CLAIMS]
    restated = f"Claim {added.claim_id.lstrip('c')}"
    assert _groups(
        groups_after, lambda c: c.article == outlet or (c.article, c.claim) == (default, restated)
    ) == _groups(groups_before, lambda c: False)

    out = tmp_path / "out"
    assert (
        cli.main(["index", "--data-dir", str(grown), "--out", str(out), "--cache-dir", str(tmp_path / "c")])
        == 0
    )
    page = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert f'content="{len(article_rows(shipped)) + 1} articles on the SCO and CICA' in page
    assert growth.TITLE in page


def test_analyses_move_by_the_rows_added(copies, loaded):
    _, _, added = copies
    s, g = loaded

    def terms(data, organisation, iso3):
        t = chairs.terms(data.chairmanships, (organisation,), open_until=data.as_of)
        return chairs.count_for(t, organisation, iso3)["terms"]

    for org, iso3 in added.chairs.items():
        assert terms(g, org, iso3) == terms(s, org, iso3) + 1, (org, iso3)
    assert terms(g, "SCO", "KAZ") == terms(s, "SCO", "KAZ")

    both = ("SCO", "CICA")
    before = initiatives.select(s.initiatives, both, pd.Timestamp("1992-01-01"), s.as_of)
    after = initiatives.select(g.initiatives, both, pd.Timestamp("1992-01-01"), g.as_of)
    assert len(after) == len(before) + 1
    domain = initiatives.by_category(after, "domain", both) - initiatives.by_category(before, "domain", both)
    assert domain.to_numpy().sum() == 1 and domain.loc["digital", "CICA"] == 1

    states = {c.iso3 for c in params.member_states(g)} - {c.iso3 for c in params.member_states(s)}
    assert states == {added.member}  # an SCO partner, a CICA member now: it has a report of its own

    # what an article names is read from its own claims file: the new article names the new initiative
    links = register_view.claims_by_initiative(load_claims(g, read_article(g, growth.ARTICLE)))
    assert links == {growth.INITIATIVE_ID: ["c04"]}
    for article_id in s.articles["article_id"]:  # and the shipped articles name what they named
        before = register_view.claims_by_initiative(load_claims(s, read_article(s, article_id)))
        after = register_view.claims_by_initiative(load_claims(g, read_article(g, article_id)))
        if article_id == DEFAULT:  # but for the claim added, which names what the claim it restates names
            after = {i: [c for c in cs if c != added.claim_id] for i, cs in after.items()}
            after = {i: cs for i, cs in after.items() if cs}
        assert after == before, article_id


# --- the property itself: the unit suite, run on a grown copy of the project ------------------------


@pytest.mark.integration
def test_the_unit_suite_passes_on_grown_data(tmp_path):
    """Every unit test, run with the project's data grown: CICASCO_ROOT points at a copy of the
    project's files whose data/ is grown (the environment, the tools and the git folder are linked). A
    test that fails here asserts a fact of the shipped data that a true new row or article changes:
    derive it from the data, or give the test a fixture of its own."""
    root = tmp_path / "project"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()  # the project's files, not what builds and environments leave beside them
    for name in listed:
        if not name.startswith("data/") and (paths.ROOT / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(paths.ROOT / name, root / name)
    for name in (".venv", ".tools", ".git"):
        if (paths.ROOT / name).exists():
            (root / name).symlink_to(paths.ROOT / name)
    shutil.copytree(paths.DATA_DIR, root / "data")
    growth.grow(root / "data")
    env = {**os.environ, "CICASCO_ROOT": str(root)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        + ["-m", "not integration", "--ignore", "tests/test_growth.py", "tests"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", run.stdout, re.M)
    assert run.returncode == 0, "these tests fail once the data grows:\n" + "\n".join(
        failed or [run.stdout[-3000:]]
    )
    assert re.search(r"\d+ passed", run.stdout)
