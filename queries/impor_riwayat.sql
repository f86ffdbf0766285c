-- impor_riwayat: one row per import of a village list or group roster, newest first: who, when, which
-- file, how many rows and how many were new.
-- No parameters.
-- region: none
-- counts: jumlah_baris, jumlah_baru
select
    l.impor_id,
    l.diimpor_at,
    l.oleh,
    l.jenis,
    g.nama as nama_kelompok,
    l.nama_file,
    l.sha256_file,
    l.jumlah_baris,
    l.jumlah_baru,
    l.ringkasan_json
from impor_log as l
left join kelompok_pekerja as g on g.kode = l.jenis
order by l.impor_id desc
