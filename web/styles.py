"""The app's own style rules, in every page's HTML from the first paint (no shift when they arrive).

Streamlit's caption style fades text with an opacity of 0.6: 3.9:1 on white, and links in
captions 3.0:1 (axe-core `color-contrast`, WCAG AA wants 4.5:1 for text this size). The app
writes its source lines, notes and dates as captions, so it sets their colour itself: 82 % of the
text colour of whichever theme is on, fully opaque (5.4:1 on white, about 8:1 on the dark theme),
and links in them in that colour,
underlined. The keyboard's focus ring on links and buttons is a solid outline in the text's own
colour, unlike the current page's grey highlight; so is a switch's (Streamlit's own was a faint
grey shadow).
"""

from __future__ import annotations

#: The sidebar's width on a wide screen: the navigation arrives with the page's first run, after the
#: first paint, and pushed the whole page right by this much (Lighthouse desktop CLS 0.24). Until it
#: is there, the page keeps its place. Phones and embeds have no open sidebar.
SIDEBAR_PX, WIDE_PX = 300, 768
CAPTION_INK = 72  # percent of the theme's text colour

CSS = """<style>
[data-testid="stCaptionContainer"]{opacity:1!important;
color:color-mix(in srgb,currentColor CAPTION_INK%,transparent)!important}
[data-testid="stCaptionContainer"] a,[data-testid="stCaptionContainer"] a:visited{
color:inherit!important;text-decoration:underline!important}
[data-testid="stPageLink"] a:focus-visible,a:focus-visible,button:focus-visible,[role="tab"]:focus-visible,
summary:focus-visible,[data-testid="stCheckbox"] label:has(input:focus-visible){
outline:3px solid currentColor!important;outline-offset:2px}
</style>""".replace("CAPTION_INK", str(CAPTION_INK)).replace("\n", "")

SIDEBAR_PLACE = (f"<style>@media (min-width:{WIDE_PX}px){{"
                 '[data-testid="stAppViewContainer"]:not(:has(> [data-testid="stSidebar"]))'
                 f"{{padding-left:{SIDEBAR_PX}px}}}}</style>")
#: Every page is laid out wide (`st.set_page_config(layout="wide")`), but that arrives with the first
#: run: until then Streamlit lays the page out centred, 736 px, and then widens it (Lighthouse desktop
#: CLS 0.04-0.11 on its own). The wide layout's measure and side padding from the first paint.
WIDE_PADDING_REM = 5
WIDE_FROM_START = (f"<style>@media (min-width:{WIDE_PX}px){{[data-testid=\"stMainBlockContainer\"]{{"
                   f"max-width:none!important;padding-left:{WIDE_PADDING_REM}rem!important;"
                   f"padding-right:{WIDE_PADDING_REM}rem!important}}}}</style>")
