"""The plan pages, one module each. Every view that shows or changes a plan fetches it
with ``_helpers.get_plan_for_user`` (the owner in the query); every POST ends in a
redirect, or, for htmx, in a small partial.
"""

from .committee import committee_draft, committee_export, committee_picture
from .compare import compare
from .deleted import deleted_plans, plan_restore
from .item_accept import item_accept
from .item_add import item_add
from .item_edit import item_edit
from .item_remove import item_remove
from .meeting import (
    committee_meeting,
    committee_meeting_poll,
    compare_meeting,
    compare_meeting_poll,
    plan_meeting,
    plan_meeting_poll,
)
from .plan_create import plan_create
from .plan_delete import plan_delete
from .plan_detail import plan_detail
from .plan_duplicate import plan_duplicate
from .plan_edit import plan_edit
from .plan_export import plan_export
from .plan_list import plan_list
from .plan_papers import compare_paper, plan_paper
from .plan_status import plan_adopt, plan_propose, plan_share, plan_to_draft, plan_unshare
from .plan_suggest import plan_proposal, plan_suggest
from .plan_workbench import plan_workbench
from .shared import shared_plans

__all__ = [
    "committee_draft",
    "committee_export",
    "committee_meeting",
    "committee_meeting_poll",
    "committee_picture",
    "compare_meeting",
    "compare_meeting_poll",
    "plan_meeting",
    "plan_meeting_poll",
    "compare",
    "compare_paper",
    "deleted_plans",
    "item_accept",
    "plan_adopt",
    "plan_propose",
    "plan_share",
    "plan_to_draft",
    "plan_unshare",
    "shared_plans",
    "item_add",
    "item_edit",
    "item_remove",
    "plan_create",
    "plan_delete",
    "plan_detail",
    "plan_duplicate",
    "plan_edit",
    "plan_export",
    "plan_list",
    "plan_paper",
    "plan_restore",
    "plan_proposal",
    "plan_suggest",
    "plan_workbench",
]
