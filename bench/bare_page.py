"""Baseline for bench_ui.py: a bare Streamlit page that draws one 100-point plotly chart."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

x = np.arange(100)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.sin(x / 10), mode="lines")))
