"""The workplan as a PDF: by priority, its objectives and items; the status charts; each indicator with its
chart and latest value against target; the items that need attention. Made through the shared helper."""

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from core.pdf import render_pdf
from workplan import charts, selectors
from workplan.models import STALE_AFTER_WEEKS


def _indicators(user, plan):
    """The plan's priorities' indicators and the partnership-wide ones, each with its series and chart."""
    indicators = list(
        selectors.indicators_visible_to(user, plan.partnership)
        .filter(Q(priority__workplan=plan) | Q(priority__isnull=True))
        .order_by("priority__order", "name")
    )
    series = selectors.indicator_series(indicators)
    shown = []
    for indicator in indicators:
        values = series.get(indicator.pk, [])
        latest = values[-1] if values else None
        svg = charts.indicator_chart(indicator, values)
        shown.append(
            {
                "indicator": indicator,
                "latest": latest,
                "meets_target": indicator.meets_target(latest.value) if latest else None,
                "chart": charts.data_uri(svg),
                "chart_alt": charts.indicator_description(indicator, values),
            }
        )
    return shown


def _status_chart(plan, by):
    counts, groups = charts.plan_status_counts(plan, by)
    what = {"priority": "priority", "agency": "lead agency"}[by]
    title = f"Items by {what} and status"
    return {
        "title": title,
        "uri": charts.data_uri(charts.status_chart(counts, groups, title=title, what=what)),
        "alt": charts.status_description(counts, groups, what),
    }


def plan_context(user, plan):
    return {
        "plan": plan,
        "priorities": list(selectors.plan_tree(plan)),
        "status_charts": [_status_chart(plan, "priority"), _status_chart(plan, "agency")],
        "indicators": _indicators(user, plan),
        "attention": list(selectors.attention(plan.partnership, plan)),
        "stale_weeks": STALE_AFTER_WEEKS,
        "today": timezone.localdate(),
    }


def plan_pdf(user, plan, *, request=None):
    context = plan_context(user, plan)
    return render_pdf(
        "workplan/pdf/plan.html", context, title=plan.title, partnership=plan.partnership, request=request
    )


def filename(plan):
    return f"workplan-{slugify(plan.title)[:60]}-{timezone.localdate():%Y-%m-%d}.pdf"
