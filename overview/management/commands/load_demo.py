"""Load the Eastshire and Northdale demo (see overview/demo.py); safe to run again."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management.base import BaseCommand

from overview.demo import DEFAULT_PASSWORD, LOGINS, load_demo


class Command(BaseCommand):
    help = (
        "Load a demo two-tier area (Eastshire county group, Northdale district partnership) through the "
        "services, with a superuser 'admin' and demo logins. Running it again adds nothing already there."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for 'admin' and every demo login, when they are created (default {DEFAULT_PASSWORD}).",
        )
        parser.add_argument("--url", help="Address to print for the site (default: the SITE_URL setting).")

    def handle(self, *args, password, url, **options):
        _admin, created, notes, seconds = load_demo(password=password)
        if created:
            made = ", ".join(f"{count} {kind}" for kind, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"Demo loaded in {seconds:.1f}s: {made}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"The demo was already loaded; nothing changed ({seconds:.1f}s)."))
        for note in notes:
            self.stdout.write(self.style.WARNING(note))

        site = (url or getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/") + "/"
        self.stdout.write(f"\nOpen {site} and sign in as:\n")
        # A login made by an earlier run keeps its password; say so rather than print one that will not work.
        # (hashers.check_password, unlike User.check_password, never rewrites the stored hash.)
        hashes = dict(
            get_user_model().objects.filter(username__in=[row[0] for row in LOGINS]).values_list("username", "password")
        )
        shown = {
            username: password if check_password(password, hashes.get(username)) else "(set earlier)"
            for username, _who, _may in LOGINS
        }
        width = max(len("username"), *(len(username) for username in shown))
        pwidth = max(len("password"), *(len(value) for value in shown.values()))
        pad = " " * (width + pwidth + 6)
        self.stdout.write(f"  {'username':<{width}}  {'password':<{pwidth}}  who, and what they may do")
        for username, who, may in LOGINS:
            self.stdout.write(f"  {username:<{width}}  {shown[username]:<{pwidth}}  {who}")
            self.stdout.write(f"{pad}{may}")
