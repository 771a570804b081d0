"""Explorers for notebook 07 optimizers."""

__all__: list[str] = []
