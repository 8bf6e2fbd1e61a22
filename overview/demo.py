"""Demo data for a two-tier area, and the function that loads it through the services.

The county of Eastshire has a county community safety strategy group; Northdale, one of its districts,
has its own community safety partnership that reports to it. Everything here is fictional: names,
organisations and addresses (email domains are under example.org, phone numbers are in Ofcom's ranges
kept for drama, 01632 960xxx and 07700 900xxx).

Every record is written by a service, as the superuser `admin`, so history rows, audit entries and
guardian permissions come out exactly as they would from the web pages. Loading is idempotent: a
partnership is recognised by its slug, an agency by its name, a person by username or by name and
agency, a group by its name within the partnership, a membership or role by who holds it (current or
ended); anything already there is left alone.

The data are plain tuples, one list per kind of record, in the order they are loaded.
"""

import re
import time
from collections import Counter
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings

from casereviews import demo as casereviews_demo
from meetings import demo as meetings_demo
from members import services as members_services
from members.models import Agency, AgencyRole, AgencyType, Membership, PartnershipRole, Person, StatutoryRole
from members.models import TeamRole as T
from members.taxonomy import AGENCY_TYPES
from partnership import services as partnership_services
from partnership.models import EmailBatch, Partnership, PartnershipGroup
from partnership.outbox import email_batch_send
from reviews import demo as reviews_demo
from workplan import demo as workplan_demo

ADMIN_USERNAME = "admin"
DEFAULT_PASSWORD = "demo-password-123"
DEFAULT_STARTED = date(2023, 4, 1)  # roles with no start date of their own began with this strategy year
# Everyone in the demo is fictional: the services' emails (agendas, minutes) go nowhere while it loads.
QUIET_EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

L = AgencyRole.Role.LEAD_OFFICER
D = AgencyRole.Role.DEPUTY
I = AgencyRole.Role.INFORMATION_SHARING  # noqa: E741
C = AgencyRole.Role.COMMUNICATIONS
P = PartnershipRole.Role
G = PartnershipGroup.Kind

# Partnerships ---------------------------------------------------------------------------------
# (slug, name, kind, parent slug, area, vision, mission, aims, public email, public phone)

PARTNERSHIPS = [
    (
        "eastshire",
        "Eastshire Community Safety Strategy Group",
        Partnership.Kind.COUNTY,
        None,
        "The county of Eastshire",
        "Every district in Eastshire is a safe place to live, work and visit, and people trust that "
        "services will act when they report a problem.",
        "We bring the county's district partnerships and county-wide services together, so that work "
        "best done once for the whole county is done once, and done well.",
        "1. Publish a county strategic assessment every year and agree shared priorities from it.\n"
        "2. Commission domestic abuse and drug and alcohol services that every district can use.\n"
        "3. Tackle serious violence and exploitation that crosses district boundaries.\n"
        "4. Support district partnerships with analysis, training and funding.",
        "safer.eastshire@eastshire-cc.example.org",
        "01632 960001",
    ),
    (
        "northdale",
        "Northdale Community Safety Partnership",
        Partnership.Kind.DISTRICT,
        "eastshire",
        "Northdale district, including the market town of Kettleby",
        "Northdale is a place where people feel safe at home, in their neighbourhood and in Kettleby "
        "town centre, by day and by night.",
        "Agencies, residents and businesses working as one to prevent crime and anti-social behaviour, "
        "support victims and reduce reoffending, using what we know together to put effort where it "
        "is needed most.",
        "1. Reduce anti-social behaviour in the neighbourhoods that report it most.\n"
        "2. Protect and support victims of domestic abuse, and hold those who abuse to account.\n"
        "3. Reduce reoffending by adults and young people under supervision.\n"
        "4. Reduce the harm drugs and alcohol cause, including in the night-time economy.\n"
        "5. Tell residents what the partnership is doing and how to raise concerns.",
        "safer.northdale@northdale-council.example.org",
        "01632 960002",
    ),
]

# Agencies -------------------------------------------------------------------------------------
# (key, name, short name, agency type as named in members/taxonomy.py, sector, email domain)
# The sector is given here because an agency's sector is its own (a residents' association is a
# voluntary body whatever the taxonomy says); the type gives its usual standing under the Act.

