-- The first day any loaded fact speaks of and the last day of the last month one speaks of: registrations, ends of cover up to today, claims paid,
-- counted months. $hari_ini: today.
with
fakta as (
    select min(tanggal_daftar) as awal, max(tanggal_daftar) as akhir from peserta
    union all
    select null, max(aktif_sampai) from peserta where aktif_sampai <= cast($hari_ini as date)
    union all
    select min(tanggal_bayar), max(tanggal_bayar) from klaim
    union all
    select min(bulan), max(last_day(bulan)) from rekap_peserta
)

-- to the end of the last month a fact speaks of: an extract of March speaks for all of March
select min(awal) as awal, least(last_day(max(akhir)), cast($hari_ini as date)) as akhir
from fakta
