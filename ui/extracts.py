"""Sinkronisasi data's section for extracts (peserta, rekap, klaim, pekerja wajib, target, kantor, sponsor): the
template of each kind, an upload checked by the same dry run as `python -m ucj load --dry-run`, then saved by the
same load, for administrators of a real warehouse."""
import hashlib

import streamlit as st

from ucj import warehouse
from ucj.errors import UserError
from ucj.ingest.extracts import KINDS, template_xlsx
from ucj.ingest.limits import MAX_UPLOAD_MB, check_size
from ucj.reports.screens import literal, sinkronisasi
from ui.components import is_demo, metric_cards, nothing_to_show, rows_height, table
from ui.data import dry_run_extract, load_extract, query, viewer

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _uploader_key() -> str:
    # a new key after a save empties the uploader: the page then shows what was saved, not the same file again
    return f"ekstrak_berkas_{st.session_state.get('ekstrak_putaran', 0)}"


def _imports_so_far(path: str) -> int:
    history = query(path, "impor_riwayat")
    return int(history["impor_id"].max()) if history.height else 0


def _save(path: str) -> None:
    """Runs before the page on the click: loads the file the person checked, as the kind they chose."""
    upload = st.session_state.get(_uploader_key())
    kind = st.session_state["ekstrak_jenis"]
    try:
        if upload is None:
            raise UserError("Berkas ekstrak tidak ada lagi di unggahan; unggah lagi lalu simpan.")
        plan = load_extract(path, kind, upload.name, upload.getvalue(), st.session_state.get("ekstrak_oleh", ""))
        st.session_state["ekstrak_hasil"] = {"text": sinkronisasi.extract_saved_sentence(plan.report()),
                                             "saved": plan.committed}
        st.session_state["ekstrak_putaran"] = st.session_state.get("ekstrak_putaran", 0) + 1
    except UserError as exc:
        st.session_state["ekstrak_hasil"] = {"error": str(exc)}
    except warehouse.Error as exc:
        st.session_state["ekstrak_hasil"] = {
            "error": f"Gudang data menolak penyimpanan ({type(exc).__name__}); tidak ada yang tersimpan. Ulangi sebentar "
                     "lagi."}


def _show_result(result: dict) -> None:
    if result.get("error"):
        st.error(literal(result["error"]), icon=":material/error:")
    elif result["saved"]:
        st.success(result["text"], icon=":material/check:")
    else:
        st.info(result["text"], icon=":material/info:")


def _checked(path: str, kind: str, upload):
    """The dry run of the uploaded file, kept for the session while the file, the kind and the warehouse (no
    import since) are the same."""
    data = upload.getvalue()
    check_size(len(data), upload.name)  # ui.data checks again: the server's limit, whatever called it
    inputs = (hashlib.sha256(data).hexdigest(), upload.name, kind, _imports_so_far(path))
    cached = st.session_state.get("ekstrak_uji")
    if cached and cached[0] == inputs:
        return cached[1]
    with st.spinner("Memeriksa ekstrak…"):
        plan = dry_run_extract(path, kind, upload.name, data)
    st.session_state["ekstrak_uji"] = (inputs, plan)
    return plan


def section(path: str) -> None:
    st.subheader("Ekstrak peserta, klaim, pekerja wajib, target, kantor dan sponsor")
    if is_demo():
        nothing_to_show("Gudang ini gudang data demo; ekstrak nyata tidak dicampur dengan data demo. Buat gudang nyata "
                        "dengan `python -m ucj init --db BERKAS`, jalankan dasbor dengan `UCJ_DB=BERKAS`, lalu muat "
                        "ekstrak di sini.")
        return
    if not viewer().may("sinkronisasi"):
        nothing_to_show("Memuat ekstrak hanya untuk admin gudang data.")
        return
    st.caption("Berkas CSV, XLSX atau Parquet dengan baris pertama judul kolom, paling besar "
               f"{MAX_UPLOAD_MB} MB. Diperiksa dulu (uji coba, tidak ada yang disimpan), lalu disimpan setelah Anda "
               "menekan Simpan. Baris dengan kunci yang sudah ada diperbarui; baris yang sama persis tidak diubah.")
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    kind = left.selectbox("Jenis ekstrak", list(KINDS), key="ekstrak_jenis", format_func=lambda k: KINDS[k].label)
    right.download_button(f"Unduh templat {kind} (XLSX)", lambda kind=kind: template_xlsx(KINDS[kind]),
                          file_name=f"templat_{kind}.xlsx", mime=XLSX_MIME, icon=":material/download:",
                          key="ekstrak_templat", help="Judul kolom dan satu baris contoh; lembar kedua menjelaskan "
                                                      "setiap kolom.")
    result_slot = st.container()  # above the uploader, filled once it is known whether a new file is in it
    upload = st.file_uploader("Berkas ekstrak (.csv, .xlsx atau .parquet)", type=["csv", "xlsx", "parquet"],
                              key=_uploader_key(), max_upload_size=MAX_UPLOAD_MB)
    result = st.session_state.get("ekstrak_hasil")
    if result is not None:
        # what a save changed stays until another file is uploaded; a refusal is said once, above its file's check
        if upload is not None or result.get("error"):
            st.session_state.pop("ekstrak_hasil")
        if upload is None or result.get("error"):
            with result_slot:
                _show_result(result)
    if upload is None:
        return
    try:
        plan = _checked(path, kind, upload)
    except UserError as exc:
        st.error(literal(str(exc)), icon=":material/error:")  # it may quote the file's own headers
        return
    r = plan.report()
    st.markdown(f"**Hasil uji coba {literal(upload.name)}** (belum disimpan)")
    metric_cards(sinkronisasi.extract_cards(r))
    if r["reasons"]:
        table(sinkronisasi.extract_reasons_table(r), f"alasan_ditolak_{kind}")
        st.caption(sinkronisasi.rejected_lines(r))
    with st.expander("Kolom yang dibaca", icon=":material/view_column:"):
        columns = sinkronisasi.extract_columns_table(r)
        st.dataframe(columns, hide_index=True, width="stretch", height=rows_height(columns.height))
    st.markdown(sinkronisasi.extract_plan_sentence(r))
    if r["loaded"] + r["updated"]:
        st.text_input("Nama petugas yang memuat", key="ekstrak_oleh", max_chars=80)
        st.button(f"Simpan {kind} ke gudang data", type="primary", key="ekstrak_simpan", on_click=_save, args=(path,),
                  disabled=not st.session_state.get("ekstrak_oleh", "").strip(), icon=":material/save:")
