"""Doc → records: the spaCy model, statements, actors and themes."""
