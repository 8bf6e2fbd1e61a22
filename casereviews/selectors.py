"""Reads for the case reviews: restricted case files, their clocks, and the ASB figures.

A case is seen only by the people named on it. Its rights are guardian object permissions held
directly by their user (granted and revoked by the services as people join and leave), read here from
the direct foreign-key table, never through `user.has_perm`: that answers yes to a superuser for every
object, and a site administrator is not on the case. Anyone else gets a 404 (no hint that the case
exists); someone on the case without the right to do a thing gets a 403.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from casereviews import rules
from casereviews.models import (
    AgencyReport,
    AgencyReportUserObjectPermission,
    AsbApplication,
    AsbApplicationUserObjectPermission,
    AsbHandler,
    AsbProcedure,
    AsbRecommendation,
    CaseAccess,
    CaseRecommendation,
    DeathReview,
    DeathReviewUserObjectPermission,
    PanelMember,
    Proceeding,
    QualityAssurance,
    ReportVersion,
)
from core.access import require
from meetings.models import Meeting
from members.access import access_for
from members.models import Agency
from members.selectors import current_member_agencies

VIEW = "view_deathreview"
CHANGE = "change_deathreview"
MANAGE = "manage_deathreview"
DECIDE = "decide_deathreview"
HANDLE = "handle_asbapplication"
SUBMIT_REPORT = "change_agencyreport"


def _internal(user, partnership):
    access = access_for(user, partnership)
    if not access.can_view_internal:
        raise Http404("No such page")
    return access


# Death reviews ----------------------------------------------------------------------------------------


def case_perms(user, case):
    """The codenames `user` holds on the death review (one query), cached on the case object."""
    cache = case.__dict__.setdefault("_perms", {})
    if user.pk not in cache:
        if not user.is_authenticated or not user.is_active:
            cache[user.pk] = frozenset()
        else:
            cache[user.pk] = frozenset(
                DeathReviewUserObjectPermission.objects.filter(user=user, content_object=case).values_list(
                    "permission__codename", flat=True
                )
            )
    return cache[user.pk]


def death_reviews_visible_to(user, partnership):
    """The partnership's death reviews the user is named on (and none for anyone else)."""
    _internal(user, partnership)
    mine = DeathReviewUserObjectPermission.objects.filter(user=user, permission__codename=VIEW)
    return DeathReview.objects.filter(partnership=partnership, pk__in=mine.values("content_object_id")).select_related(
        "notified_by"
    )


def death_review_get_for_user(user, partnership, pk, *, change=False, manage=False, decide=False):
    """`change`: the panel's working record (the case manager, independent chair, author); `manage`: the panel,
    the access log, quality assurance and publication (the case manager, the commissioning chair); `decide`:
    whether to hold a review (the commissioning chair)."""
    case = death_reviews_visible_to(user, partnership).filter(pk=pk).first()
    if case is None:
        raise Http404("No such case")
    perms = case_perms(user, case)
    if change:
        require(CHANGE in perms)
    if manage:
        require(MANAGE in perms)
    if decide:
        require(DECIDE in perms)
    return case


def case_rights(user, case):
    perms = case_perms(user, case)
    return {
        "change": CHANGE in perms,
        "manage": MANAGE in perms,
        "decide": DECIDE in perms,
        "agency_ids": panel_agency_ids(user, case),
    }


def panel_agency_ids(user, case):
    """The agencies the user speaks for on the case's panel now."""
    return frozenset(
        PanelMember.objects.current()
        .filter(case=case, person__user=user, agency__isnull=False)
        .values_list("agency_id", flat=True)
    )


def current_panel(case):
    return PanelMember.objects.current().filter(case=case).select_related("person__agency", "agency")


def agency_report_get_for_user(user, partnership, pk, *, submit=False):
    """`submit`: the agency's own panel members (guardian's change_agencyreport on the report) and the
    panel's working members (change on the case)."""
    report = AgencyReport.objects.filter(pk=pk, case__partnership=partnership).select_related("case", "agency").first()
    if report is None:
        raise Http404("No such report")
    death_review_get_for_user(user, partnership, report.case_id)
    if submit:
        require(can_submit_report(user, report))
    return report


def can_submit_report(user, report):
    if CHANGE in case_perms(user, report.case):
        return True
    return AgencyReportUserObjectPermission.objects.filter(
        user=user, content_object=report, permission__codename=SUBMIT_REPORT
    ).exists()


