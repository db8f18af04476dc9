"""The digest chart: each rep's cumulative progress against the plan by week, with the on-track band."""

import io

from bot.services.digest import DigestData

LABELLED_REPS = 12  # beyond this a legend is noise: the lines alone show the spread


def chart_png(data: DigestData) -> bytes | None:
    """Return the chart as PNG bytes, or None when no rep has a complete week yet."""
    if not data.plans or not any(len(points) > 1 for _, points in data.curves):
        return None
    # matplotlib (~30 MB) is loaded when the first chart is drawn, not by every process that imports this.
    import matplotlib
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    matplotlib.use("Agg")  # no display on a server
    # A Figure without pyplot keeps no global state, so the scheduler thread and others can draw at once.
    figure = Figure(figsize=(8, 5), dpi=100)
    axes = figure.subplots()
    for plan in data.plans:
        weeks = range(len(plan.points))
        axes.plot(weeks, plan.points, color="black", linewidth=2, label=f"plan: {plan.name}")
        axes.fill_between(
            weeks,
            [p * plan.on_track for p in plan.points],
            [p * 1.1 for p in plan.points],
            color="tab:green",
            alpha=0.15,
            label=f"on track (≥{plan.on_track:.0%} of plan)",
        )
    if len(data.curves) <= LABELLED_REPS:
        for name, points in data.curves:
            axes.plot(range(len(points)), points, linewidth=1, alpha=0.8, label=name)
    else:  # one collection draws thousands of lines far faster than one plot call each
        lines = [list(enumerate(points)) for _, points in data.curves]
        axes.add_collection(LineCollection(lines, linewidths=0.5, alpha=0.3, color="tab:blue"))
        axes.autoscale_view()
    if len(data.classes.classes) > 1:  # one median curve per hire class, against the plan
        for hire in data.classes.classes:
            median = hire.median_curve
            axes.plot(
                range(len(median)), median, linewidth=2.5, linestyle="--", label=f"{hire.label} starters"
            )
    axes.set_xlabel("ramp week")
    axes.set_ylabel("share of end-of-ramp target")
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.set_title(f"Ramp progress, {data.week} ({len(data.curves)} reps)")
    axes.legend(loc="upper left", fontsize="small")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
