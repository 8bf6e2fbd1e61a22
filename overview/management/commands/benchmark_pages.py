"""Benchmark the main pages on a large generated area, at 1x and 10x, and write the table to BENCHMARKS.md.

    python manage.py benchmark_pages                          # scale 1 and 10, SQLite scratch files
    python manage.py benchmark_pages --scale 0.02 --requests 5
    python manage.py benchmark_pages --only-base               # scale 1 only
    python manage.py benchmark_pages --postgres postgres://postgres@127.0.0.1:5432/partnership_bench

It never touches the app's own database. For each scale it runs itself again in a child process (with
BENCHMARK_CHILD=1) whose DATABASE_URL is a scratch database: a new SQLite file in a temporary directory,
or, on PostgreSQL (when the app's database is PostgreSQL, or --postgres is given), `partnership_bench`,
dropped and created afresh. The child migrates it, builds the area (overview/benchmark_data.py), measures
the pages (overview/benchmark.py) with DEBUG off and the benchmark's URLs (the app's and a floor view), and
prints its results as JSON; this process writes the table. If a page makes a different number of queries at
10x than at 1x, the command exits non-zero after writing the table.
"""

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import dj_database_url
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.test.utils import override_settings

from overview.benchmark import measure, query_mismatches, table
from overview.benchmark_data import Area, partnerships_at
from partnership.models import Partnership

CHILD = "BENCHMARK_CHILD"
TEMPLATE = "BENCHMARK_TEMPLATE"
BENCH_DB = "partnership_bench"
SQLITE_NAME = "bench.sqlite3"
TENFOLD = 10


def _say(message):
    print(f"  {message}", file=sys.stderr, flush=True)


def _postgres_url(config):
    """A postgres:// URL for `config` (a DATABASES entry) naming the benchmark's database."""
    user = quote(str(config.get("USER") or ""), safe="")
    password = config.get("PASSWORD")
    auth = f"{user}:{quote(str(password), safe='')}@" if password else (f"{user}@" if user else "")
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{auth}{config.get('HOST') or ''}{port}/{BENCH_DB}"


