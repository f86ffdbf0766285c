-- desa-months where more participants are active than there are workers who should be covered
-- scope: demo (real data may lack a desa denominator, or count more participants than a stale one)
select kode_wilayah, bulan, peserta_aktif, pekerja_wajib
from mart_cakupan_wilayah_bulan
where tingkat = 'desa_kelurahan' and peserta_aktif > coalesce(pekerja_wajib, 0)
