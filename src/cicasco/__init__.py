"""Fact-checked report on a member state's leadership of the SCO and CICA."""

import sys

# jsonschema (under nbformat) imports rfc3987_syntax, when installed, to check IRI formats that
# nbformat's schema never uses; building its grammar costs about 3 s at every start. Marking it
# absent makes jsonschema skip that one optional checker.
sys.modules.setdefault("rfc3987_syntax", None)
