"""Explorers for notebook 06 regularization."""

__all__: list[str] = []
