"""The checks, one function per kind of fact, registered by name in CHECKS (the claims file's `check`)."""

from . import chairs, documents, figures, records  # noqa: F401  (importing registers the checks)
from .base import CHECKS, Reading, Result, argument_problems, arguments, as_of_view, first_year

__all__ = ["CHECKS", "Reading", "Result", "argument_problems", "arguments", "as_of_view", "first_year"]
