"""Explorers for notebook 03 back-propagation."""

__all__: list[str] = []
