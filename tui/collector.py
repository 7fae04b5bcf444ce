"""The garbage collector and what the editor keeps for as long as it runs.

A full pass of the collector walks every object the process holds. An editor holding a
big file holds hundreds of thousands (the file read for editing), and a pass over them
takes a tenth of a second: long enough to hold up a keystroke. What lives as long as the
process or the open file is moved out of its way ("frozen"):
- start-up runs with the collector off (the command line turns it off) until the first
  frame; then what exists (imports, the app, its first form) is frozen and it is on again;
- the file read for editing is frozen once it is, and is then never walked;
- when the document is replaced (undo, a reload), everything is thawed and nothing is
  frozen again, so that what the old one leaves behind is collected as usual.
An app started another way (tests, with the collector on) is left to the collector.
"""

from __future__ import annotations

import gc

_freezing = False


def after_first_frame() -> None:
    global _freezing
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
        _freezing = True


def keep_document() -> None:
    """The open document is read for editing: keep it (and what exists) out of passes."""
    if _freezing:
        gc.freeze()


def document_replaced() -> None:
    """Frozen objects are never collected: thaw them, so the old document can be."""
    global _freezing
    if _freezing:
        gc.unfreeze()
        _freezing = False
