"""Models of the prereview app."""
