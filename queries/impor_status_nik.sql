-- impor_status_nik: one row per NIK hash in $nik_hash: whether it is already on a roster of group $kelompok,
-- whether a participant with it is covered on day $tanggal, and whether one ever was. What a roster import
-- classifies its rows by.
-- $nik_hash: list of keyed NIK hashes; $kelompok: group code; $tanggal: the list's date
-- region: none
-- counts: none
with
incoming as (
    select distinct unnest(cast($nik_hash as varchar[])) as nik_hash
)

select
    h.nik_hash,
    exists (
        select 1 from anggota_kelompok as a where a.nik_hash = h.nik_hash and a.kelompok_pekerja = $kelompok
    ) as is_in_roster,
    exists (
        select 1 from peserta as p
        where p.nik_hash = h.nik_hash
          and p.tanggal_daftar <= $tanggal
          and (p.aktif_sampai is null or p.aktif_sampai >= $tanggal)
    ) as is_active,
    exists (select 1 from peserta as p where p.nik_hash = h.nik_hash) as was_participant
from incoming as h
