"""Tokens at rest: Fernet with one or more keys, so a key can be rotated without losing installations."""

import binascii

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class TokenKeyError(ValueError):
    """RAMPCOACH_TOKEN_KEY cannot be used; the message says why without showing the key."""


class TokenCipher:
    """Seal and open text with the first key; open with any key (older keys during a rotation)."""

    def __init__(self, keys: str) -> None:
        self._fernet = MultiFernet(parse_keys(keys))

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> str:
        """Return the clear text; raise InvalidToken when no key opens it (a key was dropped too soon)."""
        return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")

    def reseal(self, sealed: str) -> str:
        """Return `sealed` encrypted again with the first key (after adding a new key in front)."""
        return self._fernet.rotate(sealed.encode("ascii")).decode("ascii")


def parse_keys(keys: str) -> list[Fernet]:
    """Return the comma-separated Fernet keys, first one first; raise TokenKeyError naming the bad one."""
    parts = [part.strip() for part in keys.split(",") if part.strip()]
    if not parts:
        raise TokenKeyError("must hold at least one Fernet key")
    fernets = []
    for number, part in enumerate(parts, start=1):
        try:
            fernets.append(Fernet(part.encode("ascii")))
        except (ValueError, binascii.Error, UnicodeEncodeError):
            raise TokenKeyError(
                f"key {number} of {len(parts)} is not a Fernet key (32 url-safe base64-encoded bytes); "
                'make one with: python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"'
            ) from None
    return fernets


__all__ = ["InvalidToken", "TokenKeyError", "TokenCipher", "parse_keys"]
