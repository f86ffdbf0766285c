"""Sinkronisasi data: upload a village list or group roster, check it, confirm; load extracts (ui.extracts); see
past imports."""
import datetime as dt
import hashlib

import polars as pl
import streamlit as st

from ucj import access, fmt, warehouse
from ucj.errors import UserError
from ucj.ingest import rosters
from ucj.ingest.columns import FIELDS, choose_sheet, read_table
from ucj.ingest.limits import MAX_UPLOAD_MB, safe_file_name
from ucj.ingest.sheets import read_workbook
from ucj.reports.screens import literal, sinkronisasi
from ui import extracts
from ui.components import is_demo, metric_cards, nothing_to_show, page_header, rows_height, table
from ui.data import commit_import, current_path, default_data_date, plan_import, query, viewer
from ui.filters import current

NONE = "(tidak ada)"
path = current_path()
f = current()

page_header("Sinkronisasi data",
            "Daftar pekerja rentan usulan desa dan daftar kelompok (guru honorer, kader, kepala lingkungan, …): "
            "diperiksa, dicocokkan dengan desa resmi dan peserta, lalu disimpan setelah Anda setujui. "
            "NIK hanya disimpan sebagai hash berkunci dan selalu ditampilkan tersamar.")
if not viewer().may("sinkronisasi"):
    # the navigation leaves this page out for other roles; a direct address still lands here
    nothing_to_show("Sinkronisasi data hanya untuk admin gudang data; masuk dengan akun admin untuk memakainya.")
    st.stop()


def sheets_of(upload):
    """The uploaded file read once, kept for this session while the same file is in the uploader."""
    cached = st.session_state.get("impor_berkas_terbaca")
    if not cached or cached[0] != upload.file_id:
        with st.spinner("Membaca berkas…"):
            cached = (upload.file_id, read_workbook(upload.getvalue(), upload.name))
        st.session_state["impor_berkas_terbaca"] = cached
    return cached[1]


def uploader_key() -> str:
    # a new key after a save empties the uploader: the page then shows what was saved, not a dry run of the same file
    turn = st.session_state.get("impor_putaran", 0)
    return "impor_berkas" if not turn else f"impor_berkas_{turn}"


def show_saved(saved: dict) -> None:
    """What the save changed, until another file is uploaded: no dry run of the saved file any more."""
    plan = saved["plan"]
    r = plan.report()
    st.subheader("Tersimpan")
    st.success(sinkronisasi.saved_sentence(r, saved["group_name"], saved["region_name"]), icon=":material/check:")
    st.caption(f"Berkas {literal(safe_file_name(plan.file_name))} · disimpan oleh {literal(saved['by'])}")
    metric_cards(sinkronisasi.saved_cards(r))
    st.download_button("Unduh laporan impor setiap baris (XLSX)", lambda plan=plan: rosters.report_xlsx(plan),
                       file_name=f"laporan_impor_{plan.impor_id}_{plan.group}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", key="impor_laporan_tersimpan")


def imports_so_far(path: str) -> int:
    history = query(path, "impor_riwayat")
    return int(history["impor_id"].max()) if history.height else 0


def do_commit() -> None:
    """Runs before the page on the click: writes the plan the person was looking at, nothing else."""
    plan = st.session_state.get("impor_rencana")
    by = st.session_state.get("impor_oleh", "")
    try:
        done = commit_import(path, plan, by)
        st.session_state["impor_tersimpan"] = {"plan": done, "group_name": groups.get(done.group, done.group),
                                               "region_name": regency_names.get(done.region, done.region), "by": by}
        st.session_state["impor_putaran"] = st.session_state.get("impor_putaran", 0) + 1
    except UserError as exc:
        st.session_state["impor_hasil"] = {"error": str(exc)}
    except warehouse.Error as exc:
        st.session_state["impor_hasil"] = {"error": f"Gudang data menolak penyimpanan ({type(exc).__name__}); tidak ada "
                                                    "yang tersimpan. Ulangi sebentar lagi."}


