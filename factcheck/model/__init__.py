"""The data model: the record, its field types and vocabularies, the rating scale, the typed
records a loaded dataset holds, release manifests and the layout of a dataset folder, and the
JSON Schema generated from the models.

Nothing here imports another stage of factcheck; every other stage builds on it.
"""
