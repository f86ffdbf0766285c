"""python -m ucj: build the demo warehouse, load and import, read a region's figures, manage accounts."""
import argparse
import datetime as dt
import getpass
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from ucj import accounts, demo, fmt, settings, warehouse
from ucj.access import OPERATOR
from ucj.demo import national
from ucj.errors import UserError
from ucj.ingest import extracts, nik, rosters
from ucj.ingest.checks import NOTES, REASONS
from ucj.ingest.columns import FIELDS
from ucj.paths import PROJECT_ROOT, private_umask, warehouse_path
from ucj.reports.summary import BENEFITS, summarize
from ucj.validate import check_region_code, parse_date, parse_month
from ucj.warehouse import empty, loading, write
from ucj.warehouse.reference import REFERENCE_VERSION

EXIT_USER_ERROR = 2


# argparse's own words (its messages and help headings go through gettext), in Indonesian: a user reads only
# Indonesian, and a mistake says what was wrong. Keys are argparse's message ids (Python 3.11 to 3.13).
_ARGPARSE_ID = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r tidak dikenal, pilih salah satu dari %(choices)s",
    "invalid choice: %(value)r, choose from %(choices)s": "%(value)r tidak dikenal, pilih salah satu dari %(choices)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "%(parser_name)r tidak dikenal, pilih salah satu dari %(choices)s",
    "invalid %(type)s value: %(value)r": "%(value)r bukan %(type)s",
    "expected one argument": "nilainya belum diberikan",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "nilainya belum diberikan",
    "expected %s argument": "perlu %s nilai",
    "expected %s arguments": "perlu %s nilai",
    "the following arguments are required: %s": "argumen wajib belum diberikan: %s",
    "one of the arguments %s is required": "salah satu dari %s wajib diberikan",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "ambiguous option: %(option)s could match %(matches)s": "opsi %(option)s tidak jelas, bisa %(matches)s",
    "unexpected option string: %s": "opsi %s tidak diharapkan",
    "not allowed with argument %s": "tidak boleh bersama %s",
    "ignored explicit argument %r": "nilai %r tidak dipakai",
    "can't open '%(filename)s': %(error)s": "berkas '%(filename)s' tidak dapat dibuka: %(error)s",
}


def _gettext(message: str) -> str:
    return _ARGPARSE_ID.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextmanager
