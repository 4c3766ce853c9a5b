"""``fit.png``: the client's data over the calibrated model's 90 % band."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from simulation.calibration.measures import LABELS


def plot_fit(band: pd.DataFrame, points: pd.DataFrame, path: Path, title: str,
             fitted_until: int | None = None) -> None:
    """One panel per measure in the data: observed points over the posterior predictive band.

    Args:
        band: ``week, metric, median, low, high`` (see ``predictive.bands``).
        points: the data: ``week, metric, value``.
        path: the PNG to write.
        title: states the finding (how many points fall inside the band).
        fitted_until: last week used in the fit, when later weeks were held out.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from simulation.figures.run import STYLE, save_figure

    metrics = list(dict.fromkeys(points["metric"]))
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(len(metrics), 1, figsize=(10, 3.4 * len(metrics) + 0.8),
                                 sharex=True, squeeze=False, layout="constrained")
        for ax, m in zip(axes[:, 0], metrics, strict=True):
            b = band[band["metric"] == m]
            p = points[points["metric"] == m]
            ax.fill_between(b["week"], b["low"], b["high"], color="#56B4E9", alpha=0.45,
                            linewidth=0, label="model: 90 % band (parameters and chance)")
            ax.plot(b["week"], b["median"], color="#0072B2", linewidth=2, label="model: median")
            ax.plot(p["week"], p["value"], "o", color="#D55E00", markersize=4,
                    label="client data")
            top = max(0.05, float(np.nanmax([b["high"].max(), p["value"].max()])) * 1.12)
            ax.set_ylim(bottom=0, top=top)
            # Where the fit's data end: later weeks are held out (a check) or forecast.
            edge = fitted_until if fitted_until is not None else int(points["week"].max())
            ax.axvline(edge + 0.5, color="#000000", linestyle="--", linewidth=1)
            ax.text(edge + 1.5, top * 0.97, "held out →" if fitted_until is not None
                    else "forecast →", va="top", fontsize=10)
            ax.set_ylabel(f"{LABELS.get(m, m)}\n(share of staff)")
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            ax.grid(alpha=0.3)
        handles, names = axes[0, 0].get_legend_handles_labels()
        fig.legend(handles, names, loc="outside lower center", ncol=3, frameon=False)
        axes[-1, 0].set_xlabel("weeks since launch")
        fig.suptitle(title)
        save_figure(fig, path)
        plt.close(fig)
