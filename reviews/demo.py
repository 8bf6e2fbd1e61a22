"""Demo annual reviews for Northdale: last year's, approved with its stored PDF, and this year's, open and
past its deadline with returns still missing, loaded through reviews.services.

overview.demo.load_demo calls `load` after the workplan demo (workplan/demo.py). Dates count from
today: this year's returns were due three days ago, after four weeks open; last year's review ran the
same weeks a year earlier. Each review year is the twelve months to the end of the month before the
review opened. As in the meetings and workplan demos, every step is taken with the services' clock set to
its moment (meetings.demo's `Replay`), so submission times, lateness, reminders, history rows and the
audit log read like two review cycles.

Last year: the coordinator copies the shipped Nacro framework (Northdale's edition 1) and opens the
review; every member agency but two returns on time, the Crown Prosecution Service late and Eastshire
Coaches (no lead officer) not at all; the coordinator consolidates, writes findings (with the figures
the returns gave) and recommendations; the chair approves it after the next board meeting, which stores
its PDF; when the current plan is set up, two recommendations become its items. This year: a new edition
with one question added; most agencies returned on time, the magistrates' court a day late, and five
have not returned yet, so the tracker shows late and missing returns and the coordinator can reopen.

Ratings, evidence and comments are made up but consistent: each question has a partnership-wide level
(what the demo says is strong or weak), the responsible authorities rate a little higher than the
voluntary and community groups, and each agency writes evidence under some themes and comments on its
lowest or highest ratings. Returns are saved and submitted as the agency's own lead officer where that
officer has a login (`lead` for the police, `otherlead` for the fire service) and otherwise by `admin`
on their behalf; the coordinator and the chair act as themselves. Loading is all or nothing and happens
once: if Northdale has any review, or a framework of its own, nothing is added.
"""

import datetime
import random
import statistics
from collections import Counter
from typing import NamedTuple

from django.utils import timezone

from meetings import demo as meetings_demo
from meetings.models import Meeting
from reviews import selectors, services
from reviews.models import AnnualReview, ReviewFramework
from workplan import demo as workplan_demo
from workplan.models import Objective, Workplan

DAY = meetings_demo.DAY
WEEK = DAY * 7
FRAMEWORK = "Nacro: an effective partnership"
DEADLINE_DAYS_AGO = 3
WEEKS_OPEN = 4
RESPONSIBLE = {"ndc", "ecc", "police", "fire", "probation", "icb"}
COMMUNITY = {
    "nhw",
    "vs",
    "womensaid",
    "youth",
    "opf",
    "disability",
    "rec",
    "lgbt",
    "faith",
    "ashgrove",
    "bus",
    "bcp",
}

# Who completes each agency's return (person keys of overview.demo): its lead officer in Northdale,
# or, for the two members with none, whoever the agency sent.
RESPONDENTS = {
    "ndc": "marsh",
    "ecc": "webb",
    "police": "khan",
    "fire": "lowe",
    "probation": "shaw",
    "icb": "greaves",
    "ktc": "cole",
    "college": "ferris",
    "homes": "quinn",
    "fenbridge": "ogunleye",
    "yjs": "kerr",
    "cps": "lyle",
    "court": "sandford",
    "recovery": "abbott",
    "nhw": "parkes",
    "vs": "lang",
    "womensaid": "lindley",
    "youth": "blake",
    "opf": "jennings",
    "disability": "patel",
    "rec": "adeyemi",
    "lgbt": "ellery",
    "faith": "ward",
    "ashgrove": "foster",
    "bus": "reid",
    "bcp": "ferreira",
}

# How each return went; agencies not named returned on time. A number is a draft with that share answered.
LATE, NEVER = "late", "never"
OUTCOMES = {
    "last": {"cps": LATE, "bus": NEVER},
    "this": {"court": LATE, "fire": 0.85, "college": 0.4, "lgbt": 0.2, "bus": NEVER, "faith": NEVER},
}
LATE_BY_DAYS = {"last": 4, "this": 1}

# This year's edition adds a question of Northdale's own, after last year's finding on residents.
ADDED_QUESTION = (
    "Northdale's own questions",
    "Do residents of the neighbourhoods that report most crime help to set the partnership's priorities?",
    "Added after last year's review, which found residents hear about priorities only after they are set.",
)


# Themes -----------------------------------------------------------------------------------------
# A question's theme is the first whose words appear in its text; it sets the question's level and the
# evidence and comments written against it.


