"""Drawing functions for notebook 08 dropout."""

__all__: list[str] = []
