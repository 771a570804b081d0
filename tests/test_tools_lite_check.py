"""tools/lite_check.py: which requests that reach its refusing proxy are Chromium's own."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import lite_check  # noqa: E402


@pytest.mark.parametrize("request_line", [
    "CONNECT www.google.com:443", "CONNECT android.clients.google.com:443", "CONNECT accounts.google.com:443",
    "CONNECT optimizationguide-pa.googleapis.com:443", "GET http://clients2.google.com/time/1/current?cup2key=1",
])
def test_chromium_s_own_background_requests_are_told_apart(request_line):
    assert lite_check.CHROMIUM_OWN.match(request_line)


@pytest.mark.parametrize("request_line", [
    "CONNECT cdn.jsdelivr.net:443", "GET https://unpkg.com/@jupyter-widgets/html-manager",
    "CONNECT www.google.com.example.org:443", "CONNECT fonts.googleapis.com:443",
])
def test_any_other_request_counts_as_one_of_the_pages(request_line):
    assert not lite_check.CHROMIUM_OWN.match(request_line)
