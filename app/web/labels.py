"""The names the interface shows for phases and boards, and the strings the staff pages' scripts show.

Translated on the server (GLOSSARY.md's terms) and handed to the scripts as JSON, so no English is
hard-coded in JavaScript.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from facilitation import phases


def phase_names() -> dict[str, str]:
    """Each phase's name in the reader's language."""
    return {
        phases.PREPARATION: _("Preparation & exploration"),
        phases.ENVISIONING: _("Problem structuring & envisioning"),
        phases.BACKCASTING: _("Backcasting, pathways & agenda building"),
        phases.EXPERIMENTING: _("Experimenting & mobilising"),
        phases.EVALUATING: _("Evaluating, monitoring & learning"),
    }


def kind_names() -> dict[str, str]:
    """Each board's name (the kind of item it collects) in the reader's language."""
    return {
        "actor": _("Actors"),
        "trend": _("Trends"),
        "challenge": _("Challenges"),
        "principle": _("Guiding principles"),
        "vision": _("Visions"),
        "pathway": _("Pathways"),
        "milestone": _("Milestones"),
        "action": _("Actions"),
        "experiment": _("Transition experiments"),
        "lesson": _("Lessons learned"),
    }


def ui_strings() -> dict[str, str]:
    """Every sentence the screen and console scripts show; %(name)s marks are filled in by the script."""
    return {
        "present": _("Here now: %(n)s"),
        "connecting": _("Connecting…"),
        "connected": _("Live"),
        "offline": _("Connection lost; reconnecting…"),
        "refused": _("The server refused the connection: %(message)s"),
        "no_items": _("Nothing here yet."),
        "no_cluster": _("Not clustered yet"),
        # Two forms suffice for the six languages served; ngettext picks each language's own.
        # (n="%(n)s" keeps the mark for the script to fill.)
        "votes_one": ngettext("%(n)s dot", "%(n)s dots", 1, n="%(n)s"),
        "votes": ngettext("%(n)s dot", "%(n)s dots", 2, n="%(n)s"),
        "timer_done": _("Time is up"),
        "locked": _("Contributions paused"),
        "write_alone": _("Write alone first; the contributions appear when revealed"),
        "hidden": _("Hidden"),
        "pending": _("Not yet revealed"),
        "hide": _("Hide"),
        "restore": _("Restore"),
        "cluster": _("Cluster"),
        "set_cluster": _("Set"),
        "link_to": _("Serves…"),
        "link": _("Link"),
        "unlink": _("Remove link to %(text)s"),
        "links": _("Serves"),
        "anonymous_author": _("anonymous"),
        "online": _("online"),
        "away": _("away"),
        "role_participant": _("participant"),
        "role_facilitator": _("facilitator"),
        "role_organiser": _("organiser"),
        "saved": _("Saved"),
        "error": _("Not done: %(message)s"),
        "revealed": _("%(n)s contributions revealed"),
        "meeting": _("Meeting %(n)s"),
        "changes_none": _("Nothing changed since meeting %(n)s."),
        "changes_since": _("Since meeting %(n)s:"),
        "changes_line": _("%(board)s: %(added)s added, %(edited)s edited, %(deleted)s deleted"),
        "confirm_meeting": _("Start meeting %(n)s now?"),
        "focus_none": _("No board: everyone chooses"),
        "phase_boards": _("The phase's boards"),
        "minutes": _("minutes"),
    }
