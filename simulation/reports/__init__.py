"""Deliverables for people who are not analysts: reports, workbooks, progress lines.

``numbers`` formats values so that a non-zero value never reads as zero;
``compare_report`` writes the ``adoptsim compare`` report; ``progress``
reports progress with an estimate of the time left, also when the output is
not a terminal; ``naming`` says what a ``--set`` run changed and picks a
result folder that replaces nothing.
"""
