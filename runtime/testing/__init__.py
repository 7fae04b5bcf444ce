"""Test helpers shared by the project and copied into generated projects."""
