"""Demo case reviews for Northdale, loaded through casereviews.services (overview.demo.load_demo calls `load`).

- A domestic abuse related death review in progress ("Rose"): notified about five months ago and decided
  within the month; the coordinator manages it, the chair commissioned it, an independent chair (who also
  writes the report: `reviewchair`) and panel members for the police (`lead`) and the council (`officer`);
  individual management reviews asked of the police, the council and the health board: the police's and the
  council's are in, the health board's is past its date; a merged chronology from four agencies, two
  contacts with the family, and a criminal trial that has paused the clock.
- A review published two years after its notification ("Ellen"), approved by the Home Office
  quality-assurance panel after one round of changes, with its redacted report stored and four
  recommendations, two complete with evidence, and one report of the action plan to the board.
- The ASB case review procedure (three complaints in six months) and applications giving known figures:
  last reporting year 7 received, 3 not meeting the threshold, 4 reviews held, 3 with recommendations;
  this year so far 3 received (1 awaiting the threshold decision, 1 not met, 1 held).

Every name, address and telephone number is fictional (01632 960xxx and 07700 900xxx are Ofcom's drama
ranges). Loading happens once: if Northdale has a death review or an ASB procedure, nothing is added.
"""

import datetime
from collections import Counter

from django.core.files.base import ContentFile
from django.utils import timezone

from casereviews import selectors, services
from casereviews.models import AsbProcedure, CaseRole, DeathReview
from core.pdf import render_pdf
from members import services as members_services
from members.models import PartnershipRole, Person

REVIEW_CHAIR = ("Anne", "Fairbrother", "Independent chair and author of domestic abuse related death reviews")

CHRONOLOGY = [
    (-900, "police", "Call from a neighbour about shouting at the address; officers attended, no offence recorded."),
    (-700, "icb", "GP appointment: the patient disclosed low mood and sleeplessness; referred to talking therapies."),
    (-520, "homes", "Tenancy officer visit about rent arrears; the tenant said her partner handled the money."),
    (-400, "police", "Domestic abuse incident reported by the victim; DASH risk assessment recorded as medium."),
    (-390, "ndc", "Referral to the independent domestic violence adviser service; two calls, not answered."),
    (-300, "icb", "Emergency department attendance with a wrist injury, said to be a fall."),
    (-210, "homes", "Repair request for a broken internal door."),
    (-160, "police", "Second incident reported by a neighbour; the victim declined to make a statement."),
]

FAMILY = [
    (-120, "The person's sister", "letter", "Letter explaining the review and inviting the family to take part."),
    (-95, "The person's sister and mother", "meeting", "Met with an advocate; they shared their memories of Rose."),
]

PUBLISHED_RECOMMENDATIONS = [
    ("police", "Train call handlers to ask about previous incidents at an address.", True),
    ("icb", "Add routine enquiry about domestic abuse to emergency department triage.", True),
    (
        "homes",
        "Tenancy officers to refer to the domestic abuse service when a tenant says a partner controls the money.",
        False,
    ),
    ("ndc", "Audit the follow-up of referrals that go unanswered after two calls.", False),
]

# Last reporting year's applications: (days after the year began, how, threshold, review held so many days
# after, recommendations). The figures: 7 received, 3 threshold not met, 4 reviews held, 3 with recommendations.
LAST_YEAR = [
    (20, "phone", "not_met", None, 0),
    (60, "online", "met", 20, 2),
    (110, "email", "met", 18, 1),
    (150, "letter", "not_met", None, 0),
    (200, "online", "met", 25, 0),
    (250, "phone", "not_met", None, 0),
    (300, "in_person", "met", 15, 1),
]
# This year's so far: (days before today, ...): 3 received, 1 not met, 1 held, 1 awaiting the decision.
THIS_YEAR = [
    (120, "online", "not_met", None, 0),
    (60, "phone", "met", 21, 0),
    (5, "email", "pending", None, 0),
]
INCIDENTS = {"met": (150, 90, 20), "not_met": (40,), "pending": (100, 30)}


def _day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def _pdf(title, paragraphs):
    return render_pdf(
        "casereviews/demo/published_report.html", {"heading": title, "paragraphs": paragraphs}, title=title
    )


