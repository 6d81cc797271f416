"""Turning an arena into documents (the printed transition agenda, archives), with no Flask in it."""
