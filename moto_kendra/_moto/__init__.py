"""The only door to moto's internals: when a moto release moves a seam, only this package changes.

- ``registration``: making moto serve Kendra (URL pattern, ``moto.kendra``, state-manager
  defaults), the server hooks, and the backend of one account and region.
- ``requests``: the request state moto's account resolution and IAM checks read, and moto's
  own errors in Kendra's envelope.
- ``state``: :class:`~moto_kendra._moto.state.Managed`, moto's ``ManagedState`` with the
  status operations Kendra needs, so no other module touches its private fields.
- ``s3``: reads of moto's own S3 (objects and bucket listings).
- ``secrets``: reads of moto's own Secrets Manager (a secret's current SecretString).

Nothing here imports at module level from the rest of the package but the lifecycle table
and the errors, so every layer may use it.  moto's public service-building API (``BaseBackend``,
``BackendDict``, ``JsonRESTError``, ``TaggingService``, ``get_partition``, ``moto.server``'s
``main``) is used where every moto service uses it; what is private to moto is here.
"""
