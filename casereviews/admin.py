"""The case reviews in the admin: only the published ASB procedure, read-only.

The restricted case files (death reviews, ASB applications and every record of theirs) are deliberately
not registered: the admin shows every row to a superuser, and a site administrator is not on the case.
A case is read and changed only through the app's own pages, by the people named on it.
"""

from django.contrib import admin

from casereviews import models
from core.admin_services import ReadOnlyHistoryAdmin

admin.site.register(
    models.AsbProcedure,
    type(
        "AsbProcedureAdmin",
        (ReadOnlyHistoryAdmin,),
        {"list_display": ["partnership", "threshold_complaints", "threshold_months", "contact_name"]},
    ),
)
