"""An article and its assertion register: read, validate, decide by checks, publish as ClaimReview."""
