"""Benchmark the annual review's PDF on a large partnership, beside WeasyPrint's own time for the same HTML.

    python manage.py benchmark_review_pdf                      # a new SQLite file under /tmp, removed after
    python manage.py benchmark_review_pdf --keep               # ... kept, to look at afterwards
    createdb hub_benchmark
    python manage.py benchmark_review_pdf --database-url postgres://user:pass@host/hub_benchmark

It never touches the app's own database: before anything reads a database it points the default connection
at the throwaway one (a fresh SQLite file, or the PostgreSQL database given, which it migrates), refuses if
that is the app's configured database, and refuses a database that holds any partnership it did not make.

It builds the partnership (reviews/benchmark.py), then times, in turns, the project's path (reviews.pdf:
queries, evidence, charts, templates and WeasyPrint) and WeasyPrint alone rendering the very HTML the
project handed it, with the same stylesheet, options and URL fetcher: the engine's floor. The ratio of the
two is the project's own overhead. Peak memory is the process's maximum resident set size.
"""

import contextlib
import gc
import os
import resource
import sys
import time
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.test.utils import override_settings
from weasyprint import CSS, HTML

from core import pdf as shared_pdf
from partnership.models import Partnership
from reviews import services
from reviews.benchmark import CONFIDENTIAL_MARKER, SLUG_PREFIX, Builder
from reviews.pdf import render_review_pdf

DEFAULT_SQLITE = "/tmp/benchmark-review-pdf-{pid}.sqlite3"
AIM = 1.3


def _same_database(one, other):
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    return all(str(one.get(key) or "") == str(other.get(key) or "") for key in keys)


def _use_database(config):
    """Point the default connection at `config` (the connection handler's settings are settings.DATABASES)."""
    connections.close_all()
    databases = connections.settings
    databases["default"] = config
    connections.configure_settings(databases)
    # Drop this thread's connection object, if one was made, so the next query opens the new database.
    with contextlib.suppress(AttributeError):
        del connections["default"]


class _Capture:
    """Wraps core.pdf's HTML class while the project renders, keeping the HTML string it is given."""

    def __init__(self):
        self.html = None
        self.base_url = None

    def __call__(self, *args, **kwargs):
        self.html, self.base_url = kwargs.get("string"), kwargs.get("base_url")
        return HTML(*args, **kwargs)


