"""The plan's timeline: its items grouped by priority across the plan's months, as an SVG drawn on the
server and put inline in the page. Only presentation attributes (x, width, fill...), never style, so it
works under the site's content security policy; the page lists the same items in a table."""

import datetime
import math
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.utils import timezone
from django.utils.safestring import mark_safe

from core.charts import TEXT_COLOUR
from workplan import selectors
from workplan.charts import STATUS_COLOURS
from workplan.models import WorkplanItem

WIDTH = 800
LABEL_WIDTH = 270
RIGHT_MARGIN = 12
HEADER_HEIGHT = 44
PRIORITY_ROW = 34
ITEM_ROW = 30
BAR_HEIGHT = 16
LEGEND_HEIGHT = 76
MIN_LABEL_SPACING = 64
TITLE_CHARACTERS = 36
FONT = "Arial, 'Liberation Sans', sans-serif"
GRID_COLOUR = "#b1b4b6"
SHADE_COLOUR = "#f3f2f1"
TODAY_COLOUR = "#0b0c0c"


@dataclass
class Row:
    item: WorkplanItem
    milestones: list
    clipped_start: bool = False
    clipped_end: bool = False


@dataclass
class Group:
    priority: object
    rows: list = field(default_factory=list)


@dataclass
class Timeline:
    plan: object
    today: datetime.date
    groups: list

    @property
    def item_count(self):
        return sum(len(group.rows) for group in self.groups)


def build(plan, *, today=None):
    """The plan's items by priority (in the plan's order), each with its milestones: three queries."""
    today = today or timezone.localdate()
    groups = {priority.pk: Group(priority) for priority in selectors.priorities_of(plan)}
    items = selectors.items_of(plan.partnership).filter(workplan=plan).prefetch_related("milestones")
    for item in items:
        row = Row(item, list(item.milestones.all()), item.starts < plan.starts, item.due > plan.ends)
        groups[item.objective.priority_id].rows.append(row)
    return Timeline(plan=plan, today=today, groups=[group for group in groups.values() if group.rows])


# Drawing ---------------------------------------------------------------------------------------------


def _months(starts, ends):
    month = starts.replace(day=1)
    while month <= ends:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _short(text, limit=TITLE_CHARACTERS):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _when(day):
    return f"{day.day} {day:%B %Y}"


class _Canvas:
    def __init__(self, plan):
        self.starts, self.ends = plan.starts, plan.ends
        self.left, self.right = LABEL_WIDTH, WIDTH - RIGHT_MARGIN
        self.days = (plan.ends - plan.starts).days + 1

    def x(self, day):
        """The x of the start of `day`, held within the plan's period."""
        offset = min(max((day - self.starts).days, 0), self.days)
        return round(self.left + (self.right - self.left) * offset / self.days, 1)


