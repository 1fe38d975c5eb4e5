"""The window: thin Qt views and undo commands over the pure core."""
