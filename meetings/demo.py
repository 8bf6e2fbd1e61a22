"""Demo meetings for Northdale: a year of its board and two sub-groups, and the board's year before
(`EARLIER`, for last year's annual review), loaded through meetings.services.

overview.demo.load_demo calls `load` once the partnerships, agencies and people exist. Dates count
from today, so the demo always has recent meetings, one coming up and actions falling due. Each step is
taken with the services' clock set to when it would have happened (see `Replay`): circulation dates,
closed actions, progress notes, history rows and the audit log then read like a year of use, and the
services' own rules (no action due in the past, attendance only once a meeting has started, approval at
a later meeting) hold as they would in real life.
"""

import datetime
import heapq
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings import selectors, services
from meetings.models import ActionPoint, AgendaItem, Attendance, Meeting, Minutes
from members import services_groups as group_services
from members.models import GroupMember
from partnership.models import PartnershipGroup

PARTNERSHIP = "northdale"
BOARD = "Partnership Board"
DAY = datetime.timedelta(days=1)
S = Attendance.Status
A = ActionPoint.Status
TODAY = "today"  # in an action's due date: ("today", days) counts from today, not from the meeting


class Step(NamedTuple):
    """Progress on an action, logged `days` after the meeting that set it."""

    days: int
    status: str
    note: str
    author: str = ""  # person key; the owner when blank
    reason: str = ""  # why it was dropped


class Act(NamedTuple):
    owner: str
    description: str
    due: object  # days after the meeting, or (TODAY, days)
    steps: tuple = ()


class Topic(NamedTuple):
    title: str
    presenter: str
    description: str
    discussion: str
    decision: tuple = ()  # (wording, who it binds)
    actions: tuple = ()
    paper: str = ""  # a key of PAPERS
    confidential: str = ""  # the reason, for a confidential item
    shared_with: tuple = ()  # person keys: the item is shared with their agencies


class Slot(NamedTuple):
    topics: tuple
    away: tuple = ()  # (person key, status) or (person key, SUBSTITUTE, for whom); everyone else is present
    aob: str = ""
    postpone: tuple = ()  # (days later, reason)
    cancel: str = ""  # reason
    correspondence: tuple = ()  # (wording, binds, ((person key, days after the meeting), ...))


class Schedule(NamedTuple):
    group: str
    weekday: int  # 0 is Monday
    week: int
    interval: int  # months
    at: datetime.time
    minutes: int
    location: str
    online_link: str
    is_public: bool
    not_before_days: int  # the next meeting is the first date on the rule at least this many days ahead
    members: tuple  # person keys of those expected
    approver: str  # who approves the minutes: the group's chair
    skip: tuple = ()  # indexes of dates on the rule left out when the year was planned
    late_circulation: bool = False  # the minutes approved at the latest meeting went out late
    publish_next_agenda: bool = False  # publish the coming meeting's agenda even if it is early


# Topics ---------------------------------------------------------------------------------------

