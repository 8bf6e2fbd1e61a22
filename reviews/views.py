"""Pages of the annual review: the list, opening the year's review, the tracker of returns, each agency's
return beside the evidence, consolidation with findings and recommendations, the chair's approval, the
frameworks of questions and the year-on-year comparison."""

import datetime
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import require
from core.forms import apply_service_errors
from members.pages import partnership_page
from members.selectors import current_member_agencies, current_officers
from reviews import charts, selectors, services
from reviews.forms import (
    RATE_BEFORE_SUBMIT,
    ApproveForm,
    CorrectionForm,
    FindingForm,
    FrameworkCopyForm,
    PlanChoiceForm,
    QuestionForm,
    RecommendationForm,
    RecommendationToWorkplanForm,
    ReviewOpenForm,
    answer_forms,
)
from reviews.models import AgencyReturn, AnnualReview, Rating
from workplan import selectors as workplan_selectors
from workplan.models import Workplan

CONSOLIDATING = AnnualReview.State.CONSOLIDATING
APPROVED = AnnualReview.State.APPROVED
RETURN_DEADLINE_DAYS = 28


def _review_url(partnership, review, anchor=""):
    return reverse("reviews:review", args=[partnership.slug, review.pk]) + anchor


def _return_url(partnership, agency_return, anchor=""):
    return reverse("reviews:return", args=[partnership.slug, agency_return.pk]) + anchor


def _consolidation_url(partnership, review, anchor=""):
    return reverse("reviews:consolidate", args=[partnership.slug, review.pk]) + anchor


def _error_text(error):
    return " ".join(error.messages)


# Reviews --------------------------------------------------------------------------------------------


@partnership_page()
@require_GET
def reviews(request, partnership):
    listed = selectors.reviews_visible_to(request.user, partnership).annotate(
        returns_total=Count("returns"),
        returns_submitted=Count("returns", filter=Q(returns__state=AgencyReturn.State.SUBMITTED)),
    )
    mine = selectors.returns_to_complete_by(request.user, partnership).order_by("review__deadline", "agency__name")
    return render(
        request,
        "reviews/reviews.html",
        {"partnership": partnership, "reviews": listed, "my_returns": mine, "access": request.access},
    )