AGENCIES = [
    # Councils
    ("ndc", "Northdale District Council", "NDC", "English district council", "council", "northdale-council"),
    ("ecc", "Eastshire County Council", "ECC", "County council", "council", "eastshire-cc"),
    ("sdc", "Southmoor District Council", "SDC", "English district council", "council", "southmoor-council"),
    ("ktc", "Kettleby Town Council", "", "Parish or town council (England)", "council", "kettleby-tc"),
    # Police, fire, probation, health
    ("police", "Eastshire Police", "", "Police authority or police force", "police", "eastshire-police"),
    ("fire", "Eastshire Fire and Rescue Service", "EFRS", "Fire authority", "fire", "eastshire-fire"),
    ("probation", "Probation Service, Eastshire", "", "Probation service", "probation", "probation-eastshire"),
    ("icb", "NHS Eastshire Integrated Care Board", "ICB", "Health authority or NHS trust", "health", "eastshire-icb"),
    # Housing and education
    ("homes", "Northdale Homes", "", "Registered social landlord", "housing", "northdale-homes"),
    ("fenbridge", "Fenbridge Housing Association", "", "Registered social landlord", "housing", "fenbridge-ha"),
    (
        "college",
        "Northdale College",
        "",
        "Governing body of a further education institution",
        "education",
        "northdale-college",
    ),
    # Youth justice, courts, drugs
    ("yjs", "Eastshire Youth Justice Service", "YJS", "Youth service", "youth", "eastshire-yjs"),
    ("cps", "Crown Prosecution Service, Eastshire", "CPS", "Crown Prosecution Service", "justice", "cps-eastshire"),
    (
        "court",
        "Northdale Magistrates' Court",
        "",
        "Crown or magistrates' court",
        "justice",
        "northdale-court",
    ),
    ("recovery", "Eastshire Recovery Partnership", "", "Drug action team", "drugs", "eastshire-recovery"),
    # Voluntary and community groups
    ("nhw", "Northdale Neighbourhood Watch Association", "", "Neighbourhood Watch", "voluntary", "northdale-nhw"),
    ("vs", "Victim Support, Eastshire", "", "Victim Support", "voluntary", "victimsupport-eastshire"),
    (
        "womensaid",
        "Northdale Women's Aid",
        "",
        "Group for the interests of women",
        "voluntary",
        "northdale-womensaid",
    ),
    (
        "youth",
        "Kettleby Youth Project",
        "",
        "Group for the interests of young people",
        "youth",
        "kettleby-youth",
    ),
    (
        "opf",
        "Northdale Older People's Forum",
        "",
        "Group for the interests of elderly people",
        "voluntary",
        "northdale-opf",
    ),
    (
        "disability",
        "Northdale Disability Forum",
        "",
        "Group for the interests of disabled people",
        "voluntary",
        "northdale-disability",
    ),
    (
        "rec",
        "Eastshire Race Equality Council",
        "",
        "Group furthering good race relations",
        "voluntary",
        "eastshire-rec",
    ),
    (
        "lgbt",
        "Eastshire LGBT+ Network",
        "",
        "Group for the interests of lesbians and gay men",
        "voluntary",
        "eastshire-lgbt",
    ),
    (
        "faith",
        "Northdale Faith Forum",
        "",
        "Group established for religious purposes",
        "voluntary",
        "northdale-faith",
    ),
    ("ashgrove", "Ashgrove Estate Residents' Association", "", "Residents' group", "voluntary", "ashgrove-ra"),
    (
        "pastors",
        "Northdale Street Pastors",
        "",
        "Other voluntary or community organisation",
        "voluntary",
        "northdale-pastors",
    ),
    # Transport and business
    ("bus", "Eastshire Coaches", "", "Public transport provider", "transport", "eastshire-coaches"),
    (
        "bcp",
        "Kettleby Business Crime Partnership",
        "BCP",
        "Business or retailers' group",
        "business",
        "kettleby-bcp",
    ),
]

# The shipped taxonomy follows the 2001 guide. Since then the Act has made fire and rescue authorities,
# probation and health bodies responsible authorities, so their memberships say so.
STANDING_TODAY = {
    "fire": StatutoryRole.RESPONSIBLE_AUTHORITY,
    "probation": StatutoryRole.RESPONSIBLE_AUTHORITY,
    "icb": StatutoryRole.RESPONSIBLE_AUTHORITY,
}

# Memberships ----------------------------------------------------------------------------------
# partnership slug: [(agency key, joined)]; the statutory role comes from STANDING_TODAY or the type.

STATUTORY_START = date(1999, 4, 1)

