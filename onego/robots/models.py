"""Models of the robots app."""