def _opening_defaults(latest, frameworks):
    """The year after the latest review; with none, the last April-to-March year that has ended."""
    today = timezone.localdate()
    if latest is not None:
        start = latest.period_end + datetime.timedelta(days=1)
    else:
        start = datetime.date(today.year - (2 if today.month < 4 else 1), 4, 1)
    try:
        end = start.replace(year=start.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        end = start + datetime.timedelta(days=364)
    framework = latest.framework if latest is not None else frameworks.filter(partnership=None).first()
    return {
        "title": f"Annual review {start.year} to {end.year}",
        "period_start": start,
        "period_end": end,
        "deadline": today + datetime.timedelta(days=RETURN_DEADLINE_DAYS),
        "framework": framework.pk if framework else None,
    }


@partnership_page()
@require_http_methods(["GET", "POST"])
def review_open(request, partnership):
    require(request.access.is_coordinator)
    frameworks = selectors.frameworks_visible_to(request.user, partnership).order_by(
        F("partnership").asc(nulls_last=True), "name", "edition"
    )
    latest = selectors.reviews_visible_to(request.user, partnership).order_by("-period_start").first()
    form = ReviewOpenForm(
        request.POST or None,
        partnership=partnership,
        frameworks=frameworks,
        initial=_opening_defaults(latest, frameworks),
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_open(partnership=partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"{review.title} is open. Each agency's lead officer can now complete its return."
            )
            return redirect("reviews:review", partnership.slug, review.pk)
    return render(request, "reviews/review_open.html", {"partnership": partnership, "form": form})


@partnership_page()
@require_GET
def review(request, partnership, pk):
    review = selectors.review_get_for_user(request.user, partnership, pk)
    rows = selectors.tracker(review)
    submitted = sum(1 for row in rows if row["return"].state == AgencyReturn.State.SUBMITTED)
    return render(
        request,
        "reviews/review.html",
        {
            "partnership": partnership,
            "review": review,
            "rows": rows,
            "submitted": submitted,
            "late": sum(1 for row in rows if row["late"]),
            "my_returns": list(selectors.returns_to_complete_by(request.user, partnership).filter(review=review)),
            "documents": review.documents.order_by("-version") if review.state == APPROVED else [],
            "progress": selectors.document_progress(review),
            "access": request.access,
            "today": timezone.localdate(),
        },
    )


# Returns --------------------------------------------------------------------------------------------


def _agency_evidence(review, agency):
    """The review year's facts about this agency, and the partnership's as a whole."""
    facts = _evidence(review)
    attendance = next((row for row in facts["attendance"] if row["agency"].pk == agency.pk), None)
    actions = next((row for row in facts["actions"] if row["agency__name"] == agency.name), None)
    indicators = [row for row in facts["indicators"] if row["indicator"].agency_id == agency.pk]
    return {**facts, "agency_attendance": attendance, "agency_actions": actions, "agency_indicators": indicators}


def _evidence(review):
    """selectors.evidence, with the workplan counts laid out as table rows."""
    facts = selectors.evidence(review)
    statuses = facts["workplan_statuses"]
    rows = []
    for title, counts in facts["workplan"].items():
        rows.append(
            {
                "priority": title or "Not under a priority",
                "counts": [counts.get(value, 0) for value, _ in statuses],
                "total": sum(counts.values()),
            }
        )
    facts["workplan_rows"] = rows
    facts["workplan_labels"] = [label for _, label in statuses]
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(statuses))]
    facts["workplan_totals"] = [(label, n) for (_, label), n in zip(statuses, totals, strict=True) if n]
    facts["workplan_total"] = sum(totals)
    actions = {row["agency__name"]: row for row in facts["actions"]}
    agency_rows = [
        {"name": row["agency"].name, "attendance": row, "actions": actions.pop(row["agency"].name, None)}
        for row in facts["attendance"]
    ]
    agency_rows += [{"name": name or "No agency", "attendance": None, "actions": row} for name, row in actions.items()]
    facts["agency_rows"] = agency_rows
    facts["indicators_measured"] = sum(1 for row in facts["indicators"] if row["latest"] is not None)
    facts["indicators_met"] = sum(1 for row in facts["indicators"] if row["meets_target"])
    minutes = facts["minutes"]
    facts["minutes_total"] = minutes["on_time"] + minutes["late"] + minutes["not_circulated"]
    return facts


