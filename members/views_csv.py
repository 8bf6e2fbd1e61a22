"""The partner register and its people as CSV: export for every member of the partnership, a checked
import for the coordinator (a dry run listing every bad row, then all rows saved or none)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core import csv_import
from core.access import require
from core.responses import csv_response
from members import csv_io
from members.pages import partnership_page

KINDS = {
    "agencies": {
        "layout": csv_io.AGENCIES,
        "check": csv_io.check_agencies,
        "commit": csv_io.import_agencies,
        "write": csv_io.write_agencies,
        "title": "Import partner agencies from a spreadsheet",
        "back": "members:register",
    },
    "people": {
        "layout": csv_io.PEOPLE,
        "check": csv_io.check_people,
        "commit": csv_io.import_people,
        "write": csv_io.write_people,
        "title": "Import people from a spreadsheet",
        "back": "members:people",
    },
}


@partnership_page()
def export(request, partnership, kind):
    response = csv_response(csv_io.filename(kind, partnership))
    KINDS[kind]["write"](response, partnership)
    return response


@partnership_page()
@require_http_methods(["GET", "POST"])
def import_file(request, partnership, kind):
    """Step one uploads a file and shows the dry run; step two (the "Import" button) commits it."""
    require(request.access.is_coordinator)
    spec = KINDS[kind]
    layout = spec["layout"]
    check = partial(spec["check"], partnership)
    context = {"partnership": partnership, "kind": kind, "spec": spec, "headings": layout.headings}
    upload = csv_import.UploadForm(check=check, rows_called=layout.rows_called)
    if request.method == "POST" and request.POST.get("step") == "commit":
        commit = csv_import.CommitForm(request.POST)
        if commit.is_valid():
            try:
                result = spec["commit"](partnership=partnership, text=commit.cleaned_data["text"], by=request.user)
            except ValidationError as error:
                upload.add_error("file", error)
            else:
                if result.ok:
                    counts = _counts(result)
                    messages.success(request, f"Imported the file: {counts}.")
                    return redirect(spec["back"], partnership.slug)
                context.update(check=result, form=upload, rechecked=True)
                return render(request, "members/import_check.html", context)
        else:
            upload.add_error("file", "Upload the file again: the checked file did not come back with the form.")
    elif request.method == "POST":
        upload = csv_import.UploadForm(request.POST, request.FILES, check=check, rows_called=layout.rows_called)
        if upload.is_valid():
            context.update(
                check=upload.check,
                counts=_counts(upload.check),
                form=csv_import.UploadForm(check=check, rows_called=layout.rows_called),
            )
            return render(request, "members/import_check.html", context)
    return render(request, "members/import.html", {**context, "form": upload})


def _counts(result):
    tally = {}
    for row in result.rows:
        action = row.found.get("action", "unchanged")
        tally[action] = tally.get(action, 0) + 1
    return ", ".join(f"{count} {action}" for action, count in sorted(tally.items()))
