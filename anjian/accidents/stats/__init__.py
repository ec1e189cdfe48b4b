"""Accident statistics by region, sector, category, grade and month: page, API and Excel."""
