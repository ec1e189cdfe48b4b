"""曝光台: its administration and the public pages (no login, redacted summaries only)."""