def _argparse_in_indonesian():
    """argparse looks its words up through the module's gettext functions when it builds a parser, formats help
    and words a mistake: swapped for the command's run only, so nothing else in the process is changed."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _whole_number(text: str) -> int:
    return int(text)


_whole_number.__name__ = "bilangan bulat"  # argparse names the type by it in "'dua' bukan bilangan bulat"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str, prog: str | None = None) -> None:  # argparse's mistakes, in one sentence
        raise UserError(f"Perintah tidak dapat dibaca ({message}); lihat '{prog or self.prog} --help'.")

    def parse_args(self, args=None, namespace=None):
        # argparse reports words left over at the top, naming the top's help; the command's help is the one to read
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            command = [self.prog, getattr(parsed, "command", None), getattr(parsed, "action", None)]
            self.error(_gettext("unrecognized arguments: %s") % " ".join(extra), " ".join(filter(None, command)))
        return parsed


def build_parser() -> argparse.ArgumentParser:
    db_help = "berkas gudang data DuckDB (bawaan: variabel UCJ_DB, lalu data/ucj.duckdb)"
    parser = _Parser(prog="python -m ucj", description="Analitik Universal Coverage Jamsostek (UCJ).")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="PERINTAH")

    p = commands.add_parser("demo", help="membuat gudang data demo enam kabupaten/kota (deterministik)",
                            description="Membuat gudang data demo: 12.09, 12.10, 12.19, 12.22, 12.23, 12.74, "
                                        "tingkat desa, Januari 2022 sampai bulan penuh terakhir "
                                        "(paling lambat Desember 2029).")
    p.add_argument("--db", help=db_help)
    p.add_argument("--last-month", metavar="TTTT-BB",
                   help="bulan terakhir data (bawaan: bulan penuh terakhir); bulan sebelumnya tidak berubah")
    p.add_argument("--national", action="store_true",
                   help="demo nasional: seluruh 83.762 desa/kelurahan Indonesia, peserta dan klaim sintetis")
    p.add_argument("--participants", metavar="N", help="jumlah peserta demo nasional (bawaan: 40.000.000)")
    p.add_argument("--claims", metavar="M", help="jumlah klaim demo nasional (bawaan: 10.000.000)")

    p = commands.add_parser("init", help="membuat gudang data nyata yang kosong dengan referensi wilayah nasional",
                            description="Membuat gudang data nyata kosong: skema, referensi wilayah Kemendagri seluruh "
                                        "Indonesia (idn-area-data 4.0.1), tanpa data. Tidak pernah menimpa berkas yang "
                                        f"ada. Memerlukan {nik.KEY_ENV} (rahasia minimal 16 karakter).")
    p.add_argument("--db", help=db_help)

    p = commands.add_parser("load", help="memuat ekstrak (CSV, XLSX, Parquet): " + ", ".join(extracts.KINDS),
                            description="Memuat ekstrak kantor cabang atau kabupaten ke gudang data nyata: diperiksa "
                                        "per baris, dibandingkan dengan yang tersimpan, lalu disimpan dalam satu "
                                        "transaksi per berkas, berurutan. Memuat berkas yang sama dua kali tidak "
                                        "mengubah apa pun. Jenis: " + "; ".join(
                                            f"{k.name} ({k.label})" for k in extracts.KINDS.values()) + ".")
    p.add_argument("kind", metavar="JENIS", choices=tuple(extracts.KINDS), help=", ".join(extracts.KINDS))
    p.add_argument("files", metavar="BERKAS", nargs="+")
    p.add_argument("--dry-run", action="store_true",
                   help="uji coba: laporkan persis apa yang akan dimuat tanpa menyimpan apa pun (tiap berkas sendiri)")
    p.add_argument("--source", metavar="TEKS", help="asal data untuk rekap, misalnya 'BPJS Ketenagakerjaan Cabang "
                                                    "Purwokerto' (bawaan: nama berkas)")
    p.add_argument("--by", metavar="NAMA", help="petugas yang memuat (bawaan: pengguna sistem)")
    p.add_argument("--json", action="store_true", help="keluaran JSON")
    p.add_argument("--db", help=db_help)

    p = commands.add_parser("template", help="templat XLSX satu jenis ekstrak: judul kolom dan satu baris contoh",
                            description="Menulis templat XLSX untuk satu jenis ekstrak: judul kolom, satu baris contoh "
                                        "dan lembar keterangan tiap kolom.")
    p.add_argument("kind", metavar="JENIS", choices=tuple(extracts.KINDS), help=", ".join(extracts.KINDS))
    p.add_argument("-o", "--output", metavar="BERKAS.xlsx", help="berkas yang ditulis (bawaan: templat_JENIS.xlsx)")

    p = commands.add_parser("boundaries", help="batas wilayah untuk peta: muat berkas atau unduh dari sumbernya",
                            description="Batas wilayah desa/kelurahan untuk peta.")
    actions = p.add_subparsers(dest="action", required=True, parser_class=_Parser, metavar="TINDAKAN")
    q = actions.add_parser("load", help="muat GeoJSON, GeoPackage, Shapefile (.zip) atau SQL wilayah_boundaries",
                           description="Membaca batas wilayah, memperbaiki poligon tidak valid, menyederhanakan "
                                       "tanpa merusak batas bersama, lalu menyimpannya di gudang data.")
    q.add_argument("file", metavar="BERKAS")
    q.add_argument("--code-column", metavar="NAMA", help="kolom berisi kode Kemendagri (bawaan: dikenali sendiri)")
    q.add_argument("--db", help=db_help)
    q = actions.add_parser("download", help="unduh batas desa/kelurahan per kabupaten/kota dari "
                                            "cahyadsn/wilayah_boundaries lalu muat",
                           description="Mengunduh berkas SQL batas desa/kelurahan kabupaten/kota yang diminta "
                                       "dari repositori publik cahyadsn/wilayah_boundaries (MIT), lalu memuatnya.")
    q.add_argument("--region", required=True, nargs="+", metavar="KODE", help="kode kabupaten/kota, misalnya 12.10")
    q.add_argument("--folder", default=str(PROJECT_ROOT / "data" / "boundaries"), metavar="FOLDER",
                   help="tempat menyimpan berkas unduhan (bawaan: data/boundaries)")
    q.add_argument("--no-load", action="store_true", help="hanya unduh, jangan muat")
    q.add_argument("--db", help=db_help)

    p = commands.add_parser("import", help="impor daftar desa atau daftar kelompok pekerja (.xlsx/.csv): periksa, "
                                           "cocokkan, simpan",
                            description="Membaca daftar pekerja rentan atau daftar kelompok (guru, kader, kepala "
                                        "lingkungan, ...), memeriksa NIK dan desa tiap baris, mencocokkan dengan "
                                        "peserta dan impor sebelumnya, lalu menyimpan dalam satu transaksi. Kode "
                                        "keluar 0 bila laporan dibuat, 2 bila berkas tidak dapat dibaca.")
    p.add_argument("file", metavar="BERKAS")
    p.add_argument("--kind", required=True, metavar="JENIS",
                   help="jenis daftar: " + ", ".join(sorted(set(rosters.GROUPS) | set(rosters.GROUP_ALIASES))))
    p.add_argument("--sheet", metavar="NAMA", help="nama lembar (bawaan: lembar yang berisi daftar)")
    p.add_argument("--region", default="", metavar="KODE",
                   help="kode kabupaten/kota asal daftar, untuk mencocokkan nama desa (bawaan: semua wilayah gudang)")
    p.add_argument("--date", metavar="TTTT-BB-HH",
                   help="tanggal data daftar (bawaan: hari ini, atau hari terakhir data gudang bila lebih awal)")
    p.add_argument("--column", action="append", default=[], metavar="KOLOM=JUDUL",
                   help="tunjuk kolom sendiri, misalnya nik=\"No. KTP\" atau desa= untuk mengabaikan; kolom: "
                        + ", ".join(FIELDS))
    p.add_argument("--source", metavar="TEKS", help="asal daftar, misalnya 'Dinas Pendidikan' (bawaan: nama berkas)")
    p.add_argument("--by", metavar="NAMA", help="petugas yang mengimpor (bawaan: pengguna sistem)")
    p.add_argument("--dry-run", action="store_true", help="uji coba: laporkan tanpa menyimpan apa pun")
    p.add_argument("--report", metavar="BERKAS.xlsx", help="tulis laporan setiap baris ke berkas .xlsx ini")
    p.add_argument("--json", action="store_true", help="keluaran JSON")
    p.add_argument("--db", help=db_help)

    p = commands.add_parser("briefing", help="bahan Musrenbang satu wilayah: PDF satu halaman atau PowerPoint",
                            description="Membuat bahan paparan untuk satu wilayah dan tanggal: PDF A4 mendatar atau "
                                        "PowerPoint 5 slide (6 bila sumbernya panjang), tanpa internet dan tanpa peramban.")
    _region_and_dates(p)
    p.add_argument("--fund", action="append", default=[], metavar="SUMBER=PEKERJA",
                   help="skenario pendanaan: pekerja yang didanai per sumber (APBD, APBDes, DBH Sawit, CSR), boleh "
                        "diulang; bawaan: rencana yang tercatat")
    p.add_argument("--asn", type=_whole_number, default=0, metavar="N", help="SERTAKAN: jumlah ASN, masing-masing 5 pekerja")
    p.add_argument("--format", required=True, choices=("pdf", "pptx"), help="pdf atau pptx")
    p.add_argument("-o", "--output", required=True, metavar="BERKAS", help="berkas yang ditulis")
    p.add_argument("--db", help=db_help)

    p = commands.add_parser("summary", help="angka satu wilayah per tanggal: peserta, pekerja wajib, UCJ %%, klaim",
                            description="Peserta aktif, pekerja yang seharusnya terlindungi, cakupan UCJ dan "
                                        "klaim per manfaat untuk satu wilayah di tingkat mana pun.")
    _region_and_dates(p)
    p.add_argument("--db", help=db_help)
    p.add_argument("--json", action="store_true", help="keluaran JSON")

    accounts_file = "berkas akun ucj-akun.sqlite di folder gudang data (atau variabel UCJ_ACCOUNTS)"
    p = commands.add_parser("users", help="akun dasbor: tambah, daftar, nonaktifkan, ganti kata sandi, log audit",
                            description="Akun untuk masuk ke dasbor, disimpan di " + accounts_file + ". Kata sandi "
                                        "dibaca dari masukan standar (satu baris), atau ditanyakan dua kali bila "
                                        "dijalankan di terminal; tidak pernah ditampilkan atau dicatat.")
    actions = p.add_subparsers(dest="action", required=True, parser_class=_Parser, metavar="TINDAKAN")
    q = actions.add_parser("add", help="tambah akun; kata sandi dari masukan standar",
                           description="Menambah akun dengan peran dan wilayahnya. Tanpa --wilayah: seluruh Indonesia.")
    q.add_argument("name", metavar="NAMA")
    q.add_argument("--role", required=True, metavar="{" + ",".join(accounts.ROLES) + "}",
                   help="viewer: angka agregat dan bahan paparan; analyst: juga rincian desa, unduhan, target; "
                        "admin: juga Sinkronisasi, pemuatan dan akun")
    q.add_argument("--wilayah", nargs="+", action="extend", default=[], metavar="KODE",
                   help="kode wilayah Kemendagri di tingkat mana pun, boleh lebih dari satu (bawaan: seluruh Indonesia)")
    q.add_argument("--email", metavar="ALAMAT",
                   help="tautkan ke akun organisasi (masuk lewat OpenID Connect); dengan --email kata sandi boleh "
                        "dikosongkan: akun itu hanya masuk lewat penyedia organisasi")
    q.add_argument("--db", help=db_help)
    q = actions.add_parser("list", help="daftar akun: nama, peran, aktif, wilayah, email akun organisasi")
    q.add_argument("--json", action="store_true", help="keluaran JSON")
    q.add_argument("--db", help=db_help)
    q = actions.add_parser("disable", help="nonaktifkan akun dan akhiri sesinya yang terbuka")
    q.add_argument("name", metavar="NAMA")
    q.add_argument("--db", help=db_help)
    q = actions.add_parser("passwd", help="ganti kata sandi akun (dari masukan standar); sesinya yang terbuka berakhir")
    q.add_argument("name", metavar="NAMA")
    q.add_argument("--db", help=db_help)
    q = actions.add_parser("log", help="log audit: masuk, gagal masuk, keluar, unduhan, impor, pemuatan, akun")
    q.add_argument("--limit", type=_whole_number, default=100, metavar="N", help="jumlah catatan terbaru (bawaan: 100)")
    q.add_argument("--json", action="store_true", help="keluaran JSON")
    q.add_argument("--db", help=db_help)
    p = commands.add_parser("serve", help="menjalankan dasbor dengan beberapa proses di belakang nginx",
                            description="Menjalankan N proses dasbor (streamlit) di port loopback dan nginx di depannya "
                                        "(sesi tetap pada prosesnya lewat cookie ucj_rute). Proses yang berhenti "
                                        "dijalankan lagi; Ctrl-C atau SIGTERM menghentikan semuanya. HTTPS tetap lewat "
                                        "situs nginx di docs/deploy.md.")
    p.add_argument("--workers", type=_whole_number, default=2, metavar="N", help="jumlah proses dasbor (bawaan: 2)")
    p.add_argument("--host", default="127.0.0.1", help="alamat yang didengar nginx (bawaan: 127.0.0.1)")
    p.add_argument("--port", type=_whole_number, default=8501, help="port yang didengar nginx (bawaan: 8501)")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAMA",
                   help="nama situs yang diketik orang (server.allowedHosts streamlit), misalnya ucj.kantor.example")
    p.add_argument("--trusted-proxy", action="append", default=[], metavar="ALAMAT",
                   help="proksi TLS di depan yang X-Forwarded-For-nya dipercaya (bawaan: 127.0.0.1 dan ::1), misalnya "
                        "jaringan kontainer 10.88.0.0/16")
    p.add_argument("--db", help=db_help)

    p = commands.add_parser("marts", help="membangun ulang mart dari tabel mentah (sekali, sesudah memperbarui aplikasi)",
                            description="Membangun ulang semua mart gudang data dari tabel mentahnya, sebagai versi "
                                        "baru: gudang yang dibuat versi aplikasi sebelumnya mendapat mart barunya.")
    p.add_argument("--db", help=db_help)

    p = commands.add_parser("backup", help="cadangan gudang data dan berkas akun ke satu folder, saat dasbor berjalan",
                            description="Menyalin versi gudang data yang sedang terbit dan berkas akun (API backup "
                                        "SQLite) ke FOLDER, dengan cap waktu, 0600, tanpa menimpa berkas.")
    p.add_argument("folder", metavar="FOLDER")
    p.add_argument("--db", help=db_help)
    return parser


def _region_and_dates(p: argparse.ArgumentParser) -> None:
    """The region, the day of the figures and the claim range, as summary and briefing both take them."""
    p.add_argument("--region", required=True, metavar="KODE", help="kode wilayah Kemendagri, misalnya 12.10")
    p.add_argument("--as-of", required=True, metavar="TTTT-BB-HH", help="tanggal posisi peserta dan pekerja wajib")
    p.add_argument("--claims-from", metavar="TTTT-BB-HH", help="awal rentang klaim dibayar (bawaan: 1 Januari)")
    p.add_argument("--claims-to", metavar="TTTT-BB-HH", help="akhir rentang klaim, termasuk (bawaan: --as-of)")


def main(argv: list[str] | None = None) -> int:
    # before anything is created: the warehouse, its WAL, DuckDB's spills, reports and the accounts file are
    # the owner's only, whatever the shell's umask
    private_umask()
    try:
        with _argparse_in_indonesian():
            args = build_parser().parse_args(argv)
        if args.command == "demo":
            return _demo(args)
        if args.command == "init":
            return _init(args)
        if args.command == "load":
            return _load(args)
        if args.command == "template":
            return _template(args)
        if args.command == "boundaries":
            return _boundaries(args)
        if args.command == "import":
            return _import(args)
        if args.command == "briefing":
            return _briefing(args)
        if args.command == "users":
            return _users(args)
        if args.command == "serve":
            from ucj import serve  # the supervisor loads only when serving

            return serve.serve(warehouse_path(args.db), args.workers, args.host, args.port, args.allowed_host,
                               args.trusted_proxy)
        if args.command == "backup":
            return _backup(args)
        if args.command == "marts":
            return _rebuild_marts(args)
        return _summary(args)
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR


def _rebuild_marts(args) -> int:
    target = warehouse_path(args.db)
    warehouse.require_warehouse(target)
    with write.session(target) as con, write.transaction(con) as writer:
        writer.refresh_marts()
    print(f"Mart gudang data {target} dibangun ulang.")
    return 0


def _backup(args) -> int:
    from ucj.backup import backup

    for written in backup(warehouse_path(args.db), Path(args.folder)):
        print(f"Cadangan ditulis: {written}")
    return 0


def _demo(args) -> int:
    last_month = parse_month(args.last_month, "--last-month") if args.last_month else None
    path = warehouse_path(args.db)

    def progress(fraction: float, text: str) -> None:
        print(f"[{fraction:4.0%}] {text}", file=sys.stderr, flush=True)

    if args.national:
        return _national_demo(args, path, last_month, progress)
    if args.participants is not None or args.claims is not None:
        raise UserError("--participants dan --claims hanya berlaku untuk demo nasional; tambahkan --national.")
    demo.build(path, last_month=last_month, progress=progress)
    print(f"Gudang data demo dibuat di {path}.")
    return 0


def _national_demo(args, path: Path, last_month: dt.date | None, progress) -> int:
    participants = _count(args.participants, "--participants", national.PARTICIPANTS)
    claims = _count(args.claims, "--claims", national.CLAIMS)
    started = dt.datetime.now()

    def timed(fraction: float, text: str) -> None:
        progress(fraction, f"{text} ({(dt.datetime.now() - started).total_seconds():.0f} dtk)")

    timings = national.build(path, participants=participants, claims=claims, last_month=last_month, progress=timed)
    print(f"Gudang data demo nasional dibuat di {path}: {fmt.number(participants)} peserta, {fmt.number(claims)} klaim, "
          "seluruh desa/kelurahan Indonesia (" + ", ".join(f"{k} {v:.0f} dtk" for k, v in timings.items()) + ").")
    return 0


def _count(value: str | None, option: str, default: int) -> int:
    """A whole number as typed: digits, optionally grouped with dots or underscores (40.000.000)."""
    if value is None:
        return default
    digits = value.strip().replace(".", "").replace("_", "")
    if not digits.isdigit():
        raise UserError(f"{option} harus bilangan bulat seperti 40000000 atau 40.000.000, bukan '{value}'.")
    return int(digits)


def _init(args) -> int:
    path = warehouse_path(args.db)
    levels = empty.init(path, nik.configured_key())
    print(f"Gudang data nyata dibuat di {path}: {fmt.number(levels['provinsi'])} provinsi, "
          f"{fmt.number(levels['kabupaten_kota'])} kabupaten/kota, {fmt.number(levels['kecamatan'])} kecamatan, "
          f"{fmt.number(levels['desa_kelurahan'])} desa/kelurahan ({REFERENCE_VERSION}); belum ada data. "
          f"Muat ekstrak dengan 'python -m ucj load JENIS BERKAS --db {path}'.")
    return 0


def _load(args) -> int:
    kind = extracts.KINDS[args.kind]
    target = warehouse_path(args.db)
    warehouse.require_warehouse(target)
    key = nik.configured_key() if kind.needs_nik_key else None
    say = (lambda text: print(text, file=sys.stderr, flush=True))
    with _opened(target, args.dry_run, lambda: say("Menunggu penulisan lain selesai…")) as con:
        opened = []
        try:
            # every file is checked to be such an extract before any is loaded
            for name in args.files:
                opened.append(extracts.open_file(con, Path(name), kind))
            reports = []
            for extract in opened:
                try:
                    if args.dry_run:
                        plan = loading.dry_run(con, extract.source, kind, extract.mapping, extract.headers, key=key)
                    else:
                        plan = loading.load(con, extract.source, kind, extract.mapping, extract.headers, key=key,
                                            file_sha256=extract.sha256, by=args.by or getpass.getuser(),
                                            label=args.source or extract.source.name)
                except UserError as exc:
                    saved = [r["file"] for r in reports if r["committed"]]
                    if saved:  # with --json nothing was printed yet: say what the command did save
                        raise UserError(f"{str(exc).rstrip('.')}; berkas sebelumnya sudah tersimpan: "
                                        f"{', '.join(saved)}.") from exc
                    raise
                report = plan.report()
                report["file"] = extract.source.name
                reports.append(report)
                _audit(target, "periksa" if args.dry_run else "muat", extract.sha256, kind.name, report["rows_read"])
                if not args.json:
                    print(render_load(report))
        finally:
            for extract in opened:
                extract.close()
    if args.json:
        print(json.dumps(reports[0] if len(reports) == 1 else reports, ensure_ascii=False, indent=2, default=str))
    return 0


def _template(args) -> int:
    output = Path(args.output or f"templat_{args.kind}.xlsx")
    if output.suffix.lower() != ".xlsx":
        raise UserError(f"Berkas templat {output} harus berakhiran .xlsx; misalnya -o templat_{args.kind}.xlsx.")
    if not output.parent.resolve().is_dir():
        raise UserError(f"Folder untuk {output} tidak ada; buat foldernya dulu atau tunjuk folder lain.")
    if output.exists():
        raise UserError(f"Berkas {output} sudah ada; pilih nama lain dengan -o agar tidak tertimpa.")
    output.write_bytes(extracts.template_xlsx(extracts.KINDS[args.kind]))
    print(f"Templat ekstrak {args.kind} ditulis ke {output}.")
    return 0


def render_load(r: dict) -> str:
    lines = [f"{r['file']}: ekstrak {r['kind']}",
             f"  Baris dibaca        {fmt.number(r['rows_read']):>10}",
             f"  Baru                {fmt.number(r['loaded']):>10}",
             f"  Diperbarui          {fmt.number(r['updated']):>10}",
             f"  Tidak berubah       {fmt.number(r['unchanged']):>10}",
             f"  Ganda identik       {fmt.number(r['duplicates']):>10}  (dihitung sekali)",
             f"  Ditolak             {fmt.number(r['rejected']):>10}"]
    if r["reasons"]:
        lines.append("Alasan ditolak (baris):")
        lines += [f"  {fmt.number(n):>8}  {extracts.REASONS.get(code, code)}" for code, n in r["reasons"].items()]
        shown = ", ".join(str(row["baris"]) for row in r["rejected_rows"][:10])
        lines.append(f"  Baris ditolak pertama: {shown}")
    if r["dry_run"]:
        lines.append(f"Uji coba: tidak ada yang disimpan; {fmt.number(r['loaded'])} baris akan ditambah dan "
                     f"{fmt.number(r['updated'])} diperbarui.")
    elif r["committed"]:
        lines.append(f"Disimpan sebagai impor #{r['impor_id']}.")
    elif r["rows_read"] == 0:
        lines.append("Tidak ada yang diubah: berkas ini tidak berisi baris data di bawah judul kolom.")
    elif r["unchanged"] == 0:
        lines.append("Tidak ada yang diubah: tidak ada baris yang sah; perbaiki baris yang ditolak lalu muat ulang.")
    else:
        lines.append("Tidak ada yang diubah: semua baris yang sah sudah tersimpan persis sama.")
    return "\n".join(lines)


def _boundaries(args) -> int:
    from ucj.ingest import boundaries  # geopandas loads only when needed

    if args.action == "download":
        def progress(code: str, done: int, total: int | None) -> None:
            share = f" ({done / total:4.0%})" if total else ""
            print(f"\r{code}: {done / 1e6:6.2f} MB{share}", end="", file=sys.stderr, flush=True)

        files = boundaries.download(args.region, Path(args.folder),
                                    base_url=os.environ.get("UCJ_BOUNDARIES_URL") or boundaries.UPSTREAM_URL,
                                    progress=progress)
        print(file=sys.stderr)
        for path in files:
            print(f"Diunduh: {path}")
        if args.no_load:
            return 0
    else:
        files = [Path(args.file)]
    target = warehouse_path(args.db)
    warehouse.require_warehouse(target)
    with write.session(target, on_wait=lambda: print("Menunggu penulisan lain selesai…", file=sys.stderr, flush=True)
                       ) as con:
        for path in files:
            report = boundaries.load(con, path, getattr(args, "code_column", None))
            print("\n".join(report.lines()))
    return 0


def _import(args) -> int:
    group = rosters.resolve_group(args.kind)
    region = check_region_code(args.region) if args.region else ""
    mapping = _column_mapping(args.column)
    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"Berkas {path} tidak ditemukan; periksa nama dan foldernya.")
    target = warehouse_path(args.db)
    report_path = _report_path(args.report, target, path) if args.report else None
    warehouse.require_warehouse(target)
    data_date = parse_date(args.date, "--date") if args.date else None
    if data_date and data_date > dt.date.today():
        raise UserError(f"--date {args.date} jatuh di masa depan; tulis tanggal daftar itu berlaku, paling lambat hari ini.")
    data = path.read_bytes()
    table = rosters.read_list(data, path.name, args.sheet, mapping)
    say = (lambda text: print(text, file=sys.stderr, flush=True))
    with _opened(target, args.dry_run, lambda: say("Menunggu impor lain selesai…")) as con:
        data_date = data_date or rosters.default_data_date(con)
        options = dict(file_name=path.name, file_sha256=rosters.file_digest(data), group=group,
                       region=region, data_date=data_date, source=args.source or path.name,
                       key=rosters.nik_key(con), viewer=OPERATOR)
        if args.dry_run:
            plan = rosters.make_plan(con, table, **options)
        else:
            plan = rosters.commit(con, table, **options, by=args.by or getpass.getuser(),
                                  on_stage=lambda stage: stage == "menulis" and say("Menyimpan ke gudang data…"))
    _audit(target, "periksa" if args.dry_run else "impor", options["file_sha256"], group, len(plan.rows))
    if report_path:
        try:
            _write_whole(report_path, rosters.report_xlsx(plan))
        except OSError as exc:  # checked before the import, so only a full disk or a folder changed meanwhile
            what = "Laporan" if args.dry_run else "Impor sudah tersimpan, tetapi laporan"
            raise UserError(f"{what} --report {report_path} tidak dapat ditulis ({exc.strerror}); ulangi dengan "
                            "--dry-run dan --report ke folder lain untuk mendapat laporannya.") from exc
    report = plan.report()
    report["dry_run"] = bool(args.dry_run)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render_import(report))
    return 0


@contextmanager
def _opened(target: Path, dry_run: bool, on_wait):
    """A dry run reads the published version (read-only, beside a running dashboard); a write works on the next
    version and publishes it when done (ucj.warehouse.write.session)."""
    if dry_run:
        con = warehouse.open_warehouse(target, read_only=True)
        try:
            yield con
        finally:
            con.close()
    else:
        with write.session(target, on_wait=on_wait) as con:
            yield con


def _audit(target: Path, action: str, file_sha256: str, kind: str, rows: int) -> None:
    """The operator's checks, imports and loads go into the same audit log as the app's (who: 'operator:' and the
    system user; the file's hash, kind and rows, never its name). The operator has no hourly limit."""
    from ucj.accounts import Store, accounts_path

    Store(accounts_path(target)).record(f"operator:{getpass.getuser()}", action, f"{file_sha256} {kind} {rows} baris",
                                        rows=rows)


def _report_path(text: str, warehouse: Path, source: Path) -> Path:
    """Checked before anything is read or written: a report must never overwrite the warehouse or the list."""
    path = Path(text)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"--report {text} harus berakhiran .xlsx; misalnya --report laporan_impor.xlsx.")
    if not path.parent.resolve().is_dir():
        raise UserError(f"Folder untuk --report {text} tidak ada; buat foldernya dulu atau tunjuk folder lain.")
    if path.resolve() in (warehouse.resolve(), source.resolve()):
        raise UserError(f"--report {text} akan menimpa gudang data atau berkas daftarnya; pilih nama berkas lain.")
    _check_writable(path, "--report")
    return path


