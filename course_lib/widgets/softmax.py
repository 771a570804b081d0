"""Explorers for notebook 01 softmax."""

__all__: list[str] = []
