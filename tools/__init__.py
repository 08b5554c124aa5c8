"""Maintainer tools of fireworks-rft (not shipped in the wheel): generation and spec bumps."""