TOPICS = {
    # The board ---------------------------------------------------------------------------------
    "plan_draft": Topic(
        "Partnership plan: draft priorities for next year",
        "okafor",
        "The analyst presents the draft priorities drawn from this year's strategic assessment.",
        "Daniel Okafor took the board through the strategic assessment. Anti-social behaviour in three "
        "neighbourhoods, domestic abuse, reoffending and drug-related harm remain the biggest problems; "
        "partners asked that community engagement become a priority of its own.",
        decision=("The board agreed five draft priorities for public consultation.", "All partners"),
        actions=(
            Act(
                "okafor",
                "Run the public consultation on the draft priorities and bring the results to the board.",
                100,
                (
                    Step(40, A.IN_PROGRESS, "The survey is on the council's website: 180 responses so far."),
                    Step(98, A.DONE, "Consultation closed with 412 responses. A summary is in the board papers."),
                ),
            ),
        ),
    ),
    "asb_winter": Topic(
        "Anti-social behaviour hotspots",
        "barrow",
        "Where reports have risen this autumn, and what the neighbourhood team is doing about them.",
        "Sgt Lee Barrow reported a rise in reports on the Ashgrove Estate and around Kettleby bus "
        "station, mostly young people gathering after dark. The council and Northdale Homes offered "
        "to share their complaints logs so repeat callers can be identified.",
        actions=(
            Act(
                "beckett",
                "Map repeat callers about anti-social behaviour on the Ashgrove Estate, with Northdale Homes.",
                60,
                (
                    Step(
                        21, A.IN_PROGRESS, "Northdale Homes has sent its complaints log; matching it to police calls."
                    ),
                    Step(52, A.DONE, "Map finished: 14 households call repeatedly. Shared with the sub-group."),
                ),
            ),
        ),
    ),
    "nte_winter": Topic(
        "Night-time economy: the winter plan",
        "doyle",
        "Plans for Kettleby town centre over the Christmas and New Year weekends.",
        "Karen Doyle presented the winter plan agreed with licensees: a radio link between door staff, "
        "the taxi marshal on Saturday nights and a safe space at the bus station. The police will "
        "match patrols to the busiest nights.",
        actions=(
            Act(
                "khan",
                "Arrange high-visibility patrols in Kettleby town centre on Friday and Saturday nights "
                "over Christmas and New Year.",
                28,
                (
                    Step(
                        30,
                        A.DONE,
                        "Patrols ran every Friday and Saturday over the holidays, linked to the door staff radio.",
                    ),
                ),
            ),
        ),
        paper="nte_briefing",
    ),
    "engagement_survey": Topic(
        "Community engagement: residents' survey",
        "dunn",
        "Early results of the survey on how safe people feel.",
        "Rachel Dunn reported that 61% of residents feel safe in the town centre after dark, down from "
        "66% two years ago. Older residents and women felt least safe. The board asked that the "
        "results shape the consultation on next year's priorities.",
    ),
    "performance_q4": Topic(
        "Quarterly performance report",
        "okafor",
        "Crime and anti-social behaviour figures by ward, against the partnership plan's targets.",
        "Daniel Okafor presented the figures. Anti-social behaviour is down 8% on the same quarter last "
        "year but up on the Ashgrove Estate. Partners asked to see how many victims report more than once.",
        actions=(
            Act(
                "smithson",
                "Add figures on repeat victims of anti-social behaviour to the quarterly performance report.",
                56,
                (Step(50, A.DONE, "Repeat-victim figures are in the report from this quarter on."),),
            ),
        ),
        paper="performance",
    ),
    "safer_streets": Topic(
        "Safer Streets bid: CCTV and lighting for the Ashgrove Estate",
        "whitlock",
        "A bid for CCTV and better lighting, with £20,000 of match funding from the partnership.",
        "Gary Whitlock outlined the bid. Partners supported it, but the meeting was not quorate, so the "
        "chair will ask partners to agree it by email before the deadline.",
    ),
    "da_referrals": Topic(
        "Domestic abuse referrals",
        "lindley",
        "Referrals to Northdale Women's Aid and to MARAC over the last quarter.",
        "Kate Lindley reported referrals up by a fifth, with more self-referrals since the awareness "
        "campaign. Waiting times for refuge places in the county are a concern.",
        actions=(
            Act(
                "pryce",
                "Report to the board on waiting times for refuge places in Eastshire.",
                60,
                (
                    Step(
                        45,
                        A.DROPPED,
                        "The county's needs assessment answers this.",
                        reason="The county's domestic abuse needs assessment covers refuge waiting times and "
                        "reports to the county group; a separate report is not needed.",
                    ),
                ),
            ),
        ),
    ),
    "youth_diversion": Topic(
        "Youth diversion",
        "kerr",
        "Keeping young people out of the justice system: the youth justice service's prevention work.",
        "Siobhan Kerr reported 31 young people on diversion programmes, with few reoffending. Kettleby "
        "Youth Project offered to run Friday evening sessions on the Ashgrove Estate.",
        actions=(
            Act(
                "blake",
                "Start Friday evening youth sessions at the Ashgrove community centre.",
                90,
                (
                    Step(30, A.IN_PROGRESS, "Hall booked and two youth workers recruited."),
                    Step(85, A.DONE, "Sessions run every Friday; about 25 young people come each week."),
                ),
            ),
        ),
    ),
    "county_lines": Topic(
        "Drug-related offending: county lines",
        "khan",
        "Drug supply lines into Northdale and the homes taken over by dealers ('cuckooing').",
        "Ch Insp Aisha Khan described two lines supplying Kettleby and five homes taken over since the "
        "spring, all of vulnerable tenants. The board discussed the county's cuckooing protocol.",
        decision=(
            "The board adopted the county's cuckooing protocol: partners will tell the police within one "
            "working day about any home they suspect has been taken over.",
            "Eastshire Police, Northdale District Council and the housing providers",
        ),
        actions=(
            Act(
                "quinn",
                "Brief housing officers on the cuckooing protocol.",
                42,
                (Step(35, A.DONE, "All tenancy and neighbourhood officers briefed at team meetings."),),
            ),
            Act(
                "khan",
                "Share the county lines problem profile with partners, with personal details removed.",
                (TODAY, -12),
                (Step(20, A.IN_PROGRESS, "Redacted draft is with the force's disclosure team.", author="smithson"),),
            ),
        ),
    ),
    "assessment_timetable": Topic(
        "Strategic assessment: timetable",
        "okafor",
        "When partners need to send data for this year's strategic assessment.",
        "Partners agreed to send their data by the end of September. Health and the fire service will "
        "add data they have not shared before.",
    ),
    "engagement_summer": Topic(
        "Community engagement: summer events",
        "dunn",
        "Partnership stalls at the Kettleby carnival and the Millfield fun day.",
        "Rachel Dunn thanked partners who staffed the stalls. Residents asked what happened after the "
        "last survey; the board agreed to report back to them.",
        actions=(
            Act(
                "dunn",
                "Publish a 'You said, we did' summary on the partnership's web page.",
                60,
                (Step(40, A.DONE, "Published, and shared in the council's residents' newsletter."),),
            ),
        ),
    ),
    "accommodation": Topic(
        "Reducing reoffending: housing on release from prison",
        "shaw",
        "People leaving custody with nowhere to live, and what partners can do.",
        "Kevin Shaw reported that one in five people released to Northdale had no settled address. "
        "Fenbridge Housing Association offered to look for move-on flats.",
        actions=(Act("ogunleye", "Find two move-on flats for people leaving custody.", (TODAY, -30)),),
    ),
    "performance": Topic(
        "Quarterly performance report",
        "okafor",
        "Crime and anti-social behaviour figures by ward, against the partnership plan's targets.",
        "Daniel Okafor presented the figures, now with repeat victims shown. Most measures are on track; "
        "criminal damage in Millfield is not.",
        paper="performance",
    ),
    "licensing_review": Topic(
        "Night-time economy: licensing review",
        "doyle",
        "Whether Kettleby town centre needs a cumulative impact assessment.",
        "Karen Doyle set out the evidence of alcohol-related disorder around Market Street. The board "
        "supported a consultation.",
        decision=(
            "The board supported the council consulting on a cumulative impact assessment for Kettleby town centre.",
            "Northdale District Council",
        ),
        actions=(
            Act(
                "doyle",
                "Report the results of the consultation on a cumulative impact assessment.",
                84,
                (Step(30, A.IN_PROGRESS, "Consultation open until the end of next month; 46 responses so far."),),
            ),
        ),
    ),
    "ashgrove_hotspot": Topic(
        "Anti-social behaviour hotspots: the Ashgrove Estate",
        "barrow",
        "Progress on the estate since the repeat callers were mapped.",
        "Sgt Lee Barrow and Tom Beckett reported fewer calls overall, but three addresses account for "
        "most of the remaining reports.",
        actions=(
            Act(
                "beckett",
                "Serve community protection warnings at the three addresses identified.",
                (TODAY, 5),
                (Step(14, A.IN_PROGRESS, "Warnings served at two addresses; the third tenant is in hospital."),),
            ),
        ),
    ),
    "case_review": Topic(
        "Multi-agency case review: Mill Lane, Kettleby",
        "khan",
        "Repeated reports of drug dealing and threats to neighbours at one address.",
        "The police, probation and the council described the history of the address and the risks to the "
        "tenant, who is under probation supervision. Partners agreed that a closure order is needed to "
        "protect the neighbours, with support for the tenant to move.",
        decision=(
            "The board agreed that the police should apply for a closure order on the Mill Lane address, "
            "with the council and probation supporting the application.",
            "Eastshire Police, Northdale District Council and the Probation Service",
        ),
        actions=(
            Act(
                "khan",
                "Apply to the magistrates' court for a closure order on the Mill Lane address and report the "
                "outcome to the chair.",
                49,
                (
                    Step(
                        20,
                        A.IN_PROGRESS,
                        "Evidence file is with the force solicitor; waiting for a hearing date.",
                        author="barrow",
                    ),
                ),
            ),
        ),
        paper="chronology",
        confidential="Personal information about named residents, and a live police investigation.",
        shared_with=("khan", "shaw"),
    ),
    "da_q2": Topic(
        "Domestic abuse referrals: the last quarter",
        "lindley",
        "Referrals by source, and outcomes at MARAC.",
        "Kate Lindley reported that referrals from the police fell by a third while referrals from "
        "health rose. Nobody could yet explain the fall.",
        actions=(
            Act(
                "khan",
                "Find out why police referrals to domestic abuse services fell last quarter, and report back.",
                (TODAY, 3),
            ),
        ),
    ),
    "youth_halfterm": Topic(
        "Youth diversion: half-term activities",
        "blake",
        "What the youth project ran over half term, and plans for the holidays.",
        "Jordan Blake reported 140 young people at half-term activities and no rise in reports of "
        "anti-social behaviour that week. Partners want the same over the Christmas holidays.",
        actions=(
            Act(
                "beckett",
                "Arrange joint outreach patrols with Kettleby Youth Project over the Christmas holidays.",
                (TODAY, 24),
            ),
        ),
    ),
    "treatment_referrals": Topic(
        "Drug-related offending: referrals into treatment",
        "abbott",
        "How many people arrested for drug-related offences reach treatment.",
        "Colin Abbott reported that few people arrested for drug-related offences are referred to "
        "treatment. The police and the recovery service will pilot a referral route from custody.",
        actions=(
            Act(
                "abbott",
                "Set up a referral route from police custody to the recovery service.",
                60,
                (
                    Step(
                        14,
                        A.IN_PROGRESS,
                        "Pilot agreed with the custody sergeants; it starts next month.",
                        author="webster",
                    ),
                ),
            ),
        ),
    ),
    "bonfire": Topic(
        "Bonfire night and Halloween",
        "lowe",
        "Fire safety and anti-social behaviour around bonfire night.",
        "Station Manager Gareth Lowe set out the fire service's plans, with joint patrols on the two busiest nights.",
        actions=(
            Act(
                "lowe",
                "Arrange fire safety visits in the Ashgrove and Millfield wards before bonfire night.",
                14,
                (
                    Step(
                        13,
                        A.DONE,
                        "92 homes visited; fireworks safety leaflets given out in both wards.",
                        author="morris",
                    ),
                ),
            ),
        ),
    ),
    "assessment_first_look": Topic(
        "Strategic assessment: first findings",
        "okafor",
        "What this year's assessment shows, ahead of next year's plan.",
        "",
    ),
    "nte_christmas": Topic(
        "Night-time economy: Christmas and New Year",
        "doyle",
        "This year's plans for the busiest nights in Kettleby town centre.",
        "",
    ),
    "engagement_newsletter": Topic(
        "Community engagement: the winter newsletter",
        "dunn",
        "What the partnership tells residents this winter, and how.",
        "",
    ),
    "sharing_agreement": Topic(
        "Information sharing agreement: annual review",
        "smithson",
        "Proposed changes to the agreement that lets partners share personal information lawfully.",
        "",
    ),
    # The anti-social behaviour sub-group --------------------------------------------------------
    "hotspots": Topic(
        "Hotspot locations",
        "barrow",
        "The police and council's review of the places with most reports this quarter.",
        "Sgt Lee Barrow went through the hotspot map. Partners agreed where to focus patrols and "
        "outreach until the next meeting.",
    ),
    "community_trigger": Topic(
        "Anti-social behaviour case reviews",
        "beckett",
        "Case reviews requested by victims (the 'community trigger') since the last meeting.",
        "Tom Beckett reported the case reviews held since the last meeting and what each one agreed.",
    ),
    "noise_service": Topic(
        "Noise nuisance at weekends",
        "keane",
        "Complaints about noise on Friday and Saturday nights, when the council has no one on call.",
        "Martin Keane reported that half of all noise complaints come in at weekends. Partners asked "
        "what an out-of-hours service would cost.",
        actions=(
            Act(
                "keane",
                "Cost a weekend out-of-hours noise service.",
                60,
                (
                    Step(
                        55,
                        A.DROPPED,
                        "Costed at £38,000 a year.",
                        reason="There is no budget for it this year; the council will look again when it "
                        "sets next year's budget.",
                    ),
                ),
            ),
        ),
    ),
    "ashgrove_youth": Topic(
        "Ashgrove Estate: young people gathering in the blocks",
        "blake",
        "Young people gathering in the stairwells of Ashgrove House.",
        "Jordan Blake and Lisa Quinn reported that the broken door entry system lets people into the "
        "block at night. The youth project will offer activities nearby.",
        actions=(
            Act(
                "hale",
                "Repair the door entry system at Ashgrove House.",
                42,
                (
                    Step(14, A.IN_PROGRESS, "Contractor booked."),
                    Step(30, A.DONE, "New door entry system fitted and working."),
                ),
            ),
        ),
    ),
    "closure_orders": Topic(
        "Closure orders and injunctions",
        "beckett",
        "The powers partners have used this year, and what made applications succeed or fail.",
        "Tom Beckett summarised four closure orders and two injunctions. Partners asked for clearer "
        "guidance on preparing evidence.",
        decision=(
            "The sub-group agreed a shared checklist for partners preparing evidence for closure orders.",
            "Partners on the sub-group",
        ),
        actions=(
            Act(
                "beckett",
                "Update the anti-social behaviour case-management guidance for partners.",
                (TODAY, -6),
                (
                    Step(
                        20,
                        A.IN_PROGRESS,
                        "First draft written; waiting for comments from the police and Northdale Homes.",
                    ),
                ),
            ),
        ),
    ),
    "millfield_park": Topic(
        "Millfield Park after dark",
        "hughes",
        "Reports of drinking and damage in the park in the evenings.",
        "PCSO Natalie Hughes reported damage to the play area and groups drinking after dark. The "
        "neighbourhood team will patrol more often.",
        actions=(
            Act(
                "barrow",
                "Add Millfield Park to the evening patrol plan for the next six weeks.",
                30,
                (Step(28, A.DONE, "Six weeks of evening patrols done; reports fell from 11 to 3."),),
            ),
        ),
    ),
    "millfield_flytipping": Topic(
        "Fly-tipping and criminal damage in Millfield",
        "whitlock",
        "Fly-tipping along Millfield Road, and damage to bus shelters.",
        "Gary Whitlock proposed moving the redeployable CCTV camera to Millfield Road. Agreed.",
        actions=(Act("whitlock", "Move the redeployable CCTV camera to Millfield Road.", (TODAY, 6)),),
    ),
    "partner_updates": Topic(
        "Updates from partners",
        "raman",
        "Short updates from each partner on work that affects anti-social behaviour.",
        "Partners gave short updates. Northdale Homes reported two new tenancy enforcement officers.",
    ),
    # The domestic abuse sub-group ---------------------------------------------------------------
    "marac": Topic(
        "Referrals to MARAC",
        "saleh",
        "Cases referred to the multi-agency risk assessment conference, by source.",
        "Amira Saleh presented the referral figures. Partners discussed referrals that arrived without "
        "enough information to assess the risk.",
    ),
    "marac_forms": Topic(
        "Referrals to MARAC: incomplete forms",
        "saleh",
        "Referrals that arrive without enough information to assess the risk.",
        "Amira Saleh reported that a quarter of police referrals lacked the risk checklist. The police "
        "agreed to check forms before they are sent.",
        actions=(
            Act(
                "barrow",
                "Check that police referral forms are complete before they go to MARAC.",
                30,
                (Step(26, A.DONE, "Supervisors now check every form; none incomplete this month."),),
            ),
        ),
    ),
    "schools": Topic(
        "Healthy relationships: awareness in schools and college",
        "ferris",
        "Teaching young people about healthy relationships and where to get help.",
        "Michael Ferris described the college's tutorial programme. Northdale Women's Aid offered to run sessions.",
        actions=(
            Act(
                "ferris",
                "Add healthy relationships sessions, run by Northdale Women's Aid, to the college's tutorials.",
                120,
                (
                    Step(40, A.IN_PROGRESS, "Sessions planned for the spring term."),
                    Step(110, A.DONE, "Sessions delivered to all first-year students."),
                ),
            ),
        ),
    ),
    "children": Topic(
        "Children who witness domestic abuse",
        "lindley",
        "Support for children in families where there is abuse.",
        "Kate Lindley reported a waiting list for the children's support group. The county is funding "
        "a second group from next year.",
    ),
    "white_ribbon": Topic(
        "White Ribbon Day",
        "dunn",
        "How the partnership marks the day, and White Ribbon accreditation.",
        "Rachel Dunn proposed that the partnership seek White Ribbon accreditation. Agreed.",
        decision=("The partnership will apply for White Ribbon accreditation.", "All partners"),
        actions=(
            Act(
                "dunn",
                "Plan the partnership's White Ribbon Day events.",
                75,
                (Step(30, A.IN_PROGRESS, "Venue booked for the vigil; schools invited to the poster competition."),),
            ),
        ),
    ),
    "older_victims": Topic(
        "Domestic abuse of older people",
        "jennings",
        "Abuse of older people by partners and adult children, and why it goes unreported.",
        "Harold Jennings presented the older people's forum's leaflet. Partners offered to share it.",
        actions=(
            Act(
                "jennings",
                "Send the older people's forum's leaflet to every GP surgery in Northdale.",
                40,
                (Step(30, A.DONE, "Sent to all nine surgeries; two asked for more copies."),),
            ),
        ),
    ),
    "perpetrators": Topic(
        "Perpetrator programme: early results",
        "lowry",
        "The first year of the programme for men who abuse their partners.",
        "Hannah Lowry reported that 18 men started the programme and 11 completed it. Partners asked to "
        "see the evaluation.",
        actions=(Act("lowry", "Share the first evaluation of the perpetrator programme with the sub-group.", 56),),
    ),
    "workplaces": Topic(
        "Domestic abuse policies at work",
        "pryce",
        "Helping employers support staff who are being abused.",
        "Joanne Pryce presented the county's model workplace policy. The council will share it with partner employers.",
        actions=(
            Act(
                "pike",
                "Send the model workplace domestic abuse policy to partner employers.",
                (TODAY, 2),
            ),
        ),
    ),
    "refuge": Topic(
        "Refuge places",
        "lindley",
        "Demand for refuge places in Eastshire this year.",
        "",
    ),
    "dhr": Topic(
        "Learning from domestic homicide reviews",
        "pryce",
        "What the county's latest review means for partners in Northdale.",
        "",
    ),
    # The board in the year before (see EARLIER) --------------------------------------------------
    "y1_plan_progress": Topic(
        "Partnership plan: progress at the half year",
        "raman",
        "Where the items of this year's plan stand, priority by priority.",
        "Priya Raman reported that most items are on track. The night-time economy items started late "
        "because the taxi marshal contract was re-tendered; the board accepted the revised dates.",
        actions=(
            Act(
                "raman",
                "Circulate the revised timetable for the night-time economy items of the plan.",
                21,
                (Step(12, A.DONE, "Sent to all board members with the papers for the sub-groups."),),
            ),
        ),
    ),
    "y1_asb_autumn": Topic(
        "Anti-social behaviour after the dark nights",
        "khan",
        "Reports over Halloween and bonfire night, and the plan for the winter.",
        "Ch Insp Aisha Khan reported fewer calls over bonfire night than the year before. Partners agreed to "
        "keep the joint patrols on the Ashgrove Estate until the end of January.",
        actions=(
            Act(
                "khan",
                "Report to the board on the winter joint patrols on the Ashgrove Estate.",
                70,
                (
                    Step(30, A.IN_PROGRESS, "Patrols running every Friday and Saturday evening."),
                    Step(63, A.DONE, "Report included in the board papers: calls on the estate fell by a fifth."),
                ),
            ),
        ),
    ),
    "y1_da_update": Topic(
        "Domestic abuse: the sub-group's report",
        "lindley",
        "Referrals, MARAC and the new outreach worker.",
        "Kate Lindley reported that referrals from health services are rising since the training for GP "
        "practices. The outreach worker started in January.",
    ),
    "y1_youth": Topic(
        "Youth diversion in the holidays",
        "kerr",
        "What the youth service offered over the February and Easter holidays.",
        "Siobhan Kerr reported that 140 young people took part in the holiday programme, a third of them from the "
        "hotspot wards.",
        actions=(
            Act(
                "kerr",
                "Share the holiday programme's attendance by ward with the anti-social behaviour sub-group.",
                30,
                (Step(20, A.DONE, "Shared with the sub-group; figures by ward are in its papers."),),
            ),
        ),
    ),
    "y1_plan_agreed": Topic(
        "Partnership plan for the coming year",
        "raman",
        "The draft annual plan: items, leads and the indicators the board will watch.",
        "The board went through the draft plan priority by priority. Partners confirmed their leads and "
        "the resources they had committed.",
        decision=("The board agreed the partnership plan for the coming year.", "All partners"),
    ),
    "y1_reoffending": Topic(
        "Reducing reoffending: accommodation on release",
        "shaw",
        "How many people leaving prison had nowhere to stay on their first night.",
        "The probation service reported that nine people were released to Northdale without an address in the "
        "last quarter. The council agreed to look at emergency places with Northdale Homes.",
        actions=(
            Act(
                "pike",
                "Agree emergency accommodation places for people released without an address.",
                60,
                (
                    Step(25, A.IN_PROGRESS, "Two flats identified with Northdale Homes."),
                    Step(55, A.DONE, "Agreement signed: two emergency flats from the start of next month."),
                ),
            ),
        ),
    ),
    "y1_drugs": Topic(
        "County lines and cuckooing",
        "khan",
        "Police operations against drug lines into Kettleby and the tenants whose homes were taken over.",
        "Ch Insp Aisha Khan reported that two lines were closed this spring. Northdale Homes has a named "
        "officer for every cuckooing case.",
    ),
    "y1_summer": Topic(
        "Summer in the town centre and the parks",
        "marsh",
        "Plans for the summer holidays, the carnival and Millfield Park.",
        "Partners agreed the summer plan. The fire service asked for barbecue safety messages in the "
        "council's newsletter.",
        actions=(
            Act(
                "lowe",
                "Provide barbecue and open-water safety messages for the council's summer newsletter.",
                14,
                (Step(7, A.DONE, "Sent to the council's communications team and published."),),
            ),
        ),
    ),
    "y1_assessment": Topic(
        "Strategic assessment: the timetable",
        "raman",
        "How and when this year's strategic assessment will be put together.",
        "Partners agreed to send their data to the analyst by the end of September.",
        actions=(
            Act(
                "raman",
                "Collect partners' data for the strategic assessment.",
                45,
                (Step(40, A.DONE, "All partners' data received; the analyst has started work."),),
            ),
        ),
    ),
    "y1_nte_summer": Topic(
        "The night-time economy over the summer",
        "marsh",
        "Violence and disorder in Kettleby town centre on Friday and Saturday nights.",
        "Violence with injury was lower than last summer. The safe space ran every weekend with volunteers.",
    ),
    "y1_review_prep": Topic(
        "The annual review",
        "holloway",
        "How the partnership will review its year, and when agencies' returns are due.",
        "The chair asked every partner to complete the annual review return by the end of November.",
    ),
    "y1_winter": Topic(
        "Winter plans: Christmas and the new year",
        "marsh",
        "Partners' plans for the Christmas lights, the late-night shopping evenings and New Year's Eve.",
        "The board agreed the winter plan. Patrols and the safe space will run on the busiest nights.",
    ),
}

