"""Every form of the app, posted with hostile input by someone who may use it: no post gives a server error.

The form pages come from the permission tables (every tests/**/test_permissions.py module's TABLE and
ELSEWHERE, and tests/test_routes.py's SITE_TABLE): one row for each route name, fetched by a person the
row gives a 200 (the coordinator if she may; the site administrator for the site pages, which no named
person may use), on the tables' own records. A page that is a download, or has no form to post, is
skipped with the reason. Each `<form method="post">` on the page (the sign-out form of the account bar
aside), and each of its buttons with a formaction, is parsed with html.parser, and hypothesis posts to it
either the values the page proposes or something hostile in one field, in every field, or in any field
drawn on its own: long text, control characters and NUL, right-to-left text, emoji, markup and script,
impossible dates, huge and negative numbers, a choice not offered, the field left out or sent twice.

For every post: no answer of 500 or more and no exception out of the view; no redirect to sign in; an
answer of 200 (the form shown again) adds or removes no row in any table (the sessions, the case access
log and the security app's logs aside) and shows the GOV.UK error summary, unless the form is one that
does otherwise by design (RERENDERS_BY_DESIGN and SAVES_BEFORE_REFUSING say why). A redirect is an
accepted post; 400, 403, 404, 405 and 413 are refusals.

Each post runs in a savepoint rolled back after it, so every example starts from the test's records.
The totals are printed at the end of the run (tests/security/fuzz_summary.py).
"""

import copy
import importlib
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from casereviews.models import CaseAccess
from tests import test_routes
from tests.conftest import client_of, once_per_module
from tests.http import close_response
from tests.security.fuzz_summary import FUZZ_SUMMARY
from tests.test_permissions import LOGIN, status_of

TESTS = Path(__file__).resolve().parent.parent
PREFERENCE = ["alice", "carol", "leo", "fred", "olive", "maya", "charlie", "anonymous"]
ADMINISTRATOR = "administrator"  # the site pages, which no named person may use
REFUSALS = {400, 403, 404, 405, 413}
ACCEPTED = {301, 302, 303}
NOT_POSTED = {"account_logout"}  # signing out would end the session the later examples post in

# Forms that answer a post with 200 and no error summary by design (the route name of the form's action: why).
RERENDERS_BY_DESIGN = {
    "meetings:meeting_plan": "two steps: with no step (or 'change') the rule's form is shown again, and a good rule "
    "shows the dates it gives to tick, neither with an error",
}
# Forms that keep part of a post they refuse, by design: the 200 still shows the error summary.
SAVES_BEFORE_REFUSING = {
    "reviews:return_submit": "every answer is saved as a draft first; then, with a question unrated, the return is "
    "shown again with the errors and 'draft saved' (reviews.views._save_return)",
}


# The form pages ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    url_name: str
    module: str  # the permission module of the row
    row: object
    person: str

    def address(self, world, records):
        row = self.row
        if isinstance(row, tuple):
            return reverse(row[0], kwargs=row[1](world))
        found = records[self.module]
        if hasattr(row, "args"):
            url = reverse(row.url_name, args=["northdale", *row.args(found)])
        else:
            url = reverse(row.url_name, kwargs=row.kwargs(found))
        query = getattr(row, "query", "")
        return url + query.format(police=world.agencies["police"].pk, leo=world.people["leo"].pk)


def _name_expected_method(row):
    if isinstance(row, tuple):
        return row[0], row[2], row[3] if len(row) > 3 else "get"
    return row.url_name, row.expected, getattr(row, "method", "get")


def permission_modules():
    return [
        importlib.import_module(".".join(path.relative_to(TESTS.parent).with_suffix("").parts))
        for path in sorted(TESTS.rglob("test_permissions.py"))
    ]


