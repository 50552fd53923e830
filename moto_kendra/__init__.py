"""Amazon Kendra for moto.

Importing this package registers Kendra with moto (idempotently), so that
``@mock_aws`` and moto's server answer ``boto3.client("kendra")``.
"""

from ._moto.registration import register
from .admin import install as _install_moto_api

__version__ = "0.1.0"

__all__ = ["__version__", "register"]

register()
_install_moto_api()
