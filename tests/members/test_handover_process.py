"""A handover run from a fresh process (a shell or a management command, not a request) moves the outgoing
officer's open action points and workplan items: the apps register their handover steps when Django is
set up, not when some other module happens to be imported."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Process 1 builds the named people, an open action point and an open workplan item owned by leo.
BUILD = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from meetings import services as meeting_services
from tests.conftest import build_world
from tests.workplan.conftest import make_item, make_objective, make_plan, make_priority, make_strategy
world = build_world()
objective = make_objective(world, make_priority(world, make_plan(world, make_strategy(world))))
make_item(world, objective, officer="leo", title="Open item of leo")
meeting_services.action_create(
    partnership=world.northdale, description="Open action of leo", owner=world.people["leo"],
    due=django.utils.timezone.localdate(), by=world.users["alice"],
)
"""

# Process 2 is what an administrator would type into `manage.py shell -c`: it imports members only.
HAND_OVER = """
import json
from django.contrib.auth import get_user_model
from members.models import Person
from members.services import officer_handover
from partnership.models import Partnership
leo = Person.objects.get(user__username="leo")
summary = officer_handover(
    partnership=Partnership.objects.get(slug="northdale"), outgoing=leo,
    successor=Person.objects.get(user__username="olive"), by=get_user_model().objects.get(username="alice"),
)
from meetings.models import ActionPoint
from workplan.models import WorkplanItem
print(json.dumps({
    "summary": summary,
    "action_owner": ActionPoint.objects.get(description="Open action of leo").owner.user.username,
    "item_officer": WorkplanItem.objects.get(title="Open item of leo").responsible_officer.user.username,
}))
"""


def run(args, env):
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_handover_from_a_fresh_shell_moves_open_actions_and_workplan_items(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnership.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'handover.sqlite3'}",
        "ZEAL": "0",
        "PYTHONWARNINGS": "ignore",
    }
    run([sys.executable, "-c", BUILD], env)

    result = json.loads(run([sys.executable, "manage.py", "shell", "-c", HAND_OVER], env).strip().splitlines()[-1])

    assert result["action_owner"] == "olive"
    assert result["item_officer"] == "olive"
    assert "Action: Open action of leo" in result["summary"]
    assert "Workplan item: Open item of leo" in result["summary"]
