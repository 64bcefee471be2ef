"""One look for every chart: sizes that read at print size, a colour-blind-safe palette, stable bytes."""

import matplotlib

matplotlib.use("Agg")  # no display here; figures are saved and embedded, never shown in a window

import matplotlib.pyplot as plt  # noqa: E402

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
HIGHLIGHT = OKABE_ITO["vermillion"]  # the selected country
OTHER = "#BBBBBB"
ORG_COLOURS = {"SCO": OKABE_ITO["blue"], "CICA": OKABE_ITO["orange"]}
VERDICT_COLOURS = {
    "accurate": OKABE_ITO["green"],
    "partly accurate": OKABE_ITO["yellow"],
    "inaccurate": OKABE_ITO["vermillion"],
    "unverifiable": OKABE_ITO["grey"],
    "opinion": OKABE_ITO["sky"],
}
STATUS_COLOURS = {
    "proposed": OKABE_ITO["sky"],
    "launched": OKABE_ITO["blue"],
    "held": OKABE_ITO["green"],
    "ongoing": OKABE_ITO["purple"],
    "stalled": OKABE_ITO["vermillion"],
    "unknown": OKABE_ITO["grey"],
}
WIDTH_IN = 6.3  # the text width of an A4 page with 2 cm margins

RC = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": 8.5,
    "axes.titlesize": 9.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "svg.fonttype": "none",  # text as text: selectable, small, and three times faster to print
    "svg.hashsalt": "cicasco",  # fixed ids inside the SVG, so the same chart gives the same bytes
    "path.simplify": True,
}


def apply() -> None:
    plt.rcParams.update(RC)


def figure(height_in: float, ncols: int = 1, **kw):
    apply()
    return plt.subplots(1, ncols, figsize=(WIDTH_IN, height_in), **kw)
