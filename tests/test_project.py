"""Project rules: notebooks committed clean with one parameters cell, environments that agree."""

import ast
import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from cicasco import build, paths, tables

NOTEBOOKS = sorted(paths.NOTEBOOK_DIR.glob("*.ipynb"))
PARAMETERS = [
    "country",
    "organisations",
    "period_start",
    "period_end",
    "as_of",
    "article",
    "data_dir",
    "figures_dir",
]


def test_notebooks_are_numbered_in_reading_order():
    assert [n.name for n in NOTEBOOKS] == [s.notebook for s in build.SECTIONS]
    assert all(re.match(r"\d\d_[a-z_]+\.ipynb$", n.name) for n in NOTEBOOKS)


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_without_outputs(nb_path):
    nb = json.loads(nb_path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, (
                f"{nb_path.name}: strip outputs (nbstripout)"
            )
        assert "execution" not in cell.get("metadata", {})


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_parameters_cell_with_literal_commented_defaults(nb_path):
    nb = json.loads(nb_path.read_text())
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    src = "".join(tagged[0]["source"])
    names = []
    for line in src.splitlines():
        if not line or line.startswith("#"):
            continue
        assert "  # " in line, f"{nb_path.name}: parameter without a comment: {line}"
        node = ast.parse(line).body[0]
        assert isinstance(node, ast.Assign | ast.AnnAssign)
        assert isinstance(node.value, ast.Constant), f"{nb_path.name}: default is not a literal: {line}"
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        names.append(target.id)
    assert names == PARAMETERS
    # the cell after the parameters validates them (open_report raises on bad input)
    after = nb["cells"][nb["cells"].index(tagged[0]) + 1]
    assert "open_report(" in "".join(after["source"])


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_function_definitions_in_notebooks(nb_path):
    nb = json.loads(nb_path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "\n".join(ln for ln in "".join(cell["source"]).splitlines() if not ln.startswith("%"))
        tree = ast.parse(src)
        defs = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda)
        ]
        assert not defs, f"{nb_path.name}: move logic into the package"


def test_sections_declare_the_tables_they_read(tmp_path, monkeypatch):
    """The cache keys on the declared tables; what a notebook opens must be among them."""
    import nbformat
    import papermill

    for section in build.SECTIONS:
        log = tmp_path / f"{section.notebook}.log"
        monkeypatch.setenv("CICASCO_READ_LOG", str(log))
        papermill.execute_notebook(
            str(paths.NOTEBOOK_DIR / section.notebook),
            str(tmp_path / section.notebook),
            parameters={"figures_dir": str(tmp_path / "figs")},
            kernel_name="python3",
            progress_bar=False,
            cwd=str(paths.ROOT),
        )
        read = {ln.strip() for ln in log.read_text().splitlines()}
        declared = {tables.TABLE_FILES[t] for t in section.tables}
        if section.article:
            declared |= {"claims.csv", "kazakhstan-in-cica-and-sco.txt"}
        assert read <= declared, f"{section.notebook} reads {sorted(read - declared)} without declaring them"
        nbformat.read(tmp_path / section.notebook, as_version=4)


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())
    wanted = {_name(d): d for d in py["project"]["dependencies"] + py["dependency-groups"]["dev"]}
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = {
        _name(d): d
        for d in env["dependencies"]
        if isinstance(d, str) and not d.startswith(("python=", "pip"))
    }
    assert conda == wanted
    assert "python=3.11" in env["dependencies"]


def test_lock_file_is_current():
    lock = (paths.ROOT / "uv.lock").read_text()
    py = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())
    for dep in py["project"]["dependencies"]:
        assert f'name = "{_name(dep)}"' in lock, f"{dep} missing from uv.lock: run uv lock"


def test_no_machine_paths_in_tracked_files():
    files = subprocess.run(["git", "ls-files"], cwd=paths.ROOT, capture_output=True, text=True).stdout.split()
    here = str(paths.ROOT.resolve())
    for name in files:
        p = paths.ROOT / name
        if p.suffix in {".py", ".ipynb", ".md", ".csv", ".yml", ".toml", ".j2", ".css"}:
            assert here not in p.read_text(errors="ignore"), name
    assert Path(here).is_absolute()
