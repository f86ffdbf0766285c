-- rows that point at a desa the wilayah reference does not have
select 'peserta' as tabel, kode_desa from peserta
where kode_desa not in (select kode from wilayah where tingkat = 'desa_kelurahan')
union all
select 'klaim', kode_desa from klaim
where kode_desa not in (select kode from wilayah where tingkat = 'desa_kelurahan')
union all
select 'anggota_kelompok', kode_desa from anggota_kelompok
where kode_desa not in (select kode from wilayah where tingkat = 'desa_kelurahan')
union all
select 'pekerja_wajib', kode_desa from pekerja_wajib
where kode_desa not in (select kode from wilayah where tingkat = 'desa_kelurahan')