# Meetings -------------------------------------------------------------------------------------
# One Slot per date on the schedule, oldest first; the last is the meeting still to come.

SCHEDULES = [
    (
        Schedule(
            BOARD,
            weekday=1,
            week=3,
            interval=2,
            at=datetime.time(14, 0),
            minutes=120,
            location="Council Chamber, Northdale House, Market Street, Kettleby",
            online_link="https://meet.example.org/northdale-board",
            is_public=True,
            not_before_days=4,
            members=(
                "holloway",
                "greaves",
                "raman",
                "pike",
                "hart",
                "marsh",
                "webb",
                "khan",
                "lowe",
                "shaw",
                "quinn",
                "kerr",
                "abbott",
                "lindley",
                "ferris",
                "parkes",
                "cole",
                "lang",
            ),
            approver="holloway",
            skip=(1,),
            publish_next_agenda=True,
        ),
        [
            Slot(
                ("plan_draft", "asb_winter", "nte_winter", "engagement_survey"),
                away=(("lang", S.APOLOGIES), ("ferris", S.APOLOGIES)),
                aob="Eileen Parkes thanked the police for speaking at the Neighbourhood Watch annual meeting.",
            ),
            Slot(
                ("performance_q4", "safer_streets", "da_referrals", "youth_diversion"),
                away=(("shaw", S.APOLOGIES), ("ferris", S.ABSENT), ("cole", S.APOLOGIES)),
                correspondence=(
                    "The partnership agreed to bid to the Safer Streets Fund for CCTV and better lighting on the "
                    "Ashgrove Estate, with Northdale District Council as lead bidder and £20,000 of match "
                    "funding from the partnership's budget.",
                    "Northdale District Council as lead bidder; all partners for the match funding",
                    (("holloway", 1), ("greaves", 2), ("shaw", 4)),
                ),
            ),
            Slot(
                ("county_lines", "assessment_timetable", "engagement_summer", "accommodation"),
                away=(("greaves", S.APOLOGIES), ("chadwick", S.SUBSTITUTE, "greaves"), ("hart", S.APOLOGIES)),
                postpone=(
                    7,
                    "The date clashed with the Police and Crime Panel, which the chair and the police attend.",
                ),
            ),
            Slot(
                ("performance", "licensing_review", "ashgrove_hotspot", "case_review"),
                away=(("ferris", S.ABSENT), ("kerr", S.APOLOGIES)),
            ),
            Slot(
                ("performance", "da_q2", "youth_halfterm", "treatment_referrals", "bonfire"),
                away=(("ferris", S.APOLOGIES), ("parkes", S.APOLOGIES)),
                aob="Brenda Foster asked for the next residents' meeting on the Ashgrove Estate to be in the evening.",
            ),
            Slot(("assessment_first_look", "nte_christmas", "engagement_newsletter", "sharing_agreement")),
        ],
    ),
    (
        Schedule(
            "Anti-social behaviour",
            weekday=3,
            week=2,
            interval=3,
            at=datetime.time(10, 0),
            minutes=90,
            location="Committee Room 2, Northdale House, Market Street, Kettleby",
            online_link="",
            is_public=False,
            not_before_days=4,
            members=(
                "khan",
                "barrow",
                "hughes",
                "beckett",
                "keane",
                "whitlock",
                "raman",
                "quinn",
                "hale",
                "blake",
                "foster",
            ),
            approver="khan",
            late_circulation=True,
        ),
        [
            Slot(("hotspots", "community_trigger", "noise_service"), away=(("foster", S.APOLOGIES),)),
            Slot(("hotspots", "ashgrove_youth", "partner_updates"), away=(("khan", S.APOLOGIES), ("keane", S.ABSENT))),
            Slot(("hotspots", "closure_orders", "millfield_park"), away=(("blake", S.APOLOGIES),)),
            Slot(("hotspots", "community_trigger", "millfield_flytipping"), away=(("hale", S.APOLOGIES),)),
            Slot(("hotspots", "community_trigger", "partner_updates")),
        ],
    ),
    (
        Schedule(
            "Domestic abuse",
            weekday=2,
            week=1,
            interval=3,
            at=datetime.time(13, 30),
            minutes=90,
            location="Training room, Northdale Women's Aid, Station Road, Kettleby",
            online_link="https://meet.example.org/northdale-domestic-abuse",
            is_public=False,
            not_before_days=35,
            members=("lindley", "saleh", "pryce", "barrow", "lowry", "chadwick", "lang", "quinn", "ferris", "raman"),
            approver="lindley",
        ),
        [
            Slot(("marac_forms", "schools", "children"), away=(("ferris", S.APOLOGIES),)),
            Slot(
                ("marac",),
                cancel="Too few partners could attend; the business was carried forward to the next meeting.",
            ),
            Slot(("marac", "white_ribbon", "older_victims"), away=(("ferris", S.ABSENT), ("lang", S.APOLOGIES))),
            Slot(("marac", "perpetrators", "workplaces"), away=(("ferris", S.APOLOGIES),)),
            Slot(("marac", "refuge", "dhr")),
        ],
    ),
]

