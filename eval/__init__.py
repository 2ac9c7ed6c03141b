"""Evaluation: retrieval (JSQuAD / JaQuAD / demo set), answers, PII. Runnable as modules."""