def _check_writable(path: Path, option: str) -> None:
    """Before anything is read or written: a folder of that name, or a folder this process cannot write,
    used to surface only after the import had been committed, as a traceback."""
    if path.is_dir():
        raise UserError(f"{option} {path} adalah folder; tulis nama berkas di dalamnya, misalnya "
                        f"{option} {path / ('laporan' + path.suffix)}.")
    if os.path.lexists(path) and not path.is_file():
        raise UserError(f"{option} {path} bukan berkas biasa; pilih nama berkas lain.")
    partial = _partial(path)
    try:  # a real try rather than os.access, which answers yes to root whatever the file system says
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT, 0o600))
        os.unlink(partial)
    except OSError as exc:
        raise UserError(f"{option} {path} tidak dapat ditulis ({exc.strerror}); pilih folder yang dapat ditulis "
                        "atau nama berkas lain.") from exc


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def _write_whole(path: Path, content: bytes) -> None:
    """Written beside and moved into place, so a reader never sees half a file."""
    partial = _partial(path)
    try:
        partial.write_bytes(content)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _column_mapping(pairs: list[str]) -> dict[str, str | None]:
    mapping = {}
    for pair in pairs:
        name, sep, label = pair.partition("=")
        if not sep or name.strip() not in FIELDS:
            raise UserError(f"--column '{pair}' tidak dapat dibaca; tulis KOLOM=JUDUL dengan KOLOM salah satu dari "
                            f"{', '.join(FIELDS)}, misalnya nik=\"No. KTP\".")
        mapping[name.strip()] = label.strip() or None
    return mapping


