"""``python -m fireworks_rft``: the same as the ``fireworks-rft`` command."""

from .cli import main

raise SystemExit(main())
