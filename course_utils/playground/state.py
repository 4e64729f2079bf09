"""The state string: a configuration and its epoch count, to copy, paste and grade.

Format: ``"PG1." + base64url(JSON)``, the JSON holding ``config`` (plain
fields), ``epochs`` and ``check``, the first 12 hex digits of the SHA-256 of
the other two. Reading it only decodes base64 and parses JSON (never
``eval`` or ``pickle``), then checks every field through :class:`Config`;
a string cut short, edited by hand or from elsewhere gets a ValueError that
says which of these went wrong.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

from ..validation import check_int
from .config import Config

__all__ = ["PREFIX", "encode_state", "decode_state", "MAX_EPOCHS"]

PREFIX = "PG1."
MAX_EPOCHS = 100_000


def _checksum(config: dict, epochs: int) -> str:
    canonical = json.dumps({"config": config, "epochs": epochs}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def encode_state(config: Config, epochs: int) -> str:
    """The state string of ``config`` trained for ``epochs`` epochs."""
    epochs = check_int(epochs, "epochs", minimum=0)
    data = config.as_dict()
    payload = {"config": data, "epochs": epochs, "check": _checksum(data, epochs)}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return PREFIX + base64.urlsafe_b64encode(text.encode()).decode("ascii").rstrip("=")


def decode_state(text: str) -> tuple[Config, int]:
    """(config, epochs) read back from a state string; ValueError with the reason if it is not a valid one."""
    if not isinstance(text, str):
        raise TypeError(f"state must be the text the playground shows (a str starting with {PREFIX!r}), "
                        f"got {type(text).__name__}")
    text = "".join(text.split())  # line breaks and spaces picked up while copying
    if not text.startswith(PREFIX):
        raise ValueError(f"state must start with {PREFIX!r} (copy the whole string from the playground's "
                         f"state box), got {text[:12]!r}")
    body = text[len(PREFIX):]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: JSON nested too deep
        raise ValueError("state is not a readable playground state (it may have been cut short or changed "
                         "while copying): copy it again from the playground's state box") from None
    if not isinstance(payload, dict) or set(payload) != {"config", "epochs", "check"}:
        raise ValueError("state does not hold a playground state (expected the fields config, epochs and check)")
    config, epochs = payload["config"], payload["epochs"]
    if not isinstance(config, dict) or isinstance(epochs, bool) or not isinstance(epochs, int):
        raise ValueError("state does not hold a playground state (config must be fields, epochs a whole number)")
    if payload["check"] != _checksum(config, epochs):
        raise ValueError("state's checksum does not match its contents: the string was changed after the "
                         "playground made it; copy it again from the playground's state box")
    if not 0 <= epochs <= MAX_EPOCHS:
        raise ValueError(f"state's epochs must lie in 0..{MAX_EPOCHS}, got {epochs}")
    try:
        return Config.from_dict(config), epochs
    except (TypeError, ValueError) as exc:
        raise ValueError(f"state holds a configuration the playground cannot build: {exc}") from None
