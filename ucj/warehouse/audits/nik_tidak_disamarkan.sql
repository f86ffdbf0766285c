-- stored identifiers that are not a keyed hash (64 hex digits)
select 'peserta' as tabel, nik_hash from peserta where not regexp_full_match(nik_hash, '[0-9a-f]{64}')
union all
select 'anggota_kelompok', nik_hash from anggota_kelompok where not regexp_full_match(nik_hash, '[0-9a-f]{64}')
