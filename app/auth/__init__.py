"""Organiser and facilitator accounts in the browser: login, logout, API tokens."""
