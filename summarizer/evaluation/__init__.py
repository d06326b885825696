"""Evals: datasets of articles with gold annotations, metrics, runs and reports."""
