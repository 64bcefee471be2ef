"""What a reader sees: charts, figures, text, the API the notebooks call, and the HTML and PDF."""