def render_import(r: dict) -> str:
    lines = ["Data demo"] if r["is_demo"] else []
    lines += [f"{r['file']}, lembar '{r['sheet']}', judul kolom di baris {r['header_row']}; jenis {r['kind']}, "
              f"tanggal data {fmt.date(dt.date.fromisoformat(r['data_date']))}",
              "  Kolom: " + ", ".join(f"{FIELDS[k]} = '{v}'" for k, v in r["columns"].items()),
              f"  Baris dibaca                  {fmt.number(r['rows_read']):>8}",
              f"  Tidak valid                   {fmt.number(r['invalid']):>8}",
              f"  Ganda di berkas               {fmt.number(r['duplicate_in_file']):>8}",
              f"  Sudah ada di daftar kelompok  {fmt.number(r['already_imported']):>8}",
              f"  Sudah peserta aktif           {fmt.number(r['already_participant']):>8}",
              f"  Baru (belum peserta)          {fmt.number(r['new']):>8}"]
    if r["reasons"]:
        lines.append("Alasan tidak valid (baris):")
        lines += [f"  {fmt.number(n):>6}  {REASONS[code]}" for code, n in r["reasons"].items()]
    if r["notes"]:
        lines.append("Catatan (baris, tetap dimuat):")
        lines += [f"  {fmt.number(n):>6}  {NOTES.get(code, code)}" for code, n in r["notes"].items()]
    if r["dry_run"]:
        lines.append(f"Uji coba: tidak ada yang disimpan; {fmt.number(r['to_load'])} baris akan dimuat.")
    elif r["committed"]:
        lines.append(f"Disimpan sebagai impor #{r['impor_id']}: {fmt.number(r['to_load'])} baris dimuat.")
    else:
        p = r["previous_import"]
        lines.append(f"Tidak ada yang diubah: berkas ini sudah diimpor sebagai impor #{p['impor_id']} "
                     f"({p['diimpor_at']}) dan tidak menambah siapa pun.")
    return "\n".join(lines)


