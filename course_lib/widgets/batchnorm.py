"""Explorers for notebook 09 batch normalization."""

__all__: list[str] = []