class Command(BaseCommand):
    help = "Build a large partnership in a throwaway database and time the annual review's PDF against WeasyPrint."

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url",
            help="A throwaway database (e.g. postgres://.../hub_benchmark, created beforehand). "
            "Default: a new SQLite file under /tmp.",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the SQLite file the benchmark made.")
        parser.add_argument("--agencies", type=int, default=60)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--framework", help="The shipped framework to review with (default: the longest).")
        parser.add_argument("--repeat", type=int, default=2, help="Timed runs of each (the best is reported).")

    def handle(self, *args, **options):
        url = options["database_url"] or f"sqlite:///{DEFAULT_SQLITE.format(pid=os.getpid())}"
        config = dj_database_url.parse(url)
        if _same_database(config, settings.DATABASES["default"]):
            raise CommandError("That is the app's own database: give a throwaway one.")
        sqlite_file = Path(config["NAME"]) if "sqlite" in config["ENGINE"] else None
        if sqlite_file is not None:
            # A throwaway file: no need to wait for the disk at every commit.
            config.setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF;"
        if sqlite_file is not None and sqlite_file.exists() and not options["database_url"]:
            raise CommandError(f"{sqlite_file} exists already: remove it or give --database-url.")
        _use_database(config)
        try:
            self._run(options, config)
        finally:
            connections.close_all()
            if sqlite_file is not None and not options["keep"]:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
            elif sqlite_file is not None:
                self.stdout.write(f"Kept {sqlite_file}.")

    def _run(self, options, config):
        where = config["NAME"] if "sqlite" in config["ENGINE"] else f"{config.get('HOST')}/{config['NAME']}"
        self.stdout.write(f"Database: {config['ENGINE'].rsplit('.', 1)[-1]} {where}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        ContentType.objects.clear_cache()
        if Partnership.objects.exclude(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError("This database holds partnerships the benchmark did not make: give a throwaway one.")
        migrated = time.perf_counter()

        user = get_user_model().objects.create_superuser(f"benchmark-{os.getpid()}-{int(time.time())}", "", None)
        builder = Builder(
            by=user,
            agencies=options["agencies"],
            years=options["years"],
            framework_name=options["framework"],
            say=lambda message: self.stdout.write(f"  {message}"),
        )
        # Nothing is mailed: the records are made as the services make them, but the mail goes nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            review = builder.build()
        built = time.perf_counter()
        counts = ", ".join(f"{n} {what}" for what, n in builder.counts.items())
        self.stdout.write(f"Built in {built - migrated:.1f} s (migrations {migrated - started:.1f} s): {counts}.")
        self.stdout.write(
            f"Review: {review.title}, {review.framework.name} ({review.framework.questions.count()} questions), "
            f"{review.returns.count()} returns."
        )

        self._warm_up()
        rss_before = self._max_rss_mb()
        project_times, floor_times = [], []
        capture = None
        for run in range(max(1, options["repeat"])):
            # Alternate which goes first (the floor needs the project's HTML once), each from a collected heap.
            if run % 2 and capture is not None:
                floor_times.append(self._floor(capture))
            capture, data, pages = self._project(review, user, project_times, render_review_pdf)
            if not run % 2:
                floor_times.append(self._floor(capture))
        rss_after = self._max_rss_mb()

        if CONFIDENTIAL_MARKER in capture.html:
            raise CommandError("Confidential material reached the review's HTML.")
        services.review_approve(
            review=review, approver=builder.chair, by=user, missing_reason="Benchmark: any missing return is expected."
        )

        self.stdout.write("")
        self.stdout.write(f"Review PDF: {pages} pages, {len(data) / 1e6:.1f} MB, HTML {len(capture.html) / 1e6:.1f} MB")
        self.stdout.write(f"  best of {len(project_times)} run(s); wall clock, then CPU time of this process")
        self._line("project (reviews.pdf.render_review_pdf)", project_times, pages)
        self._line("WeasyPrint alone on the same HTML", floor_times, pages)
        for index, what in enumerate(["wall clock", "CPU time"]):
            ratio = min(t[index] for t in project_times) / min(t[index] for t in floor_times)
            verdict = "within" if ratio <= AIM else "above"
            self.stdout.write(f"  ratio project / floor, {what}: {ratio:.2f} ({verdict} the aim of {AIM})")
        self.stdout.write(
            f"  peak memory (max RSS of the process): {rss_after:.0f} MB; {rss_before:.0f} MB before rendering"
        )
        self.stdout.write(f"Total time: {time.perf_counter() - started:.1f} s (CPU {time.process_time():.1f} s)")

    @staticmethod
    def _project(review, user, times, render_review_pdf):
        """The project's path, as the chair's approval runs it, keeping the HTML it hands to WeasyPrint."""
        capture = _Capture()
        real_html, shared_pdf.HTML = shared_pdf.HTML, capture
        try:
            fresh = type(review).objects.select_related("framework", "approved_by").get(pk=review.pk)
            gc.collect()
            tick, cpu = time.perf_counter(), time.process_time()
            data, pages = render_review_pdf(fresh, user=user)
            times.append((time.perf_counter() - tick, time.process_time() - cpu))
        finally:
            shared_pdf.HTML = real_html
        return capture, data, pages

    def _line(self, label, times, pages):
        wall, cpu = min(t[0] for t in times), min(t[1] for t in times)
        runs = "; ".join(f"{w:.2f} s / {c:.2f} s" for w, c in times)
        self.stdout.write(
            f"  {label:<42} {wall:6.2f} s ({pages / wall:5.1f} pages/s)  CPU {cpu:6.2f} s ({pages / cpu:5.1f} pages/s)"
            f"  [runs: {runs}]"
        )

    @staticmethod
    def _floor(capture):
        """WeasyPrint alone: the captured HTML, the same stylesheet, fetcher and options as core.pdf."""
        gc.collect()
        tick, cpu = time.perf_counter(), time.process_time()
        fetcher = shared_pdf.LocalOnlyFetcher(allowed_protocols=["file", "data"], timeout=5)
        document = HTML(string=capture.html, base_url=capture.base_url, url_fetcher=fetcher)
        stylesheet = CSS(filename=shared_pdf.get_template(shared_pdf.STYLESHEET).origin.name, url_fetcher=fetcher)
        document.write_pdf(stylesheets=[stylesheet], pdf_variant=shared_pdf.PDF_VARIANT)
        return time.perf_counter() - tick, time.process_time() - cpu

    @staticmethod
    def _warm_up():
        """Load fonts and WeasyPrint's own stylesheets once, so neither timed side pays for it."""
        HTML(string="<html lang='en'><title>Warm up</title><p>Warm up</p></html>").write_pdf(
            pdf_variant=shared_pdf.PDF_VARIANT
        )

    @staticmethod
    def _max_rss_mb():
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # Linux reports kilobytes, macOS bytes.
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
