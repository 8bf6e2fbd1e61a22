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
