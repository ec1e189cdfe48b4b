"""Hazard statistics by region and sector, and 动态清零 (open major hazards): pages, API, Excel."""
