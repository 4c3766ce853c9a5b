"""Shared fixtures: small scenarios that run fast."""

from __future__ import annotations

import pytest

from simulation.scenario.files import load_scenario


@pytest.fixture
def small():
    """A factory for small all-default scenarios with overrides."""

    def make(headcount: int = 300, weeks: int = 52, **overrides):
        ov = {"population.headcount": headcount, "weeks": weeks}
        ov.update({k.replace("__", "."): v for k, v in overrides.items()})
        return load_scenario(None, ov)

    return make