def form_pages():
    """One Page for each route name some row lets a person GET, with the most preferred such person."""
    rows = [
        (module.__name__, row)
        for module in permission_modules()
        for row in [*getattr(module, "TABLE", []), *getattr(module, "ELSEWHERE", [])]
    ]
    rows += [(test_routes.__name__, row) for row in test_routes.SITE_TABLE]
    best = {}
    for module, row in rows:
        name, expected, method = _name_expected_method(row)
        if method != "get":
            continue
        allowed = [person for person in PREFERENCE if expected.get(person) == 200]
        if not allowed and (name.startswith("site:") or name in ("security:site_log", "security:site_policy")):
            allowed = [ADMINISTRATOR]
        if not allowed:
            continue
        rank = PREFERENCE.index(allowed[0]) if allowed[0] in PREFERENCE else len(PREFERENCE)
        if name not in best or rank < best[name][0]:
            best[name] = (rank, Page(name, module, row, allowed[0]))
    return [page for _, page in sorted(best.values(), key=lambda found: found[1].url_name)]


PAGES = form_pages()


@pytest.fixture(scope="module")
def _records_of_the_module(_world_of_the_module, django_db_blocker, tmp_path_factory):
    """The records of every app's permission table, made once for the module on top of the world."""
    with once_per_module(django_db_blocker, tmp_path_factory):
        yield {
            module.__name__: module.make_records(_world_of_the_module)
            for module in permission_modules()
            if hasattr(module, "make_records")
        }


@pytest.fixture
def records(_records_of_the_module, world):
    return copy.deepcopy(_records_of_the_module)


def client_for(person, world, signed_in):
    if person == ADMINISTRATOR:
        client = Client()
        client.force_login(world.administrator)
        return client
    return client_of(person, world, signed_in)


# Parsing forms ------------------------------------------------------------------------------------------

FIXED = "fixed"  # sent as the page gives it, never fuzzed
MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, hidden, select, radio, checkbox, file, button, or FIXED
    input_type: str = "text"
    values: list = field(default_factory=list)  # as the page fills it in (selected, checked)
    options: list = field(default_factory=list)  # a choice field's values
    multiple: bool = False
    accept: str = ""


@dataclass
class Form:
    action: str
    fields: dict = field(default_factory=dict)
    formactions: list = field(default_factory=list)  # of its submit buttons that post elsewhere

    @property
    def url_name(self):
        try:
            return resolve(urlsplit(self.action).path).view_name
        except Resolver404:
            return self.action


class FormParser(HTMLParser):
    """The POST forms of a page, with their fields, as a browser would submit them."""

    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms = []
        self.form = None
        self.select = None
        self.option = None
        self.textarea = None

    def add(self, name, kind, **details):
        if name.startswith("csrfmiddlewaretoken") or name.endswith(MANAGEMENT):
            kind = FIXED
        found = self.form.fields.setdefault(name, Field(name, kind, **details))
        return found

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self.form = Form(urljoin(self.url, attrs.get("action") or self.url))
            return
        if self.form is not None and tag in ("button", "input") and attrs.get("formaction"):
            self.form.formactions.append(urljoin(self.url, attrs["formaction"]))
        if self.form is None or not attrs.get("name") or "disabled" in attrs:
            if tag == "option" and self.select is not None and "disabled" not in attrs:
                self.option_start(attrs)
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            value = attrs.get("value", "")
            if kind in ("checkbox", "radio"):
                found = self.add(name, kind, input_type=kind, multiple=kind == "checkbox")
                found.options.append(attrs.get("value", "on"))
                if "checked" in attrs:
                    found.values.append(attrs.get("value", "on"))
            elif kind in ("submit", "image"):
                self.add(name, "button", input_type=kind).options.append(value)
            elif kind == "file":
                self.add(name, "file", input_type=kind, accept=attrs.get("accept", ""), multiple="multiple" in attrs)
            elif kind not in ("reset", "button"):
                self.add(name, "hidden" if kind == "hidden" else "text", input_type=kind, values=[value])
        elif tag == "button" and attrs.get("type", "submit").lower() == "submit":
            self.add(name, "button", input_type="submit").options.append(attrs.get("value", ""))
        elif tag == "select":
            self.select = self.add(name, "select", input_type="select", multiple="multiple" in attrs)
        elif tag == "option" and self.select is not None:
            self.option_start(attrs)
        elif tag == "textarea":
            self.textarea = self.add(name, "textarea", input_type="textarea", values=[""])

    def option_start(self, attrs):
        self.option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}

    def option_end(self):
        value = self.option["value"] if self.option["value"] is not None else self.option["text"].strip()
        self.select.options.append(value)
        if self.option["selected"]:
            self.select.values.append(value)
        self.option = None

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        elif self.textarea is not None:
            self.textarea.values[0] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.forms += [Form(action, copy.deepcopy(self.form.fields)) for action in self.form.formactions]
            self.form = None
        elif tag == "option" and self.option is not None:
            self.option_end()
        elif tag == "select" and self.select is not None:
            if self.option is not None:
                self.option_end()
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def parse_forms(html, url):
    parser = FormParser(url)
    parser.feed(html)
    parser.close()
    forms, seen = [], set()
    for form in parser.forms:
        key = (form.action, tuple(form.fields))
        if form.url_name not in NOT_POSTED and key not in seen:
            seen.add(key)
            forms.append(form)
    return forms