MEMBERSHIPS = {
    "eastshire": [
        ("ecc", STATUTORY_START),
        ("ndc", STATUTORY_START),
        ("sdc", STATUTORY_START),
        ("police", STATUTORY_START),
        ("fire", date(2004, 4, 1)),
        ("probation", date(2010, 4, 1)),
        ("icb", date(2022, 7, 1)),
        ("yjs", date(2000, 4, 1)),
        ("recovery", date(2018, 10, 1)),
        ("vs", date(2012, 6, 1)),
    ],
    "northdale": [
        ("ndc", STATUTORY_START),
        ("ecc", STATUTORY_START),
        ("police", STATUTORY_START),
        ("fire", date(2004, 4, 1)),
        ("probation", date(2010, 4, 1)),
        ("icb", date(2022, 7, 1)),
        ("ktc", date(2001, 5, 1)),
        ("college", date(2003, 9, 1)),
        ("homes", date(2002, 1, 14)),
        ("fenbridge", date(2011, 3, 1)),
        ("yjs", date(2000, 4, 1)),
        ("cps", date(2005, 6, 1)),
        ("court", date(2005, 6, 1)),
        ("recovery", date(2018, 10, 1)),
        ("nhw", date(1999, 9, 1)),
        ("vs", date(2001, 2, 1)),
        ("womensaid", date(2006, 11, 1)),
        ("youth", date(2014, 4, 1)),
        ("opf", date(2009, 10, 1)),
        ("disability", date(2012, 1, 1)),
        ("rec", date(2003, 3, 1)),
        ("lgbt", date(2019, 6, 1)),
        ("faith", date(2008, 5, 1)),
        ("ashgrove", date(2016, 2, 1)),
        ("bus", date(2017, 9, 1)),
        ("bcp", date(2015, 11, 1)),
    ],
}

# Agencies that were members and have left: (partnership slug, agency key, joined, left, notes).
# The leaving is written after the roles below, so the history shows their roles ending with it.
FORMER_MEMBERSHIPS = [
    (
        "northdale",
        "pastors",
        date(2016, 9, 1),
        date(2024, 3, 31),
        "Stood down when the Friday night town centre patrols ended. Would be welcome back.",
    ),
]

# People ---------------------------------------------------------------------------------------
# (key, first name, last name, agency key or None, job title, contact public, team role, username)
# Email is first.last@<agency domain>.example.org; phones are numbered in the drama range.

