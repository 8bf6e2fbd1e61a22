"""The annual review as a PDF, through the shared WeasyPrint helper: a cover, contents with page numbers, the
structure and members, attendance, workplan performance, results per question with the same SVG charts as the
pages, the year-on-year comparison, findings and recommendations, and an appendix of the agencies' returns.

Everything in it comes from the review's selectors, whose evidence is counts and rates only: no agenda item,
minute or decision wording reaches the PDF, so confidential material never enters it."""

from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from core.pdf import render_pdf
from members.access import access_for
from members.models import StatutoryRole
from members.selectors import current_register_of
from partnership.selectors import structure_tree
from reviews import charts, selectors
from reviews.models import Rating
from workplan.charts import status_chart

TEMPLATE = "reviews/pdf/review.html"

SECTIONS = [
    ("structure", "Structure and members"),
    ("attendance", "Meetings and attendance"),
    ("workplan", "Workplan performance"),
    ("results", "Results per question"),
    ("year-on-year", "Year-on-year comparison"),
    ("findings", "Findings and recommendations"),
    ("returns", "Appendix: the agencies' returns"),
]


def _members_by_role(partnership):
    memberships = list(current_register_of(partnership).order_by("agency__name"))
    groups = []
    for role in StatutoryRole:
        members = [m for m in memberships if m.statutory_role == role.value]
        if members:
            groups.append({"role": role.label, "members": members})
    return groups


def _workplan(evidence):
    statuses = evidence["workplan_statuses"]
    counts = evidence["workplan"]
    priorities = sorted(counts, key=lambda title: (title or "").casefold())
    rows = [
        {
            "priority": priority,
            "counts": [counts[priority].get(value, 0) for value, _ in statuses],
            "total": sum(counts[priority].values()),
        }
        for priority in priorities
    ]
    title = "Workplan items by priority and status"
    svg = status_chart(counts, priorities, title=title, what="priority")
    return {
        "statuses": [label for _, label in statuses],
        "rows": rows,
        "chart": charts.data_uri(svg) if rows else "",
        "chart_alt": title,
    }


def _results(rows):
    """Per question (grouped by the framework's sections): the counts, mean and spread, and its chart."""
    sections = []
    for row in rows:
        question = row["question"]
        answered = sum(row["counts"])
        shown = {
            **row,
            "chart": charts.data_uri(charts.question_chart(question, row["counts"])) if answered else "",
            "chart_alt": charts.question_description(question, row["counts"]),
            "answered": answered,
            "ratings": [(label, count) for (_, label), count in zip(Rating.choices, row["counts"], strict=True)],
        }
        if not sections or sections[-1]["title"] != question.section:
            sections.append({"title": question.section, "questions": []})
        sections[-1]["questions"].append(shown)
    return sections


def _year_on_year(review):
    partnership = review.partnership
    reviews, rows = charts.year_on_year_data(partnership, framework_name=review.framework.name, until=review)
    agencies = charts.agency_year_on_year_data(partnership, reviews)
    overall = charts.overall_means(reviews, rows)
    return {
        "reviews": reviews,
        "overall": [overall.get(r.pk) for r in reviews],
        "rows": [(order, text, [means.get(r.pk) for r in reviews]) for order, text, means in rows],
        "agencies": [(agency, [means.get(r.pk) for r in reviews]) for agency, means in agencies.items()],
        "chart": charts.data_uri(charts.year_on_year_chart(reviews, rows)) if len(reviews) > 1 else "",
        "chart_alt": charts.year_on_year_description(reviews, rows),
    }


def _approval(review, user, draft):
    if draft:
        return None
    if review.approved_at:
        return {
            "by": review.approved_by,
            "on": timezone.localtime(review.approved_at),
            "returns": review.returns_at_approval,
            "without_all": review.approved_without_all_returns,
        }
    # Not yet approved and not a draft: the approval service always records the approval before it renders.
    return {"by": access_for(user, review.partnership).person, "on": timezone.localtime()}


def review_context(review, *, user, draft=False):
    partnership = review.partnership
    if not access_for(user, partnership).can_view_internal:
        raise Http404("No such review")
    evidence = selectors.evidence(review)
    submitted, rows = selectors.consolidation(review)
    tracker = selectors.tracker(review)
    return {
        "review": review,
        "draft": draft,
        "approval": _approval(review, user, draft),
        "sections": SECTIONS,
        "scale": Rating.choices,
        "returns_total": len(tracker),
        "returns_submitted": len(submitted),
        "late": [row["return"].agency for row in tracker if row["late"]],
        "structure": structure_tree(partnership),
        "members_by_role": _members_by_role(partnership),
        "evidence": evidence,
        "workplan": _workplan(evidence),
        "results": _results(rows),
        "year_on_year": _year_on_year(review),
        "findings": list(review.findings.select_related("question")),
        "recommendations": list(
            review.recommendations.select_related(
                "workplan_item__workplan", "workplan_item__lead_agency", "workplan_item__responsible_officer"
            )
        ),
        "returns": list(selectors.returns_with_answers(review)),
    }


def render_review_pdf(review, *, user, draft=False, request=None):
    """(PDF bytes, page count) of the review as `user` may read it.

    `draft=True` marks every page DRAFT (the preview before approval). Without it the document is the final
    one, as the chair approves it: it names the review's approver, or `user` if approval is in progress.
    """
    context = review_context(review, user=user, draft=draft)
    title = f"{review.title} (draft)" if draft else review.title
    return render_pdf(TEMPLATE, context, title=title, partnership=review.partnership, request=request, with_pages=True)


def filename(review, version=None):
    stem = f"annual-review-{slugify(review.title)[:60] or review.pk}"
    return f"{stem}-v{version}.pdf" if version else f"{stem}-draft.pdf"
