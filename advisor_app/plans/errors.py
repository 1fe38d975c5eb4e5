class PlanFileError(Exception):
    """A plan file that cannot be read or written; str() is a one-line reason for the user."""
