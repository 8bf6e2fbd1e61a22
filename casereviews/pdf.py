"""The action plan of a death review as a tagged PDF, for the board: the case's reference and its
recommendations with their owners, due dates, status and evidence. It carries no pseudonym, no date of
death and nothing else from the case file, so it can be tabled at a board meeting."""

from core.pdf import render_pdf


def render_action_plan_pdf(case, *, request=None):
    recommendations = list(case.recommendations.select_related("agency").order_by("number"))
    done = sum(1 for r in recommendations if r.status == r.Status.COMPLETE)
    return render_pdf(
        "casereviews/death/pdf/action_plan.html",
        {"case": case, "recommendations": recommendations, "done": done},
        title=f"Action plan of {case.reference}",
        partnership=case.partnership,
        request=request,
    )
