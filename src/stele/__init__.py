"""stele: one source of message contracts, every artifact, proven compatible."""

__version__ = "0.1.0"
