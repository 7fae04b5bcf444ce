"""The Textual app. Imports runtime/, never the reverse."""