# The board's year before the one above, oldest first: one Slot per date on its schedule going back
# from the first date above, so that last year's annual review (reviews/demo.py) has meetings to count.
EARLIER = {
    BOARD: [
        Slot(
            ("y1_plan_progress", "y1_asb_autumn", "y1_winter"),
            away=(("lang", S.APOLOGIES), ("cole", S.APOLOGIES)),
        ),
        Slot(("performance", "y1_da_update", "y1_youth"), away=(("ferris", S.APOLOGIES),)),
        Slot(("y1_plan_agreed", "y1_reoffending"), away=(("parkes", S.APOLOGIES), ("kerr", S.APOLOGIES))),
        Slot(("performance", "y1_drugs", "y1_summer"), away=(("ferris", S.ABSENT),)),
        Slot(("y1_assessment", "y1_nte_summer"), away=(("hart", S.APOLOGIES),)),
        Slot(
            ("performance", "y1_review_prep"),
            away=(("parkes", S.APOLOGIES), ("lang", S.APOLOGIES)),
            aob="The chair thanked the fire service for its open day at Kettleby fire station.",
        ),
    ],
}

# The order in which the counts of what was created are reported.
COUNTED = [
    "group seats",
    "quorum rules",
    "meetings",
    "meetings postponed",
    "meetings cancelled",
    "agenda items",
    "confidential shares",
    "papers",
    "agendas published",
    "attendance records",
    "decisions",
    "actions",
    "action updates",
    "item minutes written",
    "minutes circulated",
    "minutes approved",
    "minutes published",
]
QUORUM = {"minimum_present": 8, "every_responsible_authority": True}
WARDS = ["Kettleby Central", "Ashgrove", "Millfield", "Northdale Rural East", "Northdale Rural West"]