PEOPLE = [
    # Northdale District Council
    ("raman", "Priya", "Raman", "ndc", "Community Safety Partnership Coordinator", True, T.TEAM_WORKER, "coordinator"),
    ("pike", "Sarah", "Pike", "ndc", "Partnership Support Officer", False, T.COMPLETER_FINISHER, ""),
    (
        "holloway",
        "Margaret",
        "Holloway",
        "ndc",
        "District Councillor, Cabinet Member for Communities",
        True,
        T.CHAIR,
        "chair",
    ),
    ("marsh", "Helen", "Marsh", "ndc", "Head of Community Safety and Enforcement", True, T.SHAPER, ""),
    ("beckett", "Tom", "Beckett", "ndc", "Anti-social Behaviour Officer", False, "", "officer"),
    ("okafor", "Daniel", "Okafor", "ndc", "Community Safety Analyst", False, T.MONITOR_EVALUATOR, ""),
    ("dunn", "Rachel", "Dunn", "ndc", "Communications Officer", False, "", ""),
    ("whitlock", "Gary", "Whitlock", "ndc", "CCTV and Control Room Manager", False, "", ""),
    ("doyle", "Karen", "Doyle", "ndc", "Licensing Officer", False, "", ""),
    ("keane", "Martin", "Keane", "ndc", "Environmental Health Officer (Noise)", False, "", ""),
    # Eastshire County Council
    ("reeve", "Jonathan", "Reeve", "ecc", "County Community Safety Manager", True, T.RESOURCE_INVESTIGATOR, "county"),
    ("webb", "Caroline", "Webb", "ecc", "Assistant Director, Communities", False, "", ""),
    (
        "ashdown",
        "Robert",
        "Ashdown",
        "ecc",
        "County Councillor, Cabinet Member for Community Safety",
        True,
        T.CHAIR,
        "",
    ),
    ("hussain", "Amir", "Hussain", "ecc", "Trading Standards Team Manager", False, "", ""),
    ("tranter", "Louise", "Tranter", "ecc", "Consultant in Public Health", False, T.PLANT, ""),
    ("pryce", "Joanne", "Pryce", "ecc", "Domestic Abuse Strategic Lead", False, "", ""),
    # Eastshire Police
    ("garside", "Fiona", "Garside", "police", "Chief Superintendent, Local Policing", True, "", ""),
    ("pollard", "Graham", "Pollard", "police", "Chief Inspector, Northdale District Commander", False, "", ""),
    ("khan", "Aisha", "Khan", "police", "Chief Inspector, Northdale District Commander", True, T.SHAPER, "lead"),
    ("barrow", "Lee", "Barrow", "police", "Sergeant, Northdale Neighbourhood Policing Team", False, "", ""),
    ("smithson", "Claire", "Smithson", "police", "Crime and Intelligence Analyst", False, "", ""),
    ("price", "Owen", "Price", "police", "Corporate Communications Officer", False, "", ""),
    ("hughes", "Natalie", "Hughes", "police", "Police Community Support Officer, Kettleby", False, "", ""),
    # Eastshire Fire and Rescue Service
    ("lowe", "Gareth", "Lowe", "fire", "Station Manager, Northdale", True, "", "otherlead"),
    ("fairley", "Susan", "Fairley", "fire", "Group Manager, Prevention", False, "", ""),
    ("morris", "Jade", "Morris", "fire", "Community Safety Advocate", False, "", ""),
    ("edwards", "Carl", "Edwards", "fire", "Arson Reduction Officer", False, "", ""),
    # Probation
    ("brandt", "Nicola", "Brandt", "probation", "Head of Eastshire Probation Delivery Unit", False, "", ""),
    ("shaw", "Kevin", "Shaw", "probation", "Senior Probation Officer, Northdale", False, "", ""),
    ("lowry", "Hannah", "Lowry", "probation", "Probation Officer", False, "", ""),
    # Health
    ("mehta", "Anjali", "Mehta", "icb", "Director of Population Health", False, "", ""),
    ("greaves", "Paul", "Greaves", "icb", "Safeguarding and Partnerships Manager", True, "", ""),
    ("chadwick", "Emma", "Chadwick", "icb", "Designated Nurse, Safeguarding Adults", False, "", ""),
    # Town council, college, housing
    ("cole", "Janet", "Cole", "ktc", "Town Clerk", True, "", ""),
    ("ferris", "Michael", "Ferris", "college", "Vice Principal, Students", False, "", ""),
    ("quinn", "Lisa", "Quinn", "homes", "Head of Tenancy Enforcement", False, "", ""),
    ("hale", "Ryan", "Hale", "homes", "Tenancy Enforcement Officer", False, "", ""),
    ("ogunleye", "Bernard", "Ogunleye", "fenbridge", "Neighbourhood Services Manager", False, "", ""),
    # Youth justice, courts, drugs
    ("kerr", "Siobhan", "Kerr", "yjs", "Head of Youth Justice", False, "", ""),
    ("bell", "Marcus", "Bell", "yjs", "Youth Justice Practitioner", False, "", ""),
    ("lyle", "Andrew", "Lyle", "cps", "Senior Crown Prosecutor", False, "", ""),
    ("sandford", "Ruth", "Sandford", "court", "Delivery Manager", False, "", ""),
    ("abbott", "Colin", "Abbott", "recovery", "Service Manager", True, "", ""),
    ("webster", "Tanya", "Webster", "recovery", "Recovery Worker", False, "", ""),
    # Voluntary and community groups
    ("parkes", "Eileen", "Parkes", "nhw", "Chair", True, T.TEAM_WORKER, ""),
    ("lang", "Deborah", "Lang", "vs", "Area Manager", False, "", ""),
    ("lindley", "Kate", "Lindley", "womensaid", "Service Manager", True, "", ""),
    ("saleh", "Amira", "Saleh", "womensaid", "Independent Domestic Violence Adviser", False, "", ""),
    ("blake", "Jordan", "Blake", "youth", "Senior Youth Worker", False, "", ""),
    ("jennings", "Harold", "Jennings", "opf", "Secretary", False, "", ""),
    ("patel", "Meera", "Patel", "disability", "Chair", False, "", ""),
    ("adeyemi", "Yusuf", "Adeyemi", "rec", "Director", False, "", ""),
    ("ellery", "Sam", "Ellery", "lgbt", "Volunteer Coordinator", False, "", ""),
    ("ward", "Philip", "Ward", "faith", "Convenor (Vicar of St Mary's, Kettleby)", False, "", ""),
    ("foster", "Brenda", "Foster", "ashgrove", "Chair", True, "", ""),
    ("royle", "Ian", "Royle", "pastors", "Coordinator", False, "", ""),
    # Transport, business, the other district, and a board member who speaks for no agency
    ("reid", "Stuart", "Reid", "bus", "Operations Manager, Northdale Depot", False, "", ""),
    ("ferreira", "Nadia", "Ferreira", "bcp", "Business Crime Manager", True, "", ""),
    ("greer", "Alison", "Greer", "sdc", "Community Safety Manager", False, "", ""),
    ("sharma", "Dev", "Sharma", "sdc", "Community Safety Officer", False, "", ""),
    ("hart", "Gillian", "Hart", None, "Independent board member", True, "", "member"),
]

