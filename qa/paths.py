"""Default locations: everything whosaid writes lives under one folder, `$WHOSAID_HOME`."""
from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """`$WHOSAID_HOME`, else `$XDG_DATA_HOME/whosaid`, else `~/.local/share/whosaid`."""
    if os.environ.get("WHOSAID_HOME"):
        return Path(os.environ["WHOSAID_HOME"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "whosaid"


def default_index() -> Path:
    """Where `qa` and the app keep their index when none is given (`$WHOSAID_INDEX` overrides)."""
    if os.environ.get("WHOSAID_INDEX"):
        return Path(os.environ["WHOSAID_INDEX"]).expanduser()
    return home() / "index"


def seed_folder() -> Path:
    """The bundled demo corpus: the article the project started from."""
    import corpus

    return Path(corpus.__file__).resolve().parent / "data" / "seed"
