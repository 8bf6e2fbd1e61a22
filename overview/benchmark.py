"""The page benchmark's measuring and its table (manage.py benchmark_pages; the area is overview/benchmark_data.py).

Each main page is requested in-process with Django's test client, signed in (force_login) as each role that
may see it: its query count (CaptureQueriesContext), then its wall time over N requests, each followed by a
request of the floor view (a signed-in page that reads nothing: the cost of the middleware and the session)
and of the Django admin's changelist of the same kind of rows as a superuser. The table compares the page
with the floor, the page at 10x with itself at 1x, and the page with the admin.
"""

import math
import os
import platform
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

FLOOR = "benchmark_floor"
ROLES = ["coordinator", "chair", "lead officer"]
# (page, URL name, the area's key for the pk it needs, the admin page of the same kind of rows)
PAGES = [
    ("Dashboard", "partnership:dashboard", None, "admin:index"),
    ("All actions", "meetings:actions", None, "admin:meetings_actionpoint_changelist"),
    ("Audit log", "partnership:audit", None, "admin:partnership_auditentry_changelist"),
    ("Workplan (current plan)", "workplan:plan", None, "admin:workplan_workplanitem_changelist"),
    ("Meeting (latest board meeting)", "meetings:meeting", "meeting", "admin:meetings_meeting_changelist"),
    # Decisions have no admin of their own: the agenda items they are made under are the nearest.
    ("Decisions log", "meetings:decisions", None, "admin:meetings_agendaitem_changelist"),
    # The reviews admin lists only the framework's questions, not returns or answers: no comparison.
    ("Review consolidation", "reviews:consolidate", "review", None),
]