# Structure ------------------------------------------------------------------------------------
# partnership slug: [(name, kind, parent group name, lead person key, remit, closed)]; parents first.

GROUPS = {
    "eastshire": [
        (
            "Strategic Board",
            G.BOARD,
            None,
            "ashdown",
            "Sets the county's community safety priorities, agrees the county strategic assessment and "
            "decides how county-wide funding is spent.",
            False,
        ),
        (
            "County Management Group",
            G.MANAGEMENT,
            "Strategic Board",
            "reeve",
            "Turns the board's priorities into a delivery plan, tracks performance and risks, and "
            "links the county's work with the district partnerships.",
            False,
        ),
        (
            "Serious violence and exploitation",
            G.SUB_GROUP,
            "County Management Group",
            "garside",
            "Meets the serious violence duty across Eastshire: shared problem profile, county lines, "
            "and the exploitation of children and adults.",
            False,
        ),
        (
            "Domestic abuse and sexual violence",
            G.SUB_GROUP,
            "County Management Group",
            "pryce",
            "Commissions refuge and outreach services, oversees domestic homicide reviews and keeps "
            "the county domestic abuse strategy up to date.",
            False,
        ),
        (
            "Combating drugs partnership",
            G.SUB_GROUP,
            "County Management Group",
            "tranter",
            "Brings treatment, enforcement and prevention together to cut drug-related deaths, offending and supply.",
            False,
        ),
    ],
    "northdale": [
        (
            "Partnership Board",
            G.BOARD,
            None,
            "holloway",
            "The strategic board: agrees the partnership plan and budget, and holds partners to account "
            "for delivering it.",
            False,
        ),
        (
            "Management Group",
            G.MANAGEMENT,
            "Partnership Board",
            "marsh",
            "Runs the plan day to day: reviews performance each month, unblocks problems and reports to the board.",
            False,
        ),
        (
            "Anti-social behaviour",
            G.SUB_GROUP,
            "Management Group",
            "pollard",
            "Problem-solving for hotspots and repeat victims, case reviews (the community trigger), and "
            "the use of injunctions and closure orders.",
            False,
        ),
        (
            "Domestic abuse",
            G.SUB_GROUP,
            "Management Group",
            "lindley",
            "Local delivery of the county strategy: MARAC, awareness in schools and workplaces, and "
            "support for children who witness abuse.",
            False,
        ),
        (
            "Reducing reoffending",
            G.SUB_GROUP,
            "Management Group",
            "shaw",
            "Integrated offender management for Northdale, with housing, employment and treatment "
            "pathways for people leaving custody.",
            False,
        ),
        (
            "Drugs and alcohol",
            G.SUB_GROUP,
            "Management Group",
            "abbott",
            "Routes into treatment, the night-time economy, and alcohol-related violence and disorder.",
            False,
        ),
        (
            "Kettleby town centre night-time task group",
            G.TASK_GROUP,
            "Anti-social behaviour",
            "doyle",
            "A six-month task and finish group to cut alcohol-related disorder on Friday and Saturday "
            "nights in Kettleby. Closed once its actions were done; its findings went to the "
            "anti-social behaviour sub-group.",
            True,
        ),
    ],
}

# Roles ----------------------------------------------------------------------------------------
# Agency roles: (person key, role[, started]); the agency is the person's own.
# Partnership roles: (person key, role[, started]).

