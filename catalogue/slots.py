"""Slots in the catalogue's kept HTML where each reader's own plan controls go.

The cards and the table are the same for everyone and kept in the shared cache
(common/pagecache.py); what a logged-in member may do with each initiative is not. So
the kept HTML holds a marker per initiative, which the page fills per request
(prioritisation's ``fill_plan_slots`` template tag) or empties for a visitor.
"""

import re

# The query parameter with which a member chooses the plan the controls add to. It is
# read by the controls only: never part of kept HTML or of its key.
PLAN_CHOICE = "handleplan"
HEADER_SLOT = "<!--plan-controls-header-->"
SLOTS = re.compile(r"<!--plan-controls(?:-header| (\d+))-->")


def slot(initiative_id: int) -> str:
    """Where the plan controls of one initiative go."""
    return f"<!--plan-controls {int(initiative_id)}-->"
