"""The file on disk is the source of truth: the editor follows changes made outside it.

Checked on a timer. A hand edit is loaded when there are no unsaved edits here; with
unsaved edits the user sees the outside change (a diff) and chooses: merge both (three-way,
against the text both last agreed on; offered when they touch different lines and the
result parses), reload the file, or keep this version. A file that stops being valid
TOML is shown in the one raw view, which follows the disk and hands back to the forms
once the file parses again.
"""

from __future__ import annotations

from tui.session import OpenResult


class DiskSync:
    def __init__(self, app) -> None:
        self.app = app
        self.asking = False

    @property
    def session(self):
        return self.app.session

    def raw_view(self):
        from tui.screens.raw_file import RawFileScreen

        return next((s for s in self.app.screen_stack if isinstance(s, RawFileScreen)), None)

    async def check(self) -> None:
        raw = self.raw_view()
        if raw is not None:
            raw.follow_disk()
            return
        session = self.session
        if self.asking or session.document is None or not session.changed_on_disk():
            return
        if not session.path.exists():
            # Nothing to reload: keep the edits on screen; saving writes the file again.
            session.keep_local_version()
            session.mark_edited()
            self.app.show_dirty()
            self.app.notify(f"{session.path.name} was deleted; save to write it again.",
                            severity="warning", timeout=5)
            return
        if session.dirty:
            self.ask(saving=False)
        else:
            await self.reload()

    # -- an outside change meets unsaved edits ---------------------------------------------
    def ask(self, *, saving: bool) -> None:
        from tui.app import dialog
        from tui.three_way import merge, outside_diff  # difflib: only once a file clashes

        session = self.session
        theirs = session.disk_text()
        name = session.path.name
        result = merge(session.base_text, session.document.text, theirs) if theirs else None
        if result is not None and result.text is not None:
            outcome = "They touch different lines: merging keeps both."
        elif result is not None and result.clashes:
            outcome = "They clash: " + "; ".join(c.describe() for c in result.clashes[:3]) + "."
        else:
            outcome = "They cannot be merged: " + (result.problem if result else
                                                   "the file is no longer text") + "."
        question = (f"{name} was edited outside the app"
                    + (" and this save would overwrite it. " if saving else
                       " while you have unsaved edits. ") + outcome)
        choices = []
        if result is not None and result.text is not None:
            choices.append(("merge", "Merge both", "m", "primary"))
        choices += [("reload", "Reload from disk", "r", "warning"), ("keep", "Keep mine", "k")]
        from rich.syntax import Syntax  # pygments: only for this dialog, not the first frame

        detail = Syntax(outside_diff(session.base_text, theirs or "", name) or "(no difference)",
                        "diff", theme="ansi_dark", word_wrap=True)
        self.asking = True

        async def answered(answer: str | None) -> None:
            self.asking = False
            if answer == "merge" and result is not None and result.text is not None:
                await self._merge(result.text, theirs, saving)
            elif answer == "reload":
                await self.reload()
            else:
                session.keep_local_version()
                if saving:
                    await self.app.action_save()

        self.app.push_screen(dialog("The file changed on disk", question, choices, "keep",
                                    detail=detail), answered)

    async def _merge(self, text: str, theirs: str, saving: bool) -> None:
        session = self.session
        self.app.apply_edit(lambda document: session.merged_with_disk(text, theirs))
        await self.app.show_document()
        self.app.notify("Merged the outside change with your edits; save to write both.",
                        timeout=4)
        if saving:
            await self.app.action_save()

    async def reload(self) -> None:
        if self.session.reload() is OpenResult.INVALID:
            await self.show_raw()
            return
        self.app.history.clear()
        await self.app.show_document()
        self.app.notify(f"Reloaded {self.session.path.name} from disk.", timeout=2)
        self.app.reload_preview()

    # -- a file that is not valid TOML -----------------------------------------------------
    async def show_raw(self) -> None:
        """The raw view, at most one: the forms go (their document is gone)."""
        raw = self.raw_view()
        if raw is not None:
            raw.follow_disk()
            return
        from tui.screens.raw_file import RawFileScreen  # only an invalid file needs it

        await self.app.remove_editor()

        async def fixed(ok: bool | None) -> None:
            if ok:
                await self.app.open_file()

        self.app.push_screen(RawFileScreen(self.session.path, self.session.load_error), fixed)
