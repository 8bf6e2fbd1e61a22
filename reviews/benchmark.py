"""A large partnership for the review PDF benchmark (manage.py benchmark_review_pdf): 60 member agencies,
five years of meetings with attendance, minutes, decisions and action points, a workplan a year with items
and indicators, and an annual review a year on one framework, the latest with every agency's return.

Everything is made through the services, with the services' clock set to when each record would have been
made (as the meetings demo replays its year), so validation, history, the audit index and permissions are
as production makes them. Never run it against the app's own database: the command gives it a throwaway one.
"""

import datetime
import random
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from unittest import mock

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import ActionPoint, Attendance
from members import services as member_services
from members.models import AgencyRole, PartnershipRole, Sector, StatutoryRole
from partnership import services as partnership_services
from partnership.models import PartnershipGroup
from reviews import services as review_services
from reviews.models import ReviewFramework
from workplan import services as workplan_services
from workplan.models import Indicator, WorkplanItem

SLUG_PREFIX = "benchmark-"
# Written into every confidential agenda item, its minutes and its decision: it must never reach the review.
CONFIDENTIAL_MARKER = "CONFIDENTIAL-BENCHMARK-7Q2"
PLACE = "Committee room 1, Civic Centre"
DAY = datetime.timedelta(days=1)

# (statutory role, how many) of the 60 agencies; the Crime and Disorder Act's responsible authorities first.
ROLES = [
    (StatutoryRole.RESPONSIBLE_AUTHORITY, 8),
    (StatutoryRole.REQUIRED_TO_COOPERATE, 10),
    (StatutoryRole.INVITED_TO_COOPERATE, 12),
    (StatutoryRole.NON_STATUTORY, 30),
]
SECTORS = [
    Sector.POLICE,
    Sector.LOCAL_AUTHORITY,
    Sector.FIRE,
    Sector.PROBATION,
    Sector.HEALTH,
    Sector.HOUSING,
    Sector.EDUCATION,
    Sector.YOUTH,
    Sector.DRUGS,
    Sector.VOLUNTARY,
    Sector.COMMUNITY,
    Sector.BUSINESS,
    Sector.TRANSPORT,
]
SUB_GROUPS = [
    "Anti-social behaviour group",
    "Domestic abuse partnership",
    "Reducing reoffending group",
    "Night-time economy group",
]
PRIORITIES = [
    "Reduce anti-social behaviour",
    "Tackle domestic abuse",
    "Reduce reoffending",
    "Safer town centre at night",
]
INDICATORS = [
    ("Anti-social behaviour incidents", "incidents a month", 420, 360, Indicator.Direction.DOWN),
    ("Repeat victims of domestic abuse", "%", 31, 25, Indicator.Direction.DOWN),
    ("Proven reoffending", "%", 27, 24, Indicator.Direction.DOWN),
    ("Violent crime in the night-time economy", "offences a month", 58, 45, Indicator.Direction.DOWN),
    ("Referrals to early help", "referrals a month", 35, 50, Indicator.Direction.UP),
    ("Victims satisfied with the service", "%", 71, 80, Indicator.Direction.UP),
    ("Deliberate fires", "fires a month", 22, 15, Indicator.Direction.DOWN),
    ("First-time entrants to the youth justice system", "young people a quarter", 18, 12, Indicator.Direction.DOWN),
]
EVIDENCE = [
    "Minutes of the board show the item discussed at each meeting.",
    "Our annual report to the board sets this out.",
    "Agreed at the board's development day; the notes are on file.",
    "Partly: the protocol is drafted but not yet signed by every agency.",
    "The quarterly performance report covers it.",
]
COMMENTS = [
    "We would like this looked at again next year.",
    "Better than last year, but it depends on two people.",
    "Our officers are not always aware of it.",
    "",
]
_REAL_NOW = timezone.now  # kept before the clock patches it


