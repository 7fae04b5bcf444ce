"""Jinja2 templates of the generated project (a package so that it ships in the wheel)."""
