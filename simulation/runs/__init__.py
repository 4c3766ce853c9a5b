"""Running scenarios: one run, replicates and comparisons, their cost and their stopping.

``single`` runs one scenario into a result folder; ``compare`` runs several over
replicates; ``limits`` estimates memory and time first; ``stopping`` makes
signals unwind.
"""
