"""AIPI Advisor: degree planning for Duke's MEng in AI for Product Innovation."""

__version__ = "0.2.0"
