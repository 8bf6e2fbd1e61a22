"""Demo workplan for Northdale: a three-year strategy and the annual plan running now, loaded through
workplan.services.

overview.demo.load_demo calls `load` after Northdale's year of meetings (meetings/demo.py). Dates
count from today: the annual plan started on the first of the month eight months ago and runs for a year,
under a three-year strategy that ends with it; last year's plan (`LAST_ITEMS`: a handful of items, mostly
complete) ran for the year before it. The plan is entered three weeks before it starts, and
the year is then replayed with the services' clock set to each step's moment (meetings.demo's `Replay`):
progress updates, supporting agencies' comments, milestones met and each month's indicator values read
like eight months of use, and history rows and the audit log carry those dates.

Everything is written as the superuser `admin`, except progress updates and comments, which are written
as the officer who made them when that officer has a login (the rest were logged for them by `admin`).
Some action points from the meetings demo are linked to the items they serve. Loading is all or nothing
and happens once: if Northdale has any workplan already, nothing is added.
"""

import datetime
import math
import random
from collections import Counter
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from meetings import demo as meetings_demo
from meetings import services as meetings_services
from meetings.models import ActionPoint
from workplan import services
from workplan.models import Indicator, ProgressUpdate, ResourceCommitment, Workplan, WorkplanItem

DAY = meetings_demo.DAY
TODAY = meetings_demo.TODAY  # in a date: (TODAY, days) counts from today
END = "end"  # in a date: the last day of the annual plan
PLAN_STARTED_MONTHS_AGO = 8
STRATEGY_YEARS = 3
S = WorkplanItem.Status
K = ResourceCommitment.Kind
UP, DOWN = Indicator.Direction.UP, Indicator.Direction.DOWN


class Update(NamedTuple):
    """A progress update from the lead agency. `when` is days after the plan starts, or (TODAY, days)."""

    when: object
    status: str
    text: str
    author: str = ""  # person key; the responsible officer when blank
    reason: str = ""  # why the item was dropped


class Comment(NamedTuple):
    """A comment from an officer of a supporting agency."""

    when: object
    author: str
    text: str


class Item(NamedTuple):
    objective: str
    title: str
    officer: str  # person key; the lead agency is the officer's own
    starts: object  # days after the plan starts, (TODAY, days) or END
    due: object
    description: str
    supporters: tuple = ()  # (agency key, contribution)
    resources: tuple = ()  # (agency key, kind, description, amount, unit)
    milestones: tuple = ()  # (title, due, done on or None)
    story: tuple = ()  # Updates and Comments, in any order
    action: str = ""  # the wording of an action point from a meeting that serves this item


# The strategy and the plan -------------------------------------------------------------------

STRATEGY_SUMMARY = (
    "Northdale's community safety strategy for three years, drawn from the partnership's strategic "
    "assessment and a public consultation with 412 responses. It sets five priorities; each year's "
    "partnership plan says what partners will do towards them, who leads, and how we will know it worked."
)
PLAN_SUMMARY = (
    "What partners have agreed to do this year towards the strategy's five priorities. Each item has a "
    "lead agency and a responsible officer who report progress every month; supporting agencies add "
    "comments. The management group reviews the plan monthly and the board every quarter."
)

# (key, title, description in the annual plan, the strategy's three-year aim)
PRIORITIES = [
    (
        "asb",
        "Anti-social behaviour",
        "Cut anti-social behaviour where it is reported most (the Ashgrove Estate, Millfield and Kettleby "
        "town centre) and make sure repeat and vulnerable victims are not left to cope alone.",
        "Anti-social behaviour falls in every ward, and residents who report it are told what happens next.",
    ),
    (
        "da",
        "Domestic abuse",
        "Spot abuse earlier, keep victims and their children safe, and hold those who abuse to account.",
        "Fewer people are abused more than once, and victims find help wherever they first ask for it.",
    ),
    (
        "drugs",
        "Drug-related offending",
        "Disrupt drug supply into Northdale, protect the people it exploits, and get people who offend "
        "because of drugs into treatment.",
        "Less drug-related crime and harm, and more people in treatment instead of the cells.",
    ),
    (
        "reoffending",
        "Reducing reoffending",
        "Give people leaving prison somewhere to live and something to do, manage together the people "
        "who cause most crime, and keep young people out of the justice system.",
        "Fewer adults and young people reoffend, and fewer young people enter the justice system at all.",
    ),
    (
        "nte",
        "Safer night-time economy",
        "Cut alcohol-related violence and disorder in Kettleby town centre on Friday and Saturday nights, "
        "and help everyone, especially women and girls, get home safely.",
        "Kettleby town centre is a safe and welcoming place to spend an evening.",
    ),
]

# (key, priority key, title, expected outcome)
OBJECTIVES = [
    (
        "asb_hotspots",
        "asb",
        "Reduce anti-social behaviour in the three hotspot neighbourhoods",
        "Reports in Ashgrove, Millfield and Kettleby Central fall by a tenth on last year, and residents "
        "there say in the survey that they notice the difference.",
    ),
    (
        "asb_victims",
        "asb",
        "Support repeat and vulnerable victims of anti-social behaviour",
        "Every repeat victim has a named case officer within five working days, and fewer victims have "
        "to report three times or more.",
    ),
    (
        "asb_young",
        "asb",
        "Give young people better things to do in the evenings",
        "More young people take part in evening and holiday activities in the hotspot wards, and fewer "
        "are named in reports of anti-social behaviour.",
    ),
    (
        "da_early",
        "da",
        "Identify domestic abuse earlier",
        "More victims are referred by health services, schools, the college and employers, not only "
        "after a police call-out.",
    ),
    (
        "da_safe",
        "da",
        "Keep victims and their children safe",
        "Fewer victims are referred to MARAC again within a year, and children who witness abuse get "
        "support without a long wait.",
    ),
    (
        "da_perpetrators",
        "da",
        "Hold those who abuse to account and help them change",
        "More men complete the perpetrator programme, and fewer cases collapse when a victim withdraws.",
    ),
    (
        "drugs_supply",
        "drugs",
        "Disrupt drug supply and protect the people it exploits",
        "County lines into Kettleby are closed quickly when they appear, and no vulnerable tenant's home "
        "stays taken over by dealers for more than a week.",
    ),
    (
        "drugs_treatment",
        "drugs",
        "Get more people who offend because of drugs into treatment",
        "Half of the people arrested for drug-related offences are offered treatment, and more of them start it.",
    ),
    (
        "reoff_release",
        "reoffending",
        "Somewhere to live and something to do after prison",
        "Nobody released to Northdale leaves prison without an address for their first night, and more "
        "people on probation find work or training.",
    ),
    (
        "reoff_managed",
        "reoffending",
        "Manage together the people who cause most crime",
        "The integrated offender management cohort commits fewer offences than last year's did.",
    ),
    (
        "reoff_youth",
        "reoffending",
        "Keep young people out of the justice system",
        "More young people are diverted before a first conviction, and fewer of them come back.",
    ),
    (
        "nte_violence",
        "nte",
        "Cut alcohol-related violence and disorder in the town centre at night",
        "Violence with injury on Friday and Saturday nights falls by a sixth without rising in the streets "
        "around the town centre.",
    ),
    (
        "nte_home",
        "nte",
        "Help people get home safely",
        "More people say in the residents' survey that they feel safe in the town centre after dark, "
        "and the safe space and taxi marshal run every weekend.",
    ),
]