class Clock:
    """While running, `django.utils.timezone.now` (which the services, django-simple-history and the audit
    log read) and every model field defaulting to it return `self.moment`, which the builder moves on."""

    def __init__(self):
        self.moment = _REAL_NOW()

    @contextmanager
    def running(self):
        with ExitStack() as stack:
            stack.enter_context(mock.patch.object(timezone, "now", self._now))
            for model in apps.get_models():
                for model_field in model._meta.concrete_fields:
                    if model_field.default is _REAL_NOW:
                        stack.enter_context(mock.patch.object(model_field, "_get_default", self._now))
            yield self

    def at(self, moment):
        if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
            moment = timezone.make_aware(datetime.datetime.combine(moment, datetime.time(12)))
        self.moment = min(moment, _REAL_NOW())
        return self.moment

    def _now(self):
        return self.moment


class Builder:
    """Builds the partnership step by step; `counts` says how many of each record it made."""

    def __init__(self, *, by, agencies=60, years=5, framework_name=None, seed=2001, say=None):
        self.by = by
        self.agency_count = agencies
        self.years = years
        self.framework_name = framework_name
        self.random = random.Random(seed)
        self.say = say or (lambda message: None)
        self.clock = Clock()
        self.today = timezone.localdate()
        self.counts = {}

    def _count(self, what, n=1):
        self.counts[what] = self.counts.get(what, 0) + n

    def _at(self, day, hour=10):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    # Periods: the review years end yesterday, one a year back from there.
    def periods(self):
        end = self.today - DAY
        periods = []
        for _ in range(self.years):
            start = end.replace(year=end.year - 1) + DAY
            periods.append((start, end))
            end = start - DAY
        return list(reversed(periods))

    def build(self):
        periods = self.periods()
        with self.clock.running():
            self.clock.at(periods[0][0] - 30 * DAY)
            with transaction.atomic():
                self._partnership()
            self.say(f"Partnership with {len(self.memberships)} member agencies and {len(self.groups)} groups.")
            self.framework = self._framework()
            for year, (start, end) in enumerate(periods):
                with transaction.atomic():
                    self._meetings(start, end)
                    self._workplan(year, start, end)
                self.say(f"Year {year + 1} of {len(periods)}: meetings, actions and workplan made.")
            self.reviews = []
            for year, (start, end) in enumerate(periods):
                with transaction.atomic():
                    self.reviews.append(self._review(year, start, end, latest=year == len(periods) - 1))
                self.say(f"Review of year {year + 1} made: {self.reviews[-1].returns.count()} returns.")
        return self.reviews[-1]

    # The partnership and its members ------------------------------------------------------------------

    def _partnership(self):
        # Agency names are unique across the deployment: each run's carry the time it began.
        stamp = f"{_REAL_NOW():%y%m%d-%H%M%S}"
        self.partnership = partnership_services.partnership_create(
            by=self.by,
            name=f"Benchmark Community Safety Partnership {stamp}",
            slug=f"{SLUG_PREFIX}{stamp}",
            area="Benchmark district",
            vision="A safer district for everyone who lives, works in or visits it.",
        )
        self.agencies, self.memberships, self.leads = [], [], {}
        roles = [role for role, count in ROLES for _ in range(count)]
        scale = self.agency_count / len(roles)
        roles = [roles[min(int(i / scale), len(roles) - 1)] for i in range(self.agency_count)]
        joined = self.clock.moment.date()
        for index, role in enumerate(roles):
            sector = SECTORS[index % len(SECTORS)]
            agency = member_services.agency_create(
                by=self.by, name=f"{Sector(sector).label} agency {index + 1} ({stamp})", sector=sector
            )
            self.agencies.append(agency)
            self.memberships.append(
                member_services.membership_create(
                    partnership=self.partnership, agency=agency, statutory_role=role, joined=joined, by=self.by
                )
            )
            lead = member_services.person_create(
                by=self.by,
                first_name=f"Lead{index + 1}",
                last_name=f"Officer{index + 1}",
                agency=agency,
                job_title="Lead officer",
            )
            member_services.agency_role_assign(
                partnership=self.partnership, agency=agency, person=lead, role=AgencyRole.Role.LEAD_OFFICER, by=self.by
            )
            self.leads[agency.pk] = lead
        self._count("agencies", len(self.agencies))
        council = self.agencies[1]
        self.coordinator = member_services.person_create(
            by=self.by, first_name="Casey", last_name="Coordinator", agency=council, job_title="Coordinator"
        )
        member_services.partnership_role_assign(
            partnership=self.partnership, person=self.coordinator, role=PartnershipRole.Role.COORDINATOR, by=self.by
        )
        self.chair = member_services.person_create(
            by=self.by, first_name="Chris", last_name="Chair", agency=council, job_title="Council leader"
        )
        member_services.partnership_role_assign(
            partnership=self.partnership, person=self.chair, role=PartnershipRole.Role.CHAIR, by=self.by
        )
        board = partnership_services.group_create(
            partnership=self.partnership,
            by=self.by,
            name="Strategic board",
            kind=PartnershipGroup.Kind.BOARD,
            lead=self.chair,
            remit="Sets the strategy, holds partners to account and approves the annual review.",
        )
        self.groups = {"board": board}
        for index, name in enumerate(SUB_GROUPS):
            self.groups[name] = partnership_services.group_create(
                partnership=self.partnership,
                by=self.by,
                name=name,
                kind=PartnershipGroup.Kind.SUB_GROUP,
                lead=self.leads[self.agencies[index].pk],
                parent=board,
                remit=f"Delivers the partnership's priority: {PRIORITIES[index].lower()}.",
            )
        # Each sub-group draws a dozen of the agencies; the board has them all.
        self.group_agencies = {"board": self.agencies}
        for index, name in enumerate(SUB_GROUPS):
            picked = [self.agencies[(index * 7 + k * 5) % len(self.agencies)] for k in range(12)]
            self.group_agencies[name] = list(dict.fromkeys(picked))
        # How reliably each agency attends, from 55% to 100%.
        self.reliability = {agency.pk: self.random.uniform(0.55, 1.0) for agency in self.agencies}

    def _framework(self):
        shipped = ReviewFramework.objects.filter(partnership=None)
        if self.framework_name:
            return shipped.get(name=self.framework_name)
        # The shipped framework with the most questions, so the review is as long as a real one gets.
        return max(shipped, key=lambda framework: framework.questions.count())

    # Meetings -----------------------------------------------------------------------------------------

    def _schedule(self, start, end):
        """The board every other month; each sub-group once a quarter (the second Tuesday, 10:00)."""
        board = meeting_services.plan_dates(first=start, until=end, weekday=1, week=2, interval=2, at=datetime.time(10))
        entries = [("board", moment) for moment in board]
        for offset, name in enumerate(SUB_GROUPS):
            first = start + DAY * (14 * offset + 20)
            for moment in meeting_services.plan_dates(
                first=first, until=end, weekday=3, week=1 + offset % 3, interval=3, at=datetime.time(14)
            ):
                entries.append((name, moment))
        return sorted(entries, key=lambda entry: entry[1])

    def _meetings(self, start, end):
        for group_key, moment in self._schedule(start, end):
            self._meeting(group_key, moment)

    def _meeting(self, group_key, moment):
        by, rnd = self.by, self.random
        group = self.groups[group_key]
        self.clock.at(moment - 21 * DAY)
        meeting = meeting_services.meeting_create(
            partnership=self.partnership,
            group=group,
            starts_at=moment,
            ends_at=moment + datetime.timedelta(hours=2),
            location=PLACE,
            by=by,
        )
        self._count("meetings")
        if rnd.random() < 0.05:
            meeting_services.meeting_cancel(meeting=meeting, by=by, reason="Not enough members could attend.")
            self._count("meetings cancelled")
            return
        public = meeting_services.agenda_item_create(
            meeting=meeting, title=f"Performance report to {moment:%B %Y}", by=by
        )
        secret = None
        if rnd.random() < 0.35:
            secret = meeting_services.agenda_item_create(
                meeting=meeting,
                title=f"Case review {CONFIDENTIAL_MARKER}",
                description=f"Named individuals: {CONFIDENTIAL_MARKER}.",
                is_confidential=True,
                confidential_reason="Personal information about named individuals.",
                by=by,
            )
        meeting_services.agenda_publish(meeting=meeting, by=by)

        self.clock.at(moment + datetime.timedelta(hours=2))
        entries = []
        for agency in self.group_agencies[group_key]:
            present = rnd.random() < self.reliability[agency.pk]
            status = Attendance.Status.PRESENT if present else Attendance.Status.APOLOGIES
            entries.append((self.leads[agency.pk], status, None))
        entries.append((self.chair if group_key == "board" else self.coordinator, Attendance.Status.PRESENT, None))
        meeting_services.attendance_record(meeting=meeting, entries=entries, by=by)
        self._count("attendance records", len(entries))
        meeting_services.minutes_write(item=public, discussion="The group noted the figures.", by=by)
        meeting_services.decision_record(
            partnership=self.partnership,
            item=public,
            wording="Accept the performance report.",
            decided_on=moment.date(),
            by=by,
        )
        self._count("decisions")
        if secret is not None:
            meeting_services.minutes_write(item=secret, discussion=f"Discussed {CONFIDENTIAL_MARKER}.", by=by)
            meeting_services.decision_record(
                partnership=self.partnership,
                item=secret,
                wording=f"Refer {CONFIDENTIAL_MARKER} to the multi-agency panel.",
                decided_on=moment.date(),
                is_confidential=True,
                by=by,
            )
            self._count("decisions")
        self._actions(group_key, public, secret, moment)

        # Minutes go out within ten working days most of the time.
        self.clock.at(moment + DAY * rnd.choice([3, 5, 7, 9, 16]))
        meeting_services.minutes_circulate(minutes=meeting.minutes, by=by)

    def _actions(self, group_key, public, secret, moment):
        by, rnd = self.by, self.random
        agencies = self.group_agencies[group_key]
        for index in range(3):
            agency = rnd.choice(agencies)
            item = secret if (secret is not None and index == 0) else public
            due = moment.date() + DAY * rnd.choice([28, 42, 56, 84])
            action = meeting_services.action_create(
                partnership=self.partnership,
                description=f"Report back on point {index + 1} of the performance report.",
                owner=self.leads[agency.pk],
                due=due,
                item=item,
                notify=False,
                by=by,
            )
            self._count("action points")
            outcome = rnd.random()
            if outcome < 0.72:
                self.clock.at(self._at(due - DAY * rnd.choice([1, 3, 7, 10]), 16))
                meeting_services.action_log_progress(
                    action=action, author=self.leads[agency.pk], status=ActionPoint.Status.DONE, note="Done.", by=by
                )
            elif outcome < 0.8:
                self.clock.at(self._at(due - 5 * DAY, 16))
                meeting_services.action_log_progress(
                    action=action,
                    author=self.leads[agency.pk],
                    status=ActionPoint.Status.DROPPED,
                    note="Overtaken by events.",
                    dropped_reason="The work moved to the new strategy.",
                    by=by,
                )
            self.clock.at(moment + datetime.timedelta(hours=3))

    # Workplans ----------------------------------------------------------------------------------------

    def _workplan(self, year, start, end):
        by, rnd = self.by, self.random
        self.clock.at(start - 14 * DAY)
        plan = workplan_services.workplan_create(
            partnership=self.partnership,
            title=f"Community safety plan {start.year}–{str(end.year)[-2:]}",
            starts=start,
            ends=end,
            by=by,
        )
        items = []
        for p_index, title in enumerate(PRIORITIES):
            priority = workplan_services.priority_create(workplan=plan, title=title, by=by)
            for o_index in range(2):
                objective = workplan_services.objective_create(
                    priority=priority, title=f"{title}: objective {o_index + 1}", by=by
                )
                for i_index in range(6):
                    agency = self.agencies[(p_index * 11 + o_index * 5 + i_index * 3 + year) % len(self.agencies)]
                    items.append(
                        workplan_services.item_create(
                            workplan=plan,
                            objective=objective,
                            title=f"{title}: action {o_index + 1}.{i_index + 1}",
                            lead_agency=agency,
                            responsible_officer=self.leads[agency.pk],
                            starts=start + DAY * (30 * i_index),
                            due=end - DAY * (20 * i_index),
                            by=by,
                        )
                    )
        self._count("workplan items", len(items))
        self.clock.at(end - 30 * DAY)
        statuses = [
            (WorkplanItem.Status.COMPLETE, 0.45),
            (WorkplanItem.Status.ON_TRACK, 0.25),
            (WorkplanItem.Status.AT_RISK, 0.12),
            (WorkplanItem.Status.OFF_TRACK, 0.08),
            (WorkplanItem.Status.DROPPED, 0.05),
        ]
        for item in items:
            roll, status = rnd.random(), WorkplanItem.Status.NOT_STARTED
            for candidate, share in statuses:
                if roll < share:
                    status = candidate
                    break
                roll -= share
            if status != WorkplanItem.Status.NOT_STARTED:
                workplan_services.progress_log(
                    item=item,
                    author=item.responsible_officer,
                    narrative="Quarterly update to the board.",
                    status=status,
                    dropped_reason="Replaced by a joint approach." if status == WorkplanItem.Status.DROPPED else "",
                    by=by,
                )
        if year == 0:
            self.indicators = []
            for index, (name, unit, baseline, target, direction) in enumerate(INDICATORS):
                self.indicators.append(
                    workplan_services.indicator_create(
                        partnership=self.partnership,
                        name=name,
                        unit=unit,
                        baseline=baseline,
                        target=target,
                        direction=direction,
                        agency=self.agencies[index],
                        by=by,
                    )
                )
        month = start.replace(day=1)
        while month <= end:
            self.clock.at(month + 40 * DAY)
            for indicator in self.indicators:
                drift = (float(indicator.target) - float(indicator.baseline)) * (year * 12 + month.month) / 72
                value = Decimal(f"{float(indicator.baseline) + drift * rnd.uniform(0.4, 1.3):.1f}")
                workplan_services.indicator_value_record(indicator=indicator, period=month, value=value, by=by)
                self._count("indicator values")
            month = (month + 32 * DAY).replace(day=1)

    # Reviews ------------------------------------------------------------------------------------------

    def _review(self, year, start, end, *, latest):
        by, rnd = self.by, self.random
        self.clock.at(end + DAY)
        opened_on = self.clock.moment.date()
        review = review_services.review_open(
            partnership=self.partnership,
            title=f"Annual review {start.year}–{str(end.year)[-2:]}",
            period_start=start,
            period_end=end,
            deadline=opened_on + 42 * DAY if not latest else max(opened_on, self.today) + 28 * DAY,
            framework=self.framework,
            by=by,
        )
        questions = list(self.framework.questions.order_by("order"))
        self.clock.at(end + 30 * DAY)
        for agency_return in review.returns.select_related("agency"):
            base = 1.6 + 1.8 * self.reliability[agency_return.agency_id] + 0.15 * year
            answers = {}
            for question in questions:
                rating = max(1, min(4, round(base + rnd.uniform(-1.0, 1.0))))
                evidence = rnd.choice(EVIDENCE) if rnd.random() < 0.5 else ""
                comment = rnd.choice(COMMENTS) if rnd.random() < 0.3 else ""
                answers[question] = (rating, evidence, comment)
            review_services.answers_save(agency_return=agency_return, answers=answers, by=by)
            review_services.return_submit(
                agency_return=agency_return, submitter=self.leads[agency_return.agency_id], by=by
            )
            self._count("answers", len(answers))
        review = review_services.review_consolidate(review=review, by=by)
        for index, question in enumerate(questions[:6]):
            review_services.finding_add(
                review=review,
                question=question,
                text=f"Partners rate this area unevenly; the evidence behind finding {index + 1} is in the returns.",
                by=by,
            )
        for index in range(5):
            review_services.recommendation_add(
                review=review, text=f"Recommendation {index + 1}: agree who leads this and report each quarter.", by=by
            )
        if latest:
            self._carry_into_workplan(review)
        return review

    def _carry_into_workplan(self, review):
        """Next year's plan takes the first two recommendations as items, linked both ways."""
        by = self.by
        start = review.period_end + DAY
        plan = workplan_services.workplan_create(
            partnership=self.partnership,
            title=f"Community safety plan {start.year}–{str(start.year + 1)[-2:]}",
            starts=start,
            ends=start.replace(year=start.year + 1) - DAY,
            by=by,
        )
        priority = workplan_services.priority_create(workplan=plan, title="Partnership working", by=by)
        objective = workplan_services.objective_create(priority=priority, title="Act on the annual review", by=by)
        for index, recommendation in enumerate(review.recommendations.all()[:2]):
            agency = self.agencies[index]
            review_services.recommendation_to_workplan(
                recommendation=recommendation,
                workplan=plan,
                objective=objective,
                lead_agency=agency,
                responsible_officer=self.leads[agency.pk],
                starts=start + 30 * DAY,
                due=start + 200 * DAY,
                by=by,
            )
