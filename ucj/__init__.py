"""Universal Coverage Jamsostek analytics: warehouse, demo data, queries and formatting.

This package holds everything that is not a screen; it never imports streamlit.
"""
