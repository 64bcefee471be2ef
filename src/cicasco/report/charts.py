"""The report's charts. Each function takes computed frames and returns (matplotlib Figure, alt text):
the alt text says in words what a reader would see, from the same numbers."""

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from . import style

FS = style.TYPE_PT


def _label_bars(ax, values, y, fmt=str) -> None:
    for yi, v in zip(y, values, strict=True):
        ax.text(v + 0.1, yi, fmt(v), va="center", fontsize=FS)


def chair_frequency(summary: pd.DataFrame, organisations: tuple[str, ...], iso3: str):
    """Counted terms per state, one panel per organisation, the selected state highlighted; each bar
    labelled with its terms and years in the chair, and a '+N disputed' note where terms are left out."""
    heights = [max(1, (summary["organisation"] == o).sum()) for o in organisations]
    fig, axes = style.figure(
        0.9 * len(organisations) + 0.3 * sum(heights),
        nrows=len(organisations),
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    for ax, org in zip(axes[:, 0], organisations, strict=True):
        s = summary[summary["organisation"] == org].iloc[::-1]
        y = np.arange(len(s))
        ax.barh(
            y,
            s["terms"],
            color=[style.HIGHLIGHT if i == iso3 else style.OTHER for i in s["iso3"]],
            height=0.7,
        )
        ax.set_yticks(y, s["country"])
        for yi, r in zip(y, s.itertuples(), strict=True):
            extra = f", +{r.uncounted} disputed" if r.uncounted else ""
            ax.text(r.terms + 0.08, yi, f"{r.terms} ({r.years:.1f} yrs{extra})", va="center", fontsize=FS)
        top = int(max(1, s["terms"].max() if len(s) else 1))
        # the axis runs to the highest count; the space beyond it is for the bars' labels only
        ax.set_xlim(0, top * 2.1)
        ax.set_xticks(range(0, top + 1, 1 if top <= 6 else 2))
        ax.spines["bottom"].set_bounds(0, top)
        ax.set_xlabel("terms as chair", loc="left")
        ax.set_title(org, loc="left")
    fig.tight_layout()
    alt = "Bar chart of chair terms per state. " + " ".join(
        f"{org}: "
        + "; ".join(
            f"{r.country} {r.terms} ({r.years:.1f} years)"
            for r in summary[summary["organisation"] == org].itertuples()
        )
        + "."
        for org in organisations
    )
    return fig, alt


def _holder(ax, r, lane: float, start: float, end: float, dark: bool, days_per_char: float) -> None:
    """The term's holder written in its bar: along it where it is wide enough, else upright."""
    wide = (end - start) > (len(r["country"]) + 2) * days_per_char
    ax.text(
        (start + end) / 2,
        lane,
        r["country"],
        rotation=0 if wide else 90,
        ha="center",
        va="center",
        fontsize=FS - 2.5 if not wide else FS - 1,
        color="white" if dark else "black",
        clip_on=True,
    )


def timeline(t: pd.DataFrame, organisations: tuple[str, ...], iso3: str, overlap: pd.DataFrame, lo, hi):
    """Every chair term on one time axis, a lane per organisation, each bar named with its holder; the
    selected state's terms in its colour, the others alternating greys; terms left out of the count
    (disputed) hatched, as Figure 1 notes them beside the bar; spans chairing both shaded."""
    fig, ax = style.figure(0.7 + 1.25 * len(organisations))
    # the axis starts a year before the first term shown (not at a default period start long before it)
    # and leaves room after the last, so every holder's name fits inside the frame
    lo = max(lo, t["term_start"].min() - pd.Timedelta(days=365))
    hi_axis = hi + pd.Timedelta(days=240)
    days_per_char = (hi_axis - lo).days / 62  # about 62 characters of the bars' type fit across the axis
    lanes = {org: i for i, org in enumerate(reversed(organisations))}
    for org, lane in lanes.items():
        rows = t[t["organisation"] == org].reset_index(drop=True)
        for k, r in rows.iterrows():
            start, end = mdates.date2num(r["term_start"]), mdates.date2num(r["end"])
            mine = r["iso3"] == iso3
            colour = style.HIGHLIGHT if mine else ("#D9D9D9" if k % 2 else "#B4B4B4")
            ax.barh(
                lane,
                end - start,
                left=start,
                height=0.86,
                color=colour,
                edgecolor="white",
                linewidth=0.6,
                hatch="////" if not r["counted"] else None,
            )
            _holder(ax, r, lane, start, end, mine, days_per_char)
    for o in overlap.itertuples():
        ax.axvspan(
            mdates.date2num(o.start), mdates.date2num(o.end), color=style.OKABE_ITO["green"], alpha=0.25, lw=0
        )
    ax.set_yticks(list(lanes.values()), list(lanes.keys()))
    ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi_axis))
    span = (hi - lo).days / 365.25
    ax.xaxis.set_major_locator(mdates.YearLocator(10 if span > 20 else 5 if span > 8 else 1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    fig.tight_layout()
    alt = (
        "Timeline, one lane per organisation, each bar a chair term: "
        + "; ".join(
            f"{r.organisation} {r.country} {r.term_start:%Y}–{'now' if r.open else f'{r.end:%Y}'}"
            + (" (disputed, not counted)" if not r.counted else "")
            for r in t.itertuples()
        )
        + "."
    )
    return fig, alt


def stacked_counts(
    table: pd.DataFrame, colours: dict[str, str], xlabel: str, what: str, horizontal: bool = True
):
    """Stacked bars of a count table: rows are categories, columns the stacked parts. `what` names the
    rows for the alt text ('kind of assertion')."""
    n = max(1, len(table))
    fig, ax = style.figure(1.1 + 0.34 * n if horizontal else 3.0)
    left = np.zeros(len(table))
    pos = np.arange(len(table))
    for col in table.columns:
        vals = table[col].to_numpy()
        colour = colours.get(col, style.OKABE_ITO["grey"])
        if horizontal:
            ax.barh(pos, vals, left=left, color=colour, label=str(col), height=0.7)
        else:
            ax.bar(pos, vals, bottom=left, color=colour, label=str(col), width=0.7)
        left += vals
    labels = [str(i) for i in table.index]
    if horizontal:
        ax.set_yticks(pos, labels)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.xaxis.get_major_locator().set_params(integer=True)
        _label_bars(ax, left, pos, lambda v: str(int(v)))
    else:
        ax.set_xticks(pos, labels, rotation=90 if len(labels) > 6 else 0)
        ax.set_ylabel(xlabel)
        ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(ncols=min(2, len(table.columns)), loc="lower left", bbox_to_anchor=(0, 1.0))
    fig.tight_layout()
    alt = (
        f"Stacked bars, one per {what}: "
        + "; ".join(
            f"{k}: " + ", ".join(f"{int(v)} {c}" for c, v in row.items() if v) for k, row in table.iterrows()
        )
        + "."
    )
    return fig, alt


def domain_matrix(table: pd.DataFrame):
    """Counts of initiatives, domains by organisation, as a labelled grid."""
    fig, ax = style.figure(0.8 + 0.36 * max(1, len(table)))
    data = table.to_numpy()
    ax.imshow(data, cmap="Blues", aspect="auto", vmin=0, vmax=max(1, data.max()) * 1.25)
    ax.set_xticks(range(len(table.columns)), table.columns)
    ax.set_yticks(range(len(table.index)), table.index)
    for (i, j), v in np.ndenumerate(data):
        ax.text(
            j,
            i,
            str(v),
            ha="center",
            va="center",
            fontsize=FS,
            color="black" if v < data.max() * 0.7 else "white",
        )
    ax.xaxis.tick_top()
    for s in ax.spines.values():
        s.set_visible(False)
    ax.tick_params(length=0)
    fig.tight_layout()
    alt = (
        "Grid of initiative counts, domains by organisation: "
        + "; ".join(f"{d}: " + ", ".join(f"{o} {n}" for o, n in row.items()) for d, row in table.iterrows())
        + "."
    )
    return fig, alt


def proposers(counts: pd.Series, highlight: str):
    """Initiatives per proposing state (by name), the selected state highlighted."""
    counts = counts.iloc[::-1]
    fig, ax = style.figure(0.8 + 0.34 * max(1, len(counts)))
    y = np.arange(len(counts))
    ax.barh(
        y,
        counts.to_numpy(),
        color=[style.HIGHLIGHT if k == highlight else style.OTHER for k in counts.index],
        height=0.7,
    )
    ax.set_yticks(y, [str(k) for k in counts.index])
    _label_bars(ax, counts.to_numpy(), y, lambda v: str(int(v)))
    ax.set_xlabel("initiatives")
    ax.set_xlim(0, max(1, counts.max()) * 1.2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    alt = (
        "Bars of initiatives per proposing state: "
        + "; ".join(f"{k} {int(v)}" for k, v in counts.iloc[::-1].items())
        + "."
    )
    return fig, alt


def per_term(counts: pd.DataFrame, organisations: tuple[str, ...], iso3: str):
    """Initiatives on record per chair term, a panel per organisation, terms in order, the selected
    state's terms highlighted; every bar labelled with its count."""
    heights = [max(1, (counts["organisation"] == o).sum()) for o in organisations]
    fig, axes = style.figure(
        0.5 + 0.6 * len(organisations) + 0.2 * sum(heights),
        nrows=len(organisations),
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    top = int(max(1, counts["n"].max() if len(counts) else 1))
    for ax, org in zip(axes[:, 0], organisations, strict=True):
        s = counts[counts["organisation"] == org]
        y = np.arange(len(s))
        ax.barh(
            y, s["n"], color=[style.HIGHLIGHT if i == iso3 else style.OTHER for i in s["iso3"]], height=0.7
        )
        ax.set_yticks(y, [lbl.removeprefix(f"{org} ") for lbl in s["label"]], fontsize=FS - 1.5)
        ax.invert_yaxis()
        _label_bars(ax, s["n"].to_numpy(), y, lambda v: str(int(v)))
        ax.set_xlim(0, top * 1.15)
        ax.set_xticks(range(0, top + 1, 1 if top <= 6 else 2 if top <= 12 else 5))
        ax.spines["bottom"].set_bounds(0, top)
        ax.set_title(org, loc="left")
    axes[-1, 0].set_xlabel("initiatives on record", loc="left")
    fig.tight_layout()
    alt = "Bars of initiatives on record per chair term. " + " ".join(
        f"{org}: "
        + "; ".join(f"{r.label} {r.n}" for r in counts[counts["organisation"] == org].itertuples())
        + "."
        for org in organisations
    )
    return fig, alt
