"""A large area for the page benchmark (manage.py benchmark_pages), made quickly and reproducibly.

At scale 1: 8 partnerships, 250 agencies, 2,500 people and five years of their work: 2,000 meetings with
20,000 agenda items (some confidential, a few shared with an agency), attendance, minutes and decisions,
40,000 action points with their updates, 5,000 workplan items with progress, an annual review a year with
every member agency's return, and about 400,000 history rows. Below scale 1 there are fewer partnerships
(at least one); above it there are still 8, each holding `scale` times as much. The benchmark builds its
10x area with as many partnerships as its base one, so the measured partnership (the first) holds ten
times the rows.

The few records that give people their rights (partnerships, sign-in people, their roles, the board's
quorum) are made through the services. The bulk rows are written with bulk_create, together with what the
services would have written beside them: their simple-history rows (a create and, where the record moved
on, its changes), the audit index entry of each history row (partnership/audit.py), and the guardian
object permissions (an action's agency may update it, an item's lead agency may log its progress, an
agency's leads may edit its return and its people, a shared confidential item is visible to its agency).

Never run it against the app's own database: the benchmark command gives it a scratch one.
"""

import datetime
import random
import time
import uuid
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.utils import get_history_model_for_model

from core.writes import apply_changes
from meetings import services as meeting_services
from meetings.models import (
    ActionPoint,
    ActionPointGroupObjectPermission,
    ActionUpdate,
    AgendaItem,
    AgendaItemGroupObjectPermission,
    Attendance,
    ConfidentialShare,
    Decision,
    Meeting,
    Minutes,
)
from members import services as member_services
from members.models import (
    Agency,
    AgencyGroupObjectPermission,
    AgencyRole,
    GroupMember,
    Membership,
    PartnershipRole,
    Person,
    PersonGroupObjectPermission,
    Sector,
    StatutoryRole,
)
from partnership import services as partnership_services
from partnership.models import AuditEntry, PartnershipGroup
from reviews.benchmark import SECTORS
from reviews.models import (
    AgencyReturn,
    AgencyReturnGroupObjectPermission,
    AnnualReview,
    Answer,
    Finding,
    Recommendation,
    ReviewFramework,
)
from workplan.models import (
    Objective,
    Priority,
    ProgressUpdate,
    Workplan,
    WorkplanItem,
    WorkplanItemGroupObjectPermission,
)

PARTNERSHIPS = 8
YEARS = 5
# Totals at scale 1.
AGENCIES = 250
PEOPLE = 2500
MEETINGS = 2000
ITEMS_PER_MEETING = 10  # four standing items and six of business
ACTIONS_PER_MEETING = 22  # about 40,000 actions from the 1,850 meetings held
WORKPLAN_ITEMS = 5000
PLANS = YEARS + 1  # one a year, the last running today
SUB_GROUPS = 5  # per partnership at scale 1

SLUG_PREFIX = "bench-"
PLACE = "Committee room 1, Civic Centre"
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)

# The sectors the review PDF benchmark spreads its agencies over (reviews/benchmark.py), in the same order.
FIRST = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Jamie", "Kim", "Lee", "Morgan", "Ash", "Drew", "Jess", "Tom"]
LAST = [
    "Patel", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Khan",
    "Walker", "Wright", "Hughes", "Green", "Hall", "Wood", "Clarke", "Lewis", "Young", "Hill", "Ahmed",
]  # fmt: skip
THEMES = ["Anti-social behaviour", "Domestic abuse", "Reducing reoffending", "Night-time economy", "Serious violence"]
PRIORITIES = ["Reduce anti-social behaviour", "Tackle domestic abuse", "Reduce reoffending", "Safer streets"]
APPROVAL_FIELDS = ("approved_at", "approved_by_id", "published_at")
EVIDENCE = ["The board's minutes show it.", "Our annual report sets this out.", "Partly: the protocol is drafted.", ""]


