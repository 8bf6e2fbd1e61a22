"""Who must use two-step sign-in (TOTP): everyone, if the site administrator says so; otherwise the
coordinators and chairs of a partnership that requires it, and anyone named on one of its case reviews.

Read once, when a person signs in (a few queries), and kept in the session: pages add no query for it. A
change of policy applies from each person's next sign-in."""

from django.db.models import Q

from casereviews.selectors import partnership_ids_with_cases_of
from partnership.models import Partnership
from security.models import SitePolicy

SESSION_KEY = "security_mfa_required"


def site_policy():
    return SitePolicy.objects.order_by("pk").first() or SitePolicy()


def mfa_required_for(user):
    """Why `user` must set up two-step sign-in (a sentence), or "" if they need not."""
    if not user.is_authenticated:
        return ""
    if site_policy().require_mfa_for_everyone:
        return "This site requires two-step sign-in of everyone."
    requiring = Partnership.objects.filter(require_mfa_for_leads=True)
    lead = requiring.filter(Q(coordinators_group__user=user) | Q(chairs_group__user=user)).first()
    if lead is not None:
        return f"{lead.name} requires two-step sign-in of its coordinators and chairs."
    on_case = requiring.filter(pk__in=partnership_ids_with_cases_of(user)).first()
    if on_case is not None:
        return f"{on_case.name} requires two-step sign-in of everyone named on a case review."
    return ""
