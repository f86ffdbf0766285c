-- regions whose figures differ from the sum of the regions directly under them
select p.kode_wilayah, p.bulan
from mart_cakupan_wilayah_bulan as p
join mart_cakupan_wilayah_bulan as c on c.kode_induk = p.kode_wilayah and c.bulan = p.bulan
group by p.kode_wilayah, p.bulan, p.peserta_aktif, p.pekerja_wajib, p.peserta_baru, p.aktif_pu, p.aktif_bpu
having p.peserta_aktif <> sum(c.peserta_aktif)
    or p.pekerja_wajib <> sum(c.pekerja_wajib)
    or p.peserta_baru <> sum(c.peserta_baru)
    or p.aktif_pu <> sum(c.aktif_pu)
    or p.aktif_bpu <> sum(c.aktif_bpu)
