"""meetup-tracker: turn online contacts into offline friendships."""

__version__ = "0.1.0"
