"""The Streamlit layer: cached loading, URL state, the shared chrome around every chart."""