# Items -----------------------------------------------------------------------------------------
# About forty, led by a spread of agencies. Ch Insp Aisha Khan (login `lead`) and Tom Beckett (login
# `officer`) each own several. Every status appears; some items are overdue, and a few have had no
# update for more than six weeks.

ITEMS = [
    # Anti-social behaviour: hotspots
    Item(
        "asb_hotspots",
        "Problem-solving plan for the Ashgrove Estate",
        "beckett",
        0,
        END,
        "A joint plan with the police, Northdale Homes and residents for the estate's worst blocks: "
        "repeat callers, the addresses behind most reports, and what each partner will do about them.",
        supporters=(
            ("police", "Neighbourhood patrols and call data"),
            ("homes", "Tenancy enforcement and estate services"),
            ("youth", "Evening outreach on the estate"),
            ("ashgrove", "Residents' views and estate walkabouts"),
        ),
        resources=(
            ("police", K.STAFF, "Neighbourhood policing team time on the estate", 60, "hours a month"),
            ("ndc", K.STAFF, "Anti-social behaviour officer", 30, "hours a month"),
        ),
        milestones=(
            ("Repeat callers mapped with Northdale Homes", 45, 52),
            ("Residents' walkabout and door-to-door survey", 90, 96),
            ("Review of the plan at the anti-social behaviour sub-group", (TODAY, 20), None),
        ),
        story=(
            Update(20, S.ON_TRACK, "Plan agreed at the sub-group. Northdale Homes is sending its complaints log."),
            Update(75, S.ON_TRACK, "Repeat callers mapped: 14 households call repeatedly. Walkabout booked."),
            Update(
                130,
                S.AT_RISK,
                "Calls are down overall, but three addresses now account for most of the reports. We need "
                "stronger action at those three.",
            ),
            Comment(135, "quinn", "Northdale Homes has started tenancy action at one of the three addresses."),
            Update(190, S.ON_TRACK, "Community protection warnings served at two of the three addresses."),
            Comment((TODAY, -20), "foster", "Residents have noticed the extra patrols; the stairwells are quieter."),
            Update((TODAY, -12), S.ON_TRACK, "Reports from the estate are down a fifth on the same months last year."),
        ),
        action="Serve community protection warnings at the three addresses identified.",
    ),
    Item(
        "asb_hotspots",
        "Redeployable CCTV camera for Millfield Road",
        "whitlock",
        60,
        (TODAY, 30),
        "Move the council's redeployable camera to Millfield Road, where fly-tipping and damage to bus "
        "shelters have risen.",
        supporters=(
            ("police", "Reviews footage and uses it in investigations"),
            ("ecc", "Highways permission to fix the camera to a lamp post"),
        ),
        resources=(
            ("ndc", K.EQUIPMENT, "Redeployable CCTV camera", 1, "camera"),
            ("ndc", K.MONEY, "Installation and a year's monitoring", 4800, "£"),
        ),
        milestones=(("Site survey on Millfield Road", 90, 98), ("Camera in place and recording", (TODAY, 6), None)),
        story=(
            Update(100, S.ON_TRACK, "Site survey done; two lamp posts would give a view of the shelters."),
            Update(
                (TODAY, -25),
                S.AT_RISK,
                "The first lamp post cannot take the camera's weight. County highways are checking the second.",
            ),
            Comment((TODAY, -18), "reeve", "Highways expect to confirm the second lamp post within a fortnight."),
        ),
        action="Move the redeployable CCTV camera to Millfield Road.",
    ),
    Item(
        "asb_hotspots",
        "Safer Streets: lighting and CCTV on the Ashgrove Estate",
        "marsh",
        0,
        END,
        "The partnership's bid to the Safer Streets Fund for better lighting on the estate's paths and "
        "two new CCTV cameras, with match funding from partners.",
        supporters=(
            ("homes", "Lighting on Northdale Homes land"),
            ("police", "Crime prevention design advice"),
        ),
        resources=(
            ("ndc", K.MONEY, "Partnership match funding", 20000, "£"),
            ("ndc", K.MONEY, "Safer Streets Fund grant", 85000, "£"),
            ("homes", K.MONEY, "Lighting on Northdale Homes land", 12500, "£"),
        ),
        milestones=(
            ("Bid submitted", 40, 38),
            ("Result of the bid announced", 120, 131),
            ("Lighting installed", (TODAY, -5), None),
            ("Cameras installed and monitored", END, None),
        ),
        story=(
            Update(45, S.ON_TRACK, "Bid submitted with letters of support from every responsible authority."),
            Update(135, S.ON_TRACK, "The bid succeeded: £85,000 awarded. Lighting contract out to tender."),
            Update(
                170,
                S.OFF_TRACK,
                "The lighting contractor has gone into administration before starting. We are tendering again, "
                "which puts the work back about three months.",
            ),
            Comment(
                175,
                "quinn",
                "Northdale Homes can use its own term contractor for the lighting on its land if that helps.",
            ),
            Update(
                (TODAY, -9),
                S.OFF_TRACK,
                "New contractor appointed; work starts next month. The grant must be spent by the end of March.",
            ),
        ),
    ),
    Item(
        "asb_hotspots",
        "Weekend out-of-hours noise service",
        "keane",
        0,
        180,
        "Cost a noise nuisance service for Friday and Saturday nights, when half of all noise complaints come in.",
        story=(
            Update(30, S.ON_TRACK, "Looking at how two neighbouring councils run their weekend services."),
            Update(
                85,
                S.DROPPED,
                "Costed at £38,000 a year for two officers on call.",
                reason="There is no budget for it this year; the council will look at it again when it sets "
                "next year's budget.",
            ),
        ),
    ),
    Item(
        "asb_hotspots",
        "Patrols in the hotspot wards, guided by the monthly hotspot map",
        "khan",
        0,
        END,
        "Neighbourhood patrols planned each month from the council's hotspot analysis, with results "
        "reported back to the sub-group.",
        supporters=(("ndc", "Monthly hotspot analysis"),),
        resources=(("police", K.STAFF, "Neighbourhood patrol time in the hotspot wards", 120, "hours a month"),),
        story=(
            Update(25, S.ON_TRACK, "First month's patrols planned from the hotspot map."),
            Update(90, S.ON_TRACK, "Patrols are matched to the map every month; the sub-group sees the results."),
            Update(
                150,
                S.AT_RISK,
                "Officers were taken off patrols for the carnival and two summer events; about a third of "
                "patrols did not happen in the last six weeks.",
            ),
            Comment(155, "okafor", "This month's hotspot map adds Millfield Park in the evenings."),
            Update(200, S.ON_TRACK, "Back to full patrols since the summer events ended."),
            Update((TODAY, -7), S.ON_TRACK, "All planned patrols done this month; reports down in two of three wards."),
        ),
    ),
    Item(
        "asb_hotspots",
        "Reduce deliberate fires in Millfield",
        "edwards",
        0,
        END,
        "Remove rubbish that gets set alight, visit the homes nearby and work with schools on fire-setting.",
        supporters=(("ndc", "Clears fly-tipped rubbish within two days"), ("homes", "Clears bin stores")),
        resources=(("fire", K.STAFF, "Arson reduction officer", 24, "hours a month"),),
        story=(
            Update(60, S.ON_TRACK, "Bin store checks every fortnight; six loads of rubbish removed."),
            Update(150, S.ON_TRACK, "Deliberate small fires in Millfield are down from 31 to 19 on last year."),
            Update((TODAY, -20), S.ON_TRACK, "Bonfire period passed with fewer call-outs than last year."),
        ),
    ),
    # Anti-social behaviour: victims
    Item(
        "asb_victims",
        "A case officer for every repeat victim within five working days",
        "beckett",
        0,
        END,
        "Anyone who reports anti-social behaviour three times in six months gets a named case officer "
        "from the council or the police within five working days.",
        supporters=(
            ("police", "Flags repeat callers from the crime system"),
            ("vs", "A caseworker for victims at high risk"),
        ),
        resources=(("vs", K.STAFF, "Victim Support caseworker", 20, "hours a month"),),
        story=(
            Update(30, S.ON_TRACK, "Repeat callers are now flagged weekly from police and council records."),
            Update(95, S.ON_TRACK, "All 23 repeat victims so far had a case officer within five days."),
            Comment(100, "lang", "Our caseworker is supporting four of the repeat victims with the highest risk."),
            Update(160, S.ON_TRACK, "Still meeting the five-day standard; 41 repeat victims so far."),
            Update((TODAY, -60), S.ON_TRACK, "Standard met every month. Asked the analyst for repeat-victim trends."),
        ),
    ),
    Item(
        "asb_victims",
        "Publish how anti-social behaviour case reviews work, and what they found",
        "beckett",
        0,
        150,
        "Explain the case review (the 'community trigger') in plain English on the partnership's web page, "
        "and publish each year's number of reviews and their outcomes.",
        supporters=(("vs", "Explains case reviews to the victims it supports"),),
        milestones=(("Process rewritten in plain English", 60, 58), ("Page published", 150, 140)),
        story=(
            Update(40, S.ON_TRACK, "Draft of the new page is with the communications team."),
            Update(140, S.COMPLETE, "Published, with last year's seven reviews and what each one agreed."),
        ),
    ),
    Item(
        "asb_victims",
        "Update the anti-social behaviour case-management guidance for partners",
        "beckett",
        120,
        (TODAY, -6),
        "Bring the guidance up to date with the shared checklist for closure order evidence.",
        supporters=(("police", "Comments on the draft"), ("homes", "Comments on the draft")),
        story=(
            Update(150, S.ON_TRACK, "First draft written and sent to the police and Northdale Homes."),
            Update((TODAY, -15), S.AT_RISK, "Still waiting for comments from the police and Northdale Homes."),
            Comment((TODAY, -10), "barrow", "Police comments sent today."),
        ),
        action="Update the anti-social behaviour case-management guidance for partners.",
    ),
    # Anti-social behaviour: young people
    Item(
        "asb_young",
        "Friday evening youth sessions on the Ashgrove Estate",
        "blake",
        0,
        END,
        "Open sessions every Friday evening at the Ashgrove community centre, with sport, music and food.",
        supporters=(("ndc", "Use of the community centre"), ("police", "PCSO drop-in once a month")),
        resources=(
            ("ndc", K.MONEY, "Hall hire and activities", 6000, "£"),
            ("youth", K.STAFF, "Two youth workers", 32, "hours a month"),
        ),
        story=(
            Update(30, S.ON_TRACK, "Sessions running every Friday; about 25 young people a week."),
            Update(120, S.ON_TRACK, "Numbers steady over the summer; added a football session."),
            Update(200, S.ON_TRACK, "Average of 28 a week. Reports on Friday nights are down on the estate."),
            Update((TODAY, -14), S.ON_TRACK, "Planning sessions through the Christmas holidays."),
        ),
    ),
    Item(
        "asb_young",
        "Summer and half-term activities in Kettleby parks",
        "cole",
        60,
        180,
        "A programme of free daytime and early evening activities in the parks during the school holidays.",
        supporters=(("youth", "Runs the activities"),),
        resources=(("ktc", K.MONEY, "Summer activity programme", 8000, "£"),),
        story=(
            Update(90, S.ON_TRACK, "Programme booked: five weeks of activities in three parks."),
            Update(185, S.COMPLETE, "About 140 young people took part; no rise in reports in the parks."),
        ),
    ),
    # Domestic abuse: earlier
    Item(
        "da_early",
        "Healthy relationships sessions at Northdale College",
        "ferris",
        0,
        150,
        "Sessions on healthy relationships and where to get help, in every first-year tutorial group.",
        supporters=(("womensaid", "Runs the sessions"),),
        resources=(("womensaid", K.STAFF, "Trainer", 12, "hours a month"),),
        milestones=(("Sessions planned for the spring term", 40, 40), ("All first-year students reached", 150, 145)),
        story=(
            Update(40, S.ON_TRACK, "Sessions planned for every tutorial group in the spring term."),
            Update(145, S.COMPLETE, "Sessions delivered to all first-year students; 11 asked for support."),
        ),
    ),
    Item(
        "da_early",
        "Domestic abuse training for GP surgeries",
        "chadwick",
        30,
        END,
        "Train practice staff to ask about abuse and refer safely, with a named adviser for each surgery.",
        supporters=(("womensaid", "An adviser for surgeries"), ("ecc", "Funds the training")),
        resources=(("ecc", K.MONEY, "Training and an adviser for surgeries", 18000, "£"),),
        milestones=(("Four surgeries signed up", 90, 110), ("All nine surgeries trained", (TODAY, 45), None)),
        story=(
            Update(60, S.ON_TRACK, "Training materials agreed with Northdale Women's Aid."),
            Update(120, S.AT_RISK, "Only four of the nine surgeries have signed up so far."),
            Update((TODAY, -21), S.AT_RISK, "Six surgeries now; three say they cannot release staff for training."),
            Comment((TODAY, -19), "saleh", "We can run the training at lunchtime in the surgery if that helps."),
        ),
    ),
    Item(
        "da_early",
        "Model workplace domestic abuse policy for partner employers",
        "pryce",
        60,
        (TODAY, 40),
        "Share the county's model policy with partner employers and help them adopt it.",
        supporters=(("ndc", "Adopts the policy first and shares it with local employers"),),
    ),
    Item(
        "da_early",
        "Find out why police referrals to domestic abuse services fell",
        "khan",
        150,
        (TODAY, 20),
        "Police referrals fell by a third last quarter while health referrals rose. Find out why, and fix it.",
        supporters=(("womensaid", "Referral figures by source"),),
        story=(
            Update(
                (TODAY, -30),
                S.AT_RISK,
                "Early look suggests the new crime recording system no longer prompts officers to refer. "
                "Waiting for the force's systems team.",
            ),
        ),
        action="Find out why police referrals to domestic abuse services fell last quarter, and report back.",
    ),
    # Domestic abuse: keeping victims safe
    Item(
        "da_safe",
        "A second support group for children who witness abuse",
        "lindley",
        0,
        END,
        "A second group, so that children in Northdale do not wait months for a place.",
        supporters=(("ecc", "Funds the group"), ("icb", "Referrals from health visitors and school nurses")),
        resources=(("ecc", K.MONEY, "Group facilitator and venue", 15000, "£"),),
        story=(
            Update(30, S.NOT_STARTED, "Waiting for the county to confirm the funding."),
            Update(95, S.ON_TRACK, "Funding confirmed; facilitator recruited. The group starts next month."),
            Comment(100, "pryce", "Funding is confirmed for two years."),
            Update(180, S.ON_TRACK, "Both groups full; the waiting list is down from 19 children to 6."),
            Update((TODAY, -5), S.ON_TRACK, "Waiting list down to 3."),
        ),
    ),
    Item(
        "da_safe",
        "Complete police referral forms for MARAC",
        "barrow",
        0,
        90,
        "Supervisors check every police referral to MARAC for the risk checklist before it is sent.",
        supporters=(("womensaid", "Tells the police about incomplete referrals"),),
        story=(
            Update(20, S.ON_TRACK, "Supervisors now check every form."),
            Update(80, S.COMPLETE, "No incomplete forms for three months running."),
            Comment(85, "saleh", "Agreed: police referrals now arrive complete."),
        ),
    ),
    Item(
        "da_safe",
        "Sanctuary scheme: making victims' homes secure",
        "quinn",
        0,
        END,
        "Better locks, doors and alarms so victims can stay safely in their own homes if they want to.",
        supporters=(("police", "Crime prevention surveys"), ("fire", "A fire safety check with every install")),
        resources=(
            ("homes", K.MONEY, "Locks, doors and alarms", 10000, "£"),
            ("fire", K.STAFF, "Home fire safety visits", 8, "hours a month"),
        ),
        milestones=(("First 10 homes secured", 120, 112), ("30 homes secured", END, None)),
        story=(
            Update(45, S.ON_TRACK, "Scheme open; first referrals from MARAC."),
            Update(115, S.ON_TRACK, "Ten homes secured."),
            Comment(118, "morris", "Fire safety visits done at all ten homes; two needed new smoke alarms."),
            Update(170, S.ON_TRACK, "Sixteen homes secured."),
            Update((TODAY, -52), S.ON_TRACK, "Nineteen homes secured; budget on course."),
        ),
    ),
    Item(
        "da_safe",
        "White Ribbon accreditation for the partnership",
        "dunn",
        60,
        END,
        "Apply for White Ribbon accreditation and run the partnership's events on White Ribbon Day.",
        supporters=(("womensaid", "Advice on the action plan"), ("college", "Students' poster competition")),
        milestones=(("Application submitted", 150, 160),),
        story=(
            Update(90, S.ON_TRACK, "Action plan drafted with Northdale Women's Aid."),
            Update(165, S.ON_TRACK, "Application submitted."),
            Update((TODAY, -35), S.ON_TRACK, "Vigil and poster competition arranged for White Ribbon Day."),
        ),
    ),
    # Domestic abuse: perpetrators
    Item(
        "da_perpetrators",
        "Perpetrator programme: the second year",
        "lowry",
        0,
        END,
        "Run the programme for men who abuse their partners again, with places for men not on probation.",
        supporters=(("womensaid", "Supports the partners of men on the programme"),),
        resources=(
            ("probation", K.STAFF, "Programme facilitators", 48, "hours a month"),
            ("ecc", K.MONEY, "Places for men not on probation", 22000, "£"),
        ),
        story=(
            Update(30, S.ON_TRACK, "Two groups started, 12 men in each."),
            Update(100, S.ON_TRACK, "First group finished: 9 of 12 completed."),
            Update(170, S.AT_RISK, "The second group is losing men: only 5 of 12 are still attending."),
            Update((TODAY, -16), S.AT_RISK, "Evening sessions added for men in work; too soon to know if it helps."),
        ),
    ),
    Item(
        "da_perpetrators",
        "Joint review of cases where victims withdrew support",
        "lyle",
        90,
        (TODAY, -14),
        "The police and the Crown Prosecution Service review last year's cases that collapsed when a "
        "victim withdrew, to see where evidence could have carried the case.",
        supporters=(("police", "Case files and a detective sergeant for the review"),),
        story=(
            Update(120, S.ON_TRACK, "Forty case files selected for review."),
            Update(
                (TODAY, -18),
                S.OFF_TRACK,
                "Only half the files have been reviewed: the police file review team has lost two staff.",
            ),
        ),
    ),
    # Drug-related offending: supply
    Item(
        "drugs_supply",
        "Disrupt county lines into Kettleby",
        "khan",
        0,
        END,
        "Find and close the drug lines supplying Kettleby, and safeguard the young and vulnerable people they exploit.",
        supporters=(
            ("probation", "Information on people under supervision"),
            ("homes", "Information on tenancies at risk"),
            ("ndc", "Safeguarding referrals"),
        ),
        resources=(("police", K.STAFF, "Proactive team", 160, "hours a month"),),
        milestones=(("Problem profile shared with partners, with personal details removed", 120, None),),
        story=(
            Update(30, S.ON_TRACK, "Two lines identified; operation under way."),
            Update(100, S.ON_TRACK, "Six arrests; one line closed."),
            Update(165, S.AT_RISK, "A new line appeared within weeks of the first closing."),
            Update((TODAY, -3), S.ON_TRACK, "Both current lines closed; four young people referred for support."),
        ),
        action="Share the county lines problem profile with partners, with personal details removed.",
    ),
    Item(
        "drugs_supply",
        "Cuckooing protocol: every partner reports within one working day",
        "khan",
        0,
        180,
        "Partners tell the police within one working day about any home they suspect dealers have taken over.",
        supporters=(
            ("homes", "Tenancy officers report and visit"),
            ("fenbridge", "Tenancy officers report and visit"),
            ("ndc", "Housing options and safeguarding"),
        ),
        milestones=(("Housing officers briefed", 42, 35),),
        story=(
            Update(40, S.ON_TRACK, "Protocol adopted by the board; housing officers briefed."),
            Comment(45, "quinn", "All tenancy and neighbourhood officers briefed at team meetings."),
            Update(175, S.COMPLETE, "In use by every partner: 7 homes reported, all visited within a day."),
        ),
    ),
    Item(
        "drugs_supply",
        "Test purchases of nitrous oxide and illegal vapes",
        "hussain",
        30,
        END,
        "Trading standards test purchases at shops reported for selling nitrous oxide or illegal vapes to "
        "young people.",
        supporters=(("police", "Intelligence on shops"),),
        resources=(("ecc", K.STAFF, "Test purchase team", 16, "hours a month"),),
        story=(
            Update(60, S.ON_TRACK, "Eight shops tested; two sold to under-18s and have been warned."),
            Update(150, S.ON_TRACK, "Second round done; one shop referred for a licence review."),
        ),
    ),
    # Drug-related offending: treatment
    Item(
        "drugs_treatment",
        "A referral route from police custody to treatment",
        "abbott",
        0,
        END,
        "A recovery worker in custody offers treatment to everyone arrested for a drug-related offence.",
        supporters=(("police", "Custody sergeants make the referral"),),
        resources=(
            ("recovery", K.STAFF, "Recovery worker in custody", 40, "hours a month"),
            ("ecc", K.MONEY, "Public health grant", 30000, "£"),
        ),
        milestones=(("Pilot agreed with the custody sergeants", 60, 66), ("Pilot evaluated", END, None)),
        story=(
            Update(40, S.ON_TRACK, "Talking to the custody inspector about a pilot."),
            Update(70, S.ON_TRACK, "Pilot agreed; it starts next month.", author="webster"),
            Update(140, S.ON_TRACK, "38 people offered treatment from custody; 15 have started."),
            Update((TODAY, -26), S.ON_TRACK, "Referrals steady at about 12 a month.", author="webster"),
        ),
        action="Set up a referral route from police custody to the recovery service.",
    ),
    Item(
        "drugs_treatment",
        "Naloxone for people leaving custody and their families",
        "webster",
        30,
        200,
        "Naloxone kits and training for people leaving custody who use opioids, and for their families.",
        supporters=(("probation", "Offers kits at first appointments"), ("icb", "Pays for the kits")),
        resources=(("icb", K.MONEY, "Naloxone kits", 3500, "£"),),
        story=(
            Update(60, S.ON_TRACK, "Kits and training available at the probation office."),
            Update(195, S.COMPLETE, "110 kits given out; now part of the recovery service's normal work."),
        ),
    ),
    Item(
        "drugs_treatment",
        "Drug testing on arrest for theft and burglary",
        "barrow",
        0,
        END,
        "Test people arrested for theft and burglary for drugs, and require those who test positive to "
        "see a recovery worker.",
        supporters=(("recovery", "Assessments after a positive test"),),
        story=(
            Update(30, S.NOT_STARTED, "Waiting for the force to decide where testing on arrest will run."),
            Update(
                110,
                S.DROPPED,
                "The force will pilot testing in Southmoor first.",
                reason="The force has chosen Southmoor for its pilot of testing on arrest; Northdale will "
                "follow if the pilot works.",
            ),
        ),
    ),
    # Reducing reoffending: after prison
    Item(
        "reoff_release",
        "Move-on flats for people leaving custody",
        "ogunleye",
        60,
        (TODAY, -30),
        "Two flats for people leaving prison with nowhere to go, with support from probation.",
        supporters=(("probation", "Support for the tenants"), ("ndc", "Housing options")),
        story=(
            Update(100, S.ON_TRACK, "Two flats identified in Fenbridge's stock."),
            Update(
                (TODAY, -38),
                S.OFF_TRACK,
                "Both flats were let to families from the waiting list. Looking again, but nothing suitable yet.",
            ),
            Comment((TODAY, -33), "shaw", "Three people are due for release to Northdale next month with no address."),
        ),
        action="Find two move-on flats for people leaving custody.",
    ),
    Item(
        "reoff_release",
        "Nobody released without an address for the first night",
        "shaw",
        0,
        END,
        "Probation refers everyone due for release without an address to the council's housing options "
        "team at least eight weeks before release.",
        supporters=(("ndc", "Housing options officer at the probation office"),),
        resources=(("ndc", K.STAFF, "Housing options officer at the probation office", 16, "hours a month"),),
        story=(
            Update(30, S.ON_TRACK, "Referral process agreed with housing options."),
            Update(120, S.AT_RISK, "One in five people are still released with no address, mostly on short sentences."),
            Update((TODAY, -28), S.AT_RISK, "Short sentences leave too little time to refer; raised with the prison."),
        ),
    ),
    Item(
        "reoff_release",
        "An employment hub at the probation office",
        "brandt",
        90,
        END,
        "Weekly sessions with the college and local employers for people on probation.",
        supporters=(("college", "Courses and advice"), ("bcp", "Employers offering interviews")),
        story=(
            Update(120, S.ON_TRACK, "Hub open on Wednesdays; 14 people seen in the first month."),
            Update((TODAY, -25), S.ON_TRACK, "Nine people have started work or a course."),
            Comment((TODAY, -22), "ferreira", "Two more shops have offered interviews."),
        ),
    ),
    # Reducing reoffending: managing the people who cause most crime
    Item(
        "reoff_managed",
        "Refresh the integrated offender management cohort",
        "smithson",
        0,
        120,
        "Choose the cohort again with a shared scoring tool, so partners agree who is on it and why.",
        supporters=(("probation", "Joint scoring and case reviews"),),
        story=(
            Update(60, S.ON_TRACK, "Scoring tool agreed with probation."),
            Update(118, S.COMPLETE, "New cohort of 42 agreed; eleven people came off, fourteen came on."),
        ),
    ),
    Item(
        "reoff_managed",
        "Alcohol monitoring tags for offences linked to drink",
        "lowry",
        30,
        END,
        "Ask courts for alcohol abstinence orders with monitoring tags where drink drives the offending.",
        supporters=(("court", "Information for magistrates"),),
        resources=(("probation", K.EQUIPMENT, "Alcohol monitoring tags", 15, "tags"),),
        story=(
            Update(60, S.ON_TRACK, "Magistrates briefed; first two orders made."),
            Update(150, S.ON_TRACK, "Eleven orders so far; nine people stayed sober for the whole order."),
            Update((TODAY, -10), S.ON_TRACK, "Fifteen orders; all tags in use."),
        ),
    ),
    # Reducing reoffending: young people
    Item(
        "reoff_youth",
        "A youth diversion panel for out-of-court outcomes",
        "kerr",
        0,
        END,
        "A weekly panel with the police decides how young people who admit an offence are dealt with "
        "outside court, with support to stop them offending again.",
        supporters=(("police", "Refers young people to the panel"), ("youth", "Activities and mentoring")),
        resources=(("yjs", K.STAFF, "Youth justice practitioners", 60, "hours a month"),),
        story=(
            Update(30, S.ON_TRACK, "Panel meeting weekly since the plan started."),
            Update(120, S.ON_TRACK, "48 young people seen; 4 have offended again."),
            Comment(125, "hughes", "Referrals from the neighbourhood team are up since the briefing."),
            Update(200, S.ON_TRACK, "71 young people seen; referrals rising every month."),
            Update((TODAY, -4), S.ON_TRACK, "On course to pass the target for referrals this month."),
        ),
    ),
    Item(
        "reoff_youth",
        "Mentoring for young people at risk of exploitation",
        "bell",
        90,
        END,
        "Trained volunteer mentors for young people the police or schools think are being drawn into drug supply.",
        supporters=(("youth", "Recruits and supports mentors"), ("college", "Refers students")),
        story=(
            Update(130, S.NOT_STARTED, "Mentor recruitment has not started: the grant has not yet been paid."),
            Update((TODAY, -20), S.NOT_STARTED, "Grant now confirmed; recruitment opens next month."),
        ),
    ),
    Item(
        "reoff_youth",
        "Knife crime sessions in secondary schools",
        "hughes",
        (TODAY, 21),
        END,
        "Sessions for Year 9 pupils on the risks of carrying a knife, with a talk from a parent who lost a son.",
        supporters=(("yjs", "Co-delivers the sessions"),),
        milestones=(("Sessions booked with all four schools", (TODAY, 50), None),),
    ),
    # Safer night-time economy: violence
    Item(
        "nte_violence",
        "Weekend patrol plan for Kettleby town centre",
        "khan",
        0,
        END,
        "Patrols on Friday and Saturday nights matched to the busiest times and places, agreed weekly with "
        "licensees and linked to the door staff radio.",
        supporters=(("ndc", "Licensing and CCTV"), ("bcp", "Door staff radio link")),
        resources=(
            ("police", K.STAFF, "Friday and Saturday night patrols", 96, "hours a month"),
            ("ndc", K.STAFF, "CCTV operator on weekend nights", 64, "hours a month"),
        ),
        story=(
            Update(30, S.ON_TRACK, "Patrol plan agreed with licensees."),
            Update(100, S.ON_TRACK, "Violence with injury down on the same months last year."),
            Update(180, S.ON_TRACK, "Summer weekends busier, but no rise in violence."),
            Comment(185, "whitlock", "CCTV operators are now on the door staff radio."),
            Update((TODAY, -2), S.ON_TRACK, "Christmas and New Year plan agreed with licensees."),
        ),
    ),
    Item(
        "nte_violence",
        "Cumulative impact assessment for Kettleby town centre",
        "doyle",
        60,
        (TODAY, 50),
        "Consult on whether the area around Market Street has so many late licences that new ones should "
        "normally be refused.",
        supporters=(("police", "Evidence of alcohol-related disorder"),),
        milestones=(
            ("Evidence pack agreed with the police", 120, 118),
            ("Consultation closes", (TODAY, 10), None),
            ("Licensing committee decides", (TODAY, 50), None),
        ),
        story=(
            Update(120, S.ON_TRACK, "Evidence pack agreed with the police."),
            Update(190, S.ON_TRACK, "Consultation open; 46 responses so far."),
            Update((TODAY, -20), S.ON_TRACK, "More than 100 responses, most in favour."),
        ),
        action="Report the results of the consultation on a cumulative impact assessment.",
    ),
    Item(
        "nte_violence",
        "Licensing visits to premises with repeated incidents",
        "doyle",
        0,
        END,
        "Joint visits by licensing and police officers to premises linked to repeated incidents.",
        supporters=(("police", "Joint visits"),),
        story=(
            Update(40, S.ON_TRACK, "Five premises visited; action plans agreed."),
            Update(110, S.ON_TRACK, "One premises licence reviewed and conditions added."),
            Update((TODAY, -30), S.ON_TRACK, "Incidents at the five premises down by a third."),
        ),
    ),
    Item(
        "nte_violence",
        "Fire safety inspections of late-night premises",
        "lowe",
        0,
        200,
        "Inspect every late-night venue in Kettleby for fire safety, with licensing officers where useful.",
        supporters=(("ndc", "Joint visits with licensing"),),
        story=(
            Update(40, S.ON_TRACK, "Half of the 22 venues inspected."),
            Update(190, S.COMPLETE, "All 22 venues inspected; two enforcement notices served and now complied with."),
        ),
    ),
    # Safer night-time economy: getting home safely
    Item(
        "nte_home",
        "Safe space at Kettleby bus station on Friday and Saturday nights",
        "cole",
        0,
        END,
        "A staffed safe space for anyone who feels unsafe, is unwell or has lost their friends.",
        supporters=(("bus", "Use of the waiting room"), ("vs", "Recruits and trains volunteers")),
        resources=(
            ("ktc", K.MONEY, "Running costs", 9000, "£"),
            ("bus", K.EQUIPMENT, "Waiting room and toilets at the bus station", 1, "room"),
        ),
        story=(
            Update(30, S.ON_TRACK, "Open every Friday and Saturday, 10pm to 3am."),
            Update(110, S.AT_RISK, "Not enough volunteers to open every Friday."),
            Comment(115, "lang", "We are recruiting volunteers at the college."),
            Update(190, S.ON_TRACK, "Eight new volunteers; open every weekend again."),
            Update((TODAY, -11), S.ON_TRACK, "Helped 64 people since the summer."),
        ),
    ),
    Item(
        "nte_home",
        "Taxi marshal at the Market Street rank",
        "ferreira",
        0,
        END,
        "A marshal on Saturday nights to keep the queue safe and get people home quickly.",
        supporters=(("ndc", "Taxi licensing"),),
        resources=(("bcp", K.MONEY, "Marshal's wages, Saturdays 10pm to 3am", 7800, "£"),),
        story=(
            Update(30, S.ON_TRACK, "Marshal on duty every Saturday."),
            Update(140, S.OFF_TRACK, "The security firm withdrew; no marshal for the last five weeks."),
            Update((TODAY, -33), S.OFF_TRACK, "Two firms have quoted, both well over the budget."),
        ),
    ),
    Item(
        "nte_home",
        "Women's night safety walk and audit of the town centre",
        "lang",
        150,
        (TODAY, 60),
        "Walk the town centre at night with women and girls to find where they feel unsafe, and report "
        "what should change.",
        supporters=(("ndc", "Street lighting and CCTV"), ("college", "Students take part")),
        story=(Update((TODAY, -24), S.ON_TRACK, "Two walks done with 23 women; a third planned."),),
    ),
]

