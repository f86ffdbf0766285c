"""The warehouse: the only package that talks to DuckDB.

connection  opening a file, its meta table (demo or real, data range)
marts       the schema of the raw tables and the marts rebuilt from them (sql/schema.sql, sql/marts/)
reference   the committed wilayah reference and the worker groups
reading     `read(con, name, viewer, **params)`: the one way figures leave (queries/*.sql, through ucj.access)
write       `lock`, `transaction` and `Writer`: the one way in, with mart refresh, audits and the import log
"""
from ucj.warehouse.connection import (Connection, Error, checkpoint, create, data_range, has_table, is_demo, meta,
                                      open_warehouse, require_warehouse)
from ucj.warehouse.reading import query_names, read

__all__ = ["Connection", "Error", "checkpoint", "create", "data_range", "has_table", "is_demo", "meta", "open_warehouse",
           "query_names", "read", "require_warehouse"]
