"""The quickscan: an assessment on Evolve's four conditions, a forecast, next steps.

``answers`` (the questionnaire and reading it), ``mapping`` (answers to maturity
scores and scenario parameters), ``steps`` (candidate interventions),
``forecast`` (the simulations, with common random numbers), ``report``
(report.md and a self-contained report.html) and ``command`` (``adoptsim
quickscan``).
"""
