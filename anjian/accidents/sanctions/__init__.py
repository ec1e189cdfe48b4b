"""Pages of what an accident brings on the enterprise, and 复工复产."""