def percentile(values, share):
    """Nearest-rank percentile (p95 of 30 values is the 29th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _timed(client, url):
    tick = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - tick
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code} while timed")
    return elapsed


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured.captured_queries)


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def measure(area, *, requests, say=None):
    """Rows of the table for one area (what Area.build() returned): one per page and role that may see it,
    and one per page and role that may not (with the status it got)."""
    say = say or (lambda message: None)
    users = get_user_model().objects.in_bulk([*area["users"].values(), area["superuser"]], field_name="username")
    clients = {role: _signed_in(users[username]) for role, username in area["users"].items()}
    admin = _signed_in(users[area["superuser"]])
    floor = reverse(FLOOR)
    for client in [*clients.values(), admin]:
        client.get(floor)
    rows = []
    for page, name, key, admin_name in PAGES:
        kwargs = {"partnership": area["slug"]}
        if key:
            kwargs["pk"] = area[key]
        url = reverse(name, kwargs=kwargs)
        admin_url = reverse(admin_name) if admin_name else None
        for role in ROLES:
            client = clients[role]
            status = client.get(url).status_code  # also the warm-up
            if status != 200:
                rows.append({"page": page, "role": role, "status": status})
                continue
            client.get(url)
            _, queries = _queries(client, url)
            row = {"page": page, "role": role, "status": 200, "queries": queries, "url": url}
            times, floors, admins = [], [], []
            if admin_url:
                admin.get(admin_url)
                admin_status, row["admin_queries"] = _queries(admin, admin_url)
                if admin_status != 200:
                    raise RuntimeError(f"{admin_url} answered {admin_status}")
                row["admin"] = admin_name
            for _ in range(requests):
                times.append(_timed(client, url))
                floors.append(_timed(client, floor))
                if admin_url:
                    admins.append(_timed(admin, admin_url))
            row.update(
                median=statistics.median(times),
                p95=percentile(times, 0.95),
                floor=statistics.median(floors),
                admin_median=statistics.median(admins) if admins else None,
            )
            rows.append(row)
            say(f"{page}, {role}: {queries} queries, median {row['median'] * 1000:.1f} ms")
    return rows


# The table ------------------------------------------------------------------------------------------


def query_mismatches(base, big):
    """(page, role, queries at 1x, queries at 10x) wherever the two counts differ (or a page was seen at
    only one of the scales)."""
    counts = {(r["page"], r["role"]): r.get("queries") for r in base["rows"]}
    other = {(r["page"], r["role"]): r.get("queries") for r in big["rows"]}
    return [(page, role, counts.get((page, role)), other.get((page, role))) for page, role in
            dict.fromkeys([*counts, *other]) if counts.get((page, role)) != other.get((page, role))]  # fmt: skip


def _ms(seconds):
    return f"{seconds * 1000:.1f}" if seconds is not None else "—"


def _ratio(one, other):
    return f"{one / other:.2f}" if one is not None and other else "—"


def table(runs, *, engine, command):
    """BENCHMARKS.md's text from the runs (the base run first, then the 10x one if any)."""
    base = runs[0]
    big = runs[1] if len(runs) > 1 else None
    tenfold = {(r["page"], r["role"]): r for r in big["rows"]} if big else {}
    lines = [
        "# Page benchmark",
        "",
        f"Written by `{command}` on {time.strftime('%Y-%m-%d %H:%M %Z')}.",
        "",
        f"- Machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        f"- Database: {engine}",
    ]
    for run in runs:
        counts = run["area"]["counts"]
        lines.append(
            f"- Scale {run['scale']:g} ({run['area']['partnerships']} partnerships): generated in "
            f"{run['area']['seconds']:.1f} s (migrations {run['migrate_seconds']:.1f} s); "
            f"{counts.get('meetings', 0):,} meetings, {counts.get('agenda items', 0):,} agenda items, "
            f"{counts.get('action points', 0):,} action points, {counts.get('action updates', 0):,} action updates, "
            f"{counts.get('workplan items', 0):,} workplan items, {counts.get('answers', 0):,} review answers, "
            f"{counts.get('audit entries', 0):,} history rows (each with its audit entry)"
        )
    lines += [
        f"- {base['requests']} requests per page, each followed by one of the floor view (signed in, reads "
        "nothing) and one of the admin page; times are wall clock in one process (django.test.Client).",
        "",
        "| page | role | queries 1× | queries 10× | median ms 1× | p95 ms 1× | × floor 1× | median ms 10× "
        "| × floor 10× | 10×/1× | vs admin changelist 1× (10×) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    hidden = []
    for row in base["rows"]:
        if row["status"] != 200:
            hidden.append(f"{row['page']} to the {row['role']} ({row['status']})")
            continue
        other = tenfold.get((row["page"], row["role"]), {})
        versus = _ratio(row["median"], row["admin_median"])
        if other.get("admin_median"):
            versus += f" ({_ratio(other['median'], other['admin_median'])})"
        lines.append(
            f"| {row['page']} | {row['role']} | {row['queries']} | {other.get('queries', '—')} | "
            f"{_ms(row['median'])} | {_ms(row['p95'])} | {_ratio(row['median'], row['floor'])} | "
            f"{_ms(other.get('median'))} | {_ratio(other.get('median'), other.get('floor'))} | "
            f"{_ratio(other.get('median'), row['median'])} | {versus} |"
        )
    floor = statistics.median(r["floor"] for r in base["rows"] if r["status"] == 200)
    lines += ["", f"The floor view's median at 1×: {_ms(floor)} ms."]
    admins = dict.fromkeys(f"`{r['admin']}`" for r in base["rows"] if r.get("admin"))
    lines.append(
        f"Admin pages compared: {', '.join(admins)} (decisions have no admin: the agenda items' changelist; "
        "the review consolidation has none)."
    )
    if hidden:
        lines.append(f"Not visible, so not timed: {'; '.join(hidden)}.")
    if big:
        mismatches = query_mismatches(base, big)
        if mismatches:
            lines.append("")
            lines.append("**Query counts differ between 1× and 10×** (page, role, 1×, 10×): ")
            lines += [f"- {page}, {role}: {one} → {ten}" for page, role, one, ten in mismatches]
        else:
            lines.append("Every page makes as many queries at 10× as at 1×.")
    lines += [
        "",
        "Run it again with `python manage.py benchmark_pages` (options: `--scale 1`, `--requests 30`, "
        "`--only-base`, `--postgres postgres://postgres@127.0.0.1:5432/partnership_bench`, `--seed`). It never "
        "touches the app's database: it builds each area in a scratch database (a temporary SQLite file, or "
        "`partnership_bench` on PostgreSQL, dropped and created) in a child process of its own.",
        "",
    ]
    return "\n".join(lines)