# What is posted -----------------------------------------------------------------------------------------

MISSING = "<missing>"  # the field left out of the post

PLAUSIBLE = {
    "date": "2026-06-01",
    "time": "10:00",
    "datetime-local": "2026-06-01T10:00",
    "month": "2026-06",
    "number": "1",
    "email": "fuzz@example.org",
    "url": "https://example.org/",
    "tel": "01234 567890",
}
CONTROL = ["\x00", "a\x00b", "\x01\x02\x03\x1b[31m\x7f", "\r\n\r\n", "\t\x0b\x0c", "\ud7ff\ufffe\uffff"]
RIGHT_TO_LEFT = ["\u202eevil.exe\u202c", "مرحبا بالعالم", "שלום עולם", "\u200f\u200e\u061c", "abc\u202edef"]
EMOJI = ["😀", "👩‍👩‍👧‍👦🏳️‍🌈", "🔥" * 50, "\U0001f9d1\U0001f3ff\u200d\U0001f692"]
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% debug %}",
    "' OR '1'='1' --",
    "%s%s%s%n",
    "../../../../etc/passwd",
    '=HYPERLINK("http://x")',
    "<![CDATA[x]]><!--",
]
DATES = [
    "2025-02-30",
    "0000-00-00",
    "99999-01-01",
    "2025-13-01",
    "9999-12-31",
    "0001-01-01",
    "31",
    "13",
    "-1",
    "31/02/2025",
    "2025-02-30T25:61",
    "25:61",
]
NUMBERS = [str(10**30), "-1", "1e309", "NaN", "-inf", "-0", "0x10", "1.5", "9223372036854775808", "-" + str(10**30)]
WRONG_CHOICES = ["not-a-choice", "0", "-1", "999999999", str(10**30), ""]
PAYLOADS = CONTROL + RIGHT_TO_LEFT + EMOJI + MARKUP + DATES + NUMBERS


class Long(str):
    """A long text whose repr is short (hypothesis prints the examples it tries, and warns at 30 kB)."""

    def __repr__(self):
        return f"Long({self[:1]!r} * {len(self)})"


# Posted in every field of a form at once.
EVERYWHERE = [str(10**30), "\x00", Long("9" * 10_000), "-1", "2025-02-30", "NaN", '"><img src=x onerror=alert(1)>']


def long_text():
    return st.tuples(st.sampled_from(["a", "é", "😀", "\u202e", "<", "\x00", "9"]), st.integers(1000, 10_000)).map(
        lambda found: Long(found[0] * found[1])
    )


def hostile_text():
    return st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=40), long_text())


PDF = b"%PDF-1.4\n% fuzz\n"
FILE_NAMES = ["fuzz.pdf", "..\\..\\evil.pdf", "<script>.pdf", "مرحبا.csv", "😀.csv", "a" * 300 + ".pdf", ".csv"]


