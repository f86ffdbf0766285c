-- peserta as stored, in the shape peserta.sql parses a file into: what a loaded row is compared with.
select
    kpj, nik_hash, kode_desa, segmen, kelompok_pekerja, sumber_dana,
    is_jkk, is_jkm, is_jht, is_jp, is_jkp, tanggal_daftar, aktif_sampai,
    peserta_id
from peserta
where kpj is not null
