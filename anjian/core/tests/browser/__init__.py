"""Browser tests: Debian's chromium, driven by Playwright, against the live Django server."""
