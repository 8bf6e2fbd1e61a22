"""Two app servers, one database, one cache, one worker: the app runs on several servers (README, "Scaling
out").

A fresh PostgreSQL database (partnership_servers) with the demo, a media folder shared by every process,
Redis as the shared cache, two gunicorn servers in production mode (behind a pretend TLS proxy: every
request says X-Forwarded-Proto: https) and one background worker. Then, over HTTP with urllib:

- /health/ answers 200 on both servers;
- the chair signs in on server A, and server B shows her the dashboard (the session is in the database);
- the coordinator (signed in on B) moves this year's review to consolidation through A, the chair approves it
  through A, the worker stores its PDF and server B serves it;
- the coordinator uploads a meeting paper through A and server B serves the same bytes.

Everything started is stopped, and the database and temporary folders removed, whatever happens. One line
per check passed; on failure a message, the servers' and worker's last lines of output, and exit status 1.

Run from the repository root: .venv/bin/python scripts/two_servers.py
"""

import html
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
DATABASE = "partnership_servers"
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/0"
PARTNERSHIP = "northdale"
CHAIR, CHAIR_NAME = "chair", "Margaret Holloway"  # overview/demo.py
COORDINATOR = "coordinator"
PASSWORD = "demo-password-123"  # overview.demo.DEFAULT_PASSWORD
PDF_WAIT_SECONDS = 120
START_WAIT_SECONDS = 30
TAIL_LINES = 40

# partnership/settings.py fixes STATIC_ROOT at ./staticfiles; this settings module, written into the temporary
# folder, is the real settings with only STATIC_ROOT moved there, so that no run writes into the checkout.
SETTINGS_MODULE = "two_servers_settings"
SETTINGS_TEXT = """import os

from partnership.settings import *  # noqa: F403

STATIC_ROOT = os.environ["STATIC_ROOT"]
"""


class CheckFailed(Exception):
    pass


def passed(text):
    print(f"ok   {text}", flush=True)


# Processes ----------------------------------------------------------------------------------------------


def run(command, env, what):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()[-TAIL_LINES:]
        raise CheckFailed(f"{what} failed (exit {result.returncode}):\n" + "\n".join(output))
    return result.stdout


def psql(*sql):
    command = [*PSQL, "-d", "postgres"]
    for statement in sql:
        command += ["-c", statement]
    run(command, os.environ.copy(), "psql " + "; ".join(sql))


def query(sql):
    """One value from the test database (ids to build URLs with; every change goes through the web)."""
    out = run([*PSQL, "-d", DATABASE, "-tA", "-c", sql], os.environ.copy(), f"psql {sql}").strip()
    if not out:
        raise CheckFailed(f"nothing found by: {sql}")
    return out.splitlines()[0]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """A background process in its own process group, its output in a file."""

    def __init__(self, name, command, env, folder):
        self.name = name
        self.log = folder / f"{name}.log"
        with open(self.log, "wb") as log:
            self.popen = subprocess.Popen(
                command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
            )

    def running(self):
        return self.popen.poll() is None

    def stop(self):
        if not self.running():
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.popen.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def tail(self):
        try:
            lines = self.log.read_text(errors="replace").splitlines()[-TAIL_LINES:]
        except FileNotFoundError:
            lines = []
        return f"--- last lines of {self.name} ---\n" + ("\n".join(lines) or "(no output)")


# HTTP -------------------------------------------------------------------------------------------------