# Papers ---------------------------------------------------------------------------------------


def _performance_paper(meeting):
    rows = ["Measure,Ward,This quarter,Same quarter last year"]
    rng = random.Random(timezone.localdate(meeting.starts_at).toordinal())
    for measure, base in (
        ("Anti-social behaviour reports", 120),
        ("Criminal damage", 45),
        ("Domestic abuse incidents", 60),
    ):
        for ward in WARDS:
            before = rng.randint(base // 2, base)
            rows.append(f"{measure},{ward},{max(0, before + rng.randint(-15, 15))},{before}")
    day = timezone.localdate(meeting.starts_at)
    return "Quarterly performance figures", f"performance-figures-{day:%Y-%m}.csv", "\n".join(rows) + "\n"


def _nte_paper(meeting):
    text = (
        "Kettleby town centre: winter plan for the night-time economy\n\n"
        "1. Door staff radio link between all late licensed premises.\n"
        "2. Taxi marshal at the Market Street rank on Saturdays, 10pm to 3am.\n"
        "3. Safe space at the bus station, staffed by volunteers, Fridays and Saturdays.\n"
        "4. Police patrols matched to the busiest nights, agreed weekly with licensees.\n"
        "5. Licensing visits to premises with repeated incidents.\n"
    )
    return "Winter plan: briefing note", "night-time-economy-winter-plan.txt", text


def _chronology_paper(meeting):
    day = timezone.localdate(meeting.starts_at)
    entries = [
        (120, "Neighbour reports visitors at all hours and a smell of cannabis."),
        (95, "Police warrant: small quantity of class A drugs found; tenant says others use the flat."),
        (60, "Tenant tells probation officer he is afraid of the people using his flat."),
        (31, "Neighbour threatened in the stairwell; reported to police and Northdale Homes."),
        (9, "Partnership case review requested by the police."),
    ]
    lines = [
        "CONFIDENTIAL: for partners cleared for this item only",
        "",
        "Chronology, Mill Lane address",
        "",
        *(f"{day - DAY * ago:%d/%m/%Y}  {event}" for ago, event in entries),
    ]
    return "Case chronology", "case-chronology.txt", "\n".join(lines) + "\n"


PAPERS = {"performance": _performance_paper, "nte_briefing": _nte_paper, "chronology": _chronology_paper}


# Replaying a year -----------------------------------------------------------------------------


class Replay:
    """Runs stories in time order with the clock set to each step's moment.

    A story is a generator that yields the moment of its next step; a step whose moment has not yet
    come is not taken, and the story ends there. Each step runs with the clock moved to its moment by
    time-machine (nothing of ours is patched): the services, django-simple-history, the audit log and
    every model field defaulting to `timezone.now` read that moment, as they would have on the day.
    """

    def __init__(self, now):
        self.now = now
        self.moment = now
        self.queue = []
        self.order = itertools.count()

    def soon(self, moment, minutes_before_now):
        """`moment`, or just before now if it has not come yet (for the coming meeting's agenda)."""
        return min(moment, self.now - datetime.timedelta(minutes=minutes_before_now))

    def spawn(self, story):
        try:
            moment = next(story)
        except StopIteration:
            return
        if moment > self.now:
            story.close()
            return
        heapq.heappush(self.queue, (max(moment, self.moment), next(self.order), story))

    def run(self, first_story, first_moment):
        self.moment = first_moment
        self._step(first_story)
        while self.queue:
            self.moment, _order, story = heapq.heappop(self.queue)
            self._step(story)

    def _step(self, story):
        with time_machine.travel(self.moment, tick=False):
            self.spawn(story)


@dataclass(eq=False)
class _Entry:
    """One date on a group's schedule, and what became of it."""

    schedule: Schedule
    slot: Slot
    planned: datetime.datetime
    starts_at: datetime.datetime  # after any postponement
    meeting: Meeting | None = None
    held: bool = False
    previous: "_Entry | None" = None  # the group's previous held meeting
    next: "_Entry | None" = None  # the group's next held meeting
    newest: bool = False  # the most recent meeting held by any group
    items: list = field(default_factory=list)  # (topic or None, AgendaItem)
    attendance_note: str = ""
    approved_previous: bool = False
    open_actions: int = 0
    overdue_actions: int = 0


def _months_before(day, months):
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _later(moment, days):
    """The same local time `days` later."""
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime.datetime.combine(local.date() + DAY * days, local.time()))


