"""The demo's history reaches back over last year's review year, so its approved review has evidence.

One test, since loading the demo takes a while (it replays two years of use)."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from casereviews import selectors as casereview_selectors
from casereviews.models import DeathReview
from partnership.models import Partnership
from reviews import selectors
from reviews.models import AnnualReview
from workplan.models import Workplan, WorkplanItem


@pytest.mark.django_db
def test_the_approved_review_has_last_years_meetings_and_workplan_items(tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        call_command("load_demo", stdout=StringIO())

        review = AnnualReview.objects.get(state=AnnualReview.State.APPROVED)
        evidence = selectors.evidence(review)
        meetings = evidence["meetings"]
        assert meetings["held"] >= 5
        assert meetings["planned"] == meetings["held"] + meetings["cancelled"]
        assert evidence["minutes"]["on_time"] >= 5
        assert evidence["minutes"]["not_circulated"] == 0
        attended = [row for row in evidence["attendance"] if row["held"]]
        assert attended and all(row["attended"] for row in attended)
        assert evidence["actions"]
        assert evidence["decisions"]["total"] >= 1
        statuses = Counter()
        for counts in evidence["workplan"].values():
            statuses.update(counts)
        assert statuses.total() >= 5
        assert statuses[WorkplanItem.Status.COMPLETE] > statuses.total() / 2
        assert len(evidence["workplan"]) == 5  # something ran under every priority

        # Last year's plan ended before today, and none of its items fall in this year's review period.
        last_plan = Workplan.objects.get(kind=Workplan.Kind.ANNUAL, ends__lt=timezone.localdate())
        current = AnnualReview.objects.get(state=AnnualReview.State.OPEN)
        assert last_plan.items.exists()
        assert not last_plan.items.filter(due__gte=current.period_start).exists()

        # The case reviews: one death review in progress (two agency reports in, one late, the clock paused
        # for a trial), one published with its action plan half done; the ASB figures as the demo says.
        northdale = Partnership.objects.get(slug="northdale")
        rose, ellen = DeathReview.objects.filter(partnership=northdale).order_by("-notified_on")
        reports = list(rose.agency_reports.all())
        assert sum(1 for r in reports if r.submitted_at) == 2
        assert [r.agency.name for r in reports if r.is_late] == ["NHS Eastshire Integrated Care Board"]
        assert casereview_selectors.is_paused(rose)
        assert ellen.published_report.sha256 and ellen.published_on
        assert sorted(r.status for r in ellen.recommendations.all()) == [
            "complete",
            "complete",
            "in_progress",
            "in_progress",
        ]
        last_year, this_year = (
            casereview_selectors.asb_figure_years(northdale)[1],
            casereview_selectors.asb_figure_years(northdale)[0],
        )
        assert (last_year["received"], last_year["not_met"], last_year["held"], last_year["with_recommendations"]) == (
            7,
            3,
            4,
            3,
        )
        assert (this_year["received"], this_year["not_met"], this_year["held"]) == (3, 1, 1)

        out = StringIO()
        call_command("load_demo", stdout=out)
        assert "The demo was already loaded; nothing changed" in out.getvalue()
