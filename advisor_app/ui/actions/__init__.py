"""Menu actions: files, export and sign-off."""
