"""Everything that runs without a screen: config, codegen, preview, deploy, and the in-agent library."""

__version__ = "0.1.0"
