"""Local mail servers for the tests, the demo and the benchmarks.

They bind to 127.0.0.1 only and live in a private directory, so they never
touch the machine's own mail configuration.
"""
