-- stored identifiers that are not a keyed hash (64 hex digits): a wrong length, or any character that is not a
-- lowercase hex digit (one negated class: cheaper than matching the whole string, at 40 million rows)
select 'peserta' as tabel, nik_hash from peserta where length(nik_hash) <> 64 or regexp_matches(nik_hash, '[^0-9a-f]')
union all
select 'anggota_kelompok', nik_hash from anggota_kelompok
where length(nik_hash) <> 64 or regexp_matches(nik_hash, '[^0-9a-f]')
