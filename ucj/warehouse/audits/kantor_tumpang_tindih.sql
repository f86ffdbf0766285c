-- kabupaten served by two offices on the same day
select a.kode_kabupaten, a.kode_kantor, b.kode_kantor
from kantor_wilayah as a
join kantor_wilayah as b
    on a.kode_kabupaten = b.kode_kabupaten
   and a.kode_kantor < b.kode_kantor
   and a.berlaku_mulai <= coalesce(b.berlaku_sampai, date '2999-12-31')
   and b.berlaku_mulai <= coalesce(a.berlaku_sampai, date '2999-12-31')
