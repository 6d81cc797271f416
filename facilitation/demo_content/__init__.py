"""The sample arenas' texts, one module per language, each a city of its own.

Every module holds one `CONTENT` dict of the same shape (see facilitation/demo.py, which builds it):
city, title, prompt, participants, actors (text, organisation, role), trends, challenges by cluster
(text, dots), principles, visions (text, indices of the challenges they answer), pathways (text, index
of the vision they lead to, milestones as (text, year)), actions (text, owner, start, end, pathway index,
milestone index or None), experiments (text, lead, status, indicator, pathway index) and lessons.
The cities are invented; so are the people.
"""
