"""Drawing functions for notebook 11 playground."""

__all__: list[str] = []
