-- claims whose event falls outside the claimant's cover, or in another desa than the claimant's
-- scope: demo (in loaded extracts a claim keeps the desa where it happened and a later participant extract may
-- end cover before a claim's event; a load refuses only claims whose event precedes the registration)
select k.klaim_id
from klaim as k
join peserta as p using (peserta_id)
where k.tanggal_kejadian < p.tanggal_daftar
   or k.tanggal_kejadian > coalesce(p.aktif_sampai, date '2999-12-31')
   or k.kode_desa <> p.kode_desa