def _dates(schedule, today, earlier=0):
    """A year of dates on the schedule up to the coming meeting (less those skipped), after the
    `earlier` dates on the rule before them."""
    rule = {"weekday": schedule.weekday, "week": schedule.week, "at": schedule.at}
    after = today + DAY * schedule.not_before_days
    upcoming = services.plan_dates(first=after, until=after + DAY * 70, interval=1, **rule)[0]
    count = 1 + 12 // schedule.interval
    first = _months_before(timezone.localdate(upcoming), schedule.interval * (count - 1))
    dates = services.plan_dates(first=first, until=timezone.localdate(upcoming), interval=schedule.interval, **rule)
    before = []
    if earlier:
        before = services.plan_dates(
            first=_months_before(first, schedule.interval * earlier),
            until=first - DAY,
            interval=schedule.interval,
            **rule,
        )
    return before + [moment for index, moment in enumerate(dates) if index not in schedule.skip]


def _slots(schedule, slots):
    """The group's slots, those of its earlier year first."""
    return EARLIER.get(schedule.group, []) + slots


class _Loader:
    def __init__(self, *, by, partnership, people):
        self.by = by
        self.partnership = partnership
        self.people = people
        self.created = Counter()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.replay = Replay(self.now)
        self.groups = {
            group.name: group
            for group in PartnershipGroup.objects.filter(
                partnership=partnership, name__in=[schedule.group for schedule, _slots in SCHEDULES]
            )
        }
        self.entries = self._plan()

    def _plan(self):
        entries = []
        for schedule, slots in SCHEDULES:
            dates = _dates(schedule, self.today, earlier=len(EARLIER.get(schedule.group, [])))
            slots = _slots(schedule, slots)
            if len(dates) != len(slots):
                raise ValueError(f"{schedule.group}: {len(dates)} dates on the schedule for {len(slots)} slots.")
            held = []
            for moment, slot in zip(dates, slots, strict=True):
                starts_at = _later(moment, slot.postpone[0]) if slot.postpone else moment
                entry = _Entry(schedule, slot, moment, starts_at)
                entry.held = not slot.cancel and starts_at + datetime.timedelta(minutes=schedule.minutes) <= self.now
                if entry.held:
                    if held:
                        entry.previous, held[-1].next = held[-1], entry
                    held.append(entry)
                entries.append(entry)
        held = [entry for entry in entries if entry.held]
        if held:
            max(held, key=lambda entry: entry.starts_at).newest = True
        return entries

    def run(self):
        first = min(entry.planned for entry in self.entries) - DAY * 35
        self.replay.run(self._plan_the_year(first), first)
        return Counter(dict(sorted(self.created.items(), key=lambda row: COUNTED.index(row[0]))))

    # Stories ----------------------------------------------------------------------------------

    def _seat_the_groups(self, joined):
        """Each group's members are those its schedule expects (its chair approves the minutes); anyone who
        comes as someone's substitute in the year is that member's named substitute."""
        for schedule, slots in SCHEDULES:
            group = self.groups[schedule.group]
            seats = {}
            for key in schedule.members:
                seats[key] = group_services.group_member_add(
                    group=group,
                    person=self.people[key],
                    seat=GroupMember.Seat.CHAIR if key == schedule.approver else GroupMember.Seat.MEMBER,
                    joined=joined,
                    by=self.by,
                )
                self.created["group seats"] += 1
            for slot in _slots(schedule, slots):
                for key, status, *instead in slot.away:
                    if status == S.SUBSTITUTE and key not in seats and instead and instead[0] in seats:
                        seats[key] = group_services.group_member_add(
                            group=group,
                            person=self.people[key],
                            seat=GroupMember.Seat.SUBSTITUTE,
                            substitute_for=seats[instead[0]],
                            joined=joined,
                            by=self.by,
                        )
                        self.created["group seats"] += 1

    def _plan_the_year(self, moment):
        yield moment
        self._seat_the_groups(timezone.localdate(moment) - DAY * 30)
        services.quorum_set(group=self.groups[BOARD], by=self.by, **QUORUM)
        self.created["quorum rules"] += 1
        for schedule, _slots in SCHEDULES:
            mine = [entry for entry in self.entries if entry.schedule is schedule]
            meetings = services.meetings_plan(
                partnership=self.partnership,
                group=self.groups[schedule.group],
                dates=[entry.planned for entry in mine],
                by=self.by,
                duration=datetime.timedelta(minutes=schedule.minutes),
                location=schedule.location,
                online_link=schedule.online_link,
                is_public=schedule.is_public,
            )
            self.created["meetings"] += len(meetings)
            for entry, meeting in zip(mine, meetings, strict=True):
                entry.meeting = meeting
                self.replay.spawn(self._meeting_story(entry))

    def _meeting_story(self, entry):
        slot, schedule = entry.slot, entry.schedule
        if slot.cancel:
            yield entry.planned - DAY * 24
            services.meeting_cancel(meeting=entry.meeting, by=self.by, reason=slot.cancel)
            self.created["meetings cancelled"] += 1
            return
        yield self.replay.soon(entry.planned - DAY * 21, 180)
        self._build_agenda(entry)
        if slot.postpone:
            yield entry.planned - DAY * 12
            entry.meeting = services.meeting_postpone(
                meeting=entry.meeting, new_starts_at=entry.starts_at, by=self.by, reason=slot.postpone[1]
            )
            self.created["meetings"] += 1
            self.created["meetings postponed"] += 1
            for _topic, item in entry.items:
                item.refresh_from_db()  # the agenda moved to the new meeting
        yield self.replay.soon(entry.starts_at - DAY * 10, 120)
        self._add_papers(entry)
        publish_at = entry.starts_at - DAY * 7
        yield self.replay.soon(publish_at, 60) if schedule.publish_next_agenda else publish_at
        services.agenda_publish(meeting=entry.meeting, by=self.by)
        self.created["agendas published"] += 1
        if not entry.held:
            return
        yield entry.meeting.ends_at
        self._hold(entry)
        yield _later(entry.meeting.ends_at, 3)
        self._write_minutes(entry)
        if entry.newest:
            return  # still being written
        late = schedule.late_circulation and entry.next is not None and entry.next.next is None
        circulate_at = _later(entry.meeting.ends_at, 30 if late else 7)
        if entry.next is not None:
            circulate_at = min(circulate_at, entry.next.starts_at - DAY * 3)
        yield circulate_at
        services.minutes_circulate(minutes=entry.meeting.minutes, by=self.by)
        self.created["minutes circulated"] += 1

    def _publish_story(self, entry, approved_at):
        yield _later(approved_at, 4)
        services.minutes_publish(minutes=entry.meeting.minutes, by=self.by)
        self.created["minutes published"] += 1

    def _action_story(self, action, act, held_at):
        for step in act.steps:
            yield _later(held_at, step.days)
            services.action_log_progress(
                action=action,
                author=self.people[step.author or act.owner],
                status=step.status,
                note=step.note,
                dropped_reason=step.reason,
                by=self.by,
            )
            self.created["action updates"] += 1

    def _correspondence_story(self, entry):
        wording, binds, agreed = entry.slot.correspondence
        held_on = timezone.localdate(entry.meeting.starts_at)
        last = max(days for _key, days in agreed)
        yield _later(entry.meeting.ends_at, last)
        services.decision_record(
            partnership=self.partnership,
            wording=wording,
            binds=binds,
            decided_on=held_on + DAY * last,
            by_correspondence=True,
            agreed_by=[(self.people[key], held_on + DAY * days) for key, days in agreed],
            by=self.by,
        )
        self.created["decisions"] += 1

    # Steps ------------------------------------------------------------------------------------

    def _build_agenda(self, entry):
        meeting = entry.meeting
        standing = list(meeting.items.order_by("order", "pk"))
        topics = []
        for key in entry.slot.topics:
            topic = TOPICS[key]
            item = services.agenda_item_create(
                meeting=meeting,
                title=topic.title,
                description=topic.description,
                presenter=self.people[topic.presenter],
                is_confidential=bool(topic.confidential),
                confidential_reason=topic.confidential,
                by=self.by,
            )
            self.created["agenda items"] += 1
            for person_key in topic.shared_with:
                services.item_share(item=item, agency=self.people[person_key].agency, by=self.by)
                self.created["confidential shares"] += 1
            topics.append((topic, item))
        # Standing items first and last, as the agenda shows them.
        first = [(None, item) for item in standing if item.order < services.LAST_ORDER]
        last = [(None, item) for item in standing if item.order >= services.LAST_ORDER]
        entry.items = first + topics + last

    def _add_papers(self, entry):
        for topic, item in entry.items:
            if topic is not None and topic.paper:
                title, name, text = PAPERS[topic.paper](entry.meeting)
                services.paper_add(item=item, title=title, file=ContentFile(text.encode(), name=name), by=self.by)
                self.created["papers"] += 1

    def _hold(self, entry):
        meeting, slot = entry.meeting, entry.slot
        away = {row[0]: row[1:] for row in slot.away}
        keys = list(entry.schedule.members) + [key for key in away if key not in entry.schedule.members]
        rows = []
        for key in keys:
            status, *instead = away.get(key, (S.PRESENT,))
            rows.append((self.people[key], status, self.people[instead[0]] if instead else None))
        services.attendance_record(meeting=meeting, entries=rows, by=self.by)
        self.created["attendance records"] += len(rows)
        entry.attendance_note = self._attendance_note(meeting, rows)

        previous = entry.previous
        awaiting = previous and Minutes.objects.filter(meeting=previous.meeting, state=Minutes.State.CIRCULATED).first()
        if awaiting:
            services.minutes_approve(
                minutes=awaiting, at_meeting=meeting, approver=self.people[entry.schedule.approver], by=self.by
            )
            entry.approved_previous = True
            self.created["minutes approved"] += 1
            if entry.next is not None:  # the latest approval is not yet published
                self.replay.spawn(self._publish_story(previous, self.replay.moment))

        earlier = ActionPoint.objects.filter(
            meeting__group=meeting.group, meeting__starts_at__lt=meeting.starts_at, status__in=ActionPoint.OPEN_STATUSES
        )
        entry.open_actions = earlier.count()
        entry.overdue_actions = earlier.filter(due__lt=timezone.localdate(meeting.starts_at)).count()

        held_on = timezone.localdate(meeting.starts_at)
        for topic, item in entry.items:
            if topic is None:
                continue
            if topic.decision:
                wording, binds = topic.decision
                services.decision_record(
                    partnership=self.partnership,
                    item=item,
                    wording=wording,
                    binds=binds,
                    decided_on=held_on,
                    by=self.by,
                )
                self.created["decisions"] += 1
            for act in topic.actions:
                action = services.action_create(
                    partnership=self.partnership,
                    item=item,
                    description=act.description,
                    owner=self.people[act.owner],
                    due=self._due(act.due, held_on),
                    notify=False,
                    by=self.by,
                )
                self.created["actions"] += 1
                if act.steps:
                    self.replay.spawn(self._action_story(action, act, meeting.ends_at))
        if slot.correspondence:
            self.replay.spawn(self._correspondence_story(entry))

    def _due(self, due, held_on):
        if isinstance(due, tuple):
            _today, days = due
            # Counted from today, so some actions are always overdue or due this week; never before the meeting.
            return max(self.today + DAY * days, held_on + DAY * 7)
        return held_on + DAY * due

    @staticmethod
    def _attendance_note(meeting, rows):
        def named(person):
            return f"{person.full_name} ({person.agency.name})" if person.agency else person.full_name

        present = sum(1 for _person, status, _instead in rows if status in (S.PRESENT, S.SUBSTITUTE))
        lines = [f"{present} members present."]
        for status, label in ((S.APOLOGIES, "Apologies"), (S.ABSENT, "Absent")):
            names = [named(person) for person, row_status, _instead in rows if row_status == status]
            if names:
                lines.append(f"{label}: {', '.join(names)}.")
        for person, status, instead in rows:
            if status == S.SUBSTITUTE:
                lines.append(f"{named(person)} attended in place of {instead.full_name}.")
        met, reasons = selectors.quorum_status(meeting)
        if met is False:
            lines.append(
                "The meeting was not quorate. " + " ".join(reasons) + " Decisions needed at this meeting were put "
                "to partners by email afterwards."
            )
        return " ".join(lines)

    def _write_minutes(self, entry):
        previous = entry.previous
        texts = {
            AgendaItem.Standing.APOLOGIES: entry.attendance_note,
            AgendaItem.Standing.MINUTES: (
                f"The minutes of the meeting on {timezone.localdate(previous.meeting.starts_at):%-d %B %Y} were "
                "agreed as a correct record and signed by the chair."
                if entry.approved_previous
                else "No minutes were waiting for approval."
            ),
            AgendaItem.Standing.MATTERS_ARISING: (
                f"Members went through the action log: {entry.open_actions} actions open from earlier meetings, "
                f"{entry.overdue_actions} of them overdue. Owners' updates are recorded against each action."
                if entry.open_actions
                else "No actions were open from earlier meetings."
            ),
            AgendaItem.Standing.AOB: entry.slot.aob or "None.",
        }
        items = entry.items
        if entry.newest:  # the coordinator is part way through
            items = [(topic, item) for topic, item in items if item.standing != AgendaItem.Standing.AOB][:4]
        for topic, item in items:
            discussion = topic.discussion if topic else texts[item.standing]
            if discussion:
                services.minutes_write(item=item, discussion=discussion, by=self.by)
                self.created["item minutes written"] += 1


def load(*, by, partnership, people):
    """Load Northdale's year of meetings unless its board already has meetings; return what was created."""
    board = PartnershipGroup.objects.filter(partnership=partnership, name=BOARD).first()
    if board is None or Meeting.objects.filter(group=board).exists():
        return Counter()
    return _Loader(by=by, partnership=partnership, people=people).run()
