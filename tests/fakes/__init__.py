"""Fakes of the services WBV-Bot talks to, for the tests and benchmarks."""
