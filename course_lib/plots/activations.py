"""Drawing functions for notebook 04 activations."""

__all__: list[str] = []
