"""Streamlit helpers shared by dashboard.py and the pages: data access, filters, components."""
