"""Calibration to a client's own platform data (``adoptsim calibrate``) and parameter uncertainty.

One concept per module:

* :mod:`~simulation.calibration.measures`: the platform measures, read by name
  from a run's weekly time series (the one place that knows where they live);
* :mod:`~simulation.calibration.usage`: the client's usage export (CSV);
* :mod:`~simulation.calibration.fitspec`: the ``--fit KEY=LOW:HIGH`` ranges
  and how a parameter set is put into a scenario;
* :mod:`~simulation.calibration.plausible`: documented plausible ranges
  (``--prior-uncertainty``);
* :mod:`~simulation.calibration.sampler`: a pyabc sampler whose result depends
  on the seed only, not on the number of workers;
* :mod:`~simulation.calibration.smc`: ABC-SMC with pyabc, resumable;
* :mod:`~simulation.calibration.predictive`: posterior predictive runs and bands;
* :mod:`~simulation.calibration.figures`: ``fit.png``;
* :mod:`~simulation.calibration.result`: the result folder;
* :mod:`~simulation.calibration.uncertainty`: parameter draws for ``run``,
  ``compare`` and ``quickscan`` and the sentence that says what a band covers;
* :mod:`~simulation.calibration.calibrate`: the work of ``adoptsim calibrate`` (the
  command itself is :mod:`simulation.cli.calibrate`).
"""
