-- agreements with more participants enrolled under them than they cover, or enrolling outside their region
select s.kode_perjanjian, s.jumlah_pekerja, count(p.peserta_id) as terdaftar
from perjanjian_sponsor as s
join peserta as p using (kode_perjanjian)
group by all
having count(p.peserta_id) > s.jumlah_pekerja
    or bool_or(not starts_with(p.kode_desa, s.kode_wilayah || '.'))
