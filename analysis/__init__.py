"""Pure computations on the tidy frames (date, series, value): transforms, rankings, streaks,
movers, event studies, and the claim-checking engine. No streamlit, no I/O."""