AGENCY_ROLES = {
    "eastshire": [
        ("webb", L),
        ("pryce", I),
        ("marsh", L),
        ("greer", L),
        ("sharma", D),
        ("garside", L),
        ("smithson", I),
        ("fairley", L),
        ("brandt", L),
        ("mehta", L),
        ("kerr", L),
        ("abbott", L),
        ("lang", L),
    ],
    "northdale": [
        ("marsh", L, date(2020, 9, 1)),
        ("whitlock", D),
        ("okafor", I),
        ("dunn", C),
        ("webb", L),
        ("hussain", D),
        ("pollard", L, date(2021, 5, 4)),  # handed over to Aisha Khan below
        ("barrow", D),
        ("smithson", I),
        ("price", C),
        ("lowe", L),
        ("morris", D),
        ("shaw", L),
        ("greaves", L, date(2022, 7, 1)),
        ("chadwick", I),
        ("cole", L),
        ("ferris", L),
        ("quinn", L),
        ("hale", D),
        ("ogunleye", L),
        ("kerr", L),
        ("lyle", L),
        ("sandford", L),
        ("abbott", L),
        ("parkes", L),
        ("lang", L),
        ("lindley", L),
        ("saleh", I),
        ("blake", L),
        ("jennings", L),
        ("patel", L),
        ("adeyemi", L),
        ("ward", L),
        ("foster", L),
        ("ferreira", L),
        ("royle", L, date(2016, 9, 1)),  # ends when Northdale Street Pastors leave
        # No lead officer yet for Eastshire LGBT+ Network or Eastshire Coaches: the dashboard flags them.
    ],
}

PARTNERSHIP_ROLES = {
    "eastshire": [
        ("ashdown", P.CHAIR, date(2024, 5, 21)),
        ("garside", P.VICE_CHAIR),
        ("reeve", P.COORDINATOR, date(2019, 1, 7)),
    ],
    "northdale": [
        ("holloway", P.CHAIR, date(2023, 5, 18)),
        ("greaves", P.VICE_CHAIR),
        ("raman", P.COORDINATOR, date(2021, 11, 1)),
        ("pike", P.COORDINATOR),
        ("hart", P.MEMBER),
    ],
}

# Handovers: (partnership slug, outgoing person key, successor key, on, outgoing has left).
HANDOVERS = [
    ("northdale", "pollard", "khan", date(2025, 9, 1), True),
]

# Logins ---------------------------------------------------------------------------------------
# (username, who they are, what they may do); the superuser is listed first.

LOGINS = [
    (ADMIN_USERNAME, "Site administrator (superuser)", "Everything, including the Django admin."),
    (
        "coordinator",
        "Priya Raman, Community Safety Partnership Coordinator, Northdale District Council",
        "Coordinates Northdale: edits the partnership, its structure, members and roles.",
    ),
    (
        "chair",
        "Cllr Margaret Holloway, Northdale District Council; chair of Northdale",
        "Chairs Northdale (internal pages, chair's permissions); sees Eastshire's as a council officer.",
    ),
    (
        "lead",
        "Ch Insp Aisha Khan, lead officer for Eastshire Police in Northdale (took over from Graham Pollard)",
        "Edits Eastshire Police's record and its people; sees both partnerships' internal pages; speaks for the "
        "police on Northdale's two death reviews.",
    ),
    (
        "reviewchair",
        "Anne Fairbrother, independent chair and author of Northdale's domestic abuse related death reviews",
        "Sees the two death reviews she chairs (restricted case files) and Northdale's internal pages.",
    ),
    (
        "officer",
        "Tom Beckett, Anti-social Behaviour Officer, Northdale District Council (no role)",
        "Sees the internal pages of the partnerships his council belongs to; handles Northdale's ASB case review "
        "applications and speaks for the council on its two death reviews.",
    ),
    (
        "member",
        "Gillian Hart, independent member of Northdale's board (no agency)",
        "Sees Northdale's internal pages only.",
    ),
    (
        "otherlead",
        "Station Manager Gareth Lowe, lead officer for Eastshire Fire and Rescue Service in Northdale",
        "Edits the fire service's record and people, but not the police's.",
    ),
    (
        "county",
        "Jonathan Reeve, County Community Safety Manager, Eastshire County Council",
        "Coordinates Eastshire only; sees Northdale as an officer of a member agency.",
    ),
]


# Loading --------------------------------------------------------------------------------------


def _check_data():
    type_names = {row[0] for row in AGENCY_TYPES}
    agency_keys = {row[0] for row in AGENCIES}
    person_keys = {row[0] for row in PEOPLE}
    problems = [f"unknown agency type {row[3]!r}" for row in AGENCIES if row[3] not in type_names]
    problems += [f"unknown agency {row[3]!r}" for row in PEOPLE if row[3] and row[3] not in agency_keys]
    for rows in (*AGENCY_ROLES.values(), *PARTNERSHIP_ROLES.values()):
        problems += [f"unknown person {row[0]!r}" for row in rows if row[0] not in person_keys]
    if problems:
        raise ValueError("Demo data is inconsistent: " + "; ".join(problems))


def _email(first, last, domain):
    local = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
    return f"{local}@{domain}.example.org" if domain else f"{local}@example.org"


