"""Dollar Tide as one ASGI app: the pages (overview.py and pages/) and the HTTP routes beside them
(the data API, link previews, /healthz, /readyz). `streamlit run app.py` serves both."""

import streamlit as st

import web

app = st.App("overview.py", routes=web.routes(), middleware=web.middleware(), lifespan=web.lifespan)
