"""Anjian (安监): a work-safety governance platform."""