def partnerships_at(scale):
    """How many partnerships the area has at `scale`: 8 from scale 1, fewer below (at least one)."""
    return max(1, min(PARTNERSHIPS, round(PARTNERSHIPS * scale)))


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Writer:
    """bulk_create in batches, and the history rows and audit entries the services would have written."""

    def __init__(self, batch=2000):
        self.batch = batch
        self.counts = Counter()
        self._history = {}
        self._perms = {}

    def create(self, objects):
        objects = list(objects)
        if objects:
            model = type(objects[0])
            model.objects.bulk_create(objects, batch_size=self.batch)
            self.counts[str(model._meta.verbose_name_plural)] += len(objects)
        return objects

    def history(self, obj, when, kind="+", user_id=None, reason=None, **overrides):
        """A history row of `obj` as it was at `when`: its present values with `overrides` (by attname)."""
        self._history.setdefault(type(obj), []).append((obj, when, kind, user_id, reason, overrides))

    def permission(self, app_label, codename):
        key = (app_label, codename)
        if key not in self._perms:
            self._perms[key] = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        return self._perms[key]

    def flush(self):
        """Write the queued history rows, then one audit entry for each (as partnership/audit.py does).

        Both go in with plain INSERTs (executemany), not bulk_create: they are most of the rows, and Django's
        per-value preparation would be most of the time. The history rows' ids are given (the next after the
        table's highest), so each audit entry can name its row; PostgreSQL's sequences are moved past them."""
        audit_fields = [f for f in AuditEntry._meta.concrete_fields if f.attname != "id"]
        audit_sql = self._insert_sql(AuditEntry, audit_fields)
        written = []
        with connection.cursor() as cursor:
            for model, rows in self._history.items():
                historical = get_history_model_for_model(model)
                fields = historical._meta.concrete_fields
                tracked = {field.attname for field in historical.tracked_fields}
                adapt = [(field.attname, _adapter(field)) for field in fields]
                cursor.execute(f"SELECT MAX(history_id) FROM {connection.ops.quote_name(historical._meta.db_table)}")
                next_id = (cursor.fetchone()[0] or 0) + 1
                kind_label = model._meta.label_lower
                about = {}
                history_rows, audit_rows = [], []
                for obj, when, kind, user_id, reason, overrides in rows:
                    values = {name: getattr(obj, name) for name in tracked}
                    values.update(overrides)
                    values.update(
                        history_id=next_id,
                        history_date=when,
                        history_type=kind,
                        history_user_id=user_id,
                        history_change_reason=reason,
                    )
                    history_rows.append(tuple(convert(values[name]) for name, convert in adapt))
                    if id(obj) not in about:
                        about[id(obj)] = (*obj.audit_scope(), str(obj.pk), _chars(str(obj)))
                    partnership_id, agency_id, object_id, object_repr = about[id(obj)]
                    audit_rows.append(
                        (
                            partnership_id,
                            agency_id,
                            kind_label,
                            object_id,
                            object_repr,
                            next_id,
                            kind,
                            connection.ops.adapt_datetimefield_value(when),
                            _chars(reason or ""),
                            user_id,
                        )
                    )
                    next_id += 1
                history_sql = self._insert_sql(historical, fields)
                for start in range(0, len(rows), self.batch):
                    cursor.executemany(history_sql, history_rows[start : start + self.batch])
                    cursor.executemany(audit_sql, audit_rows[start : start + self.batch])
                self.counts["history rows"] += len(rows)
                written.append(historical)
            for statement in connection.ops.sequence_reset_sql(no_style(), written):
                cursor.execute(statement)
        self._history = {}

    @staticmethod
    def _insert_sql(model, fields):
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"


def _chars(text, limit=300):
    """Truncator(text).chars(300), as the audit index stores it, without its cost for the short texts."""
    return text if len(text) <= limit else Truncator(text).chars(limit)


