"""Validation, by layer: strict reading with positions (`reading`), the fast path for the
common valid record (`fast_path`), the schema (`structure`), the rules (`rules`), the checker
that runs them over files and folders (`checker`), the release check (`releases`), the findings
and their reporters, and the canonical formatter (`formatting`).

Imports only `factcheck.model` and the base modules below it.
"""
