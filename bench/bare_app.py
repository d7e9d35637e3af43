"""The bare page of bench_ui.py served with the app's one server-side fix (TCP_NODELAY, web/tcp.py):
how much of a page's gain against the bare page that fix alone explains."""

from contextlib import asynccontextmanager

import streamlit as st

from web import tcp


@asynccontextmanager
async def lifespan(app):
    tcp.no_delay_on_listeners()
    yield


app = st.App("bare_page.py", lifespan=lifespan)
