"""The domain: functions that take a session (keyword-only) and return plain objects."""