# Indicators ----------------------------------------------------------------------------------------


# Last year's plan ------------------------------------------------------------------------------
# The annual plan before this one, for the year just before it, under the same strategy. Its dates
# are days after this year's plan starts, so they are negative; a handful of items, mostly complete,
# that last year's annual review (reviews/demo.py) finds in its year. All are due more than six months
# before this year's plan started, so that this year's review period never includes them.

LAST_PLAN_SUMMARY = (
    "What partners agreed to do in the strategy's first year. It ended with this year's plan, which "
    "carries on the work that was not finished."
)

LAST_ITEMS = [
    Item(
        "asb_hotspots",
        "Joint winter patrols on the Ashgrove Estate",
        "khan",
        -360,
        -250,
        "Police and council officers patrol the estate together on Friday and Saturday evenings over the winter.",
        supporters=(("ndc", "Anti-social behaviour officers on the patrols"),),
        milestones=(("Patrol rota agreed", -340, -342),),
        story=(
            Update(-330, S.ON_TRACK, "Patrols running every Friday and Saturday evening since the start of the month."),
            Update(-255, S.COMPLETE, "The patrols ended as planned; calls from the estate fell by a fifth."),
        ),
    ),
    Item(
        "da_early",
        "Domestic abuse training for GP practices",
        "greaves",
        -350,
        -190,
        "Training for every GP practice in Northdale on asking about abuse and referring patients for help.",
        supporters=(("womensaid", "Trainers from the outreach team"),),
        story=(
            Update(-300, S.ON_TRACK, "Six of the eleven practices trained so far."),
            Update(-220, S.AT_RISK, "Two practices have not yet found a date; the ICB is following up."),
            Update(-195, S.COMPLETE, "All eleven practices trained. Referrals from health services are rising."),
        ),
    ),
    Item(
        "drugs_supply",
        "Named housing officer for every cuckooing case",
        "quinn",
        -340,
        -200,
        "Northdale Homes names an officer for each tenant whose home is taken over by dealers.",
        supporters=(("police", "Referrals from the neighbourhood team"),),
        story=(
            Update(-310, S.ON_TRACK, "Officers named for the four open cases."),
            Update(-210, S.COMPLETE, "Every case since the start of the year has had a named officer within a day."),
        ),
    ),
    Item(
        "reoff_release",
        "Emergency flats for people released without an address",
        "pike",
        -330,
        -195,
        "Two flats kept for people released from prison to Northdale with nowhere to stay on their first night.",
        supporters=(("homes", "The two flats"), ("probation", "Referrals and support on release")),
        milestones=(("Agreement with Northdale Homes signed", -250, -255),),
        story=(
            Update(-280, S.ON_TRACK, "Northdale Homes has identified two flats."),
            Update(-200, S.COMPLETE, "Both flats in use; nobody was released without an address last quarter."),
        ),
    ),
    Item(
        "asb_young",
        "Holiday activities in the hotspot wards",
        "blake",
        -320,
        -190,
        "Sport, music and trips for young people in Ashgrove and Millfield over the spring and summer holidays.",
        story=(
            Update(-260, S.ON_TRACK, "140 young people took part over Easter, a third from the hotspot wards."),
            Update(-192, S.COMPLETE, "The summer programme ran every weekday for five weeks."),
        ),
    ),
    Item(
        "nte_home",
        "Taxi marshals at the Market Street rank",
        "marsh",
        -300,
        -195,
        "Marshals at the town centre's main taxi rank on Friday and Saturday nights.",
        story=(
            Update(-270, S.AT_RISK, "The contract is being re-tendered; the start is two months late."),
            Update(-240, S.ON_TRACK, "Marshals on the rank on Friday and Saturday nights since the first."),
            Update(-200, S.COMPLETE, "The marshals ran all summer; the service carries on in this year's plan."),
        ),
    ),
]


