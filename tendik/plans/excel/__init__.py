"""Excel files of the plans module: the report template round trip, and exports."""
