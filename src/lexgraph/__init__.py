"""LexGraph: a comparative knowledge graph of AI law."""

__version__ = "0.1.0"