class Shape(NamedTuple):
    """How an indicator's figures move: a month's value is the level before the plan, moved towards
    `change` as the plan year goes on, with a seasonal swing peaking in month `peak`, and some noise."""

    level: float
    change: float  # relative change by the end of the plan year
    swing: float
    peak: int  # month of the year
    noise: float
    places: int  # decimal places


class Measure(NamedTuple):
    name: str
    unit: str
    agency: str  # the owning agency's key
    priority: str
    direction: str
    target: str
    shape: Shape


INDICATORS = [
    Measure(
        "Anti-social behaviour incidents",
        "incidents a month",
        "police",
        "asb",
        DOWN,
        target="390",
        shape=Shape(410, -0.18, 0.08, 7, 0.03, 0),
    ),
    Measure(
        "Repeat victims of domestic abuse",
        "% of MARAC cases referred again within a year",
        "ecc",
        "da",
        DOWN,
        target="28",
        shape=Shape(31, -0.08, 0, 1, 0.04, 1),
    ),
    Measure(
        "Drug-related offences",
        "offences a month",
        "police",
        "drugs",
        DOWN,
        target="52",
        shape=Shape(58, -0.14, 0.05, 3, 0.05, 0),
    ),
    Measure(
        "Proven reoffending rate",
        "% of adults on probation",
        "probation",
        "reoffending",
        DOWN,
        target="26.5",
        shape=Shape(27.4, -0.06, 0, 1, 0.015, 1),
    ),
    Measure(
        "Night-time violence with injury in Kettleby",
        "offences a month",
        "ndc",
        "nte",
        DOWN,
        target="21",
        shape=Shape(24, -0.15, 0.2, 12, 0.08, 0),
    ),
    Measure(
        "Referrals to youth diversion",
        "referrals a month",
        "yjs",
        "reoffending",
        UP,
        target="12",
        shape=Shape(9, 0.5, 0.1, 9, 0.12, 0),
    ),
]
INDICATOR_HISTORY_MONTHS = 12  # months of values from before the plan started, entered when it was set up
INDICATOR_NOTES = {
    ("Night-time violence with injury in Kettleby", 12): "Includes the Christmas and New Year weekends.",
}