def a_file(name, content):
    return SimpleUploadedFile(name, content)


def valid_file(found):
    if "csv" in found.accept:
        return st.builds(a_file, st.just("fuzz.csv"), st.just(b"name\nFuzz\n"))
    return st.builds(a_file, st.just("fuzz.pdf"), st.just(PDF))


def hostile_file():
    contents = st.one_of(
        st.sampled_from([b"", PDF, b"\xff\xfe\x00garbage", b"name,sector\n" + "\u202e😀,\x00".encode()]),
        st.binary(max_size=500),
        hostile_text().map(lambda text: text.encode("utf-8", "surrogatepass")),
    )
    return st.builds(a_file, st.sampled_from(FILE_NAMES), contents)


def valid_value(found):
    """What the page proposes, or a plausible value where it proposes nothing."""
    if found.kind in (FIXED, "hidden"):
        return found.values[0] if found.values else ""
    if found.kind == "button":
        return found.options[0]
    if found.kind in ("select", "radio", "checkbox"):
        chosen = found.values or [next((option for option in found.options if option), "")]
        if found.kind == "checkbox":
            return found.values or MISSING
        return chosen if found.multiple else chosen[0]
    return (found.values[0] if found.values else "") or PLAUSIBLE.get(found.input_type, "Fuzzed text")


def valid_strategy(found):
    """What the page proposes; for a choice, also any other choice it offers."""
    if found.kind == "file":
        return valid_file(found)
    valid = st.just(valid_value(found))
    if found.kind in ("select", "radio", "button") and found.options and not found.multiple:
        return st.one_of(valid, st.sampled_from(found.options))
    return valid


def hostile_strategy(found):
    """Something hostile for a field, or the field missing or sent twice."""
    if found.kind == "file":
        one = st.one_of(valid_file(found), hostile_file())
        return st.one_of(hostile_file(), st.just(MISSING), hostile_text(), st.lists(one, min_size=2, max_size=2))
    hostile = hostile_text()
    if found.kind in ("select", "radio", "checkbox", "button"):
        hostile = st.one_of(st.sampled_from(WRONG_CHOICES), hostile)
    one = (
        st.one_of(st.sampled_from(found.options), hostile)
        if found.options
        else st.one_of(valid_strategy(found), hostile)
    )
    return st.one_of(hostile, st.just(MISSING), st.lists(one, min_size=2, max_size=2))


def field_strategy(found):
    if found.kind == FIXED:
        return valid_strategy(found)
    return st.one_of(valid_strategy(found), hostile_strategy(found))


def sent_twice(found):
    """The field's valid value, twice."""
    if isinstance(valid_value(found), list):  # several ticked already: each of them twice
        return valid_strategy(found).map(lambda values: values + values)
    return st.lists(valid_strategy(found), min_size=2, max_size=2)


def post_strategy(form):
    """A post of three kinds:
    - every field drawn on its own (the first example: every field as the page proposes);
    - every field valid but one hostile, so that the post gets past the others to what that one reaches;
    - every field the same hostile value (or sent twice as the page proposes), so that each field's own
      cleaning meets it at once."""
    every = st.fixed_dictionaries({name: field_strategy(found) for name, found in form.fields.items()})
    fuzzable = [name for name, found in form.fields.items() if found.kind != FIXED]
    if not fuzzable:
        return every
    valid = {name: valid_strategy(found) for name, found in form.fields.items()}
    one_hostile = st.sampled_from(fuzzable).flatmap(
        lambda chosen: st.fixed_dictionaries({**valid, chosen: hostile_strategy(form.fields[chosen])})
    )
    same = st.one_of(
        st.sampled_from(EVERYWHERE).flatmap(
            lambda value: st.fixed_dictionaries({**valid, **dict.fromkeys(fuzzable, st.just(value))})
        ),
        st.fixed_dictionaries({**valid, **{name: sent_twice(form.fields[name]) for name in fuzzable}}),
    )
    return st.one_of(every, one_hostile, same)


