"""Akun & log (admin): the accounts and the audit log, read only. Accounts are managed at the command line on the
server, where the operator is known; a page that makes admins would be one more way in to guard."""
import polars as pl
import streamlit as st

from ui.auth import ROLE_LABELS, store
from ui.components import rows_height
from ui.data import viewer

ALL = "Semua akun"

st.title("Akun & log")
if not viewer().may("pengguna"):  # dashboard.py keeps the page out of other roles' reach; this is the second lock
    st.error("Halaman Akun & log hanya untuk admin; pilih halaman lain di menu.")
    st.stop()
st.caption("Akun dibuat, dinonaktifkan dan diganti kata sandinya di server dengan perintah `python -m ucj users add`, "
           "`users disable` dan `users passwd`; halaman ini hanya menampilkannya.")

accounts = store().accounts()
st.subheader("Akun")
st.dataframe(pl.DataFrame({
    "Nama pengguna": [a.name for a in accounts],
    "Peran": [ROLE_LABELS.get(a.role, a.role) for a in accounts],
    "Wilayah": [a.regions_text for a in accounts],
    "Email organisasi": [a.email or "" for a in accounts],
    "Aktif": ["ya" if a.active else "tidak" for a in accounts],
}, schema={"Nama pengguna": pl.String, "Peran": pl.String, "Wilayah": pl.String, "Email organisasi": pl.String,
           "Aktif": pl.String}),
    hide_index=True, width="stretch", height=rows_height(len(accounts)))

st.subheader("Log audit")
# the command line logs as 'operator:<system user>': every name in the recent log can be chosen, not only accounts
names = sorted({a.name for a in accounts} | {e.name for e in store().log(limit=500)})
chosen = st.selectbox("Akun", [ALL, *names], key="log_akun")
entries = store().log(limit=500, name=None if chosen == ALL else chosen)
st.caption(f"{len(entries)} catatan terbaru, yang terbaru di atas (paling banyak 500); waktu dalam UTC.")
st.dataframe(pl.DataFrame({
    "Waktu (UTC)": [e.at.replace("T", " ").removesuffix("+00:00") for e in entries],
    "Akun": [e.name for e in entries],
    "Aksi": [e.action for e in entries],
    "Rincian": [e.detail for e in entries],
    "Baris": [e.rows for e in entries],
}, schema={"Waktu (UTC)": pl.String, "Akun": pl.String, "Aksi": pl.String, "Rincian": pl.String, "Baris": pl.Int64}),
    hide_index=True, width="stretch", height=rows_height(len(entries)))