def _briefing(args) -> int:
    from ucj.reports import briefing, documents  # matplotlib and the document libraries load only when needed

    as_of, claims_from, claims_to = _dates(args)
    output = Path(args.output)
    if output.suffix.lower() != "." + args.format:
        raise UserError(f"Berkas keluaran {output} harus berakhiran .{args.format} untuk --format {args.format}.")
    if not output.parent.resolve().is_dir():
        raise UserError(f"Folder untuk {output} tidak ada; buat foldernya dulu atau tunjuk folder lain.")
    _check_writable(output, "-o")
    con = warehouse.open_warehouse(warehouse_path(args.db), read_only=True)
    try:
        gathered = briefing.gather(con, args.region, as_of, claims_from, claims_to,
                                   funding=_funding(args.fund), asn_for_sertakan=max(0, args.asn), viewer=OPERATOR)
    finally:
        con.close()
    content = documents.pdf(gathered) if args.format == "pdf" else documents.pptx(gathered)
    _write_whole(output, content)
    print(f"Bahan Musrenbang {gathered.summary['region_name']} per {fmt.date(as_of)} ditulis ke {output}.")
    return 0


def _funding(pairs: list[str]) -> dict[str, int]:
    sources = settings.WORKER_FUNDING_SOURCES
    funding = {}
    for pair in pairs:
        source, sep, count = pair.rpartition("=")
        if not sep or source.strip() not in sources or not count.strip().isdigit():
            raise UserError(f"--fund '{pair}' tidak dapat dibaca; tulis SUMBER=PEKERJA dengan SUMBER salah satu dari "
                            f"{', '.join(sources)}, misalnya --fund APBD=10000.")
        funding[source.strip()] = funding.get(source.strip(), 0) + int(count)
    return funding


