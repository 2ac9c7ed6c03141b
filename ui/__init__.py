"""Gradio UI (Japanese). The UI only displays: every request goes through the core `Answerer`,
which masks personal data and writes the audit log."""
