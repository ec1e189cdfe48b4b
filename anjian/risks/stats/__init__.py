"""四色分布: the risk points in use counted by level, sector, town and enterprise (page and API)."""
