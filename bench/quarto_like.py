"""The Quarto-like peer of the benchmark: the fastest path Quarto's own design allows, built from the
registries (Quarto itself is not: PyPI's `quarto-cli` downloads its binary at install time).

One process, as Quarto's render of the three notebooks would do it:
  1. execute each notebook once, in a fresh kernel of its own (papermill, as Quarto's Jupyter engine);
  2. pandoc (the `pypandoc-binary` wheel's, `make bench` installs it) turns each executed notebook into
     a standalone HTML page and into Typst markup;
  3. Typst (the build's own compiler) typesets each as a PDF.
It measures time only: pandoc drops the notebooks' HTML outputs from its Typst (as Quarto would), so
those PDFs are nearly empty; the build's PDF carries the whole page.

`python bench/quarto_like.py OUT` runs it and prints the seconds; bench_build.py times it as a command.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def run(out: Path) -> None:
    import papermill
    import typst

    out.mkdir(parents=True, exist_ok=True)
    exe = pandoc()
    for nb in NOTEBOOKS:
        executed = out / nb.name
        papermill.execute_notebook(
            str(nb),
            str(executed),
            parameters={"figures_dir": str(out / "figures")},
            kernel_name="python3",
            progress_bar=False,
            cwd=str(ROOT),
        )
        html, typ = executed.with_suffix(".html"), executed.with_suffix(".typ")
        subprocess.run(
            [
                exe,
                str(executed),
                "-f",
                "ipynb",
                "-t",
                "html",
                "-s",
                "--embed-resources",
                "--quiet",
                "-o",
                str(html),
            ],
            check=True,
        )
        subprocess.run(
            [exe, str(executed), "-f", "ipynb", "-t", "typst", "-s", "--quiet", "-o", str(typ)], check=True
        )
        _unlink_other_documents(typ)
        typst.compile(str(typ), output=str(executed.with_suffix(".pdf")), root=str(out))


def _unlink_other_documents(typ: Path) -> None:
    """A link to a part of another notebook (the page's "about" section) stays as its text: Typst stops
    on a label its document lacks, as Quarto's rendering of a single file would."""
    text = typ.read_text(encoding="utf-8")
    defined = set(re.findall(r"<([\w:.-]+)>\s*$", text, flags=re.M))
    typ.write_text(
        re.sub(r"#link\(<([\w:.-]+)>\)", lambda m: m[0] if m[1] in defined else "", text), encoding="utf-8"
    )


if __name__ == "__main__":
    start = time.perf_counter()
    run(Path(sys.argv[1]))
    print(f"{time.perf_counter() - start:.2f}")
