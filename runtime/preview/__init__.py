"""The live preview: run the generated project as a console-mode dev worker and talk to it.

Import `runtime.preview.session.PreviewSession`; the event types are in
`runtime.preview.events`. Nothing here imports livekit.agents at import time.
"""