class Theme(NamedTuple):
    words: tuple
    level: float  # last year's partnership-wide rating, before each agency's view
    change: float  # this year's change
    public: tuple  # evidence from statutory and other public bodies
    community: tuple  # evidence from voluntary, community and business members
    low: tuple  # comments on a rating of 1 or 2
    high: tuple  # comments on a rating of 4


THEMES = {
    "support": Theme(
        ("secretariat", "administrative support"),
        3.3,
        0.0,
        (
            "The coordinator and the support officer send papers out a week ahead and keep the action log up to date.",
            "Requests to the partnership team are answered within a day or two, and the team produces the "
            "analysis we use.",
            "The district council funds the coordinator's post for three years, which gives stability.",
        ),
        (
            "The partnership team has helped us with papers and with volunteers' expenses.",
            "We always know whom to ask: the coordinator answers quickly.",
        ),
        (
            "Support rests on two people at the council; when one is away, papers slip.",
            "The team is stretched and cannot support the sub-groups as well as it supports the board.",
        ),
        ("Excellent support from the partnership team: papers are on time and clearly written.",),
    ),
    "community": Theme(
        ("communicat", "community consulted", "residents"),
        2.1,
        0.4,
        (
            "The residents' survey runs every two years and its results go to the board.",
            "Our neighbourhood teams meet residents regularly and pass on what they hear.",
            "The communications officer keeps the partnership's web pages and newsletter up to date.",
        ),
        (
            "Residents hear about the partnership's priorities after they have been set, not before.",
            "We pass on our members' concerns at the board but rarely hear what became of them.",
        ),
        (
            "Consultation is a survey every two years; residents of the hotspot estates are not involved in between.",
            "Communications are mostly press releases from the council and the police.",
        ),
        ("The partnership listens to residents: the survey results changed the priorities.",),
    ),
    "governance": Theme(
        ("sub-groups report", "report effectively back", "structure", "accountab"),
        2.8,
        0.1,
        (
            "The board reviewed and agreed the terms of reference; each group's remit is published.",
            "The board minutes record each sub-group's report and the decisions asked of the board.",
            "After each board meeting we send a short note to our own senior leadership team.",
        ),
        (
            "We report back to our committee after each meeting, from what we hear at the board.",
            "The structure chart is public, so we can show our members who decides what.",
        ),
        (
            "Some sub-groups report only when they need a decision, so the board does not see their work in between.",
            "It is not clear who holds a partner to account when an agreed action is not done.",
        ),
        ("The structure is clear and public, and the board does hold partners to account.",),
    ),
    "roles": Theme(
        ("each partner", "roles and contributions", "enabling contributions"),
        2.9,
        0.0,
        (
            "Our lead officer and deputy are on the partnership's register, and the plan sets out what we "
            "contribute to each priority.",
            "We lead items under two priorities and support several more; the management group agrees who does what.",
            "Our own business plan has a community safety section that follows the partnership's priorities.",
        ),
        (
            "We bring local knowledge and a way to reach residents who do not talk to the statutory services.",
            "Our role is not written down anywhere; we contribute when we are asked.",
        ),
        (
            "Smaller partners are not always sure what is expected of them between board meetings.",
            "We would like our role written into the plan, as the statutory agencies' roles are.",
        ),
        ("Roles are clear, and the register of lead officers keeps them right when people move on.",),
    ),
    "resources": Theme(
        ("pooled", "money", "budget", "resourced"),
        1.8,
        0.1,
        (
            "We give officer time to three sub-groups and pay a share of the analyst post.",
            "Our contribution is in kind (staff time, meeting rooms, printing); we have no budget to pool.",
            "We paid into the partnership fund this year.",
        ),
        (
            "We give volunteers' time, which the plan does not count anywhere.",
            "We have no money to give and have never been asked what else we could offer.",
        ),
        (
            "Only three partners put money into the partnership fund; the rest of the plan runs on goodwill.",
            "Projects are planned before anyone asks whether there is money to pay for them.",
        ),
        ("When money was needed quickly, partners found it; the will is there.",),
    ),
    "culture": Theme(
        ("building the partnership", "training", "cultur"),
        2.3,
        0.2,
        (
            "Our officers attended the partnership's joint briefing on the serious violence duty.",
            "New board members get the terms of reference but no induction.",
            "At the development session each partner explained how its organisation works and decides.",
        ),
        (
            "We have had no training from the partnership since we joined.",
            "The statutory partners use a lot of jargon; new volunteers take months to follow the discussion.",
        ),
        (
            "There is no induction or training for new members: we learn by sitting in meetings.",
            "Differences in how the agencies work are noticed but never talked through.",
        ),
        ("The joint development session was useful; more of them, please.",),
    ),
    "info": Theme(
        ("protocols", "information"),
        2.3,
        0.1,
        (
            "The information-sharing agreement dates from 2019 and does not cover the housing providers.",
            "Case information is shared at the MARAC and the anti-social behaviour case panel under agreed protocols.",
            "We send figures to the analyst each month, but each new request is checked with our data "
            "protection officer.",
        ),
        (
            "We do not know what we are allowed to share, so we tend not to share it.",
            "Information reaches us late, usually after something has happened on the estate.",
        ),
        (
            "The protocol is out of date: housing officers cannot see who calls repeatedly about "
            "anti-social behaviour.",
            "Every request for data is handled case by case, which takes weeks.",
        ),
        ("Information sharing works well at the case panels.",),
    ),
    "performance": Theme(
        ("performance", "measured", "annual review"),
        2.7,
        0.2,
        (
            "The quarterly performance report shows each indicator against its target, by ward.",
            "We supply our figures every month and see them in the performance report.",
            "The management group looks at performance at every meeting and picks up items that are off track.",
        ),
        (
            "The performance report is long and hard to follow for those of us who are not analysts.",
            "We see the figures at the board, but not what difference the projects made.",
        ),
        (
            "We measure activity (meetings held, referrals made) more than outcomes for residents.",
            "The previous review's recommendations were not followed up until this review.",
        ),
        ("The performance report is clear, and the board uses it to ask hard questions.",),
    ),
    "risk": Theme(
        ("contingency", "risk"),
        2.2,
        -0.1,
        (
            "The management group reviews the risk register every quarter.",
            "Our own continuity plan covers our community safety work; the partnership has none of its own.",
            "When the street pastors' Friday patrols ended, the board had no plan for covering the town centre.",
        ),
        (
            "We have not seen a risk register for the partnership.",
            "If our volunteer coordinator left, our part in the partnership would stop; nobody has planned for that.",
        ),
        (
            "There is no agreed plan for when a key post falls vacant or a grant ends.",
            "The risk register lists risks but not who acts on them.",
        ),
        ("Risks are reviewed properly, and the board is told when one changes.",),
    ),
    "meetings": Theme(
        ("meetings",),
        3.2,
        -0.3,
        (
            "Board meetings are set a year ahead, papers go out a week before, and the action log is "
            "reviewed at each meeting.",
            "Minutes are circulated within two weeks and approved at the next meeting.",
            "Our attendance at the board and sub-groups is recorded and reported each year.",
        ),
        (
            "Meetings are well chaired and papers arrive in time to read them.",
            "Meetings are in working hours, which makes it hard for our volunteers to attend.",
        ),
        (
            "Too much of each meeting goes on reports that could have been read beforehand.",
            "Minutes sometimes arrive weeks after the meeting, too late for actions to be picked up.",
        ),
        ("Meetings are well run: agenda, papers and minutes are always on time.",),
    ),
    "trust": Theme(
        ("conflict", "leadership", "domination", "differences", "trust"),
        3.0,
        0.1,
        (
            "Disagreements are aired openly at the board and settled by the chair.",
            "The chair makes sure every partner is heard, not only the largest.",
            "Relationships between the lead officers are good; we pick up the phone to each other.",
        ),
        (
            "We feel able to disagree, and the chair has backed us when we did.",
            "Smaller partners sometimes feel decisions were made before the meeting.",
        ),
        (
            "The council and the police set the agenda; the rest of us respond to it.",
            "Criticism is heard politely but rarely changes anything.",
        ),
        ("Partners trust each other, and it shows when something goes wrong.",),
    ),
    "joint": Theme(
        ("work together", "links", "strategies", "realigned", "policies"),
        2.9,
        0.1,
        (
            "We work closely with the police and the council on the Ashgrove Estate through the case panel.",
            "The plan links to the county domestic abuse strategy and the combating drugs partnership's plan.",
            "Our commissioning now takes the partnership's priorities into account.",
        ),
        (
            "We work closely with one or two partners; most of our contact with the others is at the board.",
            "Joint work with the neighbourhood policing team has grown since the hotspot meetings began.",
        ),
        (
            "Partners still plan their own services first and tell the partnership afterwards.",
            "Too much of the plan lists what each agency was doing anyway.",
        ),
        ("Joint working is strong wherever there is a shared problem to solve, as on the Ashgrove Estate.",),
    ),
    "aims": Theme(
        ("vision", "mission", "identity"),
        3.3,
        0.1,
        (
            "The plan's priorities are written into our own service plan for Northdale, and our managers "
            "report against them.",
            "The board agreed the vision and it opens the partnership plan; our senior managers signed it off.",
            "Our district team can name the partnership's priorities: they are in our team briefings.",
        ),
        (
            "We know the priorities because we sit on the board, but few of our volunteers could name them.",
            "The vision is clear on paper; we helped shape it at the consultation event.",
        ),
        (
            "The vision is agreed, but it reads as the council's and the police's rather than everyone's.",
            "Our trustees had not seen the partnership's aims until we showed them.",
        ),
        ("Clear and well understood by our staff, because the priorities come from the strategic assessment.",),
    ),
}
FALLBACK_THEME = "joint"

