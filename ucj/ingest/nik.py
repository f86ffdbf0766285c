"""NIK handling: the NIK is hashed with a secret key before it is stored and masked when shown.

A NIK has about 10^10 plausible values, so a plain hash could be reversed by trying them all;
a keyed hash (HMAC-SHA256) cannot without the key, and the key never goes into the warehouse.
"""
import hashlib
import hmac
import os

from ucj.errors import UserError

KEY_ENV = "UCJ_NIK_KEY"


def demo_key(seed: int) -> bytes:
    """The demo's NIKs are synthetic, so its key may be public and derived from the seed."""
    return f"ucj-demo-nik-key-{seed}".encode()


def configured_key() -> bytes:
    value = os.environ.get(KEY_ENV, "")
    if len(value) < 16:
        raise UserError(
            f"Kunci hash NIK belum diatur: isi variabel lingkungan {KEY_ENV} dengan rahasia "
            "minimal 16 karakter sebelum memuat data nyata."
        )
    return value.encode()


def key_id(key: bytes) -> str:
    """A short fingerprint stored in the warehouse so that a different key is noticed."""
    return hashlib.sha256(b"ucj-key-id:" + key).hexdigest()[:12]


def hash_nik(nik: str, key: bytes) -> str:
    return hmac.new(key, nik.encode("ascii"), hashlib.sha256).hexdigest()


def mask(nik: str) -> str:
    """'1210010101900001' -> '1210********0001'."""
    if len(nik) != 16:
        return "*" * len(nik)
    return nik[:4] + "*" * 8 + nik[-4:]


def mask_text(text: str) -> str:
    """Mask whatever was typed in a NIK cell, even when it is not a valid NIK: 17 digits are still personal."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 12:
        return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]
    return "*" * len(digits) if digits else ("*" * min(len(text.strip()), 16))
