"""Japanese personal-data guardrail (issue 5): detect, pseudonymise or block PII before the model.

Layout:
  normalize      NFKC-style normalisation with an offset map back to the original text
  checksums      check digits (My Number, corporate number, insurer number, Luhn)
  recognizers/   one presidio recognizer per entity type (16 types, `assistant.settings.PII_TYPES`)
  nlp            presidio NlpEngine bound explicitly to the `ja_ginza` spaCy pipeline
  engine         `JapanesePiiDetector` (implements `assistant.protocols.PiiDetector`)
  pseudonymize   typed placeholders <PERSON_1> consistent within a request, and their restoration
  policy         `PiiGuard`: mask or block per type, fail closed, log redaction
  commands       the `assistant redact` click command

Invariant: importing this package (or `guardrails.commands`) loads no model and imports neither
presidio nor spaCy; that happens in `JapanesePiiDetector.warm_up()`. No presidio or spaCy object is
returned from this package: callers get `assistant.types.Finding` and plain dataclasses.
"""
