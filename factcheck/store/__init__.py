"""The datasets on disk: the catalog of bundled datasets, loading a release or a working copy,
the `Dataset` object, and cutting and comparing releases.

Imports `factcheck.validation` (loading checks what it reads) and `factcheck.model`.
"""