def _return_page(request, partnership, agency_return, *, pairs=None, forms=None, draft_saved=False):
    rights = selectors.return_rights(request.user, request.access, agency_return)
    pairs = pairs if pairs is not None else selectors.questions_with_answers(agency_return)
    if rights["edit"] and forms is None:
        forms = answer_forms(pairs)
    form_for = {form.question.pk: form for form in forms or []}
    sections = [
        {"name": name, "rows": [{"question": q, "answer": a, "form": form_for.get(q.pk)} for q, a in group]}
        for name, group in groupby(pairs, key=lambda pair: pair[0].section)
    ]
    review = agency_return.review
    return render(
        request,
        "reviews/return.html",
        {
            "partnership": partnership,
            "review": review,
            "agency_return": agency_return,
            "sections": sections,
            "forms": forms if rights["edit"] else None,
            "has_errors": any(form.errors for form in forms or []),
            "draft_saved": draft_saved,
            "rights": rights,
            "rated": sum(1 for _, answer in pairs if answer is not None and answer.rating),
            "total": len(pairs),
            "evidence": _agency_evidence(review, agency_return.agency),
            "scale": Rating.choices,
            "access": request.access,
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def return_(request, partnership, pk):
    if request.method == "POST":
        agency_return = selectors.return_get_for_user(request.user, partnership, pk, edit=True)
        return _save_return(request, partnership, agency_return, submit=False)
    agency_return = selectors.return_get_for_user(request.user, partnership, pk)
    return _return_page(request, partnership, agency_return)


@partnership_page()
@require_POST
def return_submit(request, partnership, pk):
    agency_return = selectors.return_get_for_user(request.user, partnership, pk, edit=True)
    return _save_return(request, partnership, agency_return, submit=True)


def _save_return(request, partnership, agency_return, *, submit):
    """Save every answer on the form as a draft (one read of the saved answers, writes only for changes),
    then, for "Submit", submit the return."""
    pairs = selectors.questions_with_answers(agency_return)
    forms = answer_forms(pairs, request.POST)
    if [form for form in forms if not form.is_valid()]:
        return _return_page(request, partnership, agency_return, pairs=pairs, forms=forms)
    answers = {
        form.question: form.values()
        for form, (_, saved) in zip(forms, pairs, strict=True)
        if saved is not None or form.values() != (None, "", "")
    }
    try:
        services.answers_save(agency_return=agency_return, answers=answers, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_return_url(partnership, agency_return))
    if not submit:
        messages.success(request, "Your answers have been saved as a draft.")
        return redirect(_return_url(partnership, agency_return))
    try:
        services.return_submit(agency_return=agency_return, submitter=request.access.person, by=request.user)
    except ValidationError as error:
        unrated = [form for form in forms if form.cleaned_data["rating"] is None]
        if not unrated:
            messages.error(request, _error_text(error))
            return redirect(_return_url(partnership, agency_return))
        unrated[0].add_error(None, _error_text(error))
        for form in unrated:
            form.add_error("rating", RATE_BEFORE_SUBMIT.format(number=form.question.order))
        pairs = selectors.questions_with_answers(agency_return)
        return _return_page(request, partnership, agency_return, pairs=pairs, forms=forms, draft_saved=True)
    messages.success(request, f"{agency_return.agency}'s return has been submitted.")
    return redirect(_return_url(partnership, agency_return))


@partnership_page()
@require_POST
def return_reopen(request, partnership, pk):
    agency_return = selectors.return_get_for_user(request.user, partnership, pk, edit=True)
    try:
        services.return_reopen(
            agency_return=agency_return, by=request.user, as_coordinator=request.access.is_coordinator
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{agency_return.agency}'s return is a draft again: change it, then submit it again.")
    if request.POST.get("next") == "review":
        return redirect(_review_url(partnership, agency_return.review, "#returns"))
    return redirect(_return_url(partnership, agency_return))


# Consolidation --------------------------------------------------------------------------------------


def _consolidation_page(request, partnership, review, *, finding_form=None, recommendation_form=None):
    returns, rows = selectors.consolidation(review)
    for row in rows:
        row["pairs"] = [(r, cell) for r, cell in zip(returns, row["cells"], strict=True) if cell is not None]
        row["ratings"] = [cell.rating if cell is not None else None for cell in row["cells"]]
        row["chart_alt"] = charts.question_description(row["question"], row["counts"])
    questions = review.framework.questions.order_by("order")
    can_write = request.access.is_coordinator and review.state == CONSOLIDATING
    if can_write:
        finding_form = finding_form or FindingForm(questions=questions)
        recommendation_form = recommendation_form or RecommendationForm()
    forms = [form for form in (finding_form, recommendation_form) if form is not None]
    return render(
        request,
        "reviews/consolidate.html",
        {
            "partnership": partnership,
            "review": review,
            "returns": returns,
            "rows": rows,
            "returns_total": review.returns.count(),
            "disagreements": sum(1 for row in rows if row["disagree"]),
            "findings": review.findings.select_related("question"),
            "recommendations": review.recommendations.select_related("workplan_item"),
            "finding_form": finding_form,
            "recommendation_form": recommendation_form,
            "forms": forms,
            "has_errors": any(form.errors for form in forms),
            "can_write": can_write,
            "evidence": _evidence(review),
            "scale": Rating.choices,
            "access": request.access,
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def consolidate(request, partnership, pk):
    if request.method == "GET":
        review = selectors.review_get_for_user(request.user, partnership, pk, consolidation=True)
        return _consolidation_page(request, partnership, review)
    review = selectors.review_get_for_user(request.user, partnership, pk, run=True)
    reopen = request.POST.get("action") == "reopen"
    try:
        if reopen:
            services.review_reopen_for_returns(review=review, by=request.user)
        else:
            services.review_consolidate(review=review, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(_review_url(partnership, review))
    if reopen:
        messages.success(request, "The review is open for returns again. Reopen the returns that need changing.")
        return redirect(_review_url(partnership, review, "#returns"))
    messages.success(request, "No more returns can be changed. Write the review's findings and recommendations.")
    return redirect(_consolidation_url(partnership, review))


@partnership_page()
@require_http_methods(["GET", "POST"])
def finding_add(request, partnership, pk):
    review = selectors.review_get_for_user(request.user, partnership, pk, run=True)
    if request.method == "GET":
        return redirect(_consolidation_url(partnership, review, "#findings"))
    form = FindingForm(request.POST, questions=review.framework.questions.order_by("order"))
    if form.is_valid():
        try:
            services.finding_add(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The finding has been added.")
            return redirect(_consolidation_url(partnership, review, "#findings"))
    return _consolidation_page(request, partnership, review, finding_form=form)


@partnership_page()
@require_http_methods(["GET", "POST"])
def recommendation_add(request, partnership, pk):
    review = selectors.review_get_for_user(request.user, partnership, pk, run=True)
    if request.method == "GET":
        return redirect(_consolidation_url(partnership, review, "#recommendations"))
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_add(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The recommendation has been added.")
            return redirect(_consolidation_url(partnership, review, "#recommendations"))
    return _consolidation_page(request, partnership, review, recommendation_form=form)


def _plan_for(request, plans, review):
    """The plan named by `?plan=`; else the first annual plan after the review year, else the first annual
    plan still running, else the first plan (items sit in annual plans' objectives)."""
    pk = request.GET.get("plan", "")
    if pk.isdigit():
        chosen = next((plan for plan in plans if plan.pk == int(pk)), None)
        if chosen is not None:
            return chosen
    annual = [plan for plan in plans if plan.kind == Workplan.Kind.ANNUAL]
    later = [plan for plan in annual if plan.starts > review.period_end]
    return (later or annual or plans or [None])[0]


@partnership_page()
@require_http_methods(["GET", "POST"])
def recommendation_to_workplan(request, partnership, pk):
    recommendation = selectors.recommendation_get_for_user(request.user, partnership, pk, run=True)
    review = recommendation.review
    back = _consolidation_url(partnership, review, "#recommendations")
    if recommendation.workplan_item_id:
        messages.info(request, services.ALREADY_IN_WORKPLAN)
        return redirect(back)
    today = timezone.localdate()
    open_plans = workplan_selectors.workplans_visible_to(request.user, partnership).filter(ends__gte=today)
    plans = list(open_plans.order_by("starts", "title"))
    plan = _plan_for(request, plans, review)
    context = {"partnership": partnership, "review": review, "recommendation": recommendation, "back": back}
    if plan is None:
        return render(request, "reviews/recommendation_to_workplan.html", {**context, "form": None})
    form = RecommendationToWorkplanForm(
        request.POST or None,
        objectives=workplan_selectors.objectives_of(plan),
        agencies=current_member_agencies(partnership),
        people=current_officers(partnership),
        initial={"starts": max(today, plan.starts), "due": plan.ends},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.recommendation_to_workplan(
                recommendation=recommendation, workplan=plan, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The recommendation is now an item of {plan.title}: {item.title}")
            return redirect(back)
    return render(
        request,
        "reviews/recommendation_to_workplan.html",
        {
            **context,
            "form": form,
            "plan": plan,
            "plan_form": (
                PlanChoiceForm(initial={"plan": plan.pk}, plans=open_plans.order_by("starts", "title"))
                if len(plans) > 1
                else None
            ),
            "has_objectives": bool(form.fields["objective"].queryset),
        },
    )


# Approval -------------------------------------------------------------------------------------------


@partnership_page()
@require_http_methods(["GET", "POST"])
def approve(request, partnership, pk):
    review = selectors.review_get_for_user(request.user, partnership, pk, approve=True)
    counts = selectors.return_counts(review)
    form = ApproveForm(
        request.POST if request.method == "POST" else None, missing=counts["total"] - counts["submitted"]
    )
    if request.method == "POST":
        if review.state != CONSOLIDATING:
            messages.error(request, _wrong_state(review))
            return redirect(_review_url(partnership, review))
        if form.is_valid():
            try:
                services.review_approve(
                    review=review,
                    approver=request.access.person,
                    by=request.user,
                    missing_reason=form.cleaned_data.get("missing_reason", ""),
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    messages.error(request, _error_text(error))
                    return redirect(_review_url(partnership, review))
                apply_service_errors(form, error)
            else:
                messages.success(request, f"{review.title} is approved. {_pdf_news(review)}")
                return redirect(_review_url(partnership, review))
    return render(
        request,
        "reviews/approve.html",
        {
            "partnership": partnership,
            "review": review,
            "counts": counts,
            "form": form,
            "findings": review.findings.count(),
            "recommendations": review.recommendations.count(),
            "wrong_state": _wrong_state(review) if review.state != CONSOLIDATING else "",
        },
    )


def _pdf_news(review):
    if selectors.document_progress(review)["state"] == "ready":
        return "Its PDF is stored and will not change."
    return "Its PDF is being prepared: it appears on this page in a minute or two, and then will not change."


@partnership_page()
@require_POST
def document_retry(request, partnership, pk):
    """Ask again for the approved review's PDF after the background task failed (or was lost)."""
    review = selectors.review_get_for_user(request.user, partnership, pk, run=True)
    if selectors.document_progress(review)["state"] != "failed":
        messages.error(request, "The review's PDF is stored or being prepared already.")
    else:
        services.document_retry(review=review, by=request.user)
        messages.success(request, "The review's PDF is being prepared again.")
    return redirect(_review_url(partnership, review))


@partnership_page()
def correct(request, partnership, pk):
    """The coordinator corrects an approved review: a new, recorded version of its PDF."""
    review = selectors.review_get_for_user(request.user, partnership, pk, run=True)
    form = CorrectionForm(request.POST or None, findings=review.findings.order_by("order"))
    if request.method == "POST" and form.is_valid():
        try:
            services.review_correct(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            latest = review.documents.order_by("-version").first()
            if selectors.document_progress(review)["state"] == "ready" and latest is not None:
                messages.success(request, f"Version {latest.version} of the review's PDF is stored.")
            else:
                messages.success(request, "The correction is recorded. The new version of the PDF is being prepared.")
            return redirect(_review_url(partnership, review))
    return render(
        request,
        "reviews/correct.html",
        {"partnership": partnership, "review": review, "form": form, "documents": review.documents.all()},
    )


def _wrong_state(review):
    return services.REVIEW_WRONG_STATE.format(state=review.get_state_display().lower(), verb="approved")


# Frameworks -----------------------------------------------------------------------------------------


@partnership_page()
@require_GET
def frameworks(request, partnership):
    frameworks = selectors.frameworks_visible_to(request.user, partnership, with_uses=True)
    listed = list(frameworks.order_by("name", "edition"))
    return render(
        request,
        "reviews/frameworks.html",
        {
            "partnership": partnership,
            "own": [f for f in listed if f.partnership_id],
            "shipped": [f for f in listed if not f.partnership_id],
            "access": request.access,
        },
    )


@partnership_page()
@require_GET
def framework(request, partnership, pk):
    framework = selectors.framework_get_for_user(request.user, partnership, pk)
    used_by = list(selectors.reviews_using(framework, partnership))
    questions = framework.questions.order_by("order")
    access = request.access
    own = framework.partnership_id == partnership.pk
    return render(
        request,
        "reviews/framework.html",
        {
            "partnership": partnership,
            "framework": framework,
            "sections": [(name, list(group)) for name, group in groupby(questions, key=lambda q: q.section)],
            "used_by": used_by,
            "can_copy": access.is_coordinator,
            "can_edit": access.is_coordinator and own and not framework.is_locked,
            "own": own,
            "access": access,
        },
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def framework_copy(request, partnership, pk):
    framework = selectors.framework_get_for_user(request.user, partnership, pk, copy=True)
    form = FrameworkCopyForm(request.POST or None, initial={"name": framework.name})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.framework_copy(
                framework=framework, partnership=partnership, by=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"Edition {copy.edition} of {copy.name} is your partnership's own: change its questions here."
            )
            return redirect("reviews:framework", partnership.slug, copy.pk)
    return render(
        request, "reviews/framework_copy.html", {"partnership": partnership, "framework": framework, "form": form}
    )


def _locked(request, partnership, framework):
    messages.error(request, services.FRAMEWORK_LOCKED)
    return redirect("reviews:framework", partnership.slug, framework.pk)


def _sections(framework):
    return list(dict.fromkeys(framework.questions.order_by("order").values_list("section", flat=True)))


@partnership_page()
@require_http_methods(["GET", "POST"])
def question_add(request, partnership, pk):
    framework = selectors.framework_get_for_user(request.user, partnership, pk, change=True)
    if framework.is_locked:
        return _locked(request, partnership, framework)
    sections = _sections(framework)
    form = QuestionForm(request.POST or None, sections=sections, initial={"section": sections[-1] if sections else ""})
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_add(framework=framework, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Question {question.order} has been added.")
            return redirect(reverse("reviews:framework", args=[partnership.slug, framework.pk]) + f"#q{question.pk}")
    return render(
        request,
        "reviews/question_form.html",
        {"partnership": partnership, "framework": framework, "form": form, "title": "Add a question"},
    )


@partnership_page()
@require_http_methods(["GET", "POST"])
def question_edit(request, partnership, pk):
    question = selectors.question_get_for_user(request.user, partnership, pk, change=True)
    framework = question.framework
    if framework.is_locked:
        return _locked(request, partnership, framework)
    form = QuestionForm.for_question(question, request.POST or None, sections=_sections(framework))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Question {question.order} has been saved.")
            return redirect(reverse("reviews:framework", args=[partnership.slug, framework.pk]) + f"#q{question.pk}")
    return render(
        request,
        "reviews/question_form.html",
        {
            "partnership": partnership,
            "framework": framework,
            "form": form,
            "question": question,
            "title": f"Change question {question.order}",
        },
    )


# Year on year ---------------------------------------------------------------------------------------


@partnership_page()
@require_GET
def year_on_year(request, partnership):
    """The tables are the charts' text alternatives, so both come from the same reviews.charts data."""
    listed = selectors.reviews_visible_to(request.user, partnership).order_by("-period_start")
    names = list(dict.fromkeys(review.framework.name for review in listed))
    chosen = request.GET.get("framework", "")
    if chosen not in names:
        chosen = names[0] if names else ""
    reviews_, rows = charts.year_on_year_data(partnership, framework_name=chosen) if chosen else ([], [])
    by_agency = charts.agency_year_on_year_data(partnership, reviews_)
    return render(
        request,
        "reviews/year_on_year.html",
        {
            "partnership": partnership,
            "framework_names": names,
            "chosen": chosen,
            "reviews": reviews_,
            "rows": [
                {"order": order, "text": text, "means": [means.get(r.pk) for r in reviews_]}
                for order, text, means in rows
            ],
            "agencies": [
                {"name": name, "means": [means.get(r.pk) for r in reviews_]} for name, means in by_agency.items()
            ],
        },
    )
