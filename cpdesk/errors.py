"""Errors that carry a sentence a user can act on."""
from __future__ import annotations


class CpdeskError(Exception):
    """Base for errors whose message is shown to a user as it is."""


class UnreadableFileError(CpdeskError):
    """A file could not be read at all.

    Parameters
    ----------
    path : str
        The file, as the user named it.
    problem : str
        What is wrong, in plain words.
    advice : str
        What the user can do about it.
    """

    def __init__(self, path: str, problem: str, advice: str = ""):
        self.path = str(path)
        self.problem = problem
        self.advice = advice
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.path}: {self.problem}"
        if self.advice:
            text += f" {self.advice}"
        return text


class ImportCancelled(CpdeskError):
    """The user cancelled a long import."""
