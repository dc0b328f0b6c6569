"""Attribution: who said what in a document (see `engine` for the method)."""
from corpus.attribution.config import AttributionConfig
from corpus.attribution.engine import Attributor, DocAttribution
from corpus.attribution.statement import Speaker, Statement

# Bump when the engine's output changes: indexes built before re-attribute their documents on the
# next `qa index` (without re-embedding anything).
ATTRIBUTION_VERSION = "2026.12.06-35"

__all__ = ["ATTRIBUTION_VERSION", "AttributionConfig", "Attributor", "DocAttribution", "Speaker", "Statement"]
