"""The report's former PDF engine, WeasyPrint, kept only to compare against (`make bench`): the page
printed with CSS paged media and `weasyprint_print.css`. The build uses Typst (cicasco.report.pdf)."""

from pathlib import Path

PRINT_CSS = Path(__file__).with_name("weasyprint_print.css")


def write_pdf(html: str, path: Path) -> None:
    """The page as a tagged PDF, as the build made it before Typst. Nothing is fetched."""
    import weasyprint

    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"})  # embedded images only
    # the print sheet as the page's last author style, so it overrides the screen sheet
    printed = html.replace("</head>", f"<style>{PRINT_CSS.read_text(encoding='utf-8')}</style></head>", 1)
    doc = weasyprint.HTML(string=printed, base_url=None, url_fetcher=fetcher)
    doc.write_pdf(path, pdf_tags=True, uncompressed_pdf=False)
