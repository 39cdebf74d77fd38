"""Harbor's rules, as pure functions: records or DataFrames in, values out.

Nothing here reads the store or the database, or imports streamlit, so every rule can be
tested with a table of plain inputs.
"""
