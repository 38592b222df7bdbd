"""Errors raised when an index cannot be loaded or does not fit the current configuration."""

from __future__ import annotations


class IndexLoadError(Exception):
    """Base class: the index on disk cannot be used; the message is one line naming the file."""


class IndexMissingError(IndexLoadError):
    """There is no index yet (no CURRENT pointer, or the build it names is gone)."""


class IndexCorruptError(IndexLoadError):
    """A file of the index is unreadable, invalid, or disagrees with the others."""


class IndexMismatchError(IndexLoadError):
    """The index was built for a different model or dimension: refuse, do not silently rebuild."""


class IndexStaleError(IndexLoadError):
    """The corpus changed since the index was built: safe to rebuild."""
