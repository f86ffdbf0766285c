-- The warehouse's raw layer. Marts (ucj/sql/marts/) are rebuilt from these tables.
-- Dates are calendar dates in WIB; amounts are whole rupiah (`_idr`); `bulan` is the first day of a month.

-- One row per fact about the warehouse itself (is_demo, data range, reference version, NIK key id).
create table if not exists meta (
    key varchar primary key,
    value varchar not null
);

-- One row per version of the wilayah reference that was loaded.
create table if not exists wilayah_versi (
    versi varchar primary key,
    sumber varchar not null,
    dimuat_at timestamp not null
);

-- One row per region at any level: nasional (Indonesia, kode 'ID', above the provinces; every province keeps
-- kode_induk null), provinsi, kabupaten_kota, kecamatan, desa_kelurahan.
-- The ancestor codes are denormalised so that roll-ups and region filters are simple equality joins.
create table if not exists wilayah (
    kode varchar primary key,
    nama varchar not null,
    tingkat varchar not null
        check (tingkat in ('nasional', 'provinsi', 'kabupaten_kota', 'kecamatan', 'desa_kelurahan')),
    kode_induk varchar,
    kode_provinsi varchar not null,
    kode_kabupaten varchar,
    kode_kecamatan varchar,
    is_kelurahan boolean not null default false,
    versi varchar not null
);

-- One row per BPJS Ketenagakerjaan office (kantor cabang, or a kantor cabang pratama under one).
create table if not exists kantor_cabang (
    kode_kantor varchar primary key,
    nama varchar not null,
    jenis varchar not null check (jenis in ('cabang', 'pratama')),
    kode_kantor_induk varchar
);

-- One row per period in which an office serves a kabupaten/kota; berlaku_sampai null = still serving.
create table if not exists kantor_wilayah (
    kode_kantor varchar not null,
    kode_kabupaten varchar not null,
    berlaku_mulai date not null,
    berlaku_sampai date,
    check (berlaku_sampai is null or berlaku_sampai >= berlaku_mulai)
);

-- One row per worker group (guru honorer, kader desa, ...): the codes rosters and participants use.
create table if not exists kelompok_pekerja (
    kode varchar primary key,
    nama varchar not null,
    is_rentan_sasaran boolean not null default false
);

-- One row per sponsorship agreement: who pays whose contributions, for which programmes, from when to when.
-- status 'rencana' = planned, not yet signed: it enrols nobody.
create table if not exists perjanjian_sponsor (
    kode_perjanjian varchar primary key,
    nama varchar not null,
    sponsor varchar not null,
    sumber_dana varchar not null check (sumber_dana in ('APBD', 'APBDes', 'DBH Sawit', 'CSR', 'SERTAKAN')),
    kode_wilayah varchar not null,
    jumlah_pekerja integer not null check (jumlah_pekerja > 0),
    program varchar[] not null,
    mulai date not null,
    selesai date not null,
    tanggal_perjanjian date,
    status varchar not null check (status in ('rencana', 'berlaku')),
    keterangan varchar,
    check (selesai >= mulai)
);

-- One row per participant (person grain). No NIK in clear: nik_hash is HMAC-SHA256 under a key kept
-- outside the warehouse. aktif_sampai is the last day covered (inclusive); null = still covered.
-- kpj is BPJS Ketenagakerjaan's participant number, the key a loaded extract updates by (`ucj load peserta`);
-- impor_id the load that last wrote the row. Both are null in the demo.
create table if not exists peserta (
    peserta_id bigint primary key,
    nik_hash varchar not null,
    kode_desa varchar not null,
    segmen varchar not null check (segmen in ('PU', 'BPU', 'Jakon', 'PMI')),
    kelompok_pekerja varchar not null,
    sumber_dana varchar not null check (sumber_dana in
        ('mandiri', 'pemberi kerja', 'APBD', 'APBDes', 'DBH Sawit', 'CSR', 'SERTAKAN')),
    kode_perjanjian varchar,
    is_jkk boolean not null,
    is_jkm boolean not null,
    is_jht boolean not null,
    is_jp boolean not null,
    is_jkp boolean not null,
    tanggal_daftar date not null,
    aktif_sampai date,
    kpj varchar,
    impor_id bigint,
    check (aktif_sampai is null or aktif_sampai >= tanggal_daftar)
);