group_frame = query(path, "kelompok_pekerja")
groups = dict(zip(group_frame["kode"], group_frame["nama"]))
regencies = query(path, "kabupaten_kota")
# an admin of some regions chooses among those regions' kabupaten/kota only ('all' is for an all-Indonesia admin);
# rows of other regions would not be matched anyway
reader = viewer()
regency_names = {**({"": "Semua wilayah di gudang data"} if not reader.regions else {}),
                 **{code: name for code, name in zip(regencies["kode"], regencies["nama"])
                    if access.leads_into_scope(reader, code)}}

left, middle, right = st.columns(3)
group = left.selectbox("Jenis daftar", list(groups), key="impor_jenis", format_func=groups.get,
                      index=list(groups).index("pekerja_rentan") if "pekerja_rentan" in groups else 0)
if st.session_state.get("impor_wilayah") not in regency_names:
    st.session_state["impor_wilayah"] = f.region[:5] if f.region[:5] in regency_names else next(iter(regency_names), "")
region = middle.selectbox("Asal daftar (untuk mencocokkan nama desa)", list(regency_names), key="impor_wilayah",
                          format_func=lambda c: regency_names[c] + (f" ({c})" if c else ""))
data_date = right.date_input("Tanggal data daftar", value=default_data_date(path), max_value=dt.date.today(),
                             format="DD/MM/YYYY", key="impor_tanggal",
                             help="Hari daftar ini berlaku. Bawaan: hari terakhir data gudang, agar daftar langsung "
                                  "tampil di Kesenjangan.")

upload = st.file_uploader("Berkas daftar (.xlsx atau .csv)", type=["xlsx", "csv"], key=uploader_key(),
                          max_upload_size=MAX_UPLOAD_MB,
                          help=f"Paling besar {MAX_UPLOAD_MB} MB. Kolom NIK sebaiknya berformat Teks di Excel.")

if "impor_hasil" in st.session_state:  # a save refused: said once, the dry run stays below
    st.error(literal(st.session_state.pop("impor_hasil")["error"]), icon=":material/error:")
if upload is not None:
    st.session_state.pop("impor_tersimpan", None)  # another file: the last save is in the history below
elif "impor_tersimpan" in st.session_state:
    show_saved(st.session_state["impor_tersimpan"])

plan = None
if upload is not None:
    data = upload.getvalue()
    try:
        sheets = sheets_of(upload)
        names = [s.name for s in sheets]
        detected = choose_sheet(sheets, None, upload.name).name
        sheet = st.selectbox("Lembar", names, index=names.index(detected), key=f"impor_lembar_{upload.file_id}",
                             disabled=len(names) == 1, help="Lembar yang berisi daftar; dipilih sendiri bila bisa.")
        guessed = read_table(sheets, upload.name, sheet, require_nik=False)
        with st.expander("Kolom: periksa dan betulkan bila keliru", icon=":material/view_column:",
                         expanded="nik" not in guessed.mapping):
            st.caption(f"Judul kolom dibaca di baris {guessed.header_row} lembar '{literal(guessed.sheet)}'.")
            mapping = {}
            columns = st.columns(3)
            for i, (name, label) in enumerate(FIELDS.items()):
                options = [NONE] + guessed.headers
                current_index = guessed.mapping.get(name)
                mapping[name] = columns[i % 3].selectbox(
                    label, options, index=0 if current_index is None else current_index + 1,
                    key=f"impor_kolom_{name}_{upload.file_id}_{sheet}")
        chosen = {k: (None if v == NONE else v) for k, v in mapping.items()}
        if chosen["nik"] is None:
            st.warning("Kolom NIK belum dikenali: pilih kolom NIK di bagian Kolom di atas.", icon=":material/warning:")
        else:
            options = dict(file_name=upload.name, file_sha256=hashlib.sha256(data).hexdigest(), group=group,
                           region=region, data_date=data_date, source=upload.name)
            # the same inputs and no import since: the plan on screen still holds, no need to check again
            inputs = (options["file_sha256"], sheet, tuple(sorted(chosen.items(), key=lambda kv: kv[0])), group,
                      region, data_date, imports_so_far(path))
            cached = st.session_state.get("impor_rencana_cache")
            if cached and cached[0] == inputs:
                plan = cached[1]
            else:
                listed = read_table(sheets, upload.name, sheet, chosen)
                plan = plan_import(path, listed, **options)
                st.session_state["impor_rencana_cache"] = (inputs, plan)
    except UserError as exc:
        st.error(literal(str(exc)), icon=":material/error:")  # it may quote the file's name or headers

