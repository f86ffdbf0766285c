-- desa-months of the demo without a count of workers who should be covered
-- scope: demo (real data may lack a desa denominator, or count more participants than a stale one)
select kode_wilayah, bulan
from mart_cakupan_wilayah_bulan
where tingkat = 'desa_kelurahan' and pekerja_wajib is null
