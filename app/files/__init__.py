"""Downloads: the transition agenda as PDF."""
