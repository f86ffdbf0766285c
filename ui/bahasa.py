"""Streamlit's own words in the browser, in Indonesian.

Streamlit 1.x has no setting for the language of its frontend: the file uploader ("Drag and drop files here",
"Upload", "50MB per file"), the table toolbar ("Download as CSV", "Search", "Fullscreen"), the chart's
fullscreen button and the "Page not found" dialog are English literals in its JavaScript bundle. A small script,
shipped with the app (no CDN), watches the page and replaces exactly those texts and the tooltips
(`aria-label`, `title`, `data-title`) with their Indonesian wording as they appear. Plotly's own words (the
modebar, date axes) are translated by its locale instead: `ucj.reports.charts.plotly_config`. The numbers and
dates the browser formats itself (the tables' numbers, the date input's calendar) are made id-ID by a second
small script, whatever the browser's language: `_LOCALE_SCRIPT`.
"""
import json

import streamlit as st

from ucj.reports.charts import PLOTLY_LOCALE

# Streamlit's English as its bundle writes it (streamlit 1.67: FileUploader, DataFrame, Toolbar, the app's
# page-not-found and connection dialogs, the main menu), whole texts only: a text that merely contains one of them is left alone
WORDS = {
    "Drag and drop files here": "Seret dan lepas berkas di sini",
    "Drag and drop a file here": "Seret dan lepas berkas di sini",
    "Drag and drop file here": "Seret dan lepas berkas di sini",
    "Drag and drop directories here": "Seret dan lepas folder di sini",
    "Browse files": "Pilih berkas",
    "Upload": "Unggah",
    "Upload directories": "Unggah folder",
    "Add files": "Tambah berkas",
    "Remove file": "Hapus berkas",
    "Delete": "Hapus",
    "Download as CSV": "Unduh sebagai CSV",
    "Search": "Cari",
    "Search...": "Cari…",
    "Fullscreen": "Layar penuh",
    "Close fullscreen": "Tutup layar penuh",
    "Show/hide columns": "Tampilkan/sembunyikan kolom",
    "Sort ascending": "Urutkan naik",
    "Sort descending": "Urutkan turun",
    "Format": "Format",
    "Autosize": "Lebar otomatis",
    "Pin column": "Sematkan kolom",
    "Unpin column": "Lepas sematan kolom",
    "Hide column": "Sembunyikan kolom",
    "Copy to clipboard": "Salin",
    "Page not found": "Halaman tidak ditemukan",
    "Skip to main content": "Langsung ke isi utama",
    "Running...": "Memproses…",
    "Connection error": "Koneksi terputus",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:":
        "Server dasbor tidak menjawab. Bila server itu berhenti, jalankan lagi di terminal server:",
    "streamlit run yourscript.py": "streamlit run dashboard.py",
    "Streamlit server is not responding. Are you connected to the internet?":
        "Server dasbor tidak menjawab; periksa jaringan, lalu muat ulang halaman.",
    "Connection timed out.": "Koneksi habis waktu.",
    "Connection lost. Please wait for the app to reconnect, then try again.":
        "Koneksi terputus; tunggu sampai tersambung lagi, lalu ulangi.",
    "Connecting to Streamlit server": "Menghubungkan ke server dasbor",
    "Unable to connect to Streamlit server": "Tidak dapat terhubung ke server dasbor",
    "Please wait...": "Tunggu sebentar…",
    "Error": "Galat",
    "Clear caches": "Hapus cache",
    "Cancel": "Batal",
    "Print": "Cetak",
    "Settings": "Pengaturan",
    "Record a screencast": "Rekam layar",
    "About": "Tentang",
    "Press Enter to apply": "Tekan Enter untuk menerapkan",
    "Press Enter to submit form": "Tekan Enter untuk mengirim",
    "No results": "Tidak ada hasil",
    "No options": "Tidak ada pilihan",
    "Choose an option": "Pilih salah satu",
    "Choose options": "Pilih",
    "Selectbox options": "Pilihan",
    "Clear all": "Hapus semua",
    "Select all": "Pilih semua",
    "Increment": "Tambah",
    "Decrement": "Kurangi",
    "Show password": "Tampilkan kata sandi",
    "Hide password": "Sembunyikan kata sandi",
    "Use arrow keys to navigate dates. Enter to select. Escape to close.":
        "Tombol panah untuk berpindah tanggal, Enter untuk memilih, Escape untuk menutup.",
    "Stop": "Hentikan",
    "Connecting": "Menghubungkan",
    "Close": "Tutup",
    "Clear": "Hapus",
}

# English made of a value and fixed words: a regular expression (JavaScript syntax) and its Indonesian
PATTERNS = [
    (r"^(?:Limit )?(\S+) per file$", "Maksimal $1 per berkas"),
    (r"^You have requested page /(.*), but no corresponding file was found in the app's pages/ directory\. "
     r"Running the app's main page\.$", "Halaman /$1 tidak ada; halaman utama dibuka."),
    (r"^Press (⌘|Ctrl)\+Enter to apply$", "Tekan $1+Enter untuk menerapkan"),
    (r"^Press (⌘|Ctrl)\+Enter to submit form$", "Tekan $1+Enter untuk mengirim"),
    (r"^Select (\d+) matches$", "Pilih $1 yang cocok"),
    (r"^Choose date, (.*)$", "Pilih tanggal, $1"),
    (r"^day, (.*)$", "hari, $1"),
    (r"^month, (.*)$", "bulan, $1"),
    (r"^year, (.*)$", "tahun, $1"),
    (r"^The page that you have requested does not seem to exist\. Running the app's main page\.$",
     "Halaman yang diminta tidak ada; halaman utama dibuka."),
]