class _Loader:
    def __init__(self, by, password):
        self.by = by
        self.password = password
        self.created = Counter()
        self.partnerships = {}
        self.agencies = {}
        self.people = {}
        self.groups = {}
        self.notes = []

    def run(self):
        self.load_agencies()
        self.load_partnerships()
        self.load_memberships()
        self.load_people()
        self.load_groups()
        self.load_roles()
        self.load_departures()

    def load_agencies(self):
        types = AgencyType.objects.in_bulk([row[3] for row in AGENCIES], field_name="name")
        existing = Agency.objects.in_bulk([row[1] for row in AGENCIES], field_name="name")
        for key, name, short_name, type_name, sector, domain in AGENCIES:
            agency = existing.get(name)
            if agency is None:
                if type_name not in types:
                    self.notes.append(f"Agency type {type_name!r} is not in the database; {name} has no type.")
                agency = members_services.agency_create(
                    by=self.by,
                    name=name,
                    short_name=short_name,
                    sector=sector,
                    agency_type=types.get(type_name),
                    website=f"https://www.{domain}.example.org/",
                    public_email=f"enquiries@{domain}.example.org",
                    public_phone=f"01632 960{100 + len(self.agencies):03d}",
                )
                self.created["agencies"] += 1
            self.agencies[key] = agency

    def load_partnerships(self):
        for slug, name, kind, parent, area, vision, mission, aims, email, phone in PARTNERSHIPS:
            partnership = Partnership.objects.filter(slug=slug).first()
            if partnership is None:
                partnership = partnership_services.partnership_create(
                    by=self.by,
                    name=name,
                    slug=slug,
                    kind=kind,
                    parent=self.partnerships[parent] if parent else None,
                    area=area,
                    vision=vision,
                    mission=mission,
                    aims=aims,
                    public_email=email,
                    public_phone=phone,
                )
                self.created["partnerships"] += 1
            self.partnerships[slug] = partnership

    def _standing(self, key):
        agency = self.agencies[key]
        if key in STANDING_TODAY:
            return STANDING_TODAY[key]
        return agency.agency_type.statutory_role if agency.agency_type else StatutoryRole.NON_STATUTORY

    def _add_member(self, slug, key, joined, notes=""):
        partnership, agency = self.partnerships[slug], self.agencies[key]
        membership = Membership.objects.filter(partnership=partnership, agency=agency).order_by("-joined").first()
        if membership is None:
            membership = members_services.membership_create(
                partnership=partnership,
                agency=agency,
                statutory_role=self._standing(key),
                joined=joined,
                notes=notes,
                by=self.by,
            )
            self.created["memberships"] += 1
        return membership

    def load_memberships(self):
        for slug, rows in MEMBERSHIPS.items():
            for key, joined in rows:
                self._add_member(slug, key, joined)
        for slug, key, joined, _left, notes in FORMER_MEMBERSHIPS:
            self._add_member(slug, key, joined, notes)

    def load_people(self):
        for key, first, last, agency_key, job_title, public, team_role, username in PEOPLE:
            agency = self.agencies[agency_key] if agency_key else None
            if username:
                person = Person.objects.filter(user__username__iexact=username).first()
            else:
                person = Person.objects.filter(first_name=first, last_name=last, agency=agency).first()
            if person is None:
                person = members_services.person_create(
                    by=self.by,
                    first_name=first,
                    last_name=last,
                    agency=agency,
                    job_title=job_title,
                    email=_email(first, last, self._domain(agency_key)),
                    phone=f"07700 900{len(self.people):03d}",
                    contact_public=public,
                    team_role=team_role,
                    username=username,
                    password=self.password if username else None,
                )
                self.created["people"] += 1
                if username:
                    self.created["logins"] += 1
            self.people[key] = person

    @staticmethod
    def _domain(agency_key):
        return next((row[5] for row in AGENCIES if row[0] == agency_key), "")

    def load_groups(self):
        for slug, rows in GROUPS.items():
            partnership = self.partnerships[slug]
            for name, kind, parent, lead, remit, closed in rows:
                group = PartnershipGroup.objects.filter(partnership=partnership, name=name).first()
                if group is None:
                    group = partnership_services.group_create(
                        partnership=partnership,
                        by=self.by,
                        name=name,
                        kind=kind,
                        remit=remit,
                        lead=self.people[lead] if lead else None,
                        parent=self.groups[slug, parent] if parent else None,
                    )
                    self.created["groups"] += 1
                    if closed:
                        group = partnership_services.group_update(
                            group=group, by=self.by, version=group.version, is_archived=True
                        )
                self.groups[slug, name] = group

    def load_roles(self):
        for slug, rows in PARTNERSHIP_ROLES.items():
            partnership = self.partnerships[slug]
            for person_key, role, *started in rows:
                person = self.people[person_key]
                if not PartnershipRole.objects.filter(partnership=partnership, person=person, role=role).exists():
                    members_services.partnership_role_assign(
                        partnership=partnership,
                        person=person,
                        role=role,
                        started=started[0] if started else DEFAULT_STARTED,
                        by=self.by,
                    )
                    self.created["partnership roles"] += 1
        for slug, rows in AGENCY_ROLES.items():
            partnership = self.partnerships[slug]
            for person_key, role, *started in rows:
                person = self.people[person_key]
                held = AgencyRole.objects.filter(partnership=partnership, agency_id=person.agency_id, person=person)
                if not held.filter(role=role).exists():
                    members_services.agency_role_assign(
                        partnership=partnership,
                        agency=person.agency,
                        person=person,
                        role=role,
                        started=started[0] if started else DEFAULT_STARTED,
                        by=self.by,
                    )
                    self.created["agency roles"] += 1

    def load_departures(self):
        for slug, key, joined, left, notes in FORMER_MEMBERSHIPS:
            membership = self._add_member(slug, key, joined, notes)
            if membership.left is None:
                members_services.membership_update(
                    membership=membership, by=self.by, version=membership.version, left=left
                )
                self.created["memberships ended"] += 1
        for slug, outgoing_key, successor_key, on, has_left in HANDOVERS:
            partnership = self.partnerships[slug]
            outgoing = Person.objects.get(pk=self.people[outgoing_key].pk)
            still_holds = (
                AgencyRole.objects.current().filter(partnership=partnership, person=outgoing).exists()
                or PartnershipRole.objects.current().filter(partnership=partnership, person=outgoing).exists()
            )
            if still_holds:
                members_services.officer_handover(
                    partnership=partnership,
                    outgoing=outgoing,
                    successor=self.people[successor_key],
                    by=self.by,
                    outgoing_has_left=has_left,
                    on=on,
                )
                self.created["handovers"] += 1