-- One row per region (desa/kelurahan or kecamatan) per month per segmen: active participants counted by
-- someone else (a branch office's recap to the regency), when the persons themselves are not at hand.
-- Where participants of the same region, month and segmen are loaded as persons, the persons are used and
-- the count is not (mart_peserta_desa_bulan.asal says which a figure came from).
create table if not exists rekap_peserta (
    kode_wilayah varchar not null,
    bulan date not null,
    segmen varchar not null check (segmen in ('PU', 'BPU', 'Jakon', 'PMI')),
    peserta_aktif integer not null check (peserta_aktif >= 0),
    peserta_baru integer check (peserta_baru >= 0),
    sumber varchar not null,
    impor_id bigint,
    primary key (kode_wilayah, bulan, segmen)
);

-- One row per desa per period from which a count of workers who should be covered (the UCJ
-- denominator) applies, until the next period of the same desa.
create table if not exists pekerja_wajib (
    kode_desa varchar not null,
    berlaku_mulai date not null,
    jumlah_pekerja integer not null check (jumlah_pekerja >= 0),
    sumber varchar not null,
    tanggal_sumber date not null,
    primary key (kode_desa, berlaku_mulai)
);

-- The same for a whole kabupaten/kota (BPS Sakernas publishes penduduk bekerja per kabupaten/kota). It is the
-- kabupaten's denominator and its province's; it is never spread over the desa beneath.
create table if not exists pekerja_wajib_kabupaten (
    kode_kabupaten varchar not null,
    berlaku_mulai date not null,
    jumlah_pekerja integer not null check (jumlah_pekerja >= 0),
    sumber varchar not null,
    tanggal_sumber date not null,
    primary key (kode_kabupaten, berlaku_mulai)
);

-- One row per claim paid. tanggal_kejadian is the event (accident, death, end of work);
-- tanggal_bayar is when it was paid, which is the date claim figures are counted by.
create table if not exists klaim (
    klaim_id bigint primary key,
    peserta_id bigint not null,
    kode_desa varchar not null,
    manfaat varchar not null check (manfaat in ('JKK', 'JKM', 'JHT', 'JP', 'JKP', 'beasiswa')),
    tanggal_kejadian date not null,
    tanggal_bayar date not null,
    jumlah_idr bigint not null check (jumlah_idr > 0),
    no_klaim varchar,              -- the claim's number in a loaded extract (null in the demo)
    impor_id bigint,
    check (tanggal_bayar >= tanggal_kejadian)
);

-- One row per region per year: the UCJ % the region aims for, and who set it.
create table if not exists target_ucj (
    kode_wilayah varchar not null,
    tahun integer not null,
    target_pct decimal(5, 2) not null check (target_pct between 0 and 100),
    sumber varchar not null,
    primary key (kode_wilayah, tahun)
);

-- One row per office per kabupaten/kota per month: new participants the office aims to enrol there.
create table if not exists target_peserta_baru (
    kode_kantor varchar not null,
    kode_kabupaten varchar not null,
    bulan date not null,
    target_peserta integer not null check (target_peserta >= 0),
    primary key (kode_kantor, kode_kabupaten, bulan)
);

-- One row per person on an imported worker-group roster (guru, kader desa, kepala lingkungan, ...).
-- They are the people a region knows of; those with no active participant under the same nik_hash
-- are the groups not yet covered.
create table if not exists anggota_kelompok (
    anggota_id bigint primary key,
    nik_hash varchar not null,
    kode_desa varchar not null,
    kelompok_pekerja varchar not null,
    sumber varchar not null,
    tanggal_data date not null,
    impor_id bigint
);

-- One row per import of a list (issue: sinkronisasi data): who, when, which file, what it found.
create table if not exists impor_log (
    impor_id bigint primary key,
    jenis varchar not null,
    nama_file varchar not null,
    sha256_file varchar not null,
    oleh varchar not null,
    diimpor_at timestamp not null,
    jumlah_baris integer not null,
    jumlah_baru integer not null,
    ringkasan_json varchar not null
);

-- One row per region shape for the map, from boundary files (ucj/boundaries.py).
create table if not exists batas_wilayah (
    kode varchar primary key,
    tingkat varchar not null,
    kode_induk varchar,
    geojson varchar not null,      -- simplified geometry for the map (GeoJSON geometry object)
    wkb blob not null,             -- repaired geometry at full resolution
    lon_min double not null, lat_min double not null, lon_max double not null, lat_max double not null,
    lon_tengah double not null, lat_tengah double not null,
    is_turunan boolean not null,   -- dissolved from desa rather than read from the file
    sumber varchar not null,
    dimuat_at timestamp not null,
    geojson_ringkas varchar        -- geojson simplified further, for a map of a whole province or Indonesia
);
-- Boundaries loaded before issue 14 lack the overview geometry: added empty here, filled by the next load.
alter table batas_wilayah add column if not exists geojson_ringkas varchar;
-- One row per boundary file loaded: which file, its content hash, when, how many shapes it gave.
create table if not exists batas_sumber (
    sumber varchar not null,
    sha256 varchar not null,
    dimuat_at timestamp not null,
    jumlah integer not null
);
