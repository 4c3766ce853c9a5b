"""Figures for slides: one run, comparisons, organisational change and animations."""