def reports_i_may_submit(user, case):
    """Ids of the case's agency reports the user may submit as their agency's panel member."""
    return frozenset(
        AgencyReportUserObjectPermission.objects.filter(
            user=user, content_object__case=case, permission__codename=SUBMIT_REPORT
        ).values_list("content_object_id", flat=True)
    )


def merged_chronology(case):
    return case.chronology.select_related("agency", "added_by").order_by("occurred_on", "pk")


def paused_days(case, today=None):
    """Days since the decision to hold the review during which a parallel proceeding paused it (overlapping
    proceedings counted once)."""
    if not case.decided_on:
        return 0
    today = today or timezone.localdate()
    spans = sorted(
        (max(p.started_on, case.decided_on), min(p.ended_on or today, today)) for p in case.proceedings.all()
    )
    total, covered_to = 0, None
    for start, end in spans:
        if covered_to is not None and start < covered_to:
            start = covered_to
        if end > start:
            total += (end - start).days
            covered_to = end
    return total


def is_paused(case, today=None):
    today = today or timezone.localdate()
    return any(p.started_on <= today and (p.ended_on is None or p.ended_on > today) for p in case.proceedings.all())


def submitted_to_quality_assurance(case):
    qa = sorted(case.quality_assurance.all(), key=lambda q: (q.submitted_on, q.pk))
    return qa[0].submitted_on if qa else None


def clocks(case, today=None):
    """The review's stage clocks against the guidance's time limits: the decision, then completion (moved
    on by the days a parallel proceeding paused it)."""
    today = today or timezone.localdate()
    decision_due = rules.add_months(case.notified_on, rules.DECISION_MONTHS)
    decided = case.decision != DeathReview.Decision.PENDING
    result = [
        {
            "key": "decision",
            "name": "Decision whether to hold a review",
            "due": decision_due,
            "done": case.decided_on if decided else None,
            "overdue": (not decided and today > decision_due) or (decided and case.decided_on > decision_due),
            "late": decided and case.decided_on > decision_due,
            "paused": False,
            "source": rules.DECISION_SOURCE,
        }
    ]
    if case.decision == DeathReview.Decision.HOLD and case.decided_on:
        paused = paused_days(case, today)
        due = rules.add_months(case.decided_on, rules.COMPLETION_MONTHS) + datetime.timedelta(days=paused)
        done = submitted_to_quality_assurance(case)
        result.append(
            {
                "key": "report",
                "name": "Overview report to the Home Office",
                "due": due,
                "done": done,
                "overdue": (done is None and today > due) or (done is not None and done > due),
                "late": done is not None and done > due,
                "paused": is_paused(case, today),
                "paused_days": paused,
                "source": rules.COMPLETION_SOURCE,
            }
        )
    return result


def stage(case, today=None):
    """Where the review is, in words."""
    if case.decision == DeathReview.Decision.PENDING:
        return "Awaiting the decision whether to hold a review"
    if case.decision == DeathReview.Decision.NOT_HOLD:
        return "Decided not to hold a review"
    if case.published_on:
        recommendations = list(case.recommendations.all())
        if recommendations and all(r.status == CaseRecommendation.Status.COMPLETE for r in recommendations):
            return "Published; action plan complete"
        return "Published; action plan in progress"
    latest = max(case.quality_assurance.all(), key=lambda q: (q.submitted_on, q.pk), default=None)
    if latest is not None:
        if latest.outcome == QualityAssurance.Outcome.PENDING:
            return "With the Home Office quality-assurance panel"
        if latest.outcome == QualityAssurance.Outcome.CHANGES:
            return "Changes requested by the quality-assurance panel"
        return "Approved by the quality-assurance panel: awaiting publication"
    if is_paused(case, today):
        return "Review in progress (paused for parallel proceedings)"
    return "Review in progress"


def can_publish(case):
    latest = max(case.quality_assurance.all(), key=lambda q: (q.submitted_on, q.pk), default=None)
    return latest is not None and latest.outcome == QualityAssurance.Outcome.APPROVED


def death_review_for_page(case):
    """The case with what its page shows, read once."""
    return (
        DeathReview.objects.filter(pk=case.pk)
        .select_related("notified_by", "partnership")
        .prefetch_related("proceedings", "quality_assurance", "recommendations__agency")
        .get()
    )


def agency_reports_of(case):
    return case.agency_reports.select_related("agency", "submitted_by").order_by("due_on", "agency__name", "kind")


def report_versions_of(case):
    return case.report_versions.select_related("uploaded_by").order_by("kind", "-number")


def access_log_of(*, death_review=None, asb_application=None):
    log = CaseAccess.objects.select_related("user__person")
    if death_review is not None:
        return log.filter(death_review=death_review)
    return log.filter(asb_application=asb_application)


