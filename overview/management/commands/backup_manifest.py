"""What a backup must bring back, as JSON: every table's row count and a digest of its primary keys
(the app's records, their history, guardian's rights, sessions: every model Django knows), and every
stored file with a checksum: each file that carries one (`sha256`) is read and checked against it.

Run it against the live database and against a restored copy (with the restored media folder as
MEDIA_ROOT): the two outputs must be equal. `scripts/backup.sh` and `scripts/restore.sh` make and
restore the copy; `.ci/run` does both on the demo and compares the manifests.
"""

import hashlib
import json

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models


def _digest(values):
    digest = hashlib.sha256()
    for value in values:
        digest.update(str(value).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _file_sha256(field_file):
    digest = hashlib.sha256()
    with field_file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest():
    tables, files, problems = {}, {}, []
    for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.db_table):
        if model._meta.proxy or not model._meta.managed:
            continue
        pk = model._meta.pk.attname
        keys = list(model._default_manager.order_by(pk).values_list(pk, flat=True))
        tables[model._meta.db_table] = {"rows": len(keys), "keys": _digest(keys)}
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields or model.__name__.startswith("Historical"):
            continue
        stored_sha = any(f.name == "sha256" for f in model._meta.concrete_fields)
        for obj in model._default_manager.order_by(pk).iterator():
            for field in file_fields:
                field_file = getattr(obj, field.name)
                if not field_file:
                    continue
                key = f"{model._meta.label_lower}:{obj.pk}:{field.name}"
                try:
                    actual = _file_sha256(field_file)
                except FileNotFoundError:
                    problems.append(f"{key}: the file {field_file.name} is missing")
                    continue
                files[key] = actual
                if stored_sha and actual != obj.sha256:
                    problems.append(f"{key}: checksum {actual} does not match the stored {obj.sha256}")
    return {"tables": tables, "files": files, "problems": problems}


class Command(BaseCommand):
    help = "Print every table's row count and key digest and every stored file's checksum, as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Write the manifest to this file instead of standard output.")

    def handle(self, *args, **options):
        result = manifest()
        text = json.dumps(result, indent=1, sort_keys=True)
        if options["output"]:
            with open(options["output"], "w") as handle:
                handle.write(text)
        else:
            self.stdout.write(text)
        tables, files = result["tables"], result["files"]
        history = sum(t["rows"] for name, t in tables.items() if "historical" in name)
        self.stderr.write(
            f"{len(tables)} tables, {sum(t['rows'] for t in tables.values())} rows ({history} history rows), "
            f"{len(files)} stored files, {len(result['problems'])} problems"
        )
        for problem in result["problems"]:
            self.stderr.write(problem)