# This year's evidence and comments where the year has changed things (the other themes read as last year).
THIS_YEAR = {
    "community": {
        "public": (
            "The consultation on this year's priorities had 412 responses, far more than the last one.",
            "Our neighbourhood teams meet residents regularly and pass on what they hear.",
            "The residents' survey results went to the board and shaped the consultation.",
        ),
        "community": (
            "This year we were asked for our views before the priorities were set, which is a welcome change.",
            "We pass on our members' concerns at the board but rarely hear what became of them.",
        ),
        "high": ("The consultation on the priorities reached far more residents this year.",),
    },
    "info": {
        "public": (
            "Replacing the information-sharing agreement is in this year's plan; until then housing officers "
            "still cannot see repeat callers.",
            "Case information is shared at the MARAC and the anti-social behaviour case panel under agreed protocols.",
            "We send figures to the analyst each month, but each new request is checked with our data "
            "protection officer.",
        ),
        "low": (
            "The new agreement is planned, but until it is signed nothing has changed for housing officers.",
            "Voluntary partners are still outside every agreement.",
        ),
    },
    "performance": {
        "low": (
            "We measure activity (meetings held, referrals made) more than outcomes for residents.",
            "The performance report still arrives too late to change anything in the quarter.",
        ),
        "high": ("Last year's review recommendations went straight into this year's plan.",),
    },
    "meetings": {
        "public": (
            "The board met as planned, but one set of minutes went out late and the domestic abuse sub-group "
            "cancelled a meeting.",
            "Papers go out a week before and the action log is reviewed at each meeting.",
            "Our attendance at the board and sub-groups is recorded and reported each year.",
        ),
        "low": (
            "One set of board minutes came out weeks late this year, and actions were missed as a result.",
            "Too much of each meeting goes on reports that could have been read beforehand.",
        ),
    },
}

