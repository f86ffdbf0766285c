"""The warehouse: the only package that talks to DuckDB.

connection  opening the published version read-only, its meta table (demo or real, data range)
marts       the schema of the raw tables and the marts rebuilt from them (sql/schema.sql, sql/marts/)
reference   the committed wilayah reference and the worker groups
reading     `read(con, name, viewer, **params)`: the one way figures leave (queries/*.sql, through ucj.access)
write       `session`, `lock`, `transaction` and `Writer`: the one way in (a new version, published whole), with mart
            refresh, audits and the import log
"""
from ucj.warehouse.connection import (Connection, Error, checkpoint, create, data_range, has_table, is_demo, meta,
                                      open_warehouse, require_warehouse, set_memory_limit, version)
from ucj.warehouse.reading import query_names, read

__all__ = ["Connection", "Error", "checkpoint", "create", "data_range", "has_table", "is_demo", "meta", "open_warehouse",
           "query_names", "read", "require_warehouse", "set_memory_limit",
           "version"]