if plan is not None:
    r = plan.report()
    st.subheader("Hasil pemeriksaan (uji coba, belum disimpan)")
    metric_cards(sinkronisasi.check_cards(r))
    st.caption(sinkronisasi.skipped_sentence(r))
    if r["reasons"]:
        st.markdown("**Alasan tidak valid**")
        table(sinkronisasi.reasons_table(r), "alasan_tidak_valid")
    if r["notes"]:
        st.markdown("**Catatan (baris tetap dimuat)**")
        st.dataframe(sinkronisasi.notes_table(r), hide_index=True, width="stretch")

    rows = plan.rows_frame()  # this page is for admins: they see each row (rosters.Plan.per_person)
    outcome = st.segmented_control("Tampilkan baris", ["Semua"] + list(rosters.OUTCOMES.values()),
                                   default="Semua", key="impor_tampil")
    shown = rows if outcome in (None, "Semua") else rows.filter(pl.col("Hasil") == outcome)
    st.dataframe(shown, hide_index=True, width="stretch", height=rows_height(shown.height))
    st.download_button("Unduh laporan setiap baris (XLSX)", lambda plan=plan: rosters.report_xlsx(plan),
                       file_name=f"laporan_impor_{plan.group}_{plan.file_sha256[:8]}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", key="impor_laporan")

    st.subheader("Simpan")
    if plan.is_demo:
        nothing_to_show(rosters.DEMO_REFUSES)
    elif r["previous_import"] and not r["to_load"]:
        p = r["previous_import"]
        st.info(f"Berkas ini sudah diimpor sebagai impor #{p['impor_id']} oleh {literal(p['oleh'])} "
                f"({fmt.date(dt.date.fromisoformat(p['diimpor_at'][:10]))}); menyimpannya lagi tidak mengubah apa pun.",
                icon=":material/info:")
    else:
        st.markdown(f"**{fmt.number(r['to_load'])} orang** akan masuk daftar {groups[group]} "
                    f"({regency_names[region]}), bertanggal {fmt.date(data_date)}. Baris tidak valid dan ganda tidak "
                    "disimpan; perbaiki di berkas lalu impor lagi.")
        st.session_state["impor_rencana"] = plan
        st.text_input("Nama petugas yang mengimpor", key="impor_oleh", max_chars=80)
        st.button(f"Simpan {fmt.number(r['to_load'])} orang ke gudang data", type="primary", key="impor_simpan",
                  on_click=do_commit, disabled=not st.session_state.get("impor_oleh", "").strip(),
                  icon=":material/save:")
elif upload is None and "impor_tersimpan" not in st.session_state:
    nothing_to_show("Pilih jenis daftar dan asal daftarnya, lalu unggah berkas .xlsx atau .csv. Pemeriksaan adalah "
                    "uji coba: tidak ada yang disimpan sebelum Anda menekan Simpan."
                    + (" Di gudang data demo hanya uji coba: daftar nyata disimpan di gudang nyata." if is_demo() else ""))

extracts.section(path)

st.subheader("Riwayat impor")
history = query(path, "impor_riwayat")
if history.is_empty():
    nothing_to_show("Belum ada impor.")
else:
    table(sinkronisasi.history_table(history), "riwayat_impor")
