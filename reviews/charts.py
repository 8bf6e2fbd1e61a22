"""Charts of the annual review as server-side SVG (pygal), in the product's chart style (core.charts): the same
bytes serve the chart images on the review's pages and the charts in its PDF. Each chart carries a <title> and a <desc>
(read by assistive technology) and no script. The figures are counts and means of submitted ratings only."""

import statistics

import pygal
from django.db.models import Count
from django.http import Http404

from core import charts as look  # one look for every chart in the product
from core.charts import data_uri as data_uri  # for the review's PDF
from reviews import selectors
from reviews.models import AgencyReturn, AnnualReview, Answer, Rating

# One colour per point on the scale, from "not in place" to "fully in place"; each has at least 4.5:1
# contrast with the white background (WCAG asks 3:1 for graphics).
RATING_COLOURS = {1: "#d4351c", 2: "#a35200", 3: "#1d70b8", 4: "#00703c"}
# Lines of successive reviews, oldest first: the latest in the GOV.UK blue, so it stands out.
REVIEW_COLOURS = ("#6f777b", "#4c2c92", "#a35200", "#00703c", "#1d70b8")
LABEL_CHARACTERS = 50


def _mean(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _short(label):
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


# One question's ratings -------------------------------------------------------------------------------


def question_of(review, question_pk):
    """A question of the review's framework; 404 for any other."""
    question = review.framework.questions.filter(pk=question_pk).first()
    if question is None:
        raise Http404("No such question in this review")
    return question


def rating_counts(review, question):
    """How many submitted returns gave each rating to the question: [count of 1, of 2, of 3, of 4]."""
    rows = (
        Answer.objects.filter(
            agency_return__review=review,
            agency_return__state=AgencyReturn.State.SUBMITTED,
            question=question,
            rating__isnull=False,
        )
        .values("rating")
        .annotate(n=Count("pk"))
    )
    by_rating = {row["rating"]: row["n"] for row in rows}
    return [by_rating.get(value, 0) for value, _ in Rating.choices]


def question_description(question, counts):
    total = sum(counts)
    if not total:
        return f"Question {question.order}: no submitted return has rated it yet."
    parts = [f"{count} rated it {label}" for count, (_, label) in zip(counts, Rating.choices, strict=True)]
    ratings = [value for count, (value, _) in zip(counts, Rating.choices, strict=True) for _ in range(count)]
    return (
        f"Question {question.order}, ratings from {total} submitted return{'s' if total != 1 else ''}: "
        f"{'; '.join(parts)}. Mean {_mean(statistics.mean(ratings))}."
    )


def question_chart(question, counts):
    """A bar per point on the scale, its height the number of returns that gave that rating.

    `counts` is [count of 1, of 2, of 3, of 4], as rating_counts or a consolidation row gives it.
    """
    title = f"Question {question.order}: ratings"
    description = question_description(question, counts)
    largest = max(counts) if counts else 0
    step = max(1, -(-largest // 8))
    axis = (
        {"y_labels": list(range(0, largest + step, step))}
        if largest
        else {"show_y_labels": False, "show_y_guides": False}
    )
    chart = pygal.Bar(
        **look.config(
            title,
            RATING_COLOURS.values(),
            width=560,
            height=300,
            show_legend=False,
            truncate_label=-1,
            print_values=True,
            print_zeroes=False,
            value_formatter=lambda value: f"{value:.0f}",
            no_data_text="No ratings yet",
            **axis,
        )
    )
    chart.x_labels = [label.replace(" – ", " ") for _, label in Rating.choices]
    if sum(counts):
        chart.add(
            "Returns",
            [
                {"value": count or None, "color": RATING_COLOURS[value]}
                for count, (value, _) in zip(counts, Rating.choices, strict=True)
            ],
        )
    return look.render(chart, title, description)


def question_svg(review, question):
    return question_chart(question, rating_counts(review, question))


# Year on year -----------------------------------------------------------------------------------------


def year_label(review):
    start, end = review.period_start.year, review.period_end.year
    return str(start) if start == end else f"{start}–{str(end)[-2:]}"


def year_on_year_data(partnership, *, framework_name=None, until=None):
    """(reviews, rows) of the reviews that asked the same framework's questions (the latest review's, unless
    `framework_name` is given), up to the review `until` if given; rows are (order, text, {review pk: mean})."""
    if framework_name is None:
        latest = AnnualReview.objects.filter(partnership=partnership).select_related("framework").first()
        if latest is None:
            return [], []
        framework_name = latest.framework.name
    reviews, rows = selectors.year_on_year(partnership, framework_name=framework_name)
    if until is not None:
        reviews = [review for review in reviews if review.period_start <= until.period_start]
    # Questions in the order of the most recent framework edition shown; a question dropped from it keeps
    # its place by its number.
    orders = {}
    if reviews:
        orders = dict(reviews[-1].framework.questions.values_list("text", "order"))
    shown = {review.pk for review in reviews}
    table = []
    for text, by_review in rows:
        means = {pk: mean for pk, mean in by_review.items() if pk in shown}
        if means:
            table.append((orders.get(text), text, means))
    table.sort(key=lambda row: (row[0] is None, row[0] or 0, row[1]))
    numbered = []
    for position, (order, text, means) in enumerate(table, start=1):
        numbered.append((order or position, text, means))
    return reviews, numbered


def overall_means(reviews, rows):
    """Per review, the mean of its question means (None where it has no ratings)."""
    result = {}
    for review in reviews:
        values = [means[review.pk] for _, _, means in rows if review.pk in means]
        result[review.pk] = round(statistics.mean(values), 2) if values else None
    return result


def year_on_year_description(reviews, rows):
    if not rows:
        return "No review has submitted ratings to compare yet."
    overall = overall_means(reviews, rows)
    parts = [
        f"{review.title}: mean {_mean(overall[review.pk])}" for review in reviews if overall[review.pk] is not None
    ]
    text = (
        f"Mean rating (1 to 4) of each of {len(rows)} questions in each review, question by question. "
        + "; ".join(parts)
        + "."
    )
    if len(reviews) >= 2:
        last, before = reviews[-1].pk, reviews[-2].pk
        changes = [
            (means[last] - means[before], order) for order, _, means in rows if last in means and before in means
        ]
        if changes:
            rise, rise_order = max(changes)
            fall, fall_order = min(changes)
            if rise > 0:
                text += f" Largest rise since the review before: question {rise_order} (up {_mean(rise)})."
            if fall < 0:
                text += f" Largest fall: question {fall_order} (down {_mean(-fall)})."
    return text


def year_on_year_chart(reviews, rows, *, title="Mean rating per question, year on year"):
    """A line per review across the questions (its profile), so years can be laid over each other."""
    description = year_on_year_description(reviews, rows)
    colours = REVIEW_COLOURS[-len(reviews) :] if 0 < len(reviews) <= len(REVIEW_COLOURS) else REVIEW_COLOURS
    chart = pygal.Line(
        **look.config(
            title,
            colours,
            width=900,
            height=420,
            **({"range": (1, 4), "y_labels": [1, 2, 3, 4]} if rows else {"show_y_labels": False}),
            x_title="Question",
            dots_size=3,
            show_minor_x_labels=len(rows) <= 25,
            x_labels_major_every=5 if len(rows) > 25 else None,
            legend_at_bottom_columns=min(max(len(reviews), 1), 3),
            allow_interruptions=True,
            no_data_text="No ratings yet",
            value_formatter=_mean,
        )
    )
    chart.x_labels = [str(order) for order, _, _ in rows]
    if rows:
        for review in reviews:
            chart.add(_short(review.title), [means.get(review.pk) for _, _, means in rows])
    return look.render(chart, title, description)


def year_on_year_svg(partnership, *, framework_name=None):
    reviews, rows = year_on_year_data(partnership, framework_name=framework_name)
    return year_on_year_chart(reviews, rows)


def agency_year_on_year_data(partnership, reviews):
    """{agency name: {review pk: mean}} for the given reviews, agencies in name order."""
    shown = {review.pk for review in reviews}
    table = {}
    for agency, by_review in selectors.year_on_year_by_agency(partnership).items():
        means = {pk: mean for pk, mean in by_review.items() if pk in shown}
        if means:
            table[agency] = means
    return dict(sorted(table.items(), key=lambda pair: pair[0].casefold()))


def agency_year_on_year_description(reviews, table):
    if not table:
        return "No agency has submitted ratings to compare yet."
    parts = []
    for agency, means in table.items():
        shown = [f"{year_label(review)} {_mean(means[review.pk])}" for review in reviews if review.pk in means]
        parts.append(f"{agency}: {', '.join(shown)}")
    return "Mean rating (1 to 4) each agency gave, review by review. " + "; ".join(parts) + "."


def agency_year_on_year_chart(reviews, table, *, title="Mean rating by agency, year on year"):
    """A group of bars per agency, one bar per review, oldest first."""
    description = agency_year_on_year_description(reviews, table)
    colours = REVIEW_COLOURS[-len(reviews) :] if 0 < len(reviews) <= len(REVIEW_COLOURS) else REVIEW_COLOURS
    agencies = list(reversed(table))  # pygal draws the first label at the bottom
    chart = pygal.HorizontalBar(
        **look.config(
            title,
            colours,
            width=900,
            height=200 + max(len(agencies), 1) * (12 * max(len(reviews), 1) + 12),
            **({"range": (0, 4), "y_labels": [0, 1, 2, 3, 4]} if table else {"show_y_labels": False}),
            legend_at_bottom_columns=min(max(len(reviews), 1), 3),
            no_data_text="No ratings yet",
            value_formatter=_mean,
        )
    )
    chart.x_labels = [_short(agency) for agency in agencies]
    if table:
        for review in reviews:
            chart.add(_short(review.title), [table[a].get(review.pk) for a in agencies])
    return look.render(chart, title, description)


def agency_year_on_year_svg(partnership, *, framework_name=None):
    reviews, _ = year_on_year_data(partnership, framework_name=framework_name)
    return agency_year_on_year_chart(reviews, agency_year_on_year_data(partnership, reviews))
