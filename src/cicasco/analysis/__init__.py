"""Analysis of the validated tables: chair terms and initiatives."""