class Response:
    def __init__(self, status, headers, body, url):
        self.status, self.headers, self.body, self.url = status, headers, body, url

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    """One person's cookie jar, used against any server: a session made on one is sent to the other (the jar
    keys cookies by host, not port, as a browser behind one load balancer would see one site)."""

    def __init__(self):
        # The servers believe they are behind a TLS proxy, so their cookies are Secure: send them over the
        # loopback's plain HTTP, as the proxy would over its own connection.
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        self.jar = http.cookiejar.CookieJar(policy=policy)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, base, path, *, data=None, content_type=None, follow=True):
        url = urllib.parse.urljoin(base, path)
        for _ in range(6):
            headers = {"X-Forwarded-Proto": "https"}
            if data is not None:
                # What a browser sends with a form: the CSRF check compares it with https://<host>.
                headers["Origin"] = "https://" + urllib.parse.urlsplit(url).netloc
                headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
            request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
            try:
                with self.opener.open(request, timeout=60) as answer:
                    response = Response(answer.status, answer.headers, answer.read(), url)
            except urllib.error.HTTPError as error:
                response = Response(error.code, error.headers, error.read(), url)
            if not (follow and response.status in (301, 302, 303, 307, 308)):
                return response
            location = urllib.parse.urljoin(url, response.headers["Location"])
            if location.startswith("https://"):
                location = "http://" + location[len("https://") :]  # the pretend proxy's TLS, taken off
            url, data = location, None
        raise CheckFailed(f"too many redirects from {base}{path}")

    def get(self, base, path, **kwargs):
        return self.request(base, path, **kwargs)

    def post(self, base, path, fields, *, files=None, follow=False):
        if files:
            data, content_type = multipart(fields, files)
        else:
            data, content_type = urllib.parse.urlencode(fields).encode(), None
        return self.request(base, path, data=data, content_type=content_type, follow=follow)

    def form_token(self, base, path):
        page = self.get(base, path)
        expect(page, 200, f"GET {path} on {base}")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not match:
            raise CheckFailed(f"no CSRF token in the form at {base}{path}")
        return match.group(1)

    def sign_in(self, base, username):
        token = self.form_token(base, "/accounts/login/")
        answer = self.post(
            base, "/accounts/login/", {"csrfmiddlewaretoken": token, "login": username, "password": PASSWORD}
        )
        if answer.status != 302:
            raise CheckFailed(f"signing in as {username} on {base}: {answer.status}, not 302\n{page_errors(answer)}")
        if not any(cookie.name == "sessionid" for cookie in self.jar):
            raise CheckFailed(f"signing in as {username} on {base} set no session cookie")
        return answer.headers["Location"]


def multipart(fields, files):
    """multipart/form-data by hand: fields {name: value}, files {name: (filename, bytes, content type)}."""
    boundary = "----two-servers-" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def page_errors(response):
    """What a page says, to tell why a form was refused: the text of its main part (the error summary and
    messages come first), or of the whole response if it has none (Django's own 403 page)."""
    match = re.search(r"<main\b.*?</main>", response.text, re.S)
    content = match.group(0) if match else response.text
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content))).strip()
    return f"[{title_of(response)}] {text[:500]}"


def title_of(response):
    match = re.search(r"<title>(.*?)</title>", response.text, re.S)
    return re.sub(r"\s+", " ", match.group(1)).strip() if match else ""


def signed_in_as(response):
    match = re.search(r"Signed in as </span>(.*?)</li>", response.text, re.S)
    return html.unescape(match.group(1)).strip() if match else ""


def expect(response, status, what):
    if response.status != status:
        raise CheckFailed(f"{what}: {response.status}, expected {status}\n{page_errors(response)}")
    return response


# The checks ---------------------------------------------------------------------------------------------


def check_health(a, b):
    for name, base in (("A", a), ("B", b)):
        answer = Browser().get(base, "/health/")
        if answer.status == 404:
            print(f"SKIP /health/ on server {name}: the URL is not there yet (404)", flush=True)
            continue
        expect(answer, 200, f"/health/ on server {name}")
        report = json.loads(answer.body)
        if report.get("database") != "ok" or report.get("tasks") != "ok":
            raise CheckFailed(f"/health/ on server {name} says {report}")
        passed(f"/health/ on server {name}: 200 {answer.text}")


def check_static(a, b):
    """WhiteNoise serves the collected, hashed static files on both servers."""
    page = expect(Browser().get(a, "/accounts/login/"), 200, "the sign-in page on server A")
    found = re.findall(r'(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js))"', page.text)
    if not found:
        raise CheckFailed("the sign-in page links no hashed static file (is the manifest storage in use?)")
    for name, base in (("A", a), ("B", b)):
        for path in found:
            expect(Browser().get(base, path), 200, f"{path} on server {name}")
    passed(f"both servers serve the hashed static files ({', '.join(found)})")


