"""Errors a user can act on. The message is Chinese and shown as is.

Our exception hierarchy:

* XxgkError                 exit code 1
  + InputError              exit code 2: unreadable, empty, too large or unsupported file
  + ConfigError             a setting is missing or wrong
    + InvalidSetting        exit code 2: an XXGK_* variable has a value that cannot be used
  + AccessDenied            the chat or user may not do this
  + ServiceUnavailable      the index, database or LLM cannot be reached

They are caught in exactly two places: the CLI (prints to stderr, exits with ``exit_code``)
and the bot's error handler (replies with the message). Findings are results, not errors.
"""

from __future__ import annotations


class XxgkError(Exception):
    """Base class: ``str(error)`` is a Chinese sentence for the user."""

    exit_code = 1


class InputError(XxgkError):
    """The file cannot be read as a report (corrupt, empty, encrypted, too large, wrong type)."""

    exit_code = 2


class ConfigError(XxgkError):
    """A setting is missing or invalid."""


class InvalidSetting(ConfigError):
    """An environment variable's value is wrong: found when the settings are built."""

    exit_code = 2


class AccessDenied(XxgkError):
    """The chat may not use this function."""


class ServiceUnavailable(XxgkError):
    """A backing service (database, vector index, LLM endpoint) is unavailable."""