def _adapter(field):
    """How a value of `field` goes to the database in a plain INSERT (what bulk_create would have done)."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    return lambda value: value


class Area:
    """Builds the area; `build()` returns what the measuring needs (slug, ids, usernames) and the counts."""

    def __init__(self, *, scale=1.0, partnerships=None, seed=1998, say=None, batch=2000):
        self.scale = scale
        self.random = random.Random(seed)
        self.say = say or (lambda message: None)
        self.writer = Writer(batch)
        self.partnership_count = partnerships or partnerships_at(scale)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.first_day = self.today - YEARS * 365 * DAY
        # The current plan started half a year ago; the ones before it a year apart.
        anchor = self.today - 182 * DAY
        self.periods = [
            (anchor - (PLANS - 1 - k) * 365 * DAY, anchor - (PLANS - 2 - k) * 365 * DAY - DAY) for k in range(PLANS)
        ]

    def total(self, base, minimum=1):
        return max(minimum, round(base * self.scale))

    def per_partnership(self, base, minimum=1):
        return max(minimum, round(base * self.scale / self.partnership_count))

    def build(self):
        started = time.perf_counter()
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=OFF")
        User = get_user_model()
        self.admin = User.objects.create_superuser(f"{SLUG_PREFIX}admin", "bench-admin@example.org", None)
        with transaction.atomic():
            self._partnerships()
            self._agencies()
            self._people()
            self._memberships()
            self._roles()
            self._groups()
            self.writer.flush()
        self.say(
            f"{len(self.partnerships)} partnerships, {len(self.agencies)} agencies, {len(self.people)} people "
            f"({time.perf_counter() - started:.1f} s)"
        )
        self.framework = self._framework()
        for index, partnership in enumerate(self.partnerships):
            self._meetings(index, partnership)
            self._workplans(index, partnership)
            self._reviews(index, partnership)
            self.say(f"partnership {index + 1} of {len(self.partnerships)} ({time.perf_counter() - started:.1f} s)")
        target = self.partnerships[0]
        meeting = (
            Meeting.objects.filter(partnership=target, group=self.boards[0], status=Meeting.Status.HELD)
            .order_by("-starts_at")
            .first()
        )
        review = AnnualReview.objects.get(partnership=target, state=AnnualReview.State.CONSOLIDATING)
        counts = dict(self.writer.counts)
        counts["audit entries"] = AuditEntry.objects.count()
        return {
            "slug": target.slug,
            "meeting": meeting.pk,
            "review": review.pk,
            "users": self.logins,
            "superuser": self.admin.username,
            "counts": counts,
            "seconds": time.perf_counter() - started,
        }

    # Structure -----------------------------------------------------------------------------------

    def _partnerships(self):
        self.partnerships = [
            partnership_services.partnership_create(
                by=self.admin,
                name=f"Benchmark Community Safety Partnership {index + 1}",
                slug=f"{SLUG_PREFIX}{index + 1}",
                area=f"Benchmark district {index + 1}",
                vision="A safer district for everyone who lives, works in or visits it.",
            )
            for index in range(self.partnership_count)
        ]

    def _agencies(self):
        w = self.writer
        count = self.total(AGENCIES, minimum=4 * self.partnership_count)
        groups = w.create(
            Group(name=f"agency:{uuid.UUID(int=self.random.getrandbits(128)).hex[:12]}:{part}")
            for _ in range(count)
            for part in ("officers", "leads")
        )
        self.agencies = w.create(
            Agency(
                name=f"Benchmark {Sector(SECTORS[i % len(SECTORS)]).label.lower()} agency {i + 1}",
                sector=SECTORS[i % len(SECTORS)],
                officers_group=groups[2 * i],
                leads_group=groups[2 * i + 1],
            )
            for i in range(count)
        )
        change_agency = w.permission("members", "change_agency")
        w.create(
            AgencyGroupObjectPermission(group=a.leads_group, permission=change_agency, content_object=a)
            for a in self.agencies
        )
        for agency in self.agencies:
            w.history(agency, _at(self.first_day - 60 * DAY), user_id=self.admin.pk)

    def _people(self):
        w, rnd = self.writer, self.random
        count = self.total(PEOPLE, minimum=3 * len(self.agencies))
        people = []
        for j in range(count):
            agency = self.agencies[j % len(self.agencies)]
            left = rnd.random() < 0.04 and j >= 2 * len(self.agencies)
            people.append(
                Person(
                    first_name=FIRST[(j // len(LAST)) % len(FIRST)],
                    last_name=f"{LAST[j % len(LAST)]}-{j + 1}",
                    job_title="Officer",
                    agency=agency,
                    email=f"person{j + 1}@example.org",
                    left_on=self.today - rnd.randint(30, 900) * DAY if left else None,
                )
            )
        self.people = w.create(people)
        change_person = w.permission("members", "change_person")
        w.create(
            PersonGroupObjectPermission(group=p.agency.leads_group, permission=change_person, content_object=p)
            for p in self.people
        )
        self.staff = {}
        for person in self.people:
            w.history(person, _at(self.first_day - 50 * DAY), user_id=self.admin.pk)
            if person.left_on is None:
                self.staff.setdefault(person.agency_id, []).append(person)

    def _memberships(self):
        w = self.writer
        count = self.partnership_count
        shared = [i for i in (0, 2) if i < len(self.agencies)]  # the police force and the fire service
        self.members = []
        memberships = []
        for p_index, partnership in enumerate(self.partnerships):
            agencies = [self.agencies[i] for i in shared] + [
                a for i, a in enumerate(self.agencies) if i % count == p_index and i not in shared
            ]
            self.members.append(agencies)
            for rank, agency in enumerate(agencies):
                role = [StatutoryRole.RESPONSIBLE_AUTHORITY, StatutoryRole.REQUIRED_TO_COOPERATE][min(rank // 5, 1)]
                if rank >= 10:
                    role = StatutoryRole.INVITED_TO_COOPERATE if rank < 15 else StatutoryRole.NON_STATUTORY
                memberships.append(
                    Membership(
                        partnership=partnership, agency=agency, statutory_role=role, joined=self.first_day - 30 * DAY
                    )
                )
        for membership in w.create(memberships):
            w.history(membership, _at(self.first_day - 30 * DAY), user_id=self.admin.pk)

    def _signed_in(self, username, first, last, agency):
        return member_services.person_create(
            by=self.admin,
            first_name=first,
            last_name=last,
            agency=agency,
            job_title=last,
            email=f"{username}@example.org",
            username=username,
        )

    def _roles(self):
        """Each partnership's coordinator and chair, and the measured partnership's lead officer, through the
        services (they sign in); every other member agency's lead officer in bulk (they do not)."""
        w = self.writer
        self.coordinators, self.chairs, self.leads = [], [], []
        self.logins = {}
        # The measured lead officer's agency: one of the first partnership's own (not a shared) agencies.
        self.lead_agency = self.members[0][-1]
        for index, partnership in enumerate(self.partnerships):
            suffix = "" if index == 0 else f"-{index + 1}"
            council = next((a for a in self.members[index] if a.sector == Sector.LOCAL_AUTHORITY), None)
            council = council or self.members[index][0]
            coordinator = self._signed_in(f"{SLUG_PREFIX}coordinator{suffix}", "Casey", "Coordinator", council)
            member_services.partnership_role_assign(
                partnership=partnership, person=coordinator, role=PartnershipRole.Role.COORDINATOR, by=self.admin
            )
            chair = self._signed_in(f"{SLUG_PREFIX}chair{suffix}", "Chris", "Chair", council)
            member_services.partnership_role_assign(
                partnership=partnership, person=chair, role=PartnershipRole.Role.CHAIR, by=self.admin
            )
            self.coordinators.append(coordinator)
            self.chairs.append(chair)
            leads = {}
            bulk = []
            for agency in self.members[index]:
                if index == 0 and agency is self.lead_agency:
                    lead = self._signed_in(f"{SLUG_PREFIX}lead", "Lee", "Lead officer", agency)
                    member_services.agency_role_assign(
                        partnership=partnership,
                        agency=agency,
                        person=lead,
                        role=AgencyRole.Role.LEAD_OFFICER,
                        by=self.admin,
                    )
                    self.staff[agency.pk].insert(0, lead)
                    self.logins["lead officer"] = lead.user.username
                else:
                    lead = self.staff[agency.pk][0]
                    bulk.append(
                        AgencyRole(
                            partnership=partnership,
                            agency=agency,
                            person=lead,
                            role=AgencyRole.Role.LEAD_OFFICER,
                            started=self.first_day - 20 * DAY,
                        )
                    )
                leads[agency.pk] = lead
            for role in w.create(bulk):
                w.history(role, _at(self.first_day - 20 * DAY), user_id=self.admin.pk)
            self.leads.append(leads)
        self.logins["coordinator"] = self.coordinators[0].user.username
        self.logins["chair"] = self.chairs[0].user.username

    def _groups(self):
        w, rnd = self.writer, self.random
        self.boards, self.sub_groups = [], []
        seats = []
        joined = self.first_day - 10 * DAY
        for index, partnership in enumerate(self.partnerships):
            board = partnership_services.group_create(
                partnership=partnership,
                by=self.admin,
                name="Strategic board",
                kind=PartnershipGroup.Kind.BOARD,
                lead=self.chairs[index],
                remit="Sets the strategy and holds partners to account.",
            )
            meeting_services.quorum_set(
                group=board, by=self.admin, minimum_present=5, every_responsible_authority=False
            )
            subs = [
                partnership_services.group_create(
                    partnership=partnership,
                    by=self.admin,
                    name=f"{THEMES[k % len(THEMES)]} group {k + 1}",
                    kind=PartnershipGroup.Kind.SUB_GROUP,
                    lead=self.leads[index][self.members[index][k % len(self.members[index])].pk],
                    parent=board,
                )
                for k in range(max(2, round(SUB_GROUPS * self.scale * PARTNERSHIPS / self.partnership_count)))
            ]
            self.boards.append(board)
            self.sub_groups.append(subs)
            leads = self.leads[index]
            seats.append(
                GroupMember(group=board, person=self.chairs[index], seat=GroupMember.Seat.CHAIR, joined=joined)
            )
            for agency in self.members[index][:30]:
                seats.append(
                    GroupMember(group=board, person=leads[agency.pk], agency=agency, seat="member", joined=joined)
                )
            for group in subs:
                chosen = rnd.sample(self.members[index], min(10, len(self.members[index])))
                for agency in chosen:
                    person = rnd.choice(self.staff[agency.pk])
                    seats.append(GroupMember(group=group, person=person, agency=agency, seat="member", joined=joined))
        self.seats = {}
        for seat in w.create(seats):
            w.history(seat, _at(joined), user_id=self.admin.pk)
            self.seats.setdefault(seat.group_id, []).append(seat)

    # Meetings ------------------------------------------------------------------------------------

    def _meeting_times(self, index):
        rnd = self.random
        count = self.per_partnership(MEETINGS, minimum=6)
        future = max(2, round(count * 0.03))
        groups = [self.boards[index], *self.sub_groups[index]]
        times = []
        for k in range(count):
            if k < future:
                day = self.today + rnd.randint(1, 90) * DAY
            else:
                day = self.first_day + rnd.randint(0, (self.today - self.first_day).days - 1) * DAY
            while day.weekday() >= 5:
                day += DAY
            group = groups[0] if k % 6 == 0 else groups[1 + k % (len(groups) - 1)]
            times.append((_at(day, rnd.choice([10, 14])), group))
        return sorted(times, key=lambda entry: entry[0])

    def _meetings(self, index, partnership):
        times = self._meeting_times(index)
        years = {}
        for moment, group in times:
            years.setdefault(moment.year, []).append((moment, group))
        for chunk in years.values():
            with transaction.atomic():
                self._meeting_year(index, partnership, chunk)
                self.writer.flush()

    def _meeting_year(self, index, partnership, chunk):
        w, rnd = self.writer, self.random
        user = self.coordinators[index].user_id
        chair = self.chairs[index]
        meetings = []
        for moment, group in chunk:
            past = moment < self.now
            status = Meeting.Status.SCHEDULED
            if past:
                status = Meeting.Status.CANCELLED if rnd.random() < 0.05 else Meeting.Status.HELD
            meetings.append(
                Meeting(
                    partnership=partnership,
                    group=group,
                    starts_at=moment,
                    ends_at=moment + 2 * HOUR,
                    location=PLACE,
                    status=status,
                    is_public=rnd.random() < 0.9,
                    agenda_published_at=moment - 7 * DAY if moment - 7 * DAY < self.now else None,
                )
            )
        for meeting in meetings:
            meeting.version = 1 + bool(meeting.agenda_published_at) + (meeting.status != Meeting.Status.SCHEDULED)
        w.create(meetings)
        minutes, items = [], []
        for meeting in meetings:
            held = meeting.status == Meeting.Status.HELD
            created = meeting.starts_at - 21 * DAY
            w.history(meeting, created, user_id=user, status="scheduled", agenda_published_at=None, version=1)
            version = 1
            if meeting.agenda_published_at:
                version += 1
                w.history(meeting, meeting.agenda_published_at, "~", user_id=user, status="scheduled", version=version)
            if meeting.status != Meeting.Status.SCHEDULED:
                w.history(meeting, meeting.starts_at + 2 * HOUR, "~", user_id=user, version=version + 1)
            record = Minutes(meeting=meeting)
            if held:
                age = (self.now - meeting.starts_at).days
                circulated = meeting.starts_at + rnd.choice([3, 5, 7, 9, 16]) * DAY
                if circulated < self.now:
                    record.state, record.circulated_at = Minutes.State.CIRCULATED, circulated
                if age > 75:
                    record.state, record.approved_at, record.approved_by = "approved", circulated + 50 * DAY, chair
                if age > 100:
                    record.state, record.published_at = "published", record.approved_at + 7 * DAY
            stamps = (record.circulated_at, record.approved_at, record.published_at)
            record.version = 1 + sum(1 for when in stamps if when)
            minutes.append(record)
            for order, standing in enumerate(meeting_services.STANDING_FIRST, start=1):
                items.append(AgendaItem(meeting=meeting, order=order, title=standing.label, standing=standing))
            for order in range(len(meeting_services.STANDING_FIRST) + 1, ITEMS_PER_MEETING):
                secret = rnd.random() < 0.12
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        order=order,
                        title=f"Case review {order}" if secret else f"Performance report, part {order}",
                        description="Named individuals." if secret else "The quarter's figures.",
                        is_confidential=secret,
                        confidential_reason="Personal information about named individuals." if secret else "",
                        discussion="The group discussed the report and agreed the actions below." if held else "",
                        version=2 if held else 1,
                    )
                )
            items.append(
                AgendaItem(
                    meeting=meeting,
                    order=meeting_services.LAST_ORDER,
                    title=AgendaItem.Standing.AOB.label,
                    standing=AgendaItem.Standing.AOB,
                )
            )
        w.create(minutes)
        w.create(items)
        for record in minutes:
            created = record.meeting.starts_at - 21 * DAY
            steps = [
                (record.circulated_at, {"state": "circulated", **dict.fromkeys(APPROVAL_FIELDS)}),
                (record.approved_at, {"state": "approved", "published_at": None}),
                (record.published_at, {}),
            ]
            w.history(record, created, user_id=user, state="draft", circulated_at=None, approved_at=None,
                      approved_by_id=None, published_at=None, version=1)  # fmt: skip
            for version, (when, values) in enumerate(steps, start=2):
                if when is None:
                    break
                w.history(record, when, "~", user_id=user, version=version, **values)
        for item in items:
            created = item.meeting.starts_at - 21 * DAY
            if item.discussion:
                w.history(item, created, user_id=user, discussion="", version=1)
                w.history(item, item.meeting.starts_at + 3 * HOUR, "~", user_id=user)
            else:
                w.history(item, created, user_id=user)
        self._shares(index, items)
        self._attendance(index, meetings)
        self._decisions_and_actions(index, partnership, items)

    def _shares(self, index, items):
        w, rnd = self.writer, self.random
        view_item = w.permission("meetings", "view_agendaitem")
        shares = []
        for item in items:
            if item.is_confidential and rnd.random() < 0.25:
                agency = self.lead_agency if index == 0 and rnd.random() < 0.5 else rnd.choice(self.members[index])
                shares.append(ConfidentialShare(item=item, agency=agency, granted_at=item.meeting.starts_at - 7 * DAY))
        w.create(shares)
        w.create(
            AgendaItemGroupObjectPermission(group=s.agency.officers_group, permission=view_item, content_object=s.item)
            for s in shares
        )
        for share in shares:
            w.history(share, share.granted_at, user_id=self.coordinators[index].user_id)

    def _attendance(self, index, meetings):
        w, rnd = self.writer, self.random
        records = []
        for meeting in meetings:
            if meeting.status != Meeting.Status.HELD:
                continue
            for seat in self.seats.get(meeting.group_id, []):
                present = rnd.random() < 0.8
                records.append(
                    Attendance(
                        meeting=meeting,
                        person=seat.person,
                        agency_id=seat.person.agency_id,
                        status=Attendance.Status.PRESENT if present else Attendance.Status.APOLOGIES,
                    )
                )
        for record in w.create(records):
            w.history(record, record.meeting.starts_at + 2 * HOUR, user_id=self.coordinators[index].user_id)

    def _owner(self, index):
        rnd = self.random
        if index == 0 and rnd.random() < 0.02:
            return self.staff[self.lead_agency.pk][0]
        agency = rnd.choice(self.members[index])
        return rnd.choice(self.staff[agency.pk])

    def _decisions_and_actions(self, index, partnership, items):
        w, rnd = self.writer, self.random
        user = self.coordinators[index].user_id
        business = {}
        for item in items:
            if not item.standing and item.meeting.status == Meeting.Status.HELD:
                business.setdefault(item.meeting_id, []).append(item)
        decisions, actions = [], []
        for meeting_items in business.values():
            meeting = meeting_items[0].meeting
            for item in meeting_items[:2]:
                decisions.append(
                    Decision(
                        partnership=partnership,
                        meeting=meeting,
                        item=item,
                        wording=f"Accept the report on {item.title.lower()} and the actions set out.",
                        decided_on=timezone.localdate(meeting.starts_at),
                        is_confidential=item.is_confidential,
                    )
                )
            for k in range(ACTIONS_PER_MEETING):
                item = meeting_items[k % len(meeting_items)]
                owner = self._owner(index)
                actions.append(
                    ActionPoint(
                        partnership=partnership,
                        meeting=meeting,
                        item=item,
                        description=f"Report back on point {k + 1} of {item.title.lower()}.",
                        owner=owner,
                        agency=owner.agency,
                        due=timezone.localdate(meeting.starts_at) + rnd.choice([14, 28, 42, 56, 84, 120]) * DAY,
                        is_confidential=item.is_confidential,
                    )
                )
        for decision in w.create(decisions):
            w.history(decision, decision.meeting.starts_at + 3 * HOUR, user_id=user)
        updates = self._plan_updates(actions)
        w.create(actions)
        change_action = w.permission("meetings", "change_actionpoint")
        w.create(
            ActionPointGroupObjectPermission(group=a.agency.officers_group, permission=change_action, content_object=a)
            for a in actions
        )
        w.create(update for action in actions for update in updates[id(action)])
        for action in actions:
            created = action.meeting.starts_at + 3 * HOUR
            w.history(action, created, user_id=user, status="open", closed_on=None, dropped_reason="", version=1)
            for number, update in enumerate(updates[id(action)], start=2):
                closing = update.status in (ActionPoint.Status.DONE, ActionPoint.Status.DROPPED)
                w.history(
                    action,
                    update.made_at,
                    "~",
                    user_id=user,
                    status=update.status,
                    closed_on=timezone.localdate(update.made_at) if closing else None,
                    dropped_reason=action.dropped_reason if update.status == ActionPoint.Status.DROPPED else "",
                    version=number,
                )
                w.history(update, update.made_at, user_id=user)

    def _plan_updates(self, actions):
        """Each action's updates (not yet saved), oldest first; sets the action's final status and version."""
        rnd = self.random
        updates = {}
        for action in actions:
            made = []
            start = action.meeting.starts_at + DAY
            end = min(self.now - HOUR, _at(action.due + 21 * DAY, 16))
            count = rnd.choice([0, 1, 1, 2, 2, 2, 3, 3, 4]) if end > start else 0
            span = (end - start).total_seconds() if end > start else 0
            moments = sorted(start + datetime.timedelta(seconds=rnd.uniform(0, span)) for _ in range(count))
            overdue = action.due < self.today - 14 * DAY
            for number, moment in enumerate(moments, start=1):
                status = ActionPoint.Status.IN_PROGRESS
                if number == count:
                    roll = rnd.random()
                    if overdue:
                        status = "done" if roll < 0.75 else ("dropped" if roll < 0.85 else "in_progress")
                    else:
                        status = "done" if roll < 0.3 else "in_progress"
                made.append(
                    ActionUpdate(
                        action=action, author=action.owner, made_at=moment, status=status, note="Progress as planned."
                    )
                )
            if made:
                action.status = made[-1].status
            if action.status == ActionPoint.Status.DROPPED:
                action.dropped_reason = "Overtaken by the new strategy."
            if action.status in (ActionPoint.Status.DONE, ActionPoint.Status.DROPPED):
                action.closed_on = timezone.localdate(made[-1].made_at)
            action.version = 1 + len(made)
            updates[id(action)] = made
        return updates

    # Workplans -----------------------------------------------------------------------------------

    def _workplans(self, index, partnership):
        w, rnd = self.writer, self.random
        user = self.coordinators[index].user_id
        per_plan = max(8, round(WORKPLAN_ITEMS * self.scale / self.partnership_count / PLANS))
        update_item = w.permission("workplan", "change_workplanitem")
        for start, end in self.periods:
            with transaction.atomic():
                created = _at(start - 14 * DAY)
                plan = w.create([Workplan(partnership=partnership, title=f"Community safety plan {start.year}",
                                          starts=start, ends=end)])[0]  # fmt: skip
                w.history(plan, created, user_id=user)
                priorities = w.create(Priority(workplan=plan, title=t, order=o) for o, t in enumerate(PRIORITIES, 1))
                objectives = w.create(
                    Objective(priority=p, title=f"{p.title}: objective {o}", order=o)
                    for p in priorities
                    for o in (1, 2)
                )
                for record in [*priorities, *objectives]:
                    w.history(record, created, user_id=user)
                items, updates = [], []
                for k in range(per_plan):
                    objective = objectives[k % len(objectives)]
                    lead = index == 0 and rnd.random() < 0.05
                    agency = self.lead_agency if lead else rnd.choice(self.members[index])
                    officer = self.staff[agency.pk][0] if lead else rnd.choice(self.staff[agency.pk])
                    starts = start + rnd.randint(0, 120) * DAY
                    due = min(end, starts + rnd.randint(60, 300) * DAY)
                    item = WorkplanItem(
                        partnership=partnership,
                        workplan=plan,
                        objective=objective,
                        title=f"{objective.title}: action {k + 1}",
                        lead_agency=agency,
                        responsible_officer=officer,
                        starts=starts,
                        due=due,
                    )
                    items.append(item)
                    updates.append(self._progress(item))
                w.create(items)
                w.create(
                    WorkplanItemGroupObjectPermission(group=i.lead_agency.officers_group, permission=update_item,
                                                      content_object=i)
                    for i in items
                )  # fmt: skip
                w.create(update for made in updates for update in made)
                for item, made in zip(items, updates, strict=True):
                    w.history(item, created + DAY, user_id=user, status="not_started", last_update_at=None,
                              dropped_reason="", version=1)  # fmt: skip
                    for number, update in enumerate(made, start=2):
                        w.history(item, update.made_at, "~", user_id=user, status=update.status,
                                  last_update_at=update.made_at, version=number,
                                  dropped_reason=item.dropped_reason if update.status == "dropped" else "")  # fmt: skip
                        w.history(update, update.made_at, user_id=user)
                w.flush()

    def _progress(self, item):
        rnd = self.random
        start, end = _at(item.starts, 11), min(self.now - HOUR, _at(item.due + 14 * DAY, 11))
        if end <= start:
            return []
        count = rnd.randint(1, 5)
        moments = sorted(start + datetime.timedelta(seconds=rnd.uniform(0, (end - start).total_seconds()))
                         for _ in range(count))  # fmt: skip
        finished = item.due < self.today
        made = []
        for number, moment in enumerate(moments, start=1):
            status = rnd.choice(["on_track", "on_track", "at_risk", "off_track"])
            if number == count and finished:
                roll = rnd.random()
                status = "complete" if roll < 0.7 else ("dropped" if roll < 0.8 else status)
            made.append(ProgressUpdate(item=item, author=item.responsible_officer, status=status,
                                       narrative="Quarterly update to the board.", made_at=moment))  # fmt: skip
        item.status = made[-1].status
        item.last_update_at = made[-1].made_at
        item.dropped_reason = "Replaced by a joint approach." if item.status == "dropped" else ""
        item.version = 1 + len(made)
        return made

    # Reviews -------------------------------------------------------------------------------------

    def _framework(self):
        framework = (
            ReviewFramework.objects.filter(partnership=None).annotate(n=Count("questions")).order_by("-n", "pk").first()
        )
        with transaction.atomic():
            apply_changes(framework, by=self.admin, version=None, fields={"is_locked": True}, reason="Benchmark")
        self.questions = list(framework.questions.order_by("order"))
        return framework

    def _reviews(self, index, partnership):
        w, rnd = self.writer, self.random
        user = self.coordinators[index].user_id
        chair = self.chairs[index]
        edit_return = w.permission("reviews", "change_agencyreturn")
        completed = self.periods[:-1][-YEARS:]
        for year, (start, end) in enumerate(completed):
            latest = year == len(completed) - 1
            with transaction.atomic():
                members = self.members[index]
                review = AnnualReview(
                    partnership=partnership,
                    title=f"Annual review {start.year}–{str(end.year)[-2:]}",
                    period_start=start,
                    period_end=end,
                    deadline=end + 42 * DAY,
                    framework=self.framework,
                    state=AnnualReview.State.CONSOLIDATING if latest else AnnualReview.State.APPROVED,
                    version=2 if latest else 3,
                )
                returns = []
                for agency in members:
                    submitted = rnd.random() < 0.92
                    returns.append(
                        AgencyReturn(
                            review=review,
                            agency=agency,
                            state=AgencyReturn.State.SUBMITTED if submitted else AgencyReturn.State.DRAFT,
                            submitted_at=_at(end + rnd.randint(10, 40) * DAY, 15) if submitted else None,
                            submitted_by=self.leads[index][agency.pk] if submitted else None,
                            version=2 if submitted else 1,
                        )
                    )
                done = sum(1 for r in returns if r.submitted_at)
                if not latest:
                    review.approved_at = _at(end + 70 * DAY, 16)
                    review.approved_by = chair
                    review.returns_at_approval = f"{done} of {len(returns)}"
                w.create([review])
                w.create(returns)
                w.create(
                    AgencyReturnGroupObjectPermission(group=r.agency.leads_group, permission=edit_return,
                                                      content_object=r)
                    for r in returns
                )  # fmt: skip
                opened = _at(end + DAY)
                w.history(review, opened, user_id=user, state="open", approved_at=None, approved_by_id=None,
                          returns_at_approval="", version=1)  # fmt: skip
                w.history(review, _at(end + 43 * DAY), "~", user_id=user, state="consolidating", approved_at=None,
                          approved_by_id=None, returns_at_approval="", version=2)  # fmt: skip
                if not latest:
                    w.history(review, review.approved_at, "~", user_id=chair.user_id)
                answers = []
                for agency_return in returns:
                    w.history(agency_return, opened, user_id=user, state="draft", submitted_at=None,
                              submitted_by_id=None, version=1)  # fmt: skip
                    if agency_return.submitted_at:
                        w.history(agency_return, agency_return.submitted_at, "~", user_id=user)
                    asked = self.questions if agency_return.submitted_at else self.questions[: len(self.questions) // 2]
                    for question in asked:
                        answers.append(
                            Answer(
                                agency_return=agency_return,
                                question=question,
                                rating=rnd.randint(1, 4),
                                evidence=rnd.choice(EVIDENCE),
                                comment="Better than last year." if rnd.random() < 0.2 else "",
                            )
                        )
                w.create(answers)
                for answer in answers:
                    when = (answer.agency_return.submitted_at or _at(end + 30 * DAY)) - 2 * DAY
                    if rnd.random() < 0.25:
                        w.history(answer, when - 5 * DAY, user_id=user, rating=None)
                        w.history(answer, when, "~", user_id=user)
                    else:
                        w.history(answer, when, user_id=user)
                findings = w.create(
                    Finding(review=review, question=q, text=f"Partners rate '{q.text[:60]}' unevenly.", order=k)
                    for k, q in enumerate(self.questions[:6], start=1)
                )
                recommendations = w.create(
                    Recommendation(review=review, text=f"Recommendation {k}: agree who leads this.", order=k)
                    for k in range(1, 6)
                )
                for record in [*findings, *recommendations]:
                    w.history(record, _at(end + 50 * DAY), user_id=user)
                w.flush()