def check_shared_session(a, b):
    dashboard = f"/p/{PARTNERSHIP}/"
    anonymous = Browser().get(b, dashboard, follow=False)
    if anonymous.status != 302 or "/accounts/login/" not in anonymous.headers.get("Location", ""):
        raise CheckFailed(f"the dashboard on server B without signing in: {anonymous.status}, not a sign-in redirect")
    chair = Browser()
    chair.sign_in(a, CHAIR)
    page = expect(chair.get(b, dashboard), 200, "the dashboard on server B after signing in on A")
    # The account bar names the user (their full name, else their username: the demo's logins have the
    # names on their Person, not on the User).
    who = signed_in_as(page)
    if who not in (CHAIR_NAME, CHAIR):
        raise CheckFailed(f"server B's dashboard ({title_of(page)!r}) is signed in as {who!r}, not {CHAIR}")
    passed(
        f"signed in as {CHAIR} on server A; server B shows the dashboard signed in as {who!r} (session in the database)"
    )
    return chair


def check_review_pdf(a, b, chair):
    coordinator = Browser()
    coordinator.sign_in(b, COORDINATOR)
    review = query(
        "select r.id from reviews_annualreview r join partnership_partnership p on p.id = r.partnership_id "
        f"where p.slug = '{PARTNERSHIP}' and r.state = 'open' order by r.period_start desc"
    )
    base = f"/p/{PARTNERSHIP}/reviews/{review}/"
    # The demo leaves this year's review open for returns: the coordinator moves it to consolidation, after
    # which it is ready for the chair's approval.
    token = coordinator.form_token(a, base)
    moved = coordinator.post(a, base + "consolidate/", {"csrfmiddlewaretoken": token})
    expect(moved, 302, "moving the review to consolidation on server A")
    state = query(f"select state from reviews_annualreview where id = {review}")
    if state != "consolidating":
        raise CheckFailed(f"the review is {state!r} after moving it to consolidation")
    passed(f"{COORDINATOR} (signed in on server B) moved review {review} to consolidation through server A")

    token = chair.form_token(a, base + "approve/")
    fields = {"csrfmiddlewaretoken": token, "missing_reason": "Approved by the board without the late returns."}
    approved = chair.post(a, base + "approve/", fields)
    expect(approved, 302, "the chair's approval on server A")
    state = query(f"select state from reviews_annualreview where id = {review}")
    if state != "approved":
        raise CheckFailed(f"the review is {state!r} after the chair approved it")
    started = time.monotonic()
    passed(f"{CHAIR} approved review {review} through server A")

    while True:
        page = expect(chair.get(b, base), 200, "the review's page on server B")
        if "could not be made" in page.text:
            raise CheckFailed(f"the worker failed to make the review's PDF: {page_errors(page)}")
        if "is being prepared" not in page.text and f"{base}review.pdf" in page.text:
            break
        if time.monotonic() - started > PDF_WAIT_SECONDS:
            raise CheckFailed(f"the review's PDF was not stored within {PDF_WAIT_SECONDS} s")
        time.sleep(1)
    waited = time.monotonic() - started
    version = query(f"select max(version) from reviews_reviewdocument where review_id = {review}")
    stored = expect(chair.get(b, f"{base}documents/{version}.pdf"), 200, "the stored PDF from server B")
    latest = expect(chair.get(b, f"{base}review.pdf"), 200, "the approved review's PDF from server B")
    if not stored.body.startswith(b"%PDF"):
        raise CheckFailed(f"the stored document does not start with %PDF: {stored.body[:40]!r}")
    if latest.body != stored.body:
        raise CheckFailed("review.pdf and the stored version differ")
    passed(
        f"the worker stored the PDF in {waited:.0f} s; server B serves it ({base}documents/{version}.pdf, "
        f"{len(stored.body)} bytes, starts %PDF)"
    )
    return coordinator


def check_paper(a, b, coordinator):
    item = query(
        "select i.id from meetings_agendaitem i join meetings_meeting m on m.id = i.meeting_id "
        "join partnership_partnership p on p.id = m.partnership_id "
        f"where p.slug = '{PARTNERSHIP}' and not i.is_confidential "
        "order by (m.status = 'scheduled') desc, m.starts_at desc, i.id limit 1"
    )
    path = f"/p/{PARTNERSHIP}/items/{item}/papers/new/"
    title = f"Two servers check {secrets.token_hex(4)}"
    content = f"{title}\nA paper uploaded to one server and read from the other.\n{secrets.token_hex(64)}\n".encode()
    token = coordinator.form_token(a, path)
    files = {"file": ("two-servers-check.txt", content, "text/plain")}
    uploaded = coordinator.post(a, path, {"csrfmiddlewaretoken": token, "title": title}, files=files)
    expect(uploaded, 302, "uploading the paper on server A")
    paper = query(f"select id from meetings_paper where title = '{title}'")
    download = expect(coordinator.get(b, f"/p/{PARTNERSHIP}/papers/{paper}/"), 200, "the paper from server B")
    if download.body != content:
        raise CheckFailed(f"server B's paper differs from the upload: {download.body[:80]!r}")
    passed(f"paper {paper} uploaded through server A; server B serves the same {len(content)} bytes")


