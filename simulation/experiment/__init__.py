"""Batch experiments: sweeps over levers, replicates, sensitivity analysis.

Modules (one concept each): ``spec`` (experiment files), ``design`` (design
points and seeds), ``worker`` (one run, importable by any process),
``executor`` (local processes or Dask), ``store`` (atomic Parquet parts and
the manifest), ``sweep`` (the loop), ``summary`` (means and CIs),
``sensitivity`` (SALib), ``plots`` and ``commands`` (the CLI).
"""