def _dates(args) -> tuple[dt.date, dt.date | None, dt.date | None]:
    as_of = parse_date(args.as_of, "--as-of")
    claims_from = parse_date(args.claims_from, "--claims-from") if args.claims_from else None
    claims_to = parse_date(args.claims_to, "--claims-to") if args.claims_to else None
    return as_of, claims_from, claims_to


def _summary(args) -> int:
    as_of, claims_from, claims_to = _dates(args)
    con = warehouse.open_warehouse(warehouse_path(args.db), read_only=True)
    try:
        result = summarize(con, args.region, as_of, claims_from, claims_to, viewer=OPERATOR)
    finally:
        con.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render_text(result))
    return 0


def render_text(s: dict) -> str:
    day = lambda text: fmt.date(dt.date.fromisoformat(text))  # noqa: E731
    lines = ["Data demo"] if s["is_demo"] else []
    if not s["has_data"]:
        return "\n".join(lines + [
            f"{s['region_name']} ({s['region_code']}): belum ada data yang dimuat untuk wilayah ini, jadi cakupannya "
            "belum diketahui (bukan 0%). Muat ekstrak dengan 'python -m ucj load JENIS BERKAS'."])
    lines += [f"{s['region_name']} ({s['region_code']}), per {day(s['as_of'])}",
             f"  Peserta aktif   {fmt.number(s['active_participants']):>12}",
             f"  Pekerja wajib   {fmt.number(s['eligible_workers']):>12}",
             f"  Cakupan UCJ     {fmt.pct(s['coverage_pct']):>12}",
             f"  Sumber pekerja wajib: {s['eligible_source'] or '–'}"
             + (f" ({day(s['eligible_source_date'])})" if s["eligible_source_date"] else "")]
    if s["active_from_counts"]:
        lines.append(f"  Dari rekap jumlah (bukan data per orang): {fmt.number(s['active_from_counts'])} peserta aktif")
    if s["kabupaten_without_data"]:
        lines.append(f"  Perhatian: {fmt.number(s['kabupaten_without_data'])} kabupaten/kota di provinsi ini belum punya "
                     "data; angka provinsi hanya mencakup yang sudah ada.")
    if s["desa_without_eligible"] and s["coverage_pct"] is None:
        lines.append(f"  Cakupan UCJ tidak dihitung: {fmt.number(s['desa_without_eligible'])} desa belum punya angka "
                     "pekerja wajib.")
    elif s["desa_without_eligible"]:
        lines.append(f"  Perhatian: {fmt.number(s['desa_without_eligible'])} desa belum punya angka pekerja wajib; "
                     "cakupan UCJ terlalu tinggi sampai angka itu dimuat.")
    lines += ["", f"Klaim dibayar {day(s['claims_from'])} sampai {day(s['claims_to'])}"]
    if not s["claims_loaded"]:
        lines.append("  Belum ada data klaim yang dimuat untuk wilayah ini.")
        return "\n".join(lines)
    for benefit in BENEFITS + ("total",):
        c = s["claims_total"] if benefit == "total" else s["claims"][benefit]
        label = "Total" if benefit == "total" else benefit
        lines.append(f"  {label:<9}{fmt.number(c['count']):>8} klaim  {fmt.rupiah(c['amount_idr'])}")
    return "\n".join(lines)