# Evidence in an agency's own words under a theme: (agency key, theme) -> {year: text}; "any" for both.
OWN_WORDS = {
    ("police", "info"): {
        "any": "Our analyst sends crime and anti-social behaviour figures to the partnership each month; "
        "case information is shared at the case panel and the MARAC."
    },
    ("police", "meetings"): {
        "any": "The district commander or her deputy attended every board meeting and the anti-social "
        "behaviour sub-group."
    },
    ("fire", "joint"): {
        "any": "Our home fire safety visits now refer people on to the domestic abuse service and to Northdale "
        "Homes when we find risk or hoarding."
    },
    ("fire", "culture"): {"this": "Our community safety advocates trained with Northdale Women's Aid this year."},
    ("womensaid", "roles"): {
        "any": "We lead the domestic abuse sub-group and the children's support groups, and our IDVA sits on the MARAC."
    },
    ("womensaid", "resources"): {
        "any": "Our refuge and outreach are funded by the county; the partnership has never contributed to them."
    },
    ("ashgrove", "community"): {
        "last": "The residents' association meets monthly and invites the neighbourhood team. We pass on what "
        "we hear, but residents rarely hear back.",
        "this": "Residents were asked about the priorities this year, but the estate still has no regular say "
        "between surveys.",
    },
    ("homes", "info"): {
        "last": "Our tenancy enforcement officers cannot see police data on repeat callers; we rely on what "
        "officers tell us case by case.",
        "this": "The new agreement is in the plan. Until it is signed we still hear about repeat callers case by case.",
    },
    ("bcp", "joint"): {
        "any": "The radio link between shops, door staff and the CCTV control room is used every weekend."
    },
    ("ndc", "support"): {
        "any": "The council employs the coordinator and the support officer, and hosts the partnership's "
        "meetings and web pages."
    },
}