# The order in which the counts of what was created are reported.
COUNTED = [
    "workplans",
    "priorities",
    "objectives",
    "workplan items",
    "supporting agencies",
    "resource commitments",
    "milestones",
    "milestones met",
    "progress updates",
    "supporting agencies' comments",
    "indicators",
    "indicator values",
    "actions linked to workplan items",
]


def _months_before(day, months):
    """The first day of the month `months` before `day`'s (after it, if negative)."""
    return meetings_demo._months_before(day, months)


def _reported_on(period):
    """A month's figure is entered on the 10th of the month after."""
    return _months_before(period, -1).replace(day=10)


def _years(first, last):
    return f"{first.year} to {last.year}"


class _Loader:
    def __init__(self, *, by, partnership, people, agencies):
        self.by = by
        self.partnership = partnership
        self.people = people
        self.agencies = agencies
        self.created = Counter()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.replay = meetings_demo.Replay(self.now)
        self.starts = _months_before(self.today, PLAN_STARTED_MONTHS_AGO)
        self.ends = _months_before(self.today, PLAN_STARTED_MONTHS_AGO - 12) - DAY
        self.strategy_starts = _months_before(self.today, PLAN_STARTED_MONTHS_AGO + 12 * (STRATEGY_YEARS - 1))
        self.users = {}

    # Dates -------------------------------------------------------------------------------------

    def _date(self, when):
        if when == END:
            return self.ends
        if isinstance(when, tuple):
            _today, days = when
            return self.today + DAY * days
        return self.starts + DAY * when

    def _moment(self, when, hour, minute=0):
        day = self._date(when) if not isinstance(when, datetime.date) else when
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    def _user(self, person):
        """The person's own login, or the admin who logs progress for those without one."""
        if person.pk not in self.users:
            self.users[person.pk] = person.user if person.user_id else self.by
        return self.users[person.pk]

    def run(self):
        first = self._moment(_months_before(self.starts, 12) - DAY * 35, 10)
        self.replay.run(self._set_up(first), first)
        return Counter(dict(sorted(self.created.items(), key=lambda row: COUNTED.index(row[0]))))

    # Stories -----------------------------------------------------------------------------------

    def _set_up(self, first):
        yield first  # the board has agreed the strategy; the coordinator enters it before last year's plan
        strategy = services.workplan_create(
            partnership=self.partnership,
            title=f"Safer Northdale: community safety strategy {_years(self.strategy_starts, self.ends)}",
            kind=Workplan.Kind.STRATEGY,
            starts=self.strategy_starts,
            ends=self.ends,
            summary=STRATEGY_SUMMARY,
            by=self.by,
        )
        self.created["workplans"] += 1
        for _key, title, _description, aim in PRIORITIES:
            services.priority_create(workplan=strategy, title=title, description=aim, by=self.by)
            self.created["priorities"] += 1

        last_starts = _months_before(self.starts, 12)
        yield self._moment(last_starts - DAY * 21, 10)  # last year's plan, three weeks before it started
        last_plan, _priorities, objectives = self._add_plan(strategy, last_starts, self.starts - DAY, LAST_PLAN_SUMMARY)
        for index, spec in enumerate(LAST_ITEMS):
            item, milestones = self._add_item(last_plan, objectives[spec.objective], spec)
            self.replay.spawn(self._item_story(item, spec, milestones, index))

        yield self._moment(-21, 10)  # this year's plan, three weeks before it starts
        plan, priorities, objectives = self._add_plan(strategy, self.starts, self.ends, PLAN_SUMMARY)
        links = []
        for index, spec in enumerate(ITEMS):
            item, milestones = self._add_item(plan, objectives[spec.objective], spec)
            self.replay.spawn(self._item_story(item, spec, milestones, index))
            if spec.action:
                links.append((item, spec.action))

        yield self._moment(-14, 11)  # the indicators, with a year of figures from before the plan
        for measure in INDICATORS:
            indicator = self._add_indicator(measure, priorities[measure.priority])
            self.replay.spawn(self._indicator_story(indicator, measure))

        setup_done = self.replay.moment
        for item, wording in links:
            self._link_later(item, wording, setup_done)

    def _add_plan(self, strategy, starts, ends, summary):
        """An annual plan under the strategy, with its priorities and objectives (by key)."""
        plan = services.workplan_create(
            partnership=self.partnership,
            title=f"Partnership plan {_years(starts, ends)}",
            kind=Workplan.Kind.ANNUAL,
            parent=strategy,
            starts=starts,
            ends=ends,
            summary=summary,
            by=self.by,
        )
        self.created["workplans"] += 1
        priorities = {}
        for key, title, description, _aim in PRIORITIES:
            priorities[key] = services.priority_create(workplan=plan, title=title, description=description, by=self.by)
            self.created["priorities"] += 1
        objectives = {}
        for key, priority_key, title, outcome in OBJECTIVES:
            objectives[key] = services.objective_create(
                priority=priorities[priority_key], title=title, expected_outcome=outcome, by=self.by
            )
            self.created["objectives"] += 1
        return plan, priorities, objectives

    def _add_item(self, plan, objective, spec):
        officer = self.people[spec.officer]
        item = services.item_create(
            workplan=plan,
            objective=objective,
            title=spec.title,
            description=spec.description,
            lead_agency=officer.agency,
            responsible_officer=officer,
            starts=self._date(spec.starts),
            due=self._date(spec.due),
            by=self.by,
        )
        self.created["workplan items"] += 1
        for agency_key, contribution in spec.supporters:
            services.supporter_add(item=item, agency=self.agencies[agency_key], contribution=contribution, by=self.by)
            self.created["supporting agencies"] += 1
        for agency_key, kind, description, amount, unit in spec.resources:
            services.resource_commit(
                item=item,
                agency=self.agencies[agency_key],
                kind=kind,
                description=description,
                amount=Decimal(amount),
                unit=unit,
                by=self.by,
            )
            self.created["resource commitments"] += 1
        milestones = []
        for title, due, done in spec.milestones:
            milestone = services.milestone_add(item=item, title=title, due=self._date(due), by=self.by)
            self.created["milestones"] += 1
            if done is not None:
                milestones.append((milestone, self._date(done)))
        return item, milestones

    def _item_story(self, item, spec, milestones, index):
        """The item's year: updates and comments at their moments, milestones met on their days."""
        steps = []
        for number, entry in enumerate(spec.story):
            # Spread the day's entries over working hours, so the item's page reads naturally.
            moment = self._moment(entry.when, 9 + (index + number * 3) % 8, (index * 7 + number * 13) % 60)
            steps.append((moment, number, entry))
        for number, (milestone, done_on) in enumerate(milestones, start=len(steps)):
            steps.append((self._moment(done_on, 16, 30), number, milestone))
        for moment, _number, entry in sorted(steps, key=lambda row: row[:2]):
            yield moment
            if isinstance(entry, Update):
                author = self.people[entry.author or spec.officer]
                services.progress_log(
                    item=item,
                    author=author,
                    status=entry.status,
                    narrative=entry.text,
                    dropped_reason=entry.reason,
                    by=self._user(author),
                )
                self.created["progress updates"] += 1
            elif isinstance(entry, Comment):
                author = self.people[entry.author]
                services.progress_log(
                    item=item,
                    author=author,
                    kind=ProgressUpdate.Kind.COMMENT,
                    narrative=entry.text,
                    by=self._user(author),
                )
                self.created["supporting agencies' comments"] += 1
            else:
                services.milestone_complete(milestone=entry, done_on=timezone.localdate(moment), by=self.by)
                self.created["milestones met"] += 1

    # Indicators --------------------------------------------------------------------------------

    def _value(self, measure, period):
        shape = measure.shape
        months_in = (period.year - self.starts.year) * 12 + period.month - self.starts.month
        progress = min(max(months_in, 0), 12) / 12
        seasonal = 1 + shape.swing * math.cos(2 * math.pi * (period.month - shape.peak) / 12)
        wobble = 1 + random.Random(f"{measure.name}:{period:%Y-%m}").gauss(0, shape.noise)
        value = Decimal(shape.level * (1 + shape.change * progress) * seasonal * wobble)
        return value.quantize(Decimal(1).scaleb(-shape.places))

    def _history(self):
        return [_months_before(self.starts, months) for months in range(INDICATOR_HISTORY_MONTHS, 0, -1)]

    def _add_indicator(self, measure, priority):
        history = self._history()
        baseline = sum(self._value(measure, period) for period in history) / len(history)
        indicator = services.indicator_create(
            partnership=self.partnership,
            priority=priority,
            name=measure.name,
            unit=measure.unit,
            baseline=baseline.quantize(Decimal(1).scaleb(-measure.shape.places)),
            target=Decimal(measure.target),
            direction=measure.direction,
            agency=self.agencies[measure.agency],
            by=self.by,
        )
        self.created["indicators"] += 1
        # The figures already reported when the plan was set up are entered in one go.
        set_up_on = timezone.localdate(self.replay.moment)
        for period in history:
            if _reported_on(period) <= set_up_on:
                self._record(indicator, measure, period)
        return indicator

    def _indicator_story(self, indicator, measure):
        """Each later month's figure, entered when it is reported."""
        entered = set(indicator.values.values_list("period", flat=True))
        period = self._history()[0]
        while _reported_on(period) <= self.today:
            if period not in entered:
                yield self._moment(_reported_on(period), 11, 15)
                self._record(indicator, measure, period)
            period = _months_before(period, -1)

    def _record(self, indicator, measure, period):
        services.indicator_value_record(
            indicator=indicator,
            period=period,
            value=self._value(measure, period),
            note=INDICATOR_NOTES.get((measure.name, period.month), ""),
            by=self.by,
        )
        self.created["indicator values"] += 1

    # Action points from meetings ---------------------------------------------------------------

    def _link_later(self, item, wording, setup_done):
        """Link the meetings demo's action point with this wording to the item, the day after both exist."""
        action = (
            ActionPoint.objects.filter(partnership=self.partnership, description=wording, workplan_item=None)
            .select_related("meeting")
            .first()
        )
        if action is None:
            return  # the meetings demo did not set it (its year may not have reached that meeting)
        since = max(setup_done, action.meeting.ends_at) if action.meeting else setup_done
        self.replay.spawn(self._link(action, item, self.replay.soon(since + DAY, 30)))

    def _link(self, action, item, moment):
        yield moment
        meetings_services.action_update(action=action, by=self.by, version=None, workplan_item=item)
        self.created["actions linked to workplan items"] += 1


