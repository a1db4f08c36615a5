"""Kept for code written against factcheck 0.1: the models now live in `factcheck.model.models`."""

from .model.models import *  # noqa: F403
from .model.models import __all__  # noqa: F401
