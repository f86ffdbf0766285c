-- regions whose figures differ from the sum of the regions directly under them. Two exceptions are by design:
-- a kecamatan's own count (aktif_tanpa_desa) is in the kecamatan and in no desa beneath it, and a kabupaten/kota
-- with its own denominator (pekerja_wajib_kabupaten) does not take the sum of its desa's. The children are summed
-- per parent and month first, then met with their parent: one pass (a join of every child to its parent, grouped
-- by the parent's figures, took 5 times as long at national scale).
with
anak as (
    select kode_induk, bulan,
           sum(peserta_aktif) as peserta_aktif, sum(pekerja_wajib) as pekerja_wajib, sum(peserta_baru) as peserta_baru,
           sum(aktif_pu) as aktif_pu, sum(aktif_bpu) as aktif_bpu
    from mart_cakupan_wilayah_bulan
    where kode_induk is not null
    group by kode_induk, bulan
)

select p.kode_wilayah, p.bulan
from mart_cakupan_wilayah_bulan as p
join anak as c on c.kode_induk = p.kode_wilayah and c.bulan = p.bulan
where p.peserta_aktif <> c.peserta_aktif + case when p.tingkat = 'kecamatan' then p.aktif_tanpa_desa else 0 end
    or (p.pekerja_wajib <> c.pekerja_wajib
        and p.kode_wilayah not in (select kode_kabupaten from pekerja_wajib_kabupaten))
    or ((p.tingkat <> 'kecamatan' or p.aktif_tanpa_desa = 0)
        and (p.peserta_baru <> c.peserta_baru or p.aktif_pu <> c.aktif_pu or p.aktif_bpu <> c.aktif_bpu))