def load_demo(*, password=DEFAULT_PASSWORD):
    """Load the demo; return (the admin user, counts of what was created, notes, seconds taken).

    All or nothing: the whole load is one transaction. Northdale's year of meetings (meetings/demo.py)
    is loaded after the people, and only if its board has no meetings yet; then its strategy and current
    plan (workplan/demo.py), only if it has no workplan yet; then last year's approved annual review and
    this year's open one (reviews/demo.py), only if it has no review or framework of its own yet.
    """
    _check_data()
    started = time.monotonic()
    # The emails are queued for the commit, so the quiet backend stays in place until after it.
    with override_settings(EMAIL_BACKEND=QUIET_EMAIL_BACKEND), transaction.atomic():
        User = get_user_model()
        admin = User.objects.filter(username=ADMIN_USERNAME).first()
        loader_notes = []
        created_admin = admin is None
        if created_admin:
            admin = User.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", password)
        elif not admin.is_superuser:
            loader_notes.append(f"The existing user {ADMIN_USERNAME!r} is not a superuser; left as it is.")
        loader = _Loader(admin, password)
        loader.notes.extend(loader_notes)
        loader.run()
        loader.created.update(
            meetings_demo.load(by=admin, partnership=loader.partnerships["northdale"], people=loader.people)
        )
        loader.created.update(
            workplan_demo.load(
                by=admin, partnership=loader.partnerships["northdale"], people=loader.people, agencies=loader.agencies
            )
        )
        loader.created.update(
            reviews_demo.load(
                by=admin, partnership=loader.partnerships["northdale"], people=loader.people, agencies=loader.agencies
            )
        )
        loader.created.update(
            casereviews_demo.load(
                by=admin,
                partnership=loader.partnerships["northdale"],
                people=loader.people,
                agencies=loader.agencies,
                password=password,
            )
        )
        if created_admin:
            loader.created["superuser"] += 1
        # The story's emails (agendas published, minutes circulated) were queued for the background worker;
        # they are sent here, through the quiet backend, so that no worker later mails the fictional people.
        story = EmailBatch.objects.filter(partnership__in=loader.partnerships.values(), state=EmailBatch.State.QUEUED)
        for batch_id in story.values_list("pk", flat=True):
            email_batch_send.call(batch_id)
    return admin, loader.created, loader.notes, time.monotonic() - started
