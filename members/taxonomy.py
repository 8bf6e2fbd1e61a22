"""The bodies a partnership draws on and their usual standing under the Crime and Disorder Act 1998.

After the Nacro guide to partnership working (2001), Table 1 and its list of bodies to be invited to
cooperate. Shipped as editable data: a coordinator or an administrator can add, rename or reclassify.
"""

TABLE_1 = "After Nacro (2001), Table 1"
INVITED = "After Nacro (2001), bodies to be invited to cooperate"
LOCAL = "Added for partnerships today"

# (name, category, statutory role, sector, source)
AGENCY_TYPES = [
    ("County council", "council", "responsible", "council", TABLE_1),
    ("Welsh unitary authority", "council", "responsible", "council", TABLE_1),
    ("English district council", "council", "responsible", "council", TABLE_1),
    ("London borough council", "council", "responsible", "council", TABLE_1),
    ("English unitary authority", "council", "responsible", "council", TABLE_1),
    ("Metropolitan borough council", "council", "responsible", "council", TABLE_1),
    ("Police authority or police force", "other", "responsible", "police", TABLE_1),
    ("Greater London Authority", "council", "required", "council", TABLE_1),
    ("National Assembly for Wales", "council", "required", "council", TABLE_1),
    ("Fire authority", "council", "required", "fire", TABLE_1),
    ("Joint authority", "council", "required", "council", TABLE_1),
    ("Norfolk Broads Authority", "council", "required", "council", TABLE_1),
    ("National park authority", "council", "required", "council", TABLE_1),
    ("Parish or town council (England)", "council", "required", "council", TABLE_1),
    ("Parish meeting (England)", "council", "required", "council", TABLE_1),
    ("Community council (Wales)", "council", "required", "council", TABLE_1),
    ("Community meeting (Wales)", "council", "required", "council", TABLE_1),
    ("Probation service", "other", "required", "probation", TABLE_1),
    ("Health authority or NHS trust", "other", "required", "health", TABLE_1),
    ("Proprietor of an independent school", "other", "required", "education", TABLE_1),
    ("Governing body of a further education institution", "other", "required", "education", TABLE_1),
    ("Registered social landlord", "other", "invited", "housing", INVITED),
    ("School, further education or tertiary college", "other", "invited", "education", INVITED),
    ("Learning and Skills Council", "other", "invited", "education", INVITED),
    ("Youth service", "other", "invited", "youth", INVITED),
    ("Crown Prosecution Service", "other", "invited", "justice", INVITED),
    ("Crown or magistrates' court", "other", "invited", "justice", INVITED),
    ("Drug action team", "other", "invited", "drugs", INVITED),
    ("Neighbourhood Watch", "other", "invited", "voluntary", INVITED),
    ("Victim Support", "other", "invited", "voluntary", INVITED),
    ("Military police", "other", "invited", "police", INVITED),
    ("Public transport provider", "other", "invited", "transport", INVITED),
    ("Fire service", "other", "invited", "fire", INVITED),
    ("Group for the interests of women", "other", "invited", "voluntary", INVITED),
    ("Group for the interests of young people", "other", "invited", "voluntary", INVITED),
    ("Group for the interests of elderly people", "other", "invited", "voluntary", INVITED),
    ("Group for the interests of disabled people", "other", "invited", "voluntary", INVITED),
    ("Group furthering good race relations", "other", "invited", "voluntary", INVITED),
    ("Group for the interests of lesbians and gay men", "other", "invited", "voluntary", INVITED),
    ("Group established for religious purposes", "other", "invited", "voluntary", INVITED),
    ("Residents' group", "other", "invited", "community", INVITED),
    ("Business or retailers' group", "other", "non_statutory", "business", LOCAL),
    ("Other voluntary or community organisation", "other", "non_statutory", "voluntary", LOCAL),
]


def load_agency_types(AgencyType):
    """Create the shipped types that are missing; leave edited or added ones alone."""
    for order, (name, category, role, sector, source) in enumerate(AGENCY_TYPES, start=1):
        AgencyType.objects.get_or_create(
            name=name,
            defaults={"category": category, "statutory_role": role, "sector": sector, "source": source, "order": order},
        )


# Today's statutory partners -------------------------------------------------------------------------
#
# Written in our own words from the Crime and Disorder Act 1998 as amended (s.5(1) responsible
# authorities; s.5(2)-(3) co-operating and invited bodies), the Police Reform and Social Responsibility
# Act 2011 and the Crime and Disorder Strategies (Prescribed Descriptions) (England) Order 2004
# (SI 2004/118). Checked against the legislation text as it stood on 20 December 2023; where a date is
# inferred rather than read from the Act's own annotations, the citation says so.
CDA_S5 = "Crime and Disorder Act 1998, s.5(1)"
SI_2004_118 = "SI 2004/118, art.2 (co-operating bodies, England)"

