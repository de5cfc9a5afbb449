"""Messages duban writes itself (a reminder, an escalation) are stored with their Chinese
template and its values, and shown to each reader in their language."""

from django.utils.translation import gettext


def in_readers_language(message: str, params: dict, text: str) -> str:
    """``message`` (marked with gettext_noop) filled with ``params``; ``text`` — the Chinese
    as stored — for a row without a message or a translation that lost a placeholder."""
    if not message:
        return text
    try:
        return gettext(message) % params
    except (KeyError, TypeError, ValueError):
        return text
