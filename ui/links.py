"""Kept for importers of the old place: the links live in `views.links` (pure, no streamlit)."""

from views.links import chart_link, claim_link

__all__ = ["chart_link", "claim_link"]
