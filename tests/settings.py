"""Settings for the test run: the app's settings with django-zeal's N+1 detection raising, fast hashing."""

import os

os.environ.setdefault("ZEAL", "1")

from partnership.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