_SCRIPT = """<script>
(() => {
  if (window.ucjBahasa) return;
  window.ucjBahasa = true;
  const words = %(words)s;
  const patterns = %(patterns)s.map(([re, to]) => [new RegExp(re), to]);
  const ATTRS = ["aria-label", "title", "data-title", "placeholder"];
  const say = (text) => {
    const bare = text.trim();
    if (!bare) return null;
    if (Object.prototype.hasOwnProperty.call(words, bare)) return text.replace(bare, words[bare]);
    for (const [re, to] of patterns) if (re.test(bare)) return text.replace(bare, bare.replace(re, to));
    return null;
  };
  const textNode = (node) => {
    const said = say(node.nodeValue);
    if (said !== null && said !== node.nodeValue) node.nodeValue = said;
  };
  const element = (el) => {
    for (const name of ATTRS) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const said = say(value);
      if (said !== null && said !== value) el.setAttribute(name, said);
    }
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) { textNode(root); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    element(root);
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = texts.nextNode(); n; n = texts.nextNode()) textNode(n);
    root.querySelectorAll("[aria-label],[title],[data-title],[placeholder]").forEach(element);
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") textNode(change.target);
      else if (change.type === "attributes") element(change.target);
      else change.addedNodes.forEach(walk);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ATTRS});
  walk(document.body);
})();
</script>"""

# Numbers and dates the browser formats itself, in id-ID whatever the browser's language. The table (Glide data
# grid) formats a NumberColumn(format="localized") cell with `new Intl.NumberFormat(navigator.languages, ...)`
# (streamlit 1.67, formatNumber), its dates and column statistics with `toLocaleString(undefined, ...)`, and the
# date input's calendar takes its month and weekday names from the app's `locale`, `navigator.language` read at
# each render; Python cannot ask for another locale (a printf format has English separators). So the page says
# id-ID: `navigator.language(s)` read id-ID, and Intl.NumberFormat, Intl.DateTimeFormat and the numbers' and
# dates' toLocale*String use id-ID when called without a locale (undefined or []). A call naming its locale is
# left as it is: plotly formats with its own Indonesian locale (ucj.reports.charts.plotly_config) and with
# explicit 'en' where it needs to. The script runs once per tab (window.ucjLocale), before the tables of the run are
# drawn (translate_streamlit comes first; a table formats its cells each time it draws them). Formatters made
# before it keep their locale; the one that matters, the app's `locale`, is renewed by rendering the app again.
# tests/test_browser_bahasa.py reads the tables and the calendar in a browser set to en-US.
_LOCALE_SCRIPT = """<script>
(() => {
  if (window.ucjLocale) return;
  window.ucjLocale = true;
  const ID = "id-ID";
  const LANGUAGES = Object.freeze([ID]);
  Object.defineProperty(navigator, "language", {configurable: true, get: () => ID});
  Object.defineProperty(navigator, "languages", {configurable: true, get: () => LANGUAGES});
  const unnamed = (locales) => locales === undefined || (Array.isArray(locales) && locales.length === 0);
  const named = (args) => unnamed(args[0]) ? [ID, ...args.slice(1)] : args;
  for (const name of ["NumberFormat", "DateTimeFormat"]) {
    const original = Intl[name];
    Intl[name] = new Proxy(original, {
      construct: (target, args, newTarget) => Reflect.construct(target, named(args), newTarget),
      apply: (target, self, args) => Reflect.apply(target, self, named(args)),
    });
  }
  for (const [proto, methods] of [[Number.prototype, ["toLocaleString"]], [BigInt.prototype, ["toLocaleString"]],
                                  [Date.prototype, ["toLocaleString", "toLocaleDateString", "toLocaleTimeString"]]]) {
    for (const method of methods) {
      const original = proto[method];
      Object.defineProperty(proto, method, {configurable: true, writable: true, enumerable: false,
        value: {[method](...args) { return original.apply(this, named(args)); }}[method]});
    }
  }
  // The app hands the calendar navigator.language when it renders; on a tab's first page it may have rendered
  // for the last time before this script ran. Render it once more: its React component, known by its method
  // setAndSendTheme (nothing is sent to the server; without that component nothing is done).
  const root = document.getElementById("root");
  const container = root && Object.keys(root).find((k) => k.startsWith("__reactContainer$"));
  const fibers = container ? [root[container]] : [];
  while (fibers.length) {
    const fiber = fibers.pop();
    const app = fiber.stateNode;
    if (app && typeof app.setAndSendTheme === "function" && typeof app.forceUpdate === "function") {
      app.forceUpdate();
      break;
    }
    if (fiber.sibling) fibers.push(fiber.sibling);
    if (fiber.child) fibers.push(fiber.child);
  }
})();
</script>"""

# the script's own container takes no room on the page; the script runs once per browser tab (window.ucjBahasa)
_STYLE = "<style>.st-key-ucj_bahasa { display: none; }</style>"


def page_html() -> str:
    """What translate_streamlit puts on every page: the style hiding its container, the script making the
    browser's own number and date formatting id-ID (_LOCALE_SCRIPT), and the translating script. Plotly's modebar
    words are in it too, for a chart drawn without `plotly_config()`; its dates need that config."""
    words = {**PLOTLY_LOCALE["dictionary"], **WORDS}
    return _STYLE + _LOCALE_SCRIPT + _SCRIPT % {"words": json.dumps(words, ensure_ascii=False),
                               "patterns": json.dumps(PATTERNS, ensure_ascii=False)}


def translate_streamlit() -> None:
    """Put the translating script on the page; call once per run, before anything else is drawn."""
    with st.container(key="ucj_bahasa"):
        st.html(page_html(), unsafe_allow_javascript=True)