class _Loader:
    def __init__(self, *, by, partnership, people, agencies, password):
        self.by = by
        self.password = password
        self.partnership = partnership
        self.people = people
        self.agencies = agencies
        self.coordinator = people["raman"].user
        self.chair = people["holloway"].user
        self.created = Counter()

    def run(self):
        self.review_chair = self._review_chair()
        self._in_progress()
        self._published()
        self._asb()
        return self.created

    def _review_chair(self):
        first, last, job = REVIEW_CHAIR
        person = Person.objects.filter(user__username="reviewchair").first()
        if person is None:
            person = members_services.person_create(
                by=self.by,
                first_name=first,
                last_name=last,
                job_title=job,
                email="anne.fairbrother@reviews.example.org",
                phone="07700 900990",
                username="reviewchair",
                password=self.password,
                added_to=self.partnership,
            )
            members_services.partnership_role_assign(
                partnership=self.partnership, person=person, role=PartnershipRole.Role.MEMBER, by=self.by
            )
            self.created["people"] += 1
            self.created["logins"] += 1
        return person

    def _case(self, *, notified, pseudonym, circumstances, decided_after):
        case = services.death_review_notify(
            partnership=self.partnership,
            by=self.coordinator,
            notified_on=_day(notified),
            notified_by=self.agencies["police"],
            date_of_death=_day(notified - 3),
            pseudonym=pseudonym,
            circumstances=circumstances,
        )
        case = services.death_review_decide(
            case=case,
            by=self.chair,
            version=case.version,
            decision=DeathReview.Decision.HOLD,
            decided_on=_day(notified + decided_after),
            decision_reasons="The death meets the criteria of section 9: the person was killed by her partner, "
            "with whom she lived, and agencies had contact with them both.",
            home_office_notified_on=_day(notified + decided_after + 3),
        )
        seats = [
            (self.review_chair, CaseRole.INDEPENDENT_CHAIR, None),
            (self.review_chair, CaseRole.AUTHOR, None),
            (self.people["khan"], CaseRole.PANEL_MEMBER, self.agencies["police"]),
            (self.people["beckett"], CaseRole.PANEL_MEMBER, self.agencies["ndc"]),
        ]
        for person, role, agency in seats:
            services.panel_member_add(case=case, person=person, role=role, agency=agency, by=self.coordinator)
        self.created["death reviews"] += 1
        return case

    def _in_progress(self):
        case = self._case(
            notified=-150,
            pseudonym="Rose",
            circumstances="Rose, 34, died at her home in Kettleby after an assault. Her partner has been charged.",
            decided_after=21,
        )
        case = services.death_review_update(
            case=case,
            by=self.review_chair.user,
            version=case.version,
            terms_of_reference="1. What did each agency know of the risk to Rose, and when?\n"
            "2. Were referrals followed up?\n3. What would agencies do differently now?",
            terms_agreed_on=_day(-100),
        )
        reports = {}
        for key, due in [("police", 7), ("ndc", 10), ("icb", -10)]:
            reports[key] = services.agency_report_request(
                case=case, agency=self.agencies[key], kind="imr", due_on=_day(due), by=self.coordinator
            )
        services.agency_report_submit(
            report=reports["police"],
            by=self.people["khan"].user,
            version=reports["police"].version,
            text="Eastshire Police had three contacts with Rose. The second incident was assessed as medium risk; "
            "no referral to the multi-agency risk assessment conference was made.",
            file=ContentFile(
                _pdf("Individual management review: Eastshire Police", ["Three contacts."]), "imr-police.pdf"
            ),
        )
        services.agency_report_submit(
            report=reports["ndc"],
            by=self.people["beckett"].user,
            version=reports["ndc"].version,
            text="The council's domestic abuse service received one referral and made two calls that went unanswered.",
        )
        for offset, agency, entry in CHRONOLOGY:
            services.chronology_entry_add(
                case=case,
                agency=self.agencies[agency],
                occurred_on=_day(offset - 150),
                entry=entry,
                by=self.coordinator,
            )
        for offset, whom, method, summary in FAMILY:
            services.family_contact_add(
                case=case,
                contacted_on=_day(offset),
                with_whom=whom,
                method=method,
                summary=summary,
                by=self.coordinator,
            )
        services.proceeding_add(
            case=case,
            kind="criminal_trial",
            started_on=_day(-60),
            note="The trial of Rose's partner is listed at the Crown Court; the panel waits for it before interviews.",
            by=self.coordinator,
        )

    def _published(self):
        case = self._case(
            notified=-800,
            pseudonym="Ellen",
            circumstances="Ellen, 52, was killed by her son, who lived with her.",
            decided_after=14,
        )
        overview = ContentFile(_pdf("Overview report: Ellen", ["Draft for the panel."]), "overview-v1.pdf")
        services.report_version_add(
            case=case, kind="overview", file=overview, note="First draft", by=self.review_chair.user
        )
        first = services.quality_assurance_submit(case=case, submitted_on=_day(-560), by=self.coordinator)
        services.quality_assurance_outcome(
            submission=first,
            outcome="changes",
            outcome_on=_day(-480),
            requested_changes="Say more about the son's mental health care and the family's view.",
            by=self.coordinator,
        )
        second = ContentFile(_pdf("Overview report: Ellen", ["Revised after the panel."]), "overview-v2.pdf")
        services.report_version_add(
            case=case, kind="overview", file=second, note="After the panel", by=self.review_chair.user
        )
        again = services.quality_assurance_submit(case=case, submitted_on=_day(-430), by=self.coordinator)
        services.quality_assurance_outcome(
            submission=again, outcome="approved", outcome_on=_day(-380), by=self.coordinator
        )
        published = ContentFile(
            _pdf(
                "Domestic abuse related death review: Ellen",
                ["The published, redacted report.", "Names other than the pseudonym have been removed."],
            ),
            "review-ellen.pdf",
        )
        services.death_review_publish(
            case=case,
            published_on=_day(-350),
            published_title="Review into the death of Ellen",
            file=published,
            by=self.coordinator,
        )
        for key, text, done in PUBLISHED_RECOMMENDATIONS:
            recommendation = services.recommendation_add(
                case=case, text=text, agency=self.agencies[key], due_on=_day(-30 if done else 90), by=self.coordinator
            )
            services.recommendation_progress(
                recommendation=recommendation,
                by=self.coordinator,
                version=recommendation.version,
                status="complete" if done else "in_progress",
                evidence="Done: see the agency's report to the board." if done else "Under way.",
                completed_on=_day(-40) if done else None,
            )
        services.board_report_add(
            case=case, reported_on=_day(-45), note="Two of four recommendations complete.", by=self.coordinator
        )

    def _asb(self):
        services.asb_procedure_save(
            partnership=self.partnership,
            by=self.coordinator,
            threshold_complaints=3,
            threshold_months=6,
            procedure="If you have reported anti-social behaviour three times in six months and feel nothing has been "
            "done, you can ask for an ASB case review. Tell us by phone, email or the online form. We decide within "
            "ten working days whether the threshold is met, and if it is, the council, the police, the health board "
            "and your landlord review what has been done and agree what happens next.",
            contact_name="Northdale Community Safety Team",
            contact_email="asb.casereview@northdale-council.example.org",
            contact_phone="01632 960123",
            escalation="If you are unhappy with how your application or review was handled, write to the chair of the "
            "Northdale Community Safety Partnership, who will ask someone not involved to look at it again.",
        )
        officer = self.people["beckett"]
        procedure = selectors.asb_procedure_of(self.partnership)
        today = timezone.localdate()
        this_year = today.year if today.month >= procedure.year_starts_month else today.year - 1
        last_start, _ = selectors.year_bounds(procedure, this_year - 1)
        this_start, _ = selectors.year_bounds(procedure, this_year)
        rows = [(last_start + datetime.timedelta(days=after), *rest) for after, *rest in LAST_YEAR]
        rows += [(max(this_start, _day(-ago)), *rest) for ago, *rest in THIS_YEAR]
        for index, (received, channel, threshold, held_after, recommendations) in enumerate(rows):
            application = services.asb_application_record(
                partnership=self.partnership,
                by=self.coordinator,
                received_on=received,
                channel=channel,
                applicant_name=f"Applicant {index + 1}",
                applicant_contact=f"07700 900{200 + index:03d}",
                applicant_address=f"{10 + index} Mill Lane, Kettleby",
                summary="Repeated noise and intimidation from a neighbouring flat late at night.",
            )
            services.asb_handler_add(application=application, person=officer, by=self.coordinator)
            for days in INCIDENTS[threshold]:
                services.asb_incident_add(
                    application=application,
                    reported_on=received - datetime.timedelta(days=days),
                    reported_to=self.agencies["police" if days == 90 else "ndc"],
                    summary="Noise and shouting reported.",
                    by=officer.user,
                )
            if threshold != "pending":
                application = services.asb_threshold_decide(
                    application=application,
                    by=officer.user,
                    version=application.version,
                    threshold=threshold,
                    threshold_decided_on=received + datetime.timedelta(days=7),
                    threshold_reasons="Three reports in six months."
                    if threshold == "met"
                    else "One report in six months.",
                    applicant_told_threshold_on=received + datetime.timedelta(days=8),
                )
            if held_after is not None:
                application = services.asb_application_update(
                    application=application,
                    by=officer.user,
                    version=application.version,
                    review_on=received + datetime.timedelta(days=held_after),
                    agencies_present=[self.agencies["ndc"], self.agencies["police"], self.agencies["homes"]],
                    outcome="The agencies agreed a joint plan with the landlord.",
                    applicant_told_outcome_on=received + datetime.timedelta(days=held_after + 3),
                )
                for number in range(recommendations):
                    services.asb_recommendation_add(
                        application=application,
                        text=f"Action {number + 1}: visit the neighbouring flat together.",
                        agency=self.agencies["homes" if number else "police"],
                        by=officer.user,
                    )
            self.created["ASB applications"] += 1


def load(*, by, partnership, people, agencies, password):
    """Load Northdale's case reviews unless it has any; return what was created."""
    if (
        DeathReview.objects.filter(partnership=partnership).exists()
        or AsbProcedure.objects.filter(partnership=partnership).exists()
    ):
        return Counter()
    return _Loader(by=by, partnership=partnership, people=people, agencies=agencies, password=password).run()
