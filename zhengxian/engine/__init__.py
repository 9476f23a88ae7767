"""The campaign engine, in plain Python: no Django, no database, no app imported.

- ``types``: the immutable specs of an indicator tree (``DimensionSpec``, ``LeafSpec``,
  ``MethodSpec``) and a source's ``RawValue``;
- ``tree``, ``params``, ``inputs``: checking a tree, a method's parameters and a period's
  inputs; ``errors``: ``ScoringError``;
- ``methods``, ``rounding``, ``ranking``: the scoring methods, exact arithmetic and the one
  half-up rounding, competition ranks;
- ``compute``: ``score_period`` (tree + raw values → points, totals, ranks) and ``results``;
- ``sources``: the registry of indicator sources (the apps register theirs; the scoring app
  populates it);
- ``evidence``: evidence references ("app_label.model:pk", built with ``evidence_ref``) and
  the registry of describers that turn them back into records.

campaigns and scoring depend on this package, never the other way round.
"""
