"""Download buttons for the Musrenbang briefing, shared by Ringkasan and the Briefing page.

Nothing of the briefing is read when a page with these buttons loads: each button carries a function that gathers
the briefing and makes its document only when the button is clicked (Streamlit runs it on its own thread, outside
the session, so the viewer is fixed here, in the page's run). Who took which document goes into the audit log by
the buttons' callback, in the rerun the click starts."""
import datetime as dt
import queue
from dataclasses import dataclass

import streamlit as st

from ucj import access
from ucj.reports import documents, picture_worker
from ui import data
from ui.data import viewer

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclass(frozen=True)
class Request:
    """One briefing as asked for on a page: everything `ui.data.briefing` takes, and who asks."""
    path: str
    who: access.Viewer
    region: str
    as_of: dt.date
    claims_from: dt.date
    claims_to: dt.date
    monthly_idr: int
    funding: tuple[tuple[str, int], ...] = ()
    asn: int = 0
    band_limits: tuple = ()

    @property
    def stem(self) -> str:
        """'bahan_musrenbang_12.10_2025-03_klaim_2024-01_2025-03': region, month, then the claim range (whole months
        as YYYY-MM, a range cut inside a month by its days), the same for the PDF and the PPTX."""
        return (f"bahan_musrenbang_{self.region}_{self.as_of:%Y-%m}_klaim_"
                f"{_range_end(self.claims_from, first=True)}_{_range_end(self.claims_to, first=False)}")


def _range_end(day: dt.date, first: bool) -> str:
    whole = day.day == 1 if first else (day + dt.timedelta(days=1)).day == 1
    return f"{day:%Y-%m}" if whole else day.isoformat()


def gathered(request: Request):
    """The briefing's content for this request, as `request.who` may see it (documents read `for_documents`: the
    small-cell protection of every briefing); cached like every other read of this viewer."""
    return data._briefing(request.path, data.version(request.path), request.who, request.region, request.as_of,
                          request.claims_from, request.claims_to, request.monthly_idr, request.funding, request.asn, request.band_limits)


def pictures(request: Request) -> tuple[bytes | None, bytes | None, bytes | None]:
    """The preview's PNGs (trend, claims per benefit, map) of the request. Each is kept by exactly what it draws,
    not by the whole request: a new funding scenario redraws none, new claim dates only the claims chart, and
    another account (or month) with the same figures gets the same pictures without matplotlib (a few hundred
    milliseconds for the three, the page's heaviest part under load, drawn in a process beside the app's:
    ucj.reports.picture_worker). What a picture draws
    is the viewer's own protected figures, so a key can only match a picture of figures this viewer sees."""
    b = gathered(request)
    shapes = tuple((shape["kode"], shape["cakupan_pct"]) for shape in b.shapes)
    return (_trend_picture(tuple(b.trend), b.as_of, b.target_pct), _claims_picture(tuple(b.claims_rows())),
            _map_picture(request.path, data.version(request.path), shapes, tuple(b.band_limits), b.shapes))


@st.cache_data(ttl=600, show_spinner=False, max_entries=500)
def _trend_picture(trend: tuple, as_of: dt.date, target_pct: float | None) -> bytes | None:
    return picture_worker.draw("trend_picture", trend, as_of, target_pct)


@st.cache_data(ttl=600, show_spinner=False, max_entries=500)
def _claims_picture(rows: tuple) -> bytes | None:
    return picture_worker.draw("claims_picture", rows)


@st.cache_data(ttl=600, show_spinner=False, max_entries=500)
def _map_picture(path: str, published: str, shapes: tuple, band_limits: tuple, _drawn: list[dict]) -> bytes | None:
    """`_drawn` (the shapes with their GeoJSON, too long to hash at every view) is fixed by the key: a region's
    boundary is the same for everyone in one published version of one warehouse, so its code stands for it."""
    return picture_worker.draw("map_picture", _drawn, band_limits)


def document(request: Request, kind: str) -> bytes:
    """The PDF or PPTX of the request: what a click on its button downloads."""
    made = {"pdf": documents.pdf, "pptx": documents.pptx}[kind]
    return made(gathered(request))


def _record_document(file_name: str) -> None:
    """A briefing document leaves the room: who took which one goes into the audit log."""
    from ui.auth import store  # ui.auth imports ui.data only; imported here to keep this module's imports light

    store().record(viewer().name, "dokumen", file_name)


def request_for(path: str, region: str, as_of: dt.date, claims_from: dt.date, claims_to: dt.date, monthly_idr: int,
                funding: tuple[tuple[str, int], ...] = (), asn: int = 0, band_limits: tuple = ()) -> Request:
    """The briefing this session's viewer asks for."""
    return Request(path, viewer(), region, as_of, claims_from, claims_to, monthly_idr, tuple(funding), asn,
                   tuple(band_limits))


CLICK_WAIT_S = 30  # how long a document waits for its click's rerun to say whether the fields still match


class StaleDocument(Exception):
    """A download button clicked after a field it was drawn from had changed: no document is made."""


def _checked_click(file_name: str, fields: dict, verdicts: queue.SimpleQueue) -> None:
    """The click's callback, in the rerun the click starts, with every field's value the browser holds (a date sent
    only as the button was pressed among them): whether the button's document still is what the fields show."""
    current = all(st.session_state.get(name) == value for name, value in fields.items())
    while not verdicts.empty():  # a verdict no document took (its request never came) must not answer this click
        verdicts.get_nowait()
    verdicts.put(current)
    if current:
        _record_document(file_name)


def _made_if_current(request: Request, kind: str, verdicts: queue.SimpleQueue | None) -> bytes:
    """The document, once the click's callback has said the fields are those it was drawn from; refused (the rerun
    then shows why and takes the button away) when one changed in the moment before the click."""
    if verdicts is not None:
        try:
            current = verdicts.get(timeout=CLICK_WAIT_S)
        except queue.Empty:  # no rerun came back (never seen): the button's own request, as before
            current = True
        if not current:
            raise StaleDocument("Isian berubah sesaat sebelum tombol ditekan; dokumen tidak dibuat.")
    return document(request, kind)


def download_buttons(request: Request, key: str, fields: dict | None = None) -> None:
    """The documents are gathered and made only when a button is pressed. `fields`: the session_state keys and
    values of the widgets the request was made from; a document is then made only if they still hold those values
    at the click (a field sends a typed value when it loses focus, which may be the click on this button)."""
    row = st.container(horizontal=True)
    for label, kind, icon, mime in (("Bahan Musrenbang (PDF)", "pdf", ":material/picture_as_pdf:", "application/pdf"),
                                    ("Bahan Musrenbang (PowerPoint)", "pptx", ":material/slideshow:", PPTX_MIME)):
        file_name = f"{request.stem}.{kind}"
        # one queue per button and session: each click gives one verdict (its callback) and takes one (its document)
        verdicts = st.session_state.setdefault(f"{key}_{kind}_klik", queue.SimpleQueue()) if fields else None
        row.download_button(label, lambda kind=kind, verdicts=verdicts: _made_if_current(request, kind, verdicts),
                            file_name=file_name, mime=mime, icon=icon, key=f"{key}_{kind}", width="content",
                            on_click=_checked_click if fields else _record_document,
                            args=(file_name, dict(fields), verdicts) if fields else (file_name,))
