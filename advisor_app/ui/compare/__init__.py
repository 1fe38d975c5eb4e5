"""View > Compare Plans…: two or three plans side by side."""
