"""LGWAN-safe generative-AI assistant for municipal staff.

Invariant: importing this package (or any subpackage) has no side effects: no settings are read,
no directories created, no models loaded, no environment changed. `assistant.app.build()` does that.
"""

__version__ = "0.1.0"
