"""Download buttons for the Musrenbang briefing, shared by Ringkasan and the Briefing page."""
import datetime as dt

import streamlit as st

from ucj.reports import documents
from ui.data import briefing, viewer


def _record_document(file_name: str) -> None:
    """A briefing document leaves the room: who took which one goes into the audit log."""
    from ui.auth import store  # ui.auth imports ui.data only; imported here to keep this module's imports light

    store().record(viewer().name, "dokumen", file_name)


def download_buttons(path: str, region: str, as_of: dt.date, claims_from: dt.date, claims_to: dt.date,
                     monthly_idr: int, key: str, funding: tuple[tuple[str, int], ...] = (), asn: int = 0,
                     band_limits: tuple = ()) -> None:
    """The documents are made only when a button is pressed."""
    gathered = briefing(path, region, as_of, claims_from, claims_to, monthly_idr, funding, asn, band_limits)
    stem = f"bahan_musrenbang_{region}_{as_of.isoformat()}"
    with st.container(horizontal=True):
        st.download_button("Bahan Musrenbang (PDF)", lambda: documents.pdf(gathered), file_name=f"{stem}.pdf",
                           mime="application/pdf", icon=":material/picture_as_pdf:", key=f"{key}_pdf", width="content",
                           on_click=_record_document, args=(f"{stem}.pdf",))
        st.download_button("Bahan Musrenbang (PowerPoint)", lambda: documents.pptx(gathered),
                           file_name=f"{stem}.pptx", icon=":material/slideshow:", key=f"{key}_pptx", width="content",
                           on_click=_record_document, args=(f"{stem}.pptx",),
                           mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