def _users(args) -> int:
    """The accounts file beside the warehouse; the warehouse itself need not exist yet (accounts are made
    before the first load). Each refusal happens before anything is written."""
    path = accounts.accounts_path(warehouse_path(args.db))
    # only a successful 'add' creates the file: a listing, or any refusal, leaves nothing behind
    store = accounts.Store(path) if path.exists() else None
    if args.action in ("passwd", "disable") and not (store and store.get(args.name)):
        raise UserError(f"Akun '{args.name}' tidak ada; lihat daftarnya dengan 'python -m ucj users list'.")
    if args.action == "add":
        accounts.check_name(args.name)
        role = accounts.check_role(args.role)
        regions = _account_regions(args.wilayah)
        email = accounts.check_email(args.email) if args.email is not None else None
        if store and store.get(args.name):  # refused before the password is asked for
            raise UserError(f"Akun '{args.name}' sudah ada; pilih nama lain, atau ganti kata sandinya dengan "
                            "'python -m ucj users passwd'.")
        if store and email:
            store.require_free_email(email)
        password = _read_password(optional=email is not None)
        account = (store or accounts.Store(path)).add(args.name, role, tuple(regions), password, email)
        named = ", ".join(f"{code} {name}" for code, name in regions.items()) or "seluruh Indonesia"
        how = ""
        if email:
            how = (f"; masuk lewat akun organisasi {email}" +
                   (" atau kata sandi" if password is not None else " saja (tanpa kata sandi)"))
        print(f"Akun {account.name} dibuat: peran {account.role}, wilayah {named}{how}; disimpan di {path}.")
    elif args.action == "passwd":
        store.set_password(args.name, _read_password())
        print(f"Kata sandi akun {args.name} diganti; sesinya yang terbuka berakhir.")
    elif args.action == "disable":
        store.disable(args.name)
        print(f"Akun {args.name} dinonaktifkan; sesinya yang terbuka berakhir.")
    elif args.action == "list":
        rows = store.accounts() if store else []
        if args.json:
            print(json.dumps([{"name": a.name, "role": a.role, "regions": list(a.regions), "active": a.active,
                               "email": a.email} for a in rows], ensure_ascii=False, indent=2))
        elif not rows:
            print(f"Belum ada akun di {path}; buat dengan 'python -m ucj users add NAMA --role admin'.")
        else:
            print("\n".join(f"{a.name:<20} {a.role:<8} {'aktif' if a.active else 'nonaktif':<9} {a.regions_text}"
                            + (f"  email {a.email}" if a.email else "") for a in rows))
    else:
        if args.limit < 1:
            raise UserError(f"--limit {args.limit} harus bilangan bulat positif, misalnya --limit 100.")
        entries = store.log(limit=args.limit) if store else []
        if args.json:
            print(json.dumps([vars(e) for e in entries], ensure_ascii=False, indent=2))
        elif not entries:
            print("Log audit masih kosong.")
        else:
            print("\n".join(f"{e.at}  {e.name:<20} {e.action:<12} {fmt.number(e.rows):>8}  {e.detail}"
                            for e in entries))
    return 0