# Question-specific adjustments to the level: (words in the question, last year, this year).
ADJUSTMENTS = [
    ("clear vision of what", 0.3, 0.3),
    ("budget to which", -0.3, -0.3),
    ("enough training", -0.3, -0.1),
    ("sub-groups report", -0.3, -0.1),
    ("annual review:", 0.0, 0.5),
]

# Recommendations carried into the current plan: (objective key in workplan/demo.py, lead officer key,
# months from now when the item starts). The rest are for the board.
CARRIED = {1: ("asb_victims", "okafor", 1), 2: ("asb_hotspots", "dunn", 2)}

COUNTED = [
    "review frameworks copied",
    "review questions added",
    "annual reviews",
    "agency returns",
    "review answers",
    "returns submitted",
    "returns submitted late",
    "return reminders",
    "reviews consolidated",
    "findings",
    "recommendations",
    "recommendations carried into the workplan",
    "reviews approved",
    "review PDFs asked of the worker",
]


def theme_of(question):
    text = question.text.lower()
    for key, theme in THEMES.items():
        if any(word in text for word in theme.words):
            return key
    return FALLBACK_THEME


def _texts(theme, year):
    """The theme's evidence and comments for the year."""
    texts = THEMES[theme]._asdict()
    if year == "this":
        texts.update(THIS_YEAR.get(theme, {}))
    return texts


def _working_day(day):
    """`day`, or the Friday before it if it falls at a weekend."""
    while day.weekday() >= 5:
        day -= DAY
    return day


def _next_working_day(day):
    """`day`, or the Monday after it if it falls at a weekend."""
    while day.weekday() >= 5:
        day += DAY
    return day


def _fmt_mean(value):
    return f"{value:.1f}"


class _Year(NamedTuple):
    key: str  # "last" or "this"
    title: str
    opened: datetime.date
    deadline: datetime.date
    period_start: datetime.date
    period_end: datetime.date


def _year(key, deadline):
    opened = deadline - WEEK * WEEKS_OPEN
    period_end = opened.replace(day=1) - DAY
    period_start = meetings_demo._months_before(opened, 12)
    title = f"Annual review {period_start.year}–{period_end:%y}"
    return _Year(key, title, opened, deadline, period_start, period_end)


# Loading ------------------------------------------------------------------------------------------


