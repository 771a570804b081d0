"""Explorers for notebook 05 cross-entropy and the loss zoo."""

__all__: list[str] = []
