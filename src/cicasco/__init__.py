"""Fact-checked report on a member state's leadership of the SCO and CICA."""
