"""duban (督办): key-work planning, reporting, supervision and publication."""
