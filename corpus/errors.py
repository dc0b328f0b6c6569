"""The one base class of the errors whosaid reports to a user.

Every package raises its own subclass (`corpus.readers.ReadError`, `embeddings.store.StoreError`,
`qa.errors.IndexNotFound` ...), so the CLI and the app catch `WhosaidError` once and print
`str(err)`: a complete message that names the file or option and what to do. It lives here, in the
package every other one imports, so no package has to import a higher layer to use it.
"""
from __future__ import annotations


class WhosaidError(Exception):
    """Base class: `str(err)` is a complete message for the terminal or the UI."""


class ModelMissing(WhosaidError):
    """A packaged model (the spaCy pipeline) is not installed; the message says what to install."""