def _count(queryset):
    return Subquery(queryset.order_by().values("partnership").annotate(n=Count("pk")).values("n"))


def cases_in_progress(partnership):
    """What anyone in the partnership may know of its case reviews: how many are in progress (one query). No
    reference, name, date or pseudonym."""
    death_reviews = DeathReview.objects.filter(partnership=OuterRef("pk"), closed_on__isnull=True).exclude(
        decision=DeathReview.Decision.NOT_HOLD
    )
    applications = AsbApplication.objects.filter(partnership=OuterRef("pk")).filter(
        Q(threshold=AsbApplication.Threshold.PENDING)
        | Q(threshold=AsbApplication.Threshold.MET, applicant_told_outcome_on=None)
    )
    counts = (
        type(partnership)
        .objects.filter(pk=partnership.pk)
        .values(open_death_reviews=_count(death_reviews), open_applications=_count(applications))
        .get()
    )
    return {
        "death_reviews": counts["open_death_reviews"] or 0,
        "asb_applications": counts["open_applications"] or 0,
    }


def published_death_reviews(partnership):
    """Reviews whose redacted report is published: all the public may know of them."""
    return (
        DeathReview.objects.filter(partnership=partnership, published_on__isnull=False, published_report__isnull=False)
        .select_related("published_report")
        .order_by("-published_on")
    )


def published_report_get(partnership, pk):
    case = published_death_reviews(partnership).filter(pk=pk).first()
    if case is None:
        raise Http404("No such report")
    return case.published_report


def due_for_reminders():
    """Death reviews still running (not published, closed or decided against), whose clocks and agency reports
    the reminder run checks."""
    return (
        DeathReview.objects.filter(closed_on__isnull=True, published_on__isnull=True)
        .exclude(decision=DeathReview.Decision.NOT_HOLD)
        .select_related("partnership")
        .prefetch_related("proceedings", "quality_assurance", "reminders")
    )


def unsubmitted_reports(case):
    return case.agency_reports.filter(submitted_at__isnull=True).select_related("agency")


def _case_record(model, user, partnership, pk, *, related="case", **rights):
    """A record of a death review (a seat, a proceeding, a version...) for someone on its case; 404 for anyone
    else, 403 (through `rights`) for someone on the case who may not do this."""
    record = model._default_manager.filter(pk=pk, case__partnership=partnership).select_related(related).first()
    if record is None:
        raise Http404("No such record")
    case = death_review_get_for_user(user, partnership, record.case_id, **rights)
    record.case = case
    return record


def panel_seat_get_for_user(user, partnership, pk, *, manage=False):
    """A current seat on a case's panel."""
    record = _case_record(PanelMember, user, partnership, pk, manage=manage)
    if record.left_on is not None:
        raise Http404("No such seat")
    return record


def proceeding_get_for_user(user, partnership, pk, *, change=False):
    return _case_record(Proceeding, user, partnership, pk, change=change)


def report_version_get_for_user(user, partnership, pk):
    return _case_record(ReportVersion, user, partnership, pk)


def quality_assurance_get_for_user(user, partnership, pk, *, manage=False):
    return _case_record(QualityAssurance, user, partnership, pk, manage=manage)


def recommendation_get_for_user(user, partnership, pk):
    return _case_record(CaseRecommendation, user, partnership, pk)


def chronology_agencies(user, partnership, case):
    """The agencies the user may add chronology entries for: any current member agency, for the panel's
    working members; only those they speak for, for an agency's panel member."""
    if CHANGE in case_perms(user, case):
        return current_member_agencies(partnership)
    return Agency.objects.filter(pk__in=panel_agency_ids(user, case)).order_by("name")


def meetings_for_board_report(partnership, limit=50):
    """The partnership's latest meetings, to say at which one the action plan was reported."""
    latest = list(
        Meeting.objects.filter(partnership=partnership).order_by("-starts_at").values_list("pk", flat=True)[:limit]
    )
    return Meeting.objects.filter(pk__in=latest).select_related("group").order_by("-starts_at")


# ASB case reviews ---------------------------------------------------------------------------------------


def asb_procedure_of(partnership):
    """The partnership's procedure, or an unsaved one with the defaults."""
    return AsbProcedure.objects.filter(partnership=partnership).first() or AsbProcedure(partnership=partnership)


def asb_applications_visible_to(user, partnership):
    """The applications the user handles (none for anyone else)."""
    _internal(user, partnership)
    mine = AsbApplicationUserObjectPermission.objects.filter(user=user, permission__codename=HANDLE)
    return AsbApplication.objects.filter(partnership=partnership, pk__in=mine.values("content_object_id")).annotate(
        incident_count=Count("incidents", distinct=True)
    )