def _check_data(people, agencies):
    objectives = {row[0] for row in OBJECTIVES}
    priorities = {row[0] for row in PRIORITIES}
    problems = [f"unknown priority {row[1]!r}" for row in OBJECTIVES if row[1] not in priorities]
    problems += [f"unknown priority {row.priority!r}" for row in INDICATORS if row.priority not in priorities]
    problems += [f"unknown agency {row.agency!r}" for row in INDICATORS if row.agency not in agencies]
    for spec in ITEMS + LAST_ITEMS:
        keys = [spec.officer] + [entry.author for entry in spec.story if entry.author]
        problems += [f"{spec.title}: unknown person {key!r}" for key in keys if key not in people]
        agency_keys = [row[0] for row in (*spec.supporters, *spec.resources)]
        problems += [f"{spec.title}: unknown agency {key!r}" for key in agency_keys if key not in agencies]
        if spec.officer in people and not problems:
            lead = people[spec.officer].agency_id
            supporting = {agencies[key].pk for key, _contribution in spec.supporters}
            if lead in supporting:
                problems.append(f"{spec.title}: the lead agency cannot also support it")
            for entry in spec.story:
                agency_id = people[entry.author or spec.officer].agency_id
                if agency_id not in (supporting if isinstance(entry, Comment) else {lead}):
                    problems.append(f"{spec.title}: {entry.author!r} is not from the right agency for {entry.text!r}")
        if spec.objective not in objectives:
            problems.append(f"{spec.title}: unknown objective {spec.objective!r}")
    if problems:
        raise ValueError("Workplan demo data is inconsistent: " + "; ".join(problems))


def load(*, by, partnership, people, agencies):
    """Load Northdale's strategy and current plan unless it has a workplan already; return what was created."""
    if Workplan.objects.filter(partnership=partnership).exists():
        return Counter()
    _check_data(people, agencies)
    return _Loader(by=by, partnership=partnership, people=people, agencies=agencies).run()