class Command(BaseCommand):
    help = "Time the main pages on a generated area at 1x and 10x in a scratch database; write BENCHMARKS.md."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Size of the area (1: 2,000 meetings...).")
        parser.add_argument("--requests", type=int, default=30, help="Timed requests of each page and role.")
        parser.add_argument("--only-base", action="store_true", help="Measure at --scale only, not also at 10x.")
        parser.add_argument("--postgres", metavar="URL", help=f"Use PostgreSQL: the URL must name {BENCH_DB}.")
        parser.add_argument("--seed", type=int, default=1998)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "BENCHMARKS.md"))
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database(s) afterwards.")
        parser.add_argument("--partnerships", type=int, help="(The child's: as many partnerships as the base.)")

    def handle(self, *args, **options):
        if os.environ.get(CHILD) == "1":
            return self._child(options)
        return self._parent(options)

    # The parent: scratch databases, children, the table -----------------------------------------

    def _scratch(self, options):
        """('postgresql', URL, connection settings) or ('sqlite', None, None)."""
        own = settings.DATABASES["default"]
        if options["postgres"]:
            config = dj_database_url.parse(options["postgres"])
            if "postgresql" not in config["ENGINE"] or config["NAME"] != BENCH_DB:
                raise CommandError(f"--postgres must be a PostgreSQL URL naming the database {BENCH_DB}.")
        elif "postgresql" in own["ENGINE"]:
            config = {**own, "NAME": BENCH_DB}
        else:
            return "sqlite", None, None
        if "postgresql" in own["ENGINE"] and own["NAME"] == BENCH_DB:
            raise CommandError(f"The app's own database is {BENCH_DB}: the benchmark will not drop it.")
        return "postgresql", _postgres_url(config), config

    @staticmethod
    def _recreate(config, *, create=True):
        """Drop the benchmark's database, through the `postgres` maintenance database, and create it again."""
        import psycopg2

        maintenance = psycopg2.connect(
            dbname="postgres",
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
        )
        maintenance.autocommit = True
        try:
            with maintenance.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
                if create:
                    cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
        finally:
            maintenance.close()

    def _parent(self, options):
        scale, requests = options["scale"], options["requests"]
        if scale <= 0 or requests < 1:
            raise CommandError("--scale must be above 0 and --requests at least 1.")
        scales = [scale] if options["only_base"] else [scale, scale * TENFOLD]
        engine, url, config = self._scratch(options)
        workdir = Path(tempfile.mkdtemp(prefix="benchmark-pages-"))
        runs = []
        try:
            for index, run_scale in enumerate(scales):
                env = {
                    **os.environ,
                    CHILD: "1",
                    "DJANGO_SETTINGS_MODULE": "partnership.settings",
                    "DEBUG": "0",
                    "PRODUCTION": "0",
                    "ZEAL": "0",
                    "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
                    "LOG_LEVEL": "ERROR",
                }
                if engine == "sqlite":
                    database = workdir / f"scale-{index}" / SQLITE_NAME
                    database.parent.mkdir()
                    template = workdir / "migrated.sqlite3"
                    if template.exists():
                        shutil.copyfile(template, database)
                    else:
                        env[TEMPLATE] = str(template)
                    env["DATABASE_URL"] = f"sqlite:///{database}"
                else:
                    self._recreate(config)
                    env["DATABASE_URL"] = url
                self.stderr.write(f"Scale {run_scale:g}: building and measuring in {env['DATABASE_URL']}")
                runs.append(self._run_child(options, run_scale, partnerships_at(scale), env))
                if engine == "sqlite" and not options["keep"]:
                    shutil.rmtree(database.parent)
        finally:
            if engine == "postgresql" and not options["keep"]:
                self._recreate(config, create=False)
            if not options["keep"]:
                shutil.rmtree(workdir, ignore_errors=True)
            else:
                self.stderr.write(f"Kept the scratch database(s) ({workdir if engine == 'sqlite' else BENCH_DB}).")
        command = " ".join(["python manage.py benchmark_pages", *sys.argv[2:]])
        text = table(runs, engine=runs[0]["engine"], command=command)
        Path(options["output"]).write_text(text)
        self.stdout.write(text)
        self.stdout.write(f"Written to {options['output']}.")
        if len(runs) > 1 and query_mismatches(runs[0], runs[1]):
            raise CommandError("Some pages make a different number of queries at 10x than at 1x (see the table).")

    def _run_child(self, options, scale, partnerships, env):
        manage = Path(settings.BASE_DIR) / "manage.py"
        arguments = ["--scale", repr(scale), "--requests", str(options["requests"]), "--seed", str(options["seed"])]
        arguments += ["--partnerships", str(partnerships)]
        child = subprocess.run(
            [sys.executable, str(manage), "benchmark_pages", *arguments], env=env, stdout=subprocess.PIPE, text=True
        )
        if child.returncode != 0:
            raise CommandError(f"The benchmark's child process at scale {scale:g} failed ({child.returncode}).")
        return json.loads(child.stdout.strip().splitlines()[-1])

    # The child: migrate, build, measure ---------------------------------------------------------

    def _child(self, options):
        database = settings.DATABASES["default"]
        name = str(database["NAME"])
        if name != BENCH_DB and Path(name).name != SQLITE_NAME:
            raise CommandError(f"The child runs only on a scratch database ({BENCH_DB} or {SQLITE_NAME}), not {name}.")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        migrated = time.perf_counter() - started
        if os.environ.get(TEMPLATE):
            connections.close_all()
            shutil.copyfile(name, os.environ[TEMPLATE])
        if Partnership.objects.exists():
            raise CommandError("The scratch database already holds partnerships.")
        ContentType.objects.clear_cache()
        scale = options["scale"]
        partnerships = options["partnerships"] or partnerships_at(scale)
        _say(f"migrated in {migrated:.1f} s; building the area at scale {scale:g}")
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            area = Area(scale=scale, partnerships=partnerships, seed=options["seed"], say=_say).build()
        area["partnerships"] = partnerships
        _say(f"built in {area['seconds']:.1f} s; measuring")
        # The pages a role may not see answer 403 or 404, which Django logs as warnings: not news here.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        # No session write for its last activity part-way through the timed requests (security.sessions).
        with override_settings(ROOT_URLCONF="overview.benchmark_urls", SESSION_ACTIVITY_WRITE_SECONDS=10**9):
            rows = measure(area, requests=options["requests"], say=_say)
        result = {
            "scale": scale,
            "requests": options["requests"],
            "engine": self._engine(),
            "migrate_seconds": migrated,
            "area": area,
            "rows": rows,
        }
        self.stdout.write(json.dumps(result))

    @staticmethod
    def _engine():
        if connection.vendor == "sqlite":
            return f"SQLite {sqlite3.sqlite_version} (a scratch file)"
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        return f"PostgreSQL {version} ({BENCH_DB} at {connection.settings_dict.get('HOST') or 'localhost'})"
