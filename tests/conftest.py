"""Shared test set-up: hypothesis profiles and the case files' folder.

Profiles (pick one with ``HYPOTHESIS_PROFILE=name``):

- ``default``: moderate example counts, sized so the property tests stay
  under a minute once ``fix`` costs ~10 ms per short text.
- ``thorough``: many more examples, for a nightly or pre-release run.
- ``ci``: the default counts, derandomized, so a CI run is repeatable and a
  red build reproduces with the same command (``.ci/run`` picks it).

No deadline in either: the model-based decoder's first call loads a model.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

CASES_DIR = Path(__file__).with_name("cases")

settings.register_profile(
    "default",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
