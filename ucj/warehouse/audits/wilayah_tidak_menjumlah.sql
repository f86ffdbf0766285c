-- regions whose figures differ from the sum of the regions directly under them. Two exceptions are by design:
-- a kecamatan's own count (aktif_tanpa_desa) is in the kecamatan and in no desa beneath it, and a kabupaten/kota
-- with its own denominator (pekerja_wajib_kabupaten) does not take the sum of its desa's.
select p.kode_wilayah, p.bulan
from mart_cakupan_wilayah_bulan as p
join mart_cakupan_wilayah_bulan as c on c.kode_induk = p.kode_wilayah and c.bulan = p.bulan
group by p.kode_wilayah, p.bulan, p.tingkat, p.peserta_aktif, p.aktif_tanpa_desa, p.pekerja_wajib, p.peserta_baru,
         p.aktif_pu, p.aktif_bpu
having p.peserta_aktif <> sum(c.peserta_aktif) + case when p.tingkat = 'kecamatan' then p.aktif_tanpa_desa else 0 end
    or (p.pekerja_wajib <> sum(c.pekerja_wajib)
        and p.kode_wilayah not in (select kode_kabupaten from pekerja_wajib_kabupaten))
    or ((p.tingkat <> 'kecamatan' or p.aktif_tanpa_desa = 0)
        and (p.peserta_baru <> sum(c.peserta_baru) or p.aktif_pu <> sum(c.aktif_pu) or p.aktif_bpu <> sum(c.aktif_bpu)))
