"""Unit tests draw on the Agg backend: no display is needed and nothing pops up."""

import matplotlib

matplotlib.use("Agg")
