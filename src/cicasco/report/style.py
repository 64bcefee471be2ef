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
# The selected country: a colour no other palette here uses (Paul Tol's indigo), so it never reads
# as a verdict or a status.
HIGHLIGHT = "#332288"
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
# Charts are drawn narrow with large type and shown at their own size: at a 390-px phone's column
# (358 px) every label is still at least 12 px high; on paper they print at the same size.
WIDTH_IN = 4.2
TYPE_PT = 10.5

RC = {
    "font.family": "DejaVu Sans",  # ships with matplotlib: the same glyphs on every machine
    "font.size": TYPE_PT,
    "axes.titlesize": TYPE_PT,
    "axes.titleweight": "bold",
    "axes.labelsize": TYPE_PT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "xtick.labelsize": TYPE_PT,
    "ytick.labelsize": TYPE_PT,
    "legend.fontsize": TYPE_PT,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "svg.fonttype": "none",  # text as text: selectable, small, and three times faster to print
    "svg.hashsalt": "cicasco",  # fixed ids inside the SVG, so the same chart gives the same bytes
    "path.simplify": True,
    "text.parse_math": False,  # a "$" in a name from the data is a dollar sign, never mathtext
    "text.usetex": False,
}


def apply() -> None:
    plt.rcParams.update(RC)


def figure(height_in: float, nrows: int = 1, **kw):
    apply()
    return plt.subplots(nrows, 1, figsize=(WIDTH_IN, height_in), **kw)
