"""Kendra resources, one module per resource family.

Each module holds the resource classes and a mixin with the backend methods of
its operations; :class:`moto_kendra.models.KendraBackend` combines the mixins.
"""
