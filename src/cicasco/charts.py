"""The report's charts. Each function takes computed frames and returns a matplotlib Figure."""

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from . import style


def chair_frequency(summary: pd.DataFrame, organisations: tuple[str, ...], iso3: str):
    """Terms per state, one panel per organisation, the selected state highlighted; bars labelled with
    terms and years in the chair."""
    panels = [o for o in organisations]
    heights = [max(1, (summary["organisation"] == o).sum()) for o in panels]
    fig, axes = style.figure(0.6 + 0.22 * max(heights), ncols=len(panels), squeeze=False)
    for ax, org in zip(axes[0], panels, strict=True):
        s = summary[summary["organisation"] == org].iloc[::-1]
        colours = [style.HIGHLIGHT if i == iso3 else style.OTHER for i in s["iso3"]]
        y = np.arange(len(s))
        ax.barh(y, s["terms"], color=colours, height=0.7)
        ax.set_yticks(y, s["country"])
        for yi, (t, yrs, extra) in enumerate(zip(s["terms"], s["years"], s["uncounted"], strict=True)):
            mark = f" (+{extra}*)" if extra else ""
            ax.text(t + 0.08, yi, f"{t}{mark} ({yrs:.1f} y)", va="center", fontsize=7.5)
        ax.set_xlim(0, max(1, s["terms"].max() if len(s) else 1) * 1.45)
        ax.set_xlabel("terms as chair")
        ax.set_title(org, color=style.ORG_COLOURS[org], loc="left")
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return fig


def timeline(t: pd.DataFrame, organisations: tuple[str, ...], iso3: str, overlap: pd.DataFrame, lo, hi):
    """Every chair term on one time axis, a lane per organisation; the selected state's terms in colour,
    the others alternating greys, labelled with ISO3 codes; spans chairing both shaded."""
    fig, ax = style.figure(0.55 + 0.55 * len(organisations))
    lanes = {org: i for i, org in enumerate(reversed(organisations))}
    for org, lane in lanes.items():
        rows = t[t["organisation"] == org].reset_index(drop=True)
        for k, r in rows.iterrows():
            mine = r["iso3"] == iso3
            colour = style.HIGHLIGHT if mine else ("#C8C8C8" if k % 2 else "#A8A8A8")
            start, end = mdates.date2num(r["term_start"]), mdates.date2num(r["end"])
            ax.barh(
                lane,
                end - start,
                left=start,
                height=0.62,
                color=colour,
                edgecolor="white",
                linewidth=0.6,
                hatch="////" if not r["counted"] else None,
            )
            label = r["iso3"] if end - start > 250 else r["iso3"][:1]
            ax.text(
                (start + end) / 2,
                lane,
                label,
                ha="center",
                va="center",
                fontsize=6.5,
                rotation=90 if end - start < 700 else 0,
                color="white" if mine else "black",
            )
    for o in overlap.itertuples():
        ax.axvspan(
            mdates.date2num(o.start),
            mdates.date2num(o.end),
            color=style.OKABE_ITO["green"],
            alpha=0.18,
            lw=0,
        )
    ax.set_yticks(list(lanes.values()), list(lanes.keys()))
    ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))
    ax.xaxis.set_major_locator(mdates.YearLocator(4))
    ax.xaxis.set_minor_locator(mdates.YearLocator(1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    fig.tight_layout()
    return fig


def stacked_counts(table: pd.DataFrame, colours: dict[str, str], xlabel: str, horizontal: bool = True):
    """Stacked bars of a count table: rows are categories, columns the stacked parts."""
    n = max(1, len(table))
    fig, ax = style.figure(0.7 + 0.26 * n if horizontal else 2.6)
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
        for p, total in zip(pos, left, strict=True):
            ax.text(total + 0.1, p, f"{int(total)}", va="center", fontsize=7.5)
    else:
        ax.set_xticks(pos, labels, rotation=0)
        ax.set_ylabel(xlabel)
        ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(ncols=min(5, len(table.columns)), loc="lower center", bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout()
    return fig


def domain_matrix(table: pd.DataFrame):
    """Counts of initiatives, domains by organisation, as a labelled grid."""
    fig, ax = style.figure(0.6 + 0.27 * max(1, len(table)))
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
            fontsize=8,
            color="black" if v < data.max() * 0.7 else "white",
        )
    ax.xaxis.tick_top()
    for s in ax.spines.values():
        s.set_visible(False)
    ax.tick_params(length=0)
    fig.tight_layout()
    return fig


def proposers(counts: pd.Series, iso3: str):
    """Initiatives per proposing state (ISO3, or 'unknown'), the selected state highlighted."""
    counts = counts.iloc[::-1]
    fig, ax = style.figure(0.6 + 0.26 * max(1, len(counts)))
    colours = [style.HIGHLIGHT if k == iso3 else style.OTHER for k in counts.index]
    y = np.arange(len(counts))
    ax.barh(y, counts.to_numpy(), color=colours, height=0.7)
    ax.set_yticks(y, [str(k) for k in counts.index])
    for yi, v in zip(y, counts.to_numpy(), strict=True):
        ax.text(v + 0.2, yi, str(int(v)), va="center", fontsize=7.5)
    ax.set_xlabel("initiatives")
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return fig
