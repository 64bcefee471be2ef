"""Fact-checked report on a member state's leadership of the SCO and CICA.

The package follows the pipeline, one subpackage per stage:

    data/      where the files are, their vocabularies and schema, loading and validating them
    claims/    an article and its register: checks against the data, verdicts, ClaimReview
    analysis/  chair terms and initiatives: counts, spans, gaps, spreads
    report/    what a reader sees: charts, figures, text, the notebooks' API, HTML and PDF
    pipeline/  the build: outline and parameters, cache, kernels, execution, publishing, the CLI
"""