# Set-up and the run -----------------------------------------------------------------------------------


def wait_until_serving(process, base):
    deadline = time.monotonic() + START_WAIT_SECONDS
    while time.monotonic() < deadline:
        if not process.running():
            raise CheckFailed(f"{process.name} stopped as it started (exit {process.popen.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise CheckFailed(f"{process.name} did not listen at {base} within {START_WAIT_SECONDS} s")


def stopped(signum, frame):
    raise CheckFailed(f"stopped by signal {signum}")


def main():
    started = time.monotonic()
    signal.signal(signal.SIGTERM, stopped)  # stopped from outside (a CI timeout): clean up all the same
    folder = Path(tempfile.mkdtemp(prefix="two-servers-"))
    media, static = folder / "media", folder / "static"
    media.mkdir()
    (folder / f"{SETTINGS_MODULE}.py").write_text(SETTINGS_TEXT)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "PRODUCTION": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),  # one key for every process
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(media),
        "STATIC_ROOT": str(static),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    for name in ("CSRF_TRUSTED_ORIGINS", "SECRET_KEY_FILE", "SECURE_SSL_REDIRECT", "ZEAL"):
        env.pop(name, None)
    processes = []
    failed = False
    database_made = False
    try:
        psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)", f"CREATE DATABASE {DATABASE}")
        database_made = True
        manage = [str(VENV / "python"), "manage.py"]
        collect = Process("collectstatic", [*manage, "collectstatic", "--no-input", "-v", "0"], env, folder)
        processes.append(collect)  # beside migrate: it needs no database
        run([*manage, "migrate", "--no-input", "-v", "0"], env, "migrate")
        if collect.popen.wait() != 0:
            raise CheckFailed(f"collectstatic failed (exit {collect.popen.returncode})")
        passed(f"database {DATABASE} migrated, static files collected ({time.monotonic() - started:.0f} s)")

        # The servers and the worker start while the demo loads (in one transaction: they see it at its end).
        worker = Process("worker", [*manage, "db_worker", "--no-startup-delay"], env, folder)
        processes.append(worker)
        servers = []
        for name in ("A", "B"):
            port = free_port()
            # gunicorn's control socket is at one path per user by default: two servers would share it.
            command = [str(VENV / "gunicorn"), "partnership.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"]
            command.append("--no-control-socket")
            server = Process(f"server-{name}", command, env, folder)
            processes.append(server)
            servers.append((server, f"http://127.0.0.1:{port}"))
        run([*manage, "load_demo"], env, "load_demo")
        passed(f"demo loaded ({time.monotonic() - started:.0f} s)")
        for server, base in servers:
            wait_until_serving(server, base)
        (_, a), (_, b) = servers
        passed(f"server A at {a}, server B at {b} (gunicorn, PRODUCTION=1, one secret key) and a db_worker")

        check_health(a, b)
        check_static(a, b)
        chair = check_shared_session(a, b)
        coordinator = check_review_pdf(a, b, chair)
        check_paper(a, b, coordinator)
        for process in (worker, *(server for server, _ in servers)):
            if not process.running():
                raise CheckFailed(f"{process.name} stopped during the checks (exit {process.popen.returncode})")
    except CheckFailed as error:
        failed = True
        print(f"FAIL {error}", file=sys.stderr, flush=True)
    except Exception as error:  # an unexpected error is a failure too, with its output shown
        failed = True
        print(f"FAIL {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        raise
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the clean-up is not interrupted
        for process in processes:
            process.stop()
        if failed:
            for process in processes:
                print(process.tail(), file=sys.stderr, flush=True)
        if database_made:
            try:
                psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            except CheckFailed as error:
                failed = True
                print(f"FAIL dropping the database: {error}", file=sys.stderr, flush=True)
        shutil.rmtree(folder, ignore_errors=True)
    if failed:
        return 1
    print(f"All checks passed in {time.monotonic() - started:.0f} s; processes stopped, database dropped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
