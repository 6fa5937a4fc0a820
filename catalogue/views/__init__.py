"""Catalogue pages, one module each: the overview, the table, an initiative's page."""

from .home import home
from .initiative import InitiativeDetailView
from .overview import OverviewView
from .table import InitiativeTableView

__all__ = ["home", "InitiativeDetailView", "OverviewView", "InitiativeTableView"]
