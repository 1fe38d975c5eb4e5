class CatalogError(Exception):
    """The catalog is missing, corrupt, of another schema, or its sources are inconsistent.

    str() names the file and what to do, for the user.
    """
