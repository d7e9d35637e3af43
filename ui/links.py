"""Kept for importers of the old place: the links live in `views.links` (pure, no streamlit)."""

from views.links import TOPIC_PAGES, chart_link, claim_link

__all__ = ["TOPIC_PAGES", "chart_link", "claim_link"]
