"""The error a format loader raises for content it cannot use."""


class ParseError(Exception):
    """A file's content cannot be turned into a document; the message is the skip reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
