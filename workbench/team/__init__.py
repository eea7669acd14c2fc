"""Team review logic with no SQL and no UI: agreement statistics, file placement
and sharing checks. The store and the CLI build on these; they depend on nothing
above them.
"""
