"""Keyboard help the pages' HTML carries (one small script, before Streamlit starts).

- **Focus survives reruns.** Each arrow press on a slider reruns the page; when Streamlit replaces
  the focused control while a run lands, the browser drops focus to `<body>` and the next presses
  go nowhere. The control with the same accessible name (and kind) takes focus back, if the reader
  was using the keyboard a moment ago.
- **Enter applies a typed date.** Streamlit's date fields apply a typed date when they lose focus to a
  click, or on Escape (its key handler's own "apply"), not on Enter; Enter now sends the field that
  Escape, so the date applies and focus stays in the field.
- **A popover's contents come first.** Opening the Share popover moves focus to its first control
  (its contents were 20 Tab presses away, at the end of the page); Escape closes it as before.

Plain DOM, no framework: the same code runs in every page and embed.
"""

from __future__ import annotations

#: How long after a key press a lost focus is still the keyboard's (a rerun lands within this).
RESTORE_MS = 4000
#: How long a popover takes to open and lay out its contents before focus moves in.
POPOVER_MS, POPOVER_TRIES = 60, 15

SCRIPT = """<script>(()=>{
let last=null,keyAt=0;
const name=el=>el&&el.getAttribute&&el.getAttribute('aria-label');
document.addEventListener('keydown',e=>{keyAt=Date.now();
  const field=e.key==='Enter'&&e.target.closest&&e.target.closest('[data-testid="stDateInputField"]');
  if(field&&!e.__dollarTide){const esc=new KeyboardEvent('keydown',{key:'Escape',code:'Escape',bubbles:true});
    esc.__dollarTide=true;e.target.dispatchEvent(esc);}
},true);
document.addEventListener('focusin',e=>{last=e.target},true);
const restore=()=>{
  if(!last||last.isConnected||Date.now()-keyAt>RESTORE_MS)return;
  const a=document.activeElement;if(a&&a!==document.body)return;
  const label=name(last);if(!label)return;
  const again=[...document.querySelectorAll(last.tagName+'[aria-label]')].find(el=>name(el)===label);
  if(again){again.focus({preventScroll:true});last=again;}
};
const FOCUSABLE='button,[href],input,select,textarea,[tabindex]:not([tabindex="-1"])';
document.addEventListener('click',e=>{
  const opener=e.target.closest&&e.target.closest('[data-testid="stPopoverButton"]');
  if(!opener)return;
  let tries=0;
  const move=()=>{
    const open=[...document.querySelectorAll('[data-testid="stPopoverBody"]')].find(b=>b.getClientRects().length);
    const first=open&&[...open.querySelectorAll(FOCUSABLE)].find(el=>el.getClientRects().length);
    if(first&&opener.getAttribute('aria-expanded')==='true')first.focus({preventScroll:false});
    else if(++tries<POPOVER_TRIES)setTimeout(move,POPOVER_MS);
  };
  setTimeout(move,POPOVER_MS);
},true);
new MutationObserver(restore)
  .observe(document.documentElement,{childList:true,subtree:true});
})();</script>"""
for _name, _value in {"RESTORE_MS": RESTORE_MS, "POPOVER_MS": POPOVER_MS, "POPOVER_TRIES": POPOVER_TRIES}.items():
    SCRIPT = SCRIPT.replace(_name, str(_value))
SCRIPT = SCRIPT.replace("\n", "")
