"""The term grid: columns of course cards that take drops."""
