"""Charts of the workplan as server-side SVG (pygal): the same bytes serve the chart images on the pages
and the charts in the plan's PDF. Each chart carries a <title> and a <desc>, and no script."""

import base64
import sys

import pygal
from pygal.style import Style

from workplan import selectors
from workplan.models import WorkplanItem

# pygal appends an import hook for its map plugins that has no find_spec(), so Python 3.11+ warns
# (ImportWarning) on every later import that reaches it. The charts use no map plugin: take the hook out.
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]

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
TEXT_COLOUR = "#0b0c0c"
FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

WIDTH = 900
LABEL_CHARACTERS = 36
MAX_VALUE_LABELS = 10
SVG_CONTENT_TYPE = "image/svg+xml"

# Bars get a white edge so that two neighbouring statuses stay apart even where their colours are close.
EXTRA_CSS = "inline:.rect{stroke:#ffffff;stroke-width:1px}"


def _style(colours):
    return Style(
        font_family=FONT,
        background="#ffffff",
        plot_background="#ffffff",
        foreground=TEXT_COLOUR,
        foreground_strong=TEXT_COLOUR,
        foreground_subtle="#b1b4b6",
        opacity="1",
        opacity_hover="1",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        stroke_width="3",
        stroke_width_hover="3",
        guide_stroke_color="#b1b4b6",
        major_guide_stroke_color="#b1b4b6",
        guide_stroke_dasharray="2,3",
        major_guide_stroke_dasharray="2,3",
        transition="0s",
        colors=tuple(colours),
        title_font_size=18,
        legend_font_size=14,
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=13,
        no_data_font_size=24,
        value_colors=("#ffffff",) * len(colours),
    )


def _accessible(title, description):
    """An XML filter: drop pygal's script and tooltip, name the chart for assistive technology.

    pygal always writes a small configuration script and a hidden tooltip for its optional JavaScript;
    the charts are images and need neither.
    """

    def finish(root):
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "script" or "tooltip" in child.get("class", "").split():
                    parent.remove(child)
        chart_id = root.get("id", "chart")
        title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
        title_node = root.find("title")
        title_node.text = title
        title_node.set("id", title_id)
        root.remove(title_node)
        root.insert(0, title_node)
        desc_node = root.makeelement("desc", {"id": desc_id})
        desc_node.text = description
        root.insert(1, desc_node)
        root.set("role", "img")
        root.set("aria-labelledby", f"{title_id} {desc_id}")
        return root

    return finish


def _config(title, colours, **options):
    return {
        "title": title,
        "style": _style(colours),
        "js": [],
        "css": ["file://style.css", "file://graph.css", EXTRA_CSS],
        "disable_xml_declaration": True,
        "width": WIDTH,
        "legend_at_bottom": True,
        "truncate_legend": -1,
        **options,
    }


def _render(chart, title, description):
    chart.add_xml_filter(_accessible(title, description))
    return chart.render(is_unicode=True).encode("utf-8")


def data_uri(svg):
    """The chart as a data: URI, for an <img> in a PDF (WeasyPrint draws SVG)."""
    return f"data:{SVG_CONTENT_TYPE};base64,{base64.b64encode(svg).decode('ascii')}"


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
    return _render(chart, title, description)


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
    return _render(chart, title, description)


def _number_float(value):
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def indicator_svg(indicator):
    return indicator_chart(indicator, selectors.indicator_series([indicator]).get(indicator.pk, []))
