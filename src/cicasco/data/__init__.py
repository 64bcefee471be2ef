"""The data stage: where the files are, their vocabularies and schema, loading and validating them."""
