"""Drawing functions for notebook 02 gradient descent."""

__all__: list[str] = []
