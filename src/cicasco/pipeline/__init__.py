"""The build: outline and parameters, cache, kernels, notebook execution, publishing, the CLI."""
