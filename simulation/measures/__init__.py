"""What is measured: the weekly recorder and the measures it reads.

``recorder`` keeps one row per week; ``hierarchy``, ``participation``, ``impact``
and ``maturity`` compute the organisational measures on arrays.
"""
