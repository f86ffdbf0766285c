"""What comes in from outside: spreadsheets of people and boundary files, read, checked and planned.

sheets      reading .xlsx/.csv into cells, header detection
columns     recognising the columns of a list (NIK, nama, desa, ...)
nik         the keyed NIK hash (a NIK is never stored)
checks      row checks: NIK, desa matching, reasons and notes
rosters     a village list or group roster: the plan (dry run) and its commit through ucj.warehouse.write
boundaries  boundary files (GeoJSON, GeoPackage, Shapefile, upstream SQL): read, repair, simplify, load
"""
