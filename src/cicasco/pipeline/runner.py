"""Execute one notebook with papermill, and make the executed copy the same on every run and machine."""

import math
import re
import shutil
import time
from pathlib import Path

import nbformat
import papermill
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError
from papermill.translators import translate_parameters

from ..data import paths
from ..errors import BuildError
from . import kernels, outline, stopping

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
# What the kernel's machinery (tornado, zmq, asyncio, ipykernel, jupyter_client) may log to a cell's
# stderr when the machine is busy: never part of a notebook's outputs.
MACHINERY = re.compile(
    r"\b(tornado|zmq|ZMQError|asyncio|ipykernel|IPKernelApp|jupyter_client|traitlets)\b"
    r"|IOStream\.flush timed out|Heartbeat|Task was destroyed but it is pending"
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
        if cell.cell_type == "code":
            cell.outputs = _without_machinery(cell.outputs)
        if cell.cell_type == "code" and "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id
            cell.source = translate_parameters("python3", "python", params, "Parameters").rstrip("\n")
    return nb


class _Engine(NBClientEngine):
    """papermill's engine, except that a cell stopped at the timeout leaves the notebook as executed so
    far on the exception (papermill writes it only on a cell's error), so it can be kept and named."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        try:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        except TimeoutError as e:
            e.notebook = nb_man.nb
            raise


ENGINE = "cicasco"
papermill_engines.register(ENGINE, _Engine)


def _without_machinery(outputs: list) -> list:
    """The outputs with the machinery's log lines (and any traceback that runs through its code) taken
    out of stderr streams; a stream left empty is dropped."""
    kept = []
    for out in outputs:
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            text = _drop_machinery(out.get("text", ""))
            if not text:
                continue
            out["text"] = text
        kept.append(out)
    return kept


def _drop_machinery(text: str) -> str:
    lines, block = [], []
    for line in text.splitlines(keepends=True):
        if block:  # inside a traceback: it ends at its first line that is not indented
            block.append(line)
            if not line.startswith((" ", "\t")):
                lines += [] if any(MACHINERY.search(b) for b in block) else block
                block = []
        elif line.startswith("Traceback (most recent call last)"):
            block = [line]
        elif not MACHINERY.search(line):
            lines.append(line)
    lines += [] if any(MACHINERY.search(b) for b in block) else block
    return "".join(lines)


def execute(
    section: outline.Section, params: dict, out_nb: Path, failed_dir: Path, timeout: int, km=None
) -> None:
    """Run the section's notebook into `out_nb` and scrub it. A failure raises BuildError naming the
    notebook and the cell, and keeps the executed copy in `failed_dir` for debugging. Without a kernel
    from the pool, one is started here (with retries) and shut down after."""
    src = paths.NOTEBOOK_DIR / section.notebook
    where = paths.display_path(src)
    try:
        nbformat.read(src, as_version=4)
    except Exception as e:  # a notebook that is not valid JSON/nbformat
        raise BuildError(f"{where}: not a readable notebook ({e.__class__.__name__}: {e})") from e
    own = km is None
    try:
        km = km or kernels.start()
    except BuildError as e:
        raise BuildError(f"{where}: {e}") from None
    try:
        _run(src, out_nb, params, timeout, km)
    except PapermillExecutionError as e:
        stopping.check_stop()
        raise BuildError(
            f"{where}: cell {e.exec_count} raised {e.ename}: {e.evalue}\n"
            f"  executed notebook kept for debugging: {_keep(out_nb, failed_dir, section)}"
        ) from None
    except TimeoutError as e:
        stopping.check_stop()
        if getattr(e, "notebook", None) is not None:
            nbformat.write(e.notebook, out_nb)
        raise BuildError(
            f"{where} ran longer than {timeout} s (--timeout) and was stopped in cell {_last_cell(out_nb)}\n"
            f"  executed notebook kept for debugging: {_keep(out_nb, failed_dir, section)}"
        ) from None
    except RuntimeError as e:
        stopping.check_stop()
        if "didn't respond" not in str(e):  # nbclient's words for a kernel silent past start_timeout
            raise BuildError(f"{where}: could not execute ({e.__class__.__name__}: {e})") from e
        raise BuildError(
            f"{where}: its kernel did not answer within {timeout} s (--timeout); stopped"
        ) from None
    except (OSError, ValueError) as e:
        stopping.check_stop()  # a kernel killed by Ctrl-C or SIGTERM: the build stops, it did not fail
        raise BuildError(f"{where}: could not execute ({e.__class__.__name__}: {e})") from e
    finally:
        if own:
            kernels.release(km)
    nbformat.write(scrub(nbformat.read(out_nb, as_version=4)), out_nb)


def _run(src: Path, out_nb: Path, params: dict, timeout: int, km) -> None:
    stopping.check_stop()
    deadline = time.monotonic() + timeout  # the limit is the notebook's: each cell gets what is left of it
    papermill.execute_notebook(
        str(src),
        str(out_nb),
        parameters=params,
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
        # the kernel was started in the clone (kernels.start); papermill's `cwd` would chdir this whole
        # process, from notebooks run in parallel threads, and leave it in whichever folder came last
        cwd=None,
        request_save_on_cell_execute=False,
        execution_timeout=timeout,
        start_timeout=timeout,  # a kernel that does not answer (stopped, hung) fails at the limit too
        timeout_func=lambda cell: max(1, math.ceil(deadline - time.monotonic())),
        km=km,
        engine_name=ENGINE,
    )


def _keep(out_nb: Path, failed_dir: Path, section: outline.Section) -> str:
    """Copy the executed notebook where the message says it is; its path as shown."""
    failed_dir.mkdir(parents=True, exist_ok=True)
    kept = failed_dir / section.notebook
    if out_nb.exists():
        shutil.copyfile(out_nb, kept)
    return paths.display_path(kept)


def _last_cell(out_nb: Path) -> str:
    """The execution count of the last cell that ran (the one stopped), as papermill's errors number
    cells; '?' if the executed copy cannot be read."""
    try:
        counts = [c.get("execution_count") for c in nbformat.read(out_nb, as_version=4).cells]
    except Exception:
        return "?"
    return str(max((n for n in counts if n), default="?"))
