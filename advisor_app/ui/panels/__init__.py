"""The side panels and the plan header."""
