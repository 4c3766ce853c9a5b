"""Scenarios: the schema (every parameter with unit, default and source), files and keys.

``schema`` declares the parameters; ``files`` reads scenario files (``extends``,
``--set`` overrides) into a validated :class:`~simulation.scenario.schema.Scenario`.
"""
