"""Drawing functions for notebook 10 mini-batches and epochs."""

__all__: list[str] = []
