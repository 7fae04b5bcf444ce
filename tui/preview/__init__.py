"""The live preview panel shown beside the editor tabs (f7)."""
