"""Execute one notebook with papermill, and make the executed copy the same on every run and machine."""

import shutil
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError
from papermill.translators import translate_parameters

from ..data import paths
from ..errors import BuildError
from . import outline

# Parameters that say where things are on this machine: passed to the kernel, kept out of the copy.
LOCAL_PARAMETERS = ("data_dir", "figures_dir", "trusted_data")
RUN_METADATA = (
    "start_time",
    "end_time",
    "duration",
    "input_path",
    "output_path",
    "environment_variables",
    "version",
    "exception",
)


def scrub(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what differs between runs or machines: timings, paths, papermill's environment record,
    and the machine-local parameters (the injected cell is written again without them)."""
    meta = nb.metadata.get("papermill", {})
    for k in RUN_METADATA:
        meta.pop(k, None)
    params = {k: v for k, v in meta.get("parameters", {}).items() if k not in LOCAL_PARAMETERS}
    if "parameters" in meta:
        meta["parameters"] = params
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        pm = cell.metadata.get("papermill")
        if pm:
            cell.metadata["papermill"] = {
                k: v for k, v in pm.items() if k not in ("start_time", "end_time", "duration")
            }
        if cell.cell_type == "code" and "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id
            cell.source = translate_parameters("python3", "python", params, "Parameters").rstrip("\n")
    return nb


def execute(
    section: outline.Section, params: dict, out_nb: Path, failed_dir: Path, timeout: int, km=None
) -> None:
    """Run the section's notebook into `out_nb` and scrub it. A failure raises BuildError naming the
    notebook and the cell, and keeps the executed copy in `failed_dir` for debugging."""
    src = paths.NOTEBOOK_DIR / section.notebook
    try:
        nbformat.read(src, as_version=4)
    except Exception as e:  # a notebook that is not valid JSON/nbformat
        raise BuildError(
            f"{paths.display_path(src)}: not a readable notebook ({e.__class__.__name__}: {e})"
        ) from e
    try:
        papermill.execute_notebook(
            str(src),
            str(out_nb),
            parameters=params,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            cwd=str(paths.ROOT),
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            km=km,
        )
    except PapermillExecutionError as e:
        failed_dir.mkdir(parents=True, exist_ok=True)
        kept = failed_dir / section.notebook
        if out_nb.exists():
            shutil.copyfile(out_nb, kept)
        raise BuildError(
            f"{paths.display_path(src)}: cell {e.exec_count} raised {e.ename}: {e.evalue}\n"
            f"  executed notebook kept for debugging: {paths.display_path(kept)}"
        ) from None
    except TimeoutError as e:
        raise BuildError(
            f"{paths.display_path(src)}: a cell ran longer than {timeout} s (--timeout); {e}"
        ) from None
    except (OSError, RuntimeError, ValueError) as e:
        raise BuildError(f"{paths.display_path(src)}: could not execute ({e.__class__.__name__}: {e})") from e
    nbformat.write(scrub(nbformat.read(out_nb, as_version=4)), out_nb)