# (name, category, statutory role, sector, nation ("" both, "england", "wales"), applies from, citation)
TODAY_TYPES = [
    (
        "Chief officer of police",
        "other",
        "responsible",
        "police",
        "",
        None,
        f"{CDA_S5}(b): every chief officer of police whose force covers any of the area (in the Act as passed).",
    ),
    (
        "Fire and rescue authority",
        "council",
        "responsible",
        "fire",
        "",
        "2003-04-01",
        f"{CDA_S5}(d), added by the Police Reform Act 2002 s.97 from 1 April 2003 (SI 2003/808).",
    ),
    (
        "Integrated care board",
        "other",
        "responsible",
        "health",
        "england",
        "2022-07-01",
        f"{CDA_S5}(e) (England): integrated care boards took the place of clinical commissioning groups "
        "under the Health and Care Act 2022; the date is when boards were set up (SI 2022/634), "
        "not read from the section's own annotation.",
    ),
    (
        "Local health board",
        "other",
        "responsible",
        "health",
        "wales",
        None,
        f"{CDA_S5}(f) (Wales): the local health board whose area covers any of the area.",
    ),
    (
        "The Probation Service",
        "other",
        "responsible",
        "probation",
        "",
        "2010-04-01",
        f"{CDA_S5}(aa): providers of probation services, added by the Policing and Crime Act 2009 s.108; "
        "in force from April 2010 (inferred from the Welsh amending regulations, SI 2010/648).",
    ),
    (
        "Police and crime commissioner",
        "other",
        "required",
        "police",
        "",
        "2012-11-22",
        "Not a responsible authority. Police Reform and Social Responsibility Act 2011 s.10: the commissioner "
        "and the responsible authorities must co-operate with each other, and each must have regard to the "
        "other's priorities (in force 22 November 2012; not for devolved Welsh functions).",
    ),
    (
        "Youth justice service (youth offending team)",
        "council",
        "invited",
        "youth",
        "",
        None,
        "Crime and Disorder Act 1998 ss.38-39: the council provides youth justice services through youth "
        "offending teams. They are not responsible authorities; partnerships usually invite them.",
    ),
    (
        "NHS trust running a hospital or service in the area",
        "other",
        "required",
        "health",
        "england",
        "2004-02-23",
        f"{SI_2004_118}(b).",
    ),
    (
        "Governing body of a maintained school",
        "other",
        "required",
        "education",
        "england",
        "2004-02-23",
        f"{SI_2004_118}(c).",
    ),
    (
        "Housing association (registered provider of social housing)",
        "other",
        "invited",
        "housing",
        "",
        None,
        "Usually invited to take part (Crime and Disorder Act 1998 s.5(3)); we could not confirm that it is "
        "prescribed as a co-operating body today.",
    ),
]

# 2001 types whose standing has changed or whose body no longer exists: kept (old records still point
# at them) and marked historical, with the date their standing ended where the law gives one.
HISTORICAL_TYPES = {
    "Police authority or police force": (
        "2012-11-21",
        "Police authorities were responsible authorities from 2003 and were abolished on 22 November 2012, "
        "when police and crime commissioners took their place (Police Reform and Social Responsibility "
        "Act 2011 s.1 and Sch.11). The force itself is now listed as 'Chief officer of police'.",
    ),
    "Fire authority": (
        "2003-03-31",
        "Required to co-operate in 2001; a responsible authority from 1 April 2003 as 'Fire and rescue authority'.",
    ),
    "Probation service": (
        "2010-03-31",
        "Required to co-operate in 2001; providers of probation services are responsible authorities from "
        "April 2010: see 'The Probation Service'.",
    ),
    "Health authority or NHS trust": (
        None,
        "Health authorities were replaced as responsible authorities by primary care trusts, then clinical "
        "commissioning groups (2013) and integrated care boards (July 2022) in England, and local health "
        "boards in Wales.",
    ),
    "Learning and Skills Council": (None, "The body no longer exists."),
    "National Assembly for Wales": (
        None,
        "Listed in the 2001 guide; Welsh devolved functions are now the Welsh Government's.",
    ),
    "Fire service": (None, "Now a responsible authority: see 'Fire and rescue authority'."),
}


def load_today_types(AgencyType):
    """Add today's types that are missing and mark the 2001 ones that are historical; edits are kept."""
    start = AgencyType.objects.count() + 1
    for order, (name, category, role, sector, nation, since, citation) in enumerate(TODAY_TYPES, start=start):
        AgencyType.objects.get_or_create(
            name=name,
            defaults={
                "category": category,
                "statutory_role": role,
                "sector": sector,
                "nation": nation,
                "applies_from": since,
                "source": "The law today (checked December 2023)",
                "citation": citation,
                "order": order,
            },
        )
    for name, (until, citation) in HISTORICAL_TYPES.items():
        AgencyType.objects.filter(name=name, is_historical=False).update(
            is_historical=True, applies_until=until, citation=citation
        )
