"""Unit tests draw on the Agg backend: no display is needed and nothing pops up. The fixture
``no_event_loop`` makes the batch-size explorer train in its handler, as in a script."""

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture
def no_event_loop(monkeypatch):
    """The batch-size explorer as in a script, where a move trains in its handler: under
    ``make test-pyodide`` an event loop always runs, and a move would train in a task."""
    monkeypatch.setattr("course_lib.widgets.training.loop_running", lambda: False)