def _node(parent, tag, text=None, **attrs):
    node = ElementTree.SubElement(parent, tag, {key.rstrip("_").replace("_", "-"): str(v) for key, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def _text(parent, x, y, text, **attrs):
    attrs.setdefault("font_size", 13)
    attrs.setdefault("fill", TEXT_COLOUR)
    return _node(parent, "text", text, x=x, y=y, **attrs)


def _month_axis(svg, canvas, height):
    months = list(_months(canvas.starts, canvas.ends))
    month_width = (canvas.right - canvas.left) / max(len(months), 1)
    every = max(1, math.ceil(MIN_LABEL_SPACING / month_width))
    axis = _node(svg, "g", font_size=12)
    for index, month in enumerate(months):
        x = canvas.x(max(month, canvas.starts))
        _node(axis, "line", x1=x, y1=HEADER_HEIGHT - 8, x2=x, y2=height, stroke=GRID_COLOUR, stroke_width=1)
        if index % every == 0:
            label = f"{month:%b}" if month.month != 1 and index else f"{month:%b %Y}"
            _text(axis, x + 3, HEADER_HEIGHT - 14, label, font_size=12)
    _node(axis, "line", x1=canvas.right, y1=HEADER_HEIGHT - 8, x2=canvas.right, y2=height, stroke=GRID_COLOUR)


def _bar(group, canvas, row, y):
    item = row.item
    x1, x2 = canvas.x(item.starts), canvas.x(item.due + datetime.timedelta(days=1))
    width = max(x2 - x1, 3)
    colour = STATUS_COLOURS[item.status]
    bar = _node(group, "g")
    where = f"{_when(item.starts)} to {_when(item.due)}"
    outside = " (runs outside the plan's period)" if row.clipped_start or row.clipped_end else ""
    _node(bar, "title", f"{item.title}: led by {item.lead_agency.name}, {where}, {item.get_status_display()}{outside}")
    _node(bar, "rect", x=x1, y=y, width=width, height=BAR_HEIGHT, rx=3, fill=colour)
    if item.is_overdue:
        # Overdue: a black outline, so it does not depend on colour alone (the table says "overdue" in words).
        _node(
            bar,
            "rect",
            x=x1,
            y=y,
            width=width,
            height=BAR_HEIGHT,
            rx=3,
            fill="none",
            stroke=TEXT_COLOUR,
            stroke_width=2,
        )
        inner = {"x": x1 + 2, "y": y + 2, "width": max(width - 4, 0), "height": BAR_HEIGHT - 4}
        _node(bar, "rect", **inner, rx=2, fill="none", stroke="#ffffff", stroke_width=1)
    for milestone in row.milestones:
        _milestone(group, canvas, milestone, y + BAR_HEIGHT / 2)


def _diamond(parent, x, y, size, done):
    points = f"{x},{y - size} {x + size},{y} {x},{y + size} {x - size},{y}"
    return _node(
        parent,
        "polygon",
        points=points,
        fill=TEXT_COLOUR if done else "#ffffff",
        stroke=TEXT_COLOUR,
        stroke_width=2,
    )


def _milestone(parent, canvas, milestone, middle):
    if not canvas.starts <= milestone.due <= canvas.ends:
        return
    x = canvas.x(milestone.due)
    marker = _node(parent, "g")
    done = f", done on {_when(milestone.done_on)}" if milestone.done_on else ""
    _node(marker, "title", f"Milestone: {milestone.title}, due {_when(milestone.due)}{done}")
    _diamond(marker, x, middle, 7, bool(milestone.done_on))


def _legend(svg, y):
    legend = _node(svg, "g", font_size=12)
    x = 0
    for status, colour in STATUS_COLOURS.items():
        _node(legend, "rect", x=x, y=y, width=14, height=14, rx=2, fill=colour)
        _text(legend, x + 20, y + 12, WorkplanItem.Status(status).label, font_size=12)
        x += 128
    y += 30
    _diamond(legend, 7, y + 7, 7, False)
    _text(legend, 20, y + 12, "Milestone to do", font_size=12)
    _diamond(legend, 157, y + 7, 7, True)
    _text(legend, 170, y + 12, "Milestone done", font_size=12)
    _node(legend, "rect", x=300, y=y, width=30, height=14, rx=2, fill="#ffffff", stroke=TEXT_COLOUR, stroke_width=2)
    _text(legend, 336, y + 12, "Overdue (black outline)", font_size=12)
    _node(
        legend, "line", x1=520, y1=y - 2, x2=520, y2=y + 16, stroke=TODAY_COLOUR, stroke_width=2, stroke_dasharray="4 3"
    )
    _text(legend, 528, y + 12, "Today", font_size=12)


def svg(timeline, *, element_id="timeline"):
    """The timeline as inline SVG markup (safe to put in a template: every text is escaped)."""
    plan = timeline.plan
    canvas = _Canvas(plan)
    body_height = sum(PRIORITY_ROW + ITEM_ROW * len(group.rows) for group in timeline.groups)
    chart_bottom = HEADER_HEIGHT + body_height
    height = chart_bottom + LEGEND_HEIGHT
    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"
    root = ElementTree.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "id": element_id,
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{title_id} {desc_id}",
            "font-family": FONT,
        },
    )
    _node(root, "title", f"Timeline of {plan.title}", id=title_id)
    priorities = len(timeline.groups)
    _node(
        root,
        "desc",
        f"{timeline.item_count} item{'s' if timeline.item_count != 1 else ''} in {priorities} "
        f"priorit{'ies' if priorities != 1 else 'y'}, from {_when(plan.starts)} to {_when(plan.ends)}, "
        "each drawn from its start date to its due date in the colour of its status. "
        "The table after the timeline lists the same items.",
        id=desc_id,
    )
    _month_axis(root, canvas, chart_bottom)
    y = HEADER_HEIGHT
    for group in timeline.groups:
        _node(root, "rect", x=0, y=y + 4, width=WIDTH, height=PRIORITY_ROW - 8, fill=SHADE_COLOUR)
        _text(root, 6, y + PRIORITY_ROW / 2 + 5, _short(group.priority.title, 90), font_size=14, font_weight="bold")
        y += PRIORITY_ROW
        for row in group.rows:
            _text(root, 6, y + ITEM_ROW / 2 + 5, _short(row.item.title))
            _bar(root, canvas, row, y + (ITEM_ROW - BAR_HEIGHT) / 2)
            y += ITEM_ROW
    if plan.starts <= timeline.today <= plan.ends:
        x = canvas.x(timeline.today)
        today = _node(root, "g")
        _node(today, "title", f"Today, {_when(timeline.today)}")
        _node(
            today,
            "line",
            x1=x,
            y1=HEADER_HEIGHT - 8,
            x2=x,
            y2=chart_bottom,
            stroke=TODAY_COLOUR,
            stroke_width=2,
            stroke_dasharray="4 3",
        )
        _text(today, x + 4, HEADER_HEIGHT - 30, "Today", font_size=12, font_weight="bold")
    _legend(root, chart_bottom + 20)
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))  # noqa: S308 - built by ElementTree, escaped
