"""Input and output helpers: atomic file writes, Markdown rendering."""
