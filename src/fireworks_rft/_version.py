"""Version of this package and of the OpenAPI spec it implements.

`make update-spec` rewrites ``__spec_version__``; a test keeps it equal to ``info.version``
of ``openapi.yaml``.
"""

__version__ = "0.4.0"
__spec_version__ = "5.10.0"