def _account_regions(codes: list[str]) -> dict[str, str]:
    """The codes given with --wilayah, in their order, each checked against the national reference; none
    means all Indonesia. Returns code -> name."""
    from ucj.warehouse.reference import read_national_csv

    checked = list(dict.fromkeys(check_region_code(code) for code in codes))
    if not checked:
        return {}
    names = dict(read_national_csv().select("kode", "nama").iter_rows())
    for code in checked:
        if code not in names:
            raise UserError(f"Kode wilayah {code} tidak ada di referensi wilayah Kemendagri ({REFERENCE_VERSION}); "
                            "periksa kodenya, misalnya 12.10 untuk Kabupaten Labuhanbatu.")
    return {code: names[code] for code in checked}


def _read_password(optional: bool = False) -> str | None:
    """One line of standard input, or typed twice at a terminal without being shown. Never printed or logged.
    `optional` (an account linked to an organisation identity): nothing given means no password, None."""
    if sys.stdin is not None and sys.stdin.isatty():
        hint = " (kosongkan bila hanya masuk lewat akun organisasi)" if optional else ""
        first = getpass.getpass(f"Kata sandi{hint}: ")
        if optional and not first:
            return None
        if getpass.getpass("Ulangi kata sandi: ") != first:
            raise UserError("Kedua kata sandi tidak sama; jalankan perintahnya lagi dan ketik kata sandi yang sama "
                            "dua kali.")
        password = first
    else:
        line = sys.stdin.readline() if sys.stdin is not None else ""
        password = line.removesuffix("\n").removesuffix("\r")  # \r: a file saved on Windows
    if not password and optional:
        return None
    if not password:
        raise UserError("Kata sandi belum diberikan; kirim satu baris lewat masukan standar, misalnya "
                        "'python -m ucj users add NAMA --role viewer < berkas_sandi', atau jalankan di terminal.")
    return accounts.check_password(password)