def asb_application_get_for_user(user, partnership, pk):
    """Handlers see and change the application; anyone else gets a 404."""
    application = asb_applications_visible_to(user, partnership).filter(pk=pk).first()
    if application is None:
        raise Http404("No such application")
    return application


def current_handlers(application):
    return AsbHandler.objects.current().filter(application=application).select_related("person__agency")


def asb_handler_get_for_user(user, partnership, pk):
    """A current handler of an application the user handles; anyone else gets a 404."""
    handler = (
        AsbHandler.objects.current()
        .filter(pk=pk, application__partnership=partnership)
        .select_related("person", "application")
        .first()
    )
    if handler is None:
        raise Http404("No such handler")
    asb_application_get_for_user(user, partnership, handler.application_id)
    return handler


def asb_recommendation_get_for_user(user, partnership, pk):
    """A recommendation of an application the user handles; anyone else gets a 404."""
    recommendation = (
        AsbRecommendation.objects.filter(pk=pk, application__partnership=partnership)
        .select_related("application")
        .first()
    )
    if recommendation is None:
        raise Http404("No such recommendation")
    asb_application_get_for_user(user, partnership, recommendation.application_id)
    return recommendation


def qualifying_incidents(application, procedure):
    """Reports within the threshold's period before the application."""
    start = rules.add_months(application.received_on, -procedure.threshold_months)
    return application.incidents.filter(reported_on__gte=start, reported_on__lte=application.received_on)


def threshold_suggestion(application, procedure):
    """Whether the reports recorded meet the partnership's threshold (the handler decides)."""
    count = qualifying_incidents(application, procedure).count()
    return {"count": count, "meets": count >= procedure.threshold_complaints}


def year_bounds(procedure, year):
    """The reporting year starting in `year` (in the procedure's starting month): (first day, last day)."""
    start = datetime.date(year, procedure.year_starts_month, 1)
    return start, rules.add_months(start, 12) - datetime.timedelta(days=1)


def asb_figures(partnership, year, procedure=None):
    """The four figures s.104(10) of the 2014 Act requires to be published for a year, from the register:
    applications received in the year, how many did not meet the threshold, reviews held, and reviews that
    led to recommendations."""
    procedure = procedure or asb_procedure_of(partnership)
    start, end = year_bounds(procedure, year)
    applications = AsbApplication.objects.filter(partnership=partnership, received_on__range=(start, end))
    with_recommendations = Exists(AsbRecommendation.objects.filter(application=OuterRef("pk")))
    figures = applications.aggregate(
        received=Count("pk"),
        not_met=Count("pk", filter=Q(threshold=AsbApplication.Threshold.NOT_MET)),
        held=Count("pk", filter=Q(review_on__isnull=False)),
    )
    figures["with_recommendations"] = applications.filter(with_recommendations, review_on__isnull=False).count()
    return {"year": year, "start": start, "end": end, **figures}


FIGURE_YEARS = 5


def asb_figure_years(partnership, procedure=None, *, upto=None):
    """The figures for each reporting year from the first application to this one, newest first (the last
    FIGURE_YEARS years at most)."""
    procedure = procedure or asb_procedure_of(partnership)
    upto = upto or timezone.localdate()
    first = (
        AsbApplication.objects.filter(partnership=partnership)
        .order_by("received_on")
        .values_list("received_on", flat=True)
        .first()
    )
    this_year = upto.year if upto.month >= procedure.year_starts_month else upto.year - 1
    if first is None:
        return [asb_figures(partnership, this_year, procedure)]
    first_year = first.year if first.month >= procedure.year_starts_month else first.year - 1
    first_year = max(first_year, this_year - FIGURE_YEARS + 1)
    return [asb_figures(partnership, year, procedure) for year in range(this_year, first_year - 1, -1)]


def partnership_ids_with_cases_of(user):
    """The ids of the partnerships where `user` is named on a case (a death review or an ASB case review)."""
    deaths = DeathReview.objects.filter(
        pk__in=DeathReviewUserObjectPermission.objects.filter(user=user, permission__codename=VIEW).values(
            "content_object_id"
        )
    ).values_list("partnership_id", flat=True)
    asb = AsbApplication.objects.filter(
        pk__in=AsbApplicationUserObjectPermission.objects.filter(user=user).values("content_object_id")
    ).values_list("partnership_id", flat=True)
    return set(deaths) | set(asb)
