"""The domain of a transition arena, with no Flask in it.

Usable from the web app, a script, a test or a worker: models, commands, merging and limits.
"""
