"""Project rules: notebooks committed clean with one parameters cell, environments that agree."""

import ast
import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from cicasco.data import load, paths
from cicasco.pipeline import kernels, outline

NOTEBOOKS = sorted(paths.NOTEBOOK_DIR.glob("*.ipynb"))
PARAMETERS = [p.name for p in outline.parameters()]


def test_notebooks_are_numbered_in_reading_order():
    assert [n.name for n in NOTEBOOKS] == [s.notebook for s in outline.sections()]
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
    assert src == outline.parameters_cell(), (
        f"{nb_path.name}: parameters cell differs from pipeline/outline.toml"
    )
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


# Installed in the kernel through PYTHONPATH: records every data file the notebook opens (an audit hook
# sees every open), so the test learns what a notebook really reads without a hook in the package.
SITECUSTOMIZE = """
import os, sys
_log, _data = os.environ["READ_LOG"], os.environ["READ_DATA"]
def _hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith(_data):
        with __import__("io").open(_log, "a") as f:  # io.open: the hook's own write is not under _data
            f.write(os.path.basename(args[0]) + "\\n")
sys.addaudithook(_hook)
"""


@pytest.mark.integration
def test_sections_declare_the_tables_they_read(tmp_path, monkeypatch):
    """The cache keys on the declared tables; what a notebook opens must be among them."""
    import nbformat
    import papermill

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "site"))
    monkeypatch.setenv("READ_DATA", str(paths.DATA_DIR))
    for section in outline.sections():
        log = tmp_path / f"{section.notebook}.log"
        monkeypatch.setenv("READ_LOG", str(log))
        log.write_text("")
        km = kernels.start()  # on Unix sockets, as the build's: no port to lose to a test beside it
        try:
            papermill.execute_notebook(
                str(paths.NOTEBOOK_DIR / section.notebook),
                str(tmp_path / section.notebook),
                parameters={"figures_dir": str(tmp_path / "figs")},
                kernel_name="python3",
                progress_bar=False,
                cwd=str(paths.ROOT),
                km=km,
            )
        finally:
            kernels.release(km)
        read = {ln.strip() for ln in log.read_text().splitlines()}
        declared = {load.TABLE_FILES[t] for t in section.tables} | {"kazakhstan-in-cica-and-sco.txt"}
        if section.article:
            declared |= {"claims.csv"}
        assert "sources.csv" in read  # the hook saw the notebook's reads
        assert read <= declared, f"{section.notebook} reads {sorted(read - declared)} without declaring them"
        nbformat.read(tmp_path / section.notebook, as_version=4)


def test_every_module_is_listed_in_readme():
    readme = (paths.ROOT / "README.md").read_text()
    pkg = paths.ROOT / "src" / "cicasco"
    for f in sorted(pkg.rglob("*.py")):
        if f.name == "__init__.py" and f.parent != pkg / "claims" / "checks":
            continue
        rel = f.relative_to(pkg).as_posix()
        assert rel in readme, f"README's module list does not name {rel}"


def test_no_module_over_300_lines_and_a_short_orchestrator():
    pkg = paths.ROOT / "src" / "cicasco"
    for f in pkg.rglob("*.py"):
        assert len(f.read_text().splitlines()) <= 300, f"{f.name} is over 300 lines"
    tree = ast.parse((pkg / "pipeline" / "build.py").read_text())
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "build")
    assert fn.end_lineno - fn.lineno + 1 <= 40


def test_no_function_over_60_lines():
    pkg = paths.ROOT / "src" / "cicasco"
    for f in pkg.rglob("*.py"):
        for n in ast.walk(ast.parse(f.read_text())):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                assert n.end_lineno - n.lineno + 1 <= 60, f"{f.name}: {n.name} is over 60 lines"


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
    # a package conda-forge lacks (or names otherwise) comes from PyPI through pip, with the same range
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    conda |= {_name(d): d for d in pip if not d.startswith("--")}
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


def test_one_workflow_tests_then_builds_once_and_deploys_only_main():
    """A pull request is built once (not by two workflows), after the tests; only main is deployed."""
    flows = sorted((paths.ROOT / ".github" / "workflows").glob("*.yml"))
    assert [f.name for f in flows] == ["report.yml"]
    flow = yaml.safe_load(flows[0].read_text())
    triggers = flow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"] == {"branches": ["main"]} and "pull_request" in triggers
    jobs = flow["jobs"]
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    assert "refs/heads/main" in jobs["deploy"]["if"] and "pull_request" in jobs["deploy"]["if"]
    runs = [s.get("run", "") for j in jobs.values() for s in j.get("steps", [])]
    assert sum("make test" in r for r in runs) == 1
    assert sum('cicasco", "build"' in r or "make report" in r for r in runs) == 1
