"""Who made a change, for django-simple-history when there is no request to read it from."""


def stamp(obj, actor):
    """Mark ``obj`` so its next history row names ``actor`` (None: the command line)."""
    obj._history_user = actor
    return obj
