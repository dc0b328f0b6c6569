"""Attribution: who said what in a document (see `engine` for the method)."""
from corpus.attribution.engine import Attributor, DocAttribution
from corpus.attribution.statement import Speaker, Statement

__all__ = ["Attributor", "DocAttribution", "Speaker", "Statement"]
