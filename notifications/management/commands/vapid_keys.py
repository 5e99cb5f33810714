"""Generate a VAPID key pair for Web Push (printed once; put it in the admin or the environment)."""

from __future__ import annotations

import base64

from django.core.management.base import BaseCommand


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push (VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY)."

    def handle(self, *args, **options):
        from cryptography.hazmat.primitives import serialization
        from py_vapid import Vapid02

        keys = Vapid02()
        keys.generate_keys()
        public = keys.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        private = keys.private_key.private_numbers().private_value.to_bytes(32, "big")
        self.stdout.write(f"VAPID_PUBLIC_KEY={_b64(public)}")
        self.stdout.write(f"VAPID_PRIVATE_KEY={_b64(private)}")
