"""The `factcheck` command: one parser, one function per command (`main`), and the printing
of a verdict (`show`). The top of the pipeline: it may import every stage."""

from .main import main

__all__ = ["main"]