class _Loader:
    def __init__(self, *, by, partnership, people, agencies, shipped):
        self.by = by
        self.partnership = partnership
        self.people = people
        self.agencies = agencies
        self.shipped = shipped
        self.keys = {agency.pk: key for key, agency in agencies.items()}
        self.created = Counter()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.replay = meetings_demo.Replay(self.now)
        deadline = _working_day(self.today - DAY * DEADLINE_DAYS_AGO)
        self.last = _year("last", deadline - WEEK * 52)
        self.this = _year("this", deadline)
        self.coordinator = self._user(people["raman"])
        self.chair = people["holloway"]
        # The reminders are sent as the reminder command sends them, for every partnership's reviews;
        # in a database where other partnerships run reviews, they are left to the command.
        self.reminders = not AnnualReview.objects.exclude(partnership=partnership).exists()
        self.framework = None

    def _user(self, person):
        return person.user if person.user_id else self.by

    def _moment(self, day, hour, minute=0):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def run(self):
        first = self._moment(self.last.opened - WEEK, 10)
        self.replay.run(self._story(first), first)
        return Counter(dict(sorted(self.created.items(), key=lambda row: COUNTED.index(row[0]))))

    # The two cycles -------------------------------------------------------------------------------

    def _story(self, first):
        yield first  # a week before opening last year's review, the coordinator copies the framework
        self.framework = services.framework_copy(
            framework=self.shipped, partnership=self.partnership, by=self.coordinator
        )
        self.created["review frameworks copied"] += 1

        yield self._moment(self.last.opened, 9, 30)
        review = self._open(self.last, self.framework)
        self.replay.spawn(self._consolidation_story(review))

        yield self._moment(self.this.opened - DAY * 6, 14)  # this year's edition, with a question of its own
        edition = services.framework_copy(framework=self.framework, partnership=self.partnership, by=self.coordinator)
        self.created["review frameworks copied"] += 1
        section, text, guidance = ADDED_QUESTION
        services.question_add(framework=edition, section=section, text=text, guidance=guidance, by=self.coordinator)
        self.created["review questions added"] += 1

        yield self._moment(self.this.opened, 9, 30)
        self._open(self.this, edition)

    def _open(self, year, framework):
        review = services.review_open(
            partnership=self.partnership,
            title=year.title,
            period_start=year.period_start,
            period_end=year.period_end,
            deadline=year.deadline,
            framework=framework,
            by=self.coordinator,
        )
        self.created["annual reviews"] += 1
        questions = list(framework.questions.order_by("order"))
        returns = list(review.returns.select_related("agency"))
        self.created["agency returns"] += len(returns)
        for index, agency_return in enumerate(returns):
            key = self.keys.get(agency_return.agency_id)
            if key in RESPONDENTS:
                self.replay.spawn(self._return_story(year, agency_return, key, questions, index))
        if self.reminders:
            self.replay.spawn(self._reminder_story(year))
        return review

    def _reminder_story(self, year):
        for day in (year.deadline - DAY * 6, year.deadline + DAY):
            yield self._moment(day, 7)
            sent = services.return_reminders_send(today=day)
            self.created["return reminders"] += sum(sent.values())

    # Returns --------------------------------------------------------------------------------------

    def _return_story(self, year, agency_return, key, questions, index):
        """The agency's return: saved once or twice, then submitted (on time, late) or left as a draft."""
        outcome = OUTCOMES[year.key].get(key)
        if outcome == NEVER:
            return
        rng = random.Random(f"{year.key}:{key}:days")
        person = self.people[RESPONDENTS[key]]
        by = self._user(person)
        answers = self._answers(year, key, questions)
        if isinstance(outcome, float):
            answers = answers[: round(len(answers) * outcome)]
        if outcome == LATE:
            # Last year's came in the next week; this year's the day after the deadline, weekend or not.
            submitted = year.deadline + DAY * LATE_BY_DAYS[year.key]
            if year.key == "last":
                submitted = _next_working_day(submitted)
            first = _working_day(year.deadline - DAY * 2)
        else:
            submitted = _working_day(min(year.opened + DAY * rng.randint(9, 30), year.deadline))
            first = max(_working_day(submitted - DAY * rng.randint(0, 8)), _next_working_day(year.opened + DAY))
        hour = 9 + index % 8
        saves = [(first, answers)]
        if len(answers) > 12 and rng.random() < 0.6:
            split = round(len(answers) * rng.uniform(0.4, 0.7))
            later = min(_next_working_day(first + DAY * rng.randint(1, 4)), submitted)
            saves = [(first, answers[:split]), (later, answers[split:])]
        for number, (day, part) in enumerate(saves):
            yield self._moment(day, hour, (index * 7 + number * 19) % 60)
            saved = services.answers_save(agency_return=agency_return, answers=dict(part), by=by)
            self.created["review answers"] += len(saved)
        if isinstance(outcome, float):
            return
        yield self._moment(submitted, min(hour + 1 + rng.randint(0, 2), 17), (index * 11) % 60)
        services.return_submit(agency_return=agency_return, submitter=person, by=by)
        self.created["returns submitted"] += 1
        if outcome == LATE:
            self.created["returns submitted late"] += 1

    def _answers(self, year, key, questions):
        """[(question, (rating, evidence, comment))] for the agency's return, in the framework's order."""
        ratings = {question.pk: self._rating(year, key, question) for question in questions}
        evidence, comments = {}, {}
        by_theme = {}
        for question in questions:
            by_theme.setdefault(theme_of(question), []).append(question)
        kind = "community" if key in COMMUNITY else "public"
        writes = 0.4 if key in COMMUNITY else 0.75 if key in RESPONSIBLE else 0.5
        for theme, among in by_theme.items():
            rng = random.Random(f"{year.key}:{key}:{theme}")
            texts = _texts(theme, year.key)
            own = OWN_WORDS.get((key, theme), {})
            own = own.get(year.key) or own.get("any")
            if own or rng.random() < writes:
                evidence[rng.choice(among).pk] = own or rng.choice(texts[kind])
            if rng.random() < 0.35:
                lowest = min(among, key=lambda q: (ratings[q.pk], q.order))
                highest = max(among, key=lambda q: (ratings[q.pk], -q.order))
                if ratings[lowest.pk] <= 2:
                    comments[lowest.pk] = rng.choice(texts["low"])
                elif ratings[highest.pk] == 4:
                    comments[highest.pk] = rng.choice(texts["high"])
        return [
            (q, (ratings[q.pk], evidence.get(q.pk, ""), comments.get(q.pk, "")))
            for q in sorted(questions, key=lambda q: q.order)
        ]

    def _rating(self, year, key, question):
        theme = theme_of(question)
        level = THEMES[theme].level + (THEMES[theme].change if year.key == "this" else 0)
        text = question.text.lower()
        for words, last, this in ADJUSTMENTS:
            if words in text:
                level += this if year.key == "this" else last
        # The responsible authorities see community involvement, resources and training rosier than the
        # voluntary and community groups do: the questions where partners disagree.
        if key in RESPONSIBLE:
            level += 0.1 + (0.3 if theme == "community" else 0)
        elif key in COMMUNITY:
            level -= 0.1 + (0.5 if theme in ("community", "resources", "culture") else 0)
        if key == "ndc" and theme in ("support", "meetings"):
            level += 0.3
        level += random.Random(f"agency:{key}").gauss(0, 0.1)
        level += random.Random(f"{year.key}:{key}:{question.order}").gauss(0, 0.25)
        return min(4, max(1, round(level)))

    # Consolidation, approval and the workplan -----------------------------------------------------

    def _consolidation_story(self, review):
        year = self.last
        consolidated = self._moment(year.deadline + WEEK, 9, 30)
        yield consolidated
        review = services.review_consolidate(review=review, by=self.coordinator)
        self.created["reviews consolidated"] += 1

        yield self._moment(year.deadline + DAY * 9, 14)
        for question, text in self._findings(review):
            services.finding_add(review=review, text=text, question=question, by=self.coordinator)
            self.created["findings"] += 1

        yield self._moment(year.deadline + DAY * 10, 11)
        recommendations = []
        for text in self._recommendations():
            recommendations.append(services.recommendation_add(review=review, text=text, by=self.coordinator))
            self.created["recommendations"] += 1

        approved = self._approval_moment(consolidated)
        yield approved
        self._approve(review)

        plan = self._plan()
        if plan is None:
            return
        created = plan.history.earliest("history_date").history_date
        yield self._moment(_working_day(timezone.localdate(max(approved, created)) + DAY * 3), 15)
        for number, (objective_key, officer_key, months) in CARRIED.items():
            self._carry(recommendations[number - 1], plan, objective_key, officer_key, months)

    def _approval_moment(self, consolidated):
        """After the next board meeting held at least ten days after consolidation, or four weeks on."""
        meeting = (
            Meeting.objects.filter(
                group__partnership=self.partnership,
                group__name=meetings_demo.BOARD,
                status=Meeting.Status.HELD,
                starts_at__gte=consolidated + DAY * 10,
                starts_at__lte=consolidated + DAY * 60,
            )
            .order_by("starts_at")
            .first()
        )
        if meeting is None:
            return self._moment(_working_day(timezone.localdate(consolidated) + WEEK * 4), 11)
        return (meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=2)) + datetime.timedelta(minutes=45)

    def _approve(self, review):

        chair_user = self._user(self.chair)
        review = AnnualReview.objects.select_related("partnership", "framework").get(pk=review.pk)
        services.review_approve(
            review=review,
            approver=self.chair,
            by=chair_user,
            missing_reason="The agencies whose returns are missing sent their evidence to the chair by letter.",
        )
        self.created["reviews approved"] += 1
        self.created["review PDFs asked of the worker"] += 1

    def _plan(self):
        return (
            Workplan.objects.filter(
                partnership=self.partnership,
                kind=Workplan.Kind.ANNUAL,
                starts__lte=self.today,
                ends__gte=self.today,
            )
            .order_by("-starts")
            .first()
        )

    def _carry(self, recommendation, plan, objective_key, officer_key, months):
        title = next(row[2] for row in workplan_demo.OBJECTIVES if row[0] == objective_key)
        objective = Objective.objects.filter(priority__workplan=plan, title=title).first()
        if objective is None:
            return
        officer = self.people[officer_key]
        starts = min(meetings_demo._months_before(self.today, -months), plan.ends)
        services.recommendation_to_workplan(
            recommendation=recommendation,
            workplan=plan,
            objective=objective,
            lead_agency=officer.agency,
            responsible_officer=officer,
            starts=starts,
            due=plan.ends,
            by=self.coordinator,
        )
        self.created["recommendations carried into the workplan"] += 1

    # What the coordinator wrote -----------------------------------------------------------------------

    def _findings(self, review):
        """Findings in the coordinator's words, with the figures the returns gave."""
        submitted, rows = selectors.consolidation(review)
        tracker = selectors.tracker(review)
        keys = [self.keys.get(r.agency_id) for r in submitted]
        ranked = sorted(rows, key=lambda row: (row["mean"] is None, row["mean"] or 0))

        def row_for(words):
            return next(row for row in rows if words in row["question"].text.lower())

        def ratings(row, among=None):
            return [
                cell.rating
                for cell, key in zip(row["cells"], keys, strict=True)
                if cell and cell.rating and (among is None or key in among)
            ]

        findings = []
        vision = row_for("clear vision of what")
        high = sum(1 for rating in ratings(vision) if rating >= 3)
        high = "every one of them" if high == len(ratings(vision)) else f"{high} of them"
        findings.append(
            (
                vision["question"],
                f"Partners share a clear vision. The question on it had a mean rating of "
                f"{_fmt_mean(vision['mean'])} from {len(ratings(vision))} returns, {high} 3 or 4, and "
                f"partners say the priorities are written into their own service plans.",
            )
        )
        budget = row_for("budget to which")
        rank = ranked.index(budget) + 1
        standing = {1: "the lowest mean rating of the review", 2: "the second lowest mean rating of the review"}
        findings.append(
            (
                budget["question"],
                f"Resources are the weakest area. A budget to which all partners contribute had "
                f"{standing.get(rank, 'one of the lowest mean ratings of the review')} "
                f"({_fmt_mean(budget['mean'])}). Only the district council, the county council and the police "
                f"pay into the partnership fund; other partners give staff time that the plan does not count.",
            )
        )
        consulted = row_for("community consulted")
        statutory, voluntary = ratings(consulted, RESPONSIBLE), ratings(consulted, COMMUNITY)
        findings.append(
            (
                consulted["question"],
                f"Statutory and voluntary partners see community involvement differently. Ratings of "
                f"whether the local community is consulted and involved ran from {min(ratings(consulted))} "
                f"to {max(ratings(consulted))}: the responsible authorities averaged "
                f"{_fmt_mean(statistics.mean(statutory))}, the voluntary and community groups "
                f"{_fmt_mean(statistics.mean(voluntary))}. Residents' groups hear about priorities only "
                f"after they are set.",
            )
        )
        protocols = row_for("protocols")
        findings.append(
            (
                protocols["question"],
                f"The information-sharing agreement is out of date (agreed protocols averaged "
                f"{_fmt_mean(protocols['mean'])}). It does not cover the housing providers, who cannot see "
                f"police data on repeat callers about anti-social behaviour, and that slows problem-solving "
                f"on the Ashgrove Estate.",
            )
        )
        training = row_for("enough training")
        low = sum(1 for rating in ratings(training) if rating <= 2)
        findings.append(
            (
                training["question"],
                f"Members get little induction or training: {low} of {len(ratings(training))} returns rated "
                f"it 1 or 2 (mean {_fmt_mean(training['mean'])}). Newer members said they learned how the "
                f"partnership works by sitting in meetings.",
            )
        )
        late = [row["return"].agency.name for row in tracker if row["late"] and row["return"].submitted_at]
        missing = [row["return"].agency.name for row in tracker if not row["return"].submitted_at]
        text = f"{len(submitted)} of {len(tracker)} member agencies returned"
        if late:
            text += f", {len(late)} of them late ({'; '.join(late)})"
        text += "."
        if missing:
            text += (
                f" {' and '.join(missing)} did not return: every member agency needs a named lead officer to take part."
            )
        findings.append((None, text))
        return findings

    def _recommendations(self):
        expires = meetings_demo._months_before(self.today, -CARRIED[1][2]) - DAY
        return [
            f"Replace the information-sharing agreement when it expires at the end of {expires:%B %Y}, so that "
            f"the police, the district council and both housing providers share data on repeat callers about "
            f"anti-social behaviour every month.",
            "Set up residents' panels in the three hotspot neighbourhoods (the Ashgrove Estate, Millfield and "
            "Kettleby Central) to help set and check the partnership's priorities before next year's plan.",
            "Ask every responsible authority to pay into a pooled partnership fund, in proportion to its size, "
            "from the next financial year.",
            "Give every new board and sub-group member an induction, and hold a joint training day for partners "
            "each year.",
            "Ask Eastshire Coaches and Eastshire LGBT+ Network to name a lead officer, so that every member "
            "agency can take part in the review.",
        ]


def load(*, by, partnership, people, agencies):
    """Load Northdale's two reviews unless it has a review or a framework of its own; return what was created."""
    if (
        AnnualReview.objects.filter(partnership=partnership).exists()
        or ReviewFramework.objects.filter(partnership=partnership).exists()
    ):
        return Counter()
    shipped = ReviewFramework.objects.filter(partnership=None, name=FRAMEWORK).order_by("-edition").first()
    if shipped is None:
        return Counter()
    return _Loader(by=by, partnership=partnership, people=people, agencies=agencies, shipped=shipped).run()