def post_data(drawn):
    data = {}
    for name, value in drawn.items():
        if value == MISSING:
            continue
        data[name] = value
    return data


def shown(data):
    """The post, short enough to read in a failure."""

    def short(value):
        if isinstance(value, list):
            return [short(one) for one in value]
        if isinstance(value, SimpleUploadedFile):
            return f"<file {value.name[:40]!r}, {value.size} bytes>"
        return value if len(value) <= 60 else f"{value[:30]!r}... ({len(value)} characters)"

    return {name: short(value) for name, value in data.items()}


# Counting rows ------------------------------------------------------------------------------------------

UNCOUNTED_APPS = {"security", "usersessions", "sessions"}  # logs of access and sign-in, and the sessions
UNCOUNTED_MODELS = {"casereviews.CaseAccess"}  # every view of a case file is logged, by design


def counted_tables():
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in UNCOUNTED_APPS or meta.label in UNCOUNTED_MODELS:
            continue
        tables.add(meta.db_table)
    return sorted(tables)


def row_counts():
    tables = counted_tables()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


# Posting ------------------------------------------------------------------------------------------------


PROJECT = str(TESTS.parent)


def where(error):
    """The exception and the project's last frames it passed through (not the libraries', not the tests')."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [
        frame
        for frame in frames
        if frame.filename.startswith(PROJECT) and "/.venv/" not in frame.filename and "/tests/" not in frame.filename
    ]
    last = f"{type(error).__name__}: {str(error)[:200]}"
    at = f" at {ours[-1].filename.removeprefix(PROJECT + '/')}:{ours[-1].lineno}" if ours else ""
    lines = [f"  {frame.filename}:{frame.lineno} in {frame.name}: {frame.line}" for frame in [*ours[-3:], frames[-1]]]
    return last + at, "\n".join([*lines, last])


def server_error(page, form, data, summary, detail):
    FUZZ_SUMMARY["errors"].append(f"{form.url_name} (on {page.url_name}'s page): {summary}")
    return AssertionError(f"server error posting to {form.url_name} ({form.action}) {shown(data)}:\n{detail}")


def post_once(client, session, page, form, data):
    """Post `data` to the form in a savepoint rolled back afterwards; fail on anything but a good answer.

    The client posts in the page's session (`session`, the cookie's value): a post that signed someone in
    or out or rotated the session key, rolled back, would leave the client a cookie of no session."""
    if session is None:
        client.cookies.pop(django_settings.SESSION_COOKIE_NAME, None)
    else:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = session
    with transaction.atomic():
        before = row_counts()
        FUZZ_SUMMARY["posts"] += 1
        try:
            response = client.post(form.action, data)
        except Exception as error:
            raise server_error(page, form, data, *where(error)) from error
        close_response(response)
        status = response.status_code
        if status >= 500:
            raise server_error(page, form, data, f"status {status}", f"status {status}")
        assert status in {200} | ACCEPTED | REFUSALS, f"{form.url_name}: unexpected status {status} for {shown(data)}"
        if session is not None:
            assert status_of(response) != LOGIN, f"{form.url_name} sent {page.person} to sign in for {shown(data)}"
        if status == 200:
            changed = {
                table: (count, after)
                for (table, count), after in zip(before.items(), row_counts().values(), strict=True)
                if count != after
            }
            if form.url_name not in SAVES_BEFORE_REFUSING:
                assert changed == {}, f"{form.url_name} answered 200 but changed rows {changed} for {shown(data)}"
            if form.url_name not in RERENDERS_BY_DESIGN:
                assert "text/html" in response["Content-Type"], f"{form.url_name}: 200 {response['Content-Type']}"
                assert "govuk-error-summary" in response.content.decode(), (
                    f"{form.url_name} answered 200 with no error summary for {shown(data)}"
                )
        transaction.set_rollback(True)


FUZZ_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure names its post, and is found again as is
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.mark.parametrize("page", PAGES, ids=[page.url_name for page in PAGES])
def test_no_post_to_a_form_gives_a_server_error(page, world, records, signed_in):
    client = client_for(page.person, world, signed_in)
    url = page.address(world, records)
    response = client.get(url)
    close_response(response)
    assert response.status_code == 200, f"{page.person} got {response.status_code} from {url}"
    if not response["Content-Type"].startswith("text/html"):
        FUZZ_SUMMARY["without_forms"] += 1  # a download: nothing to post
        return
    cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    session = cookie.value if cookie else None
    forms = parse_forms(response.content.decode(), url)
    if not forms:
        FUZZ_SUMMARY["without_forms"] += 1  # a list, a detail or a log page: nothing to post
        return
    FUZZ_SUMMARY["forms"] += len(forms)
    FUZZ_SUMMARY["routes"] += [form.url_name for form in forms]

    @FUZZ_SETTINGS
    @given(st.tuples(*(post_strategy(form) for form in forms)))
    def posts(drawn):
        for form, one in zip(forms, drawn, strict=True):
            post_once(client, session, page, form, post_data(one))

    posts()


# The fuzzer itself --------------------------------------------------------------------------------------


def test_the_parser_reads_fields_as_a_browser_would_send_them():
    html = """
    <form method="get"><input name="q"></form>
    <form method="post" action="/elsewhere/"><input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="title" value="A &amp; B"><input type="date" name="held_on">
      <select name="kind"><option value="">Choose</option><option value="board" selected>Board</option></select>
      <input type="radio" name="size" value="s"><input type="radio" name="size" value="l" checked>
      <input type="checkbox" name="agencies" value="1" checked><input type="checkbox" name="agencies" value="2">
      <textarea name="remit">Line one
    line two</textarea><input type="hidden" name="form-TOTAL_FORMS" value="3">
      <input name="locked" disabled value="x"><button type="submit" name="step" value="save">Save</button>
      <button type="submit" formaction="/submit/">Submit</button>
    </form>
    <form method="post" action="/accounts/logout/"><button>Sign out</button></form>
    """
    # Not the search (GET) nor the sign-out form; the button with a formaction posts the same fields elsewhere.
    form, submitted = parse_forms(html, "/page/")
    assert (form.action, submitted.action) == ("/elsewhere/", "/submit/")
    assert list(submitted.fields) == list(form.fields)
    fields = form.fields
    assert list(fields) == [
        "csrfmiddlewaretoken",
        "title",
        "held_on",
        "kind",
        "size",
        "agencies",
        "remit",
        "form-TOTAL_FORMS",
        "step",
    ]
    assert (fields["csrfmiddlewaretoken"].kind, fields["form-TOTAL_FORMS"].kind) == (FIXED, FIXED)
    assert valid_value(fields["title"]) == "A & B"
    assert valid_value(fields["held_on"]) == "2026-06-01"
    assert (fields["kind"].options, valid_value(fields["kind"])) == (["", "board"], "board")
    assert (fields["size"].options, valid_value(fields["size"])) == (["s", "l"], "l")
    assert (fields["agencies"].options, valid_value(fields["agencies"])) == (["1", "2"], ["1"])
    assert valid_value(fields["remit"]) == "Line one\n    line two"
    assert valid_value(fields["step"]) == "save"


def test_the_tables_give_form_pages_of_every_app():
    names = {page.url_name for page in PAGES}
    for expected in [
        "partnership:edit",
        "members:person_edit",
        "meetings:meeting_create",
        "workplan:item_edit",
        "reviews:return",
        "casereviews:death_review_notify",
        "site:partnership_start",
    ]:
        assert expected in names, expected
    assert next(page for page in PAGES if page.url_name == "partnership:edit").person == "alice"
    assert next(page for page in PAGES if page.url_name == "reviews:approve").person == "carol"


def test_the_row_counts_see_a_row_added_and_leave_out_the_logs(db):
    before = row_counts()
    Group.objects.create(name="Counted")
    after = row_counts()
    assert [table for table in before if before[table] != after[table]] == ["auth_group"]
    assert "django_session" not in before
    assert CaseAccess._meta.db_table not in before
