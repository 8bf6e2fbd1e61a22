"""Recovery codes: ten single-use codes, shown once when made and stored only as SHA-256 hashes.

allauth's own recovery codes are derived from a stored seed and can be shown again; these cannot: the
person prints or saves them when they are made, and makes a new set (which replaces the old) if they lose
them."""

import hashlib

from security.models import RecoveryCode

COUNT = 10
LENGTH = 10  # characters, from an alphabet without look-alikes
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def normalise(code):
    return "".join(ch for ch in str(code).lower() if ch.isalnum())


def code_hash(code):
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def unused_count(user):
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
