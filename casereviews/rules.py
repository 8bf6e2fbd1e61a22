"""The time limits and figures the case reviews follow, each with its source, in our own words.

Checked against the legislation and the Home Office's statutory guidance (see each constant); the
closing note of the issue lists what could not be confirmed.
"""

import calendar
import datetime

# Domestic abuse related death reviews ---------------------------------------------------------------

DARDR_SOURCE = (
    "Domestic Violence, Crime and Victims Act 2004, section 9 (in force 13 April 2011): a review of the death "
    "of a person aged 16 or over that appears to have resulted from violence, abuse or neglect by a relative, "
    "an intimate partner or a member of the same household; the bodies taking part must have regard to the "
    "Home Office's statutory guidance (s.9(3)), the Multi-agency Statutory Guidance for the Conduct of "
    "Domestic Homicide Reviews (December 2016). The Victims and Prisoners Act 2024, section 19, renames them "
    "domestic abuse related death reviews."
)

# The partnership decides whether to hold a review within one month of being told of the death, and
# tells the Home Office of its decision.
DECISION_MONTHS = 1
DECISION_SOURCE = (
    "Home Office statutory guidance (2016): the partnership decides within one month of being told of the "
    "death whether to hold a review, and tells the Home Office of its decision."
)

# A review is expected to be completed, and the overview report sent to the Home Office, within six
# months of the decision to hold it; parallel proceedings (a criminal trial, an inquest) may pause it.
COMPLETION_MONTHS = 6
COMPLETION_SOURCE = (
    "Home Office statutory guidance (2016): the overview report is expected within six months of the "
    "decision to hold the review; the days a parallel proceeding pauses it are added."
)

# How many days before a deadline the reminder goes out.
DUE_SOON_DAYS = 7

# Anti-social behaviour case reviews -------------------------------------------------------------------

ASB_SOURCE = (
    "Anti-social Behaviour, Crime and Policing Act 2014, section 104 and Schedule 4, and the Home Office "
    "statutory guidance 'Anti-social behaviour powers: statutory guidance for frontline professionals'."
)
# The relevant bodies set the threshold, but not above three qualifying complaints (s.104(4)); a complaint
# qualifies if made within one month of the behaviour, and the application is made within six months of
# the complaint (s.104(11)). They publish their review procedures with a point of contact (s.104(2)-(3)),
# and the procedures provide for an applicant unhappy with how the application or review was handled
# (Schedule 4, paragraph 3).
THRESHOLD_MAX_COMPLAINTS = 3
THRESHOLD_MAX_MONTHS = 6
FIGURES_SOURCE = (
    "Anti-social Behaviour, Crime and Policing Act 2014, section 104: each year the relevant bodies publish "
    "how many applications they received, how many times the threshold was not met, how many reviews they "
    "carried out and how many reviews led to recommendations."
)

# Retention -------------------------------------------------------------------------------------------

# Neither the Act nor the guidance sets a retention period for a case file: the partnership sets its own
# in its retention schedule. This is the default the app suggests when a case is opened.
DEFAULT_RETENTION_YEARS = 7


def add_months(day, months):
    """The same day `months` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day, years):
    return add_months(day, 12 * years)
