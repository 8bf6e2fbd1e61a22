"""Charts of the workplan as server-side SVG (pygal): the same bytes serve the chart images on the pages
and the charts in the plan's PDF. Each chart carries a <title> and a <desc>, and no script."""

import pygal

from core import charts as look
from core.charts import data_uri as data_uri  # for the plan's PDF
from workplan import selectors
from workplan.models import WorkplanItem

Status = WorkplanItem.Status

# One colour per status, the same in every chart and on the timeline. Each has at least 4.5:1 contrast
# with white: with the white background (WCAG asks 3:1 for graphics) and with the white counts printed
# on the bars (4.5:1 for text). A white edge separates neighbouring segments.
STATUS_COLOURS = {
    Status.NOT_STARTED: "#6f777b",
    Status.ON_TRACK: "#00703c",
    Status.AT_RISK: "#a35200",
    Status.OFF_TRACK: "#d4351c",
    Status.COMPLETE: "#1d70b8",
    Status.DROPPED: "#4c2c92",
}
VALUE_COLOUR = "#1d70b8"
TARGET_COLOUR = "#00703c"
BASELINE_COLOUR = "#505a5f"

WIDTH = 900
LABEL_CHARACTERS = 36
MAX_VALUE_LABELS = 10


def _config(title, colours, **options):
    return look.config(title, colours, width=WIDTH, **options)


# Status charts ----------------------------------------------------------------------------------------


def _short(label):
    """Long priority titles are cut short on the chart; the description and the page's table have them whole."""
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _count_axis(totals):
    """Whole numbers on the count axis (and no axis at all when there is nothing to count)."""
    if not any(totals):
        return {"show_y_labels": False, "show_x_labels": False, "show_y_guides": False, "show_x_guides": False}
    largest = max(totals)
    step = max(1, -(-largest // MAX_VALUE_LABELS))
    return {"y_labels": list(range(0, largest + step, step))}


def status_description(counts, groups, what):
    if not groups:
        return f"There are no workplan items to show by {what} yet."
    parts = []
    for group in groups:
        row = counts.get(group, {})
        shown = [f"{row[s.value]} {s.label.lower()}" for s in Status if row.get(s.value)]
        parts.append(f"{group}: {', '.join(shown) if shown else 'no items'}")
    return f"Number of workplan items in each status, by {what}. " + "; ".join(parts) + "."


def status_chart(counts, groups, *, title, what):
    """A stacked horizontal bar per group (a priority or an agency), one segment per status.

    `counts` is {group label: {status: count}} as selectors.status_counts gives it; `groups` orders the bars.
    """
    description = status_description(counts, groups, what)
    totals = [sum(counts.get(group, {}).values()) for group in groups]
    height = 200 + 44 * max(len(groups), 1)
    chart = pygal.HorizontalStackedBar(
        **_config(
            title,
            STATUS_COLOURS.values(),
            height=height,
            legend_at_bottom_columns=3,
            print_values=True,
            print_zeroes=False,
            **_count_axis(totals),
            value_formatter=lambda value: f"{value:.0f}",
            no_data_text="No items yet",
        )
    )
    # pygal draws the first label at the bottom; reversed, the first priority is at the top.
    ordered = list(reversed(groups))
    chart.x_labels = [_short(group) for group in ordered]
    if groups:
        for status in Status:
            chart.add(status.label, [counts.get(group, {}).get(status.value) or None for group in ordered])
    return look.render(chart, title, description)


def plan_status_counts(plan, by):
    """(counts, groups) for the plan's items by "priority" (in the plan's order) or by lead "agency"."""
    counts = selectors.status_counts(selectors.items_of(plan.partnership).filter(workplan=plan), by)
    if by == "priority":
        groups = list(dict.fromkeys(priority.title for priority in selectors.priorities_of(plan)))
        groups += [group for group in counts if group not in groups]
    else:
        groups = sorted(counts, key=str.casefold)
    return counts, groups


def plan_status_chart(plan, by):
    counts, groups = plan_status_counts(plan, by)
    what = {"priority": "priority", "agency": "lead agency"}[by]
    return status_chart(counts, groups, title=f"Items by {what} and status", what=what)


# Indicator charts --------------------------------------------------------------------------------------


def _number(value):
    return f"{value.normalize():,f}" if value == value.to_integral() else f"{value:,f}".rstrip("0")


def indicator_description(indicator, values):
    unit = indicator.unit
    text = (
        f"{indicator.name}, in {unit}. Baseline {_number(indicator.baseline)}, target {_number(indicator.target)} "
        f"({indicator.get_direction_display().lower()})."
    )
    if not values:
        return text + " No values have been recorded yet."
    listed = ", ".join(f"{v.period:%B %Y}: {_number(v.value)}" for v in values)
    latest = values[-1]
    verdict = "meets" if indicator.meets_target(latest.value) else "does not yet meet"
    return f"{text} Values: {listed}. The latest value {verdict} the target."


def indicator_chart(indicator, values):
    """The indicator's values over time (`values`: its IndicatorValues, oldest first, from
    selectors.indicator_series) with its target as a dashed line and its baseline as a dotted one."""
    title = f"{indicator.name} ({indicator.unit})"
    description = indicator_description(indicator, values)
    chart = pygal.Line(
        **_config(
            title,
            (VALUE_COLOUR, TARGET_COLOUR, BASELINE_COLOUR),
            height=420,
            legend_at_bottom_columns=3,
            x_label_rotation=0 if len(values) <= 8 else 30,
            show_minor_x_labels=len(values) <= 12,
            x_labels_major_every=max(1, len(values) // 12) if len(values) > 12 else None,
            dots_size=4,
            no_data_text="No values yet",
            value_formatter=_number_float,
        )
    )
    chart.x_labels = [f"{value.period:%b %Y}" for value in values]
    if values:
        count = len(values)
        chart.add("Value", [float(value.value) for value in values])
        chart.add(
            f"Target: {_number(indicator.target)}",
            [float(indicator.target)] * count,
            show_dots=False,
            stroke_style={"width": 2, "dasharray": "8, 5"},
        )
        chart.add(
            f"Baseline: {_number(indicator.baseline)}",
            [float(indicator.baseline)] * count,
            show_dots=False,
            stroke_style={"width": 2, "dasharray": "2, 4"},
        )
    return look.render(chart, title, description)


def _number_float(value):
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def indicator_svg(indicator):
    return indicator_chart(indicator, selectors.indicator_series([indicator]).get(indicator.pk, []))
