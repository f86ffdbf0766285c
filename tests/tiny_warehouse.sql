-- A tiny warehouse for exact edge cases (tests/conftest.py `tiny_db` runs it after ucj/warehouse/sql/schema.sql
-- and before marts.build_marts). Every figure a test expects can be counted by hand from the rows below; the
-- tables at the end of this header are those counts, and tests/test_edges.py writes them out again.
--
-- Data from 1 December 2024 to 31 March 2025 (four months). One provinsi, one kabupaten, two kecamatan:
--
--   12             Sumatera Utara
--   12.10          Kabupaten Labuhanbatu               target UCJ 2025: 40,00%  (none for 2024)
--   12.10.01       Rantau Utara
--   12.10.01.1001    Padang Matinggi (kelurahan)       5 workers who should be covered, 6 from 15 March 2025
--   12.10.07       Bilah Barat
--   12.10.07.2001    Sibargot                          5
--   12.10.07.2002    Bandar Kumbul                     3
--   12.10.07.2003    Tanjung Medan                     no denominator at all
--
-- Participants, and the edge each one sits on:
--
--   id desa  segmen  registered   last covered  edge
--   1  1001  PU      2024-06-01   -             always covered
--   2  1001  BPU     2025-02-15   -             registered on a day a test asks about (sponsored by APBD)
--   3  1001  BPU     2024-10-01   2025-02-28    cover ends on a month's last day: counted that day, not 1 March
--   4  2001  BPU     2024-11-20   2025-01-15    cover ends mid-month: in December's month end, not January's
--   5  2001  PU      2025-01-31   -             registered on a month's last day: in January's month end
--   6  2002  Jakon   2024-12-01   2025-03-31    registered on the first day of data, ends on the last
--   7  2002  BPU     2025-03-31   -             registered on the last day of data
--   8  2003  BPU     2024-12-10   -             in the desa without a denominator
--   9  2001  PMI     2025-03-10   2025-03-10    covered one day: new and ended in March, in no month end
--
-- Active participants at month end (and the denominator in force on that day):
--
--                   2024-12-31  2025-01-31  2025-02-28  2025-03-31
--   12.10.01.1001      2 / 5       2 / 5       3 / 5       2 / 6
--   12.10.07.2001      1 / 5       1 / 5       1 / 5       1 / 5
--   12.10.07.2002      1 / 3       1 / 3       1 / 3       2 / 3
--   12.10.07.2003      1 / -       1 / -       1 / -       1 / -
--   12.10.01           2 / 5       2 / 5       3 / 5       2 / 6
--   12.10.07           3 / 8       3 / 8       3 / 8       4 / 8
--   12.10 and 12       5 / 13      5 / 13      6 / 13      6 / 14
--
-- Claims, by the day they were paid: 31 Dec 2024 JHT Rp10.000.000 (1001); 1 Jan 2025 JKK Rp2.500.000 (1001);
-- 28 Feb 2025 JKK Rp1.750.000 (2001); 1 Mar 2025 JKM Rp42.000.000 (1001); 31 Mar 2025 JKK Rp3.000.000 (2002).
--
-- Offices: KCP Aek Kanopan serves 12.10 until 31 January 2025, KC Rantauprapat from 1 February 2025 (a
-- hand-over with neither a gap nor an overlap). Rosters: three guru honorer known from 28 February 2025 (one
-- of them is participant 2), one kader desa known from 31 January 2025 (participant 3).
--
-- nik_hash values are 64 hex digits, as the audits require: participant n has repeat('n', 64).

insert into meta values
    ('is_demo', 'false'),
    ('data_mulai', '2024-12-01'),
    ('data_sampai', '2025-03-31'),
    ('wilayah_versi', 'uji-kecil');

insert into wilayah_versi values ('uji-kecil', 'tests/tiny_warehouse.sql', timestamp '2025-04-01 08:00:00');

-- kode, nama, tingkat, kode_induk, kode_provinsi, kode_kabupaten, kode_kecamatan, is_kelurahan, versi
insert into wilayah values
    ('12',            'Sumatera Utara',        'provinsi',       null,       '12', null,    null,       false, 'uji-kecil'),
    ('12.10',         'Kabupaten Labuhanbatu', 'kabupaten_kota', '12',       '12', '12.10', null,       false, 'uji-kecil'),
    ('12.10.01',      'Rantau Utara',          'kecamatan',      '12.10',    '12', '12.10', '12.10.01', false, 'uji-kecil'),
    ('12.10.01.1001', 'Padang Matinggi',       'desa_kelurahan', '12.10.01', '12', '12.10', '12.10.01', true,  'uji-kecil'),
    ('12.10.07',      'Bilah Barat',           'kecamatan',      '12.10',    '12', '12.10', '12.10.07', false, 'uji-kecil'),
    ('12.10.07.2001', 'Sibargot',              'desa_kelurahan', '12.10.07', '12', '12.10', '12.10.07', false, 'uji-kecil'),
    ('12.10.07.2002', 'Bandar Kumbul',         'desa_kelurahan', '12.10.07', '12', '12.10', '12.10.07', false, 'uji-kecil'),
    ('12.10.07.2003', 'Tanjung Medan',         'desa_kelurahan', '12.10.07', '12', '12.10', '12.10.07', false, 'uji-kecil');

-- only the groups the rows below use
insert into kelompok_pekerja values
    ('guru_honorer', 'Guru honorer', true),
    ('kader_desa', 'Kader desa', true),
    ('karyawan_swasta', 'Karyawan swasta', false),
    ('ojek', 'Pengemudi ojek', false),
    ('petani', 'Petani', false),
    ('pekerja_sawit', 'Pekerja sawit', false),
    ('pekerja_konstruksi', 'Pekerja konstruksi', false),
    ('nelayan', 'Nelayan', false),
    ('pedagang', 'Pedagang', false),
    ('pekerja_migran', 'Pekerja migran', false);

insert into kantor_cabang values
    ('KC-RANTAUPRAPAT', 'Kantor Cabang Rantauprapat', 'cabang', null),
    ('KCP-AEKKANOPAN', 'Kantor Cabang Pratama Aek Kanopan', 'pratama', 'KC-RANTAUPRAPAT');

-- the hand-over: the last day of one office and the first of the next are neighbours, not the same day
insert into kantor_wilayah values
    ('KCP-AEKKANOPAN', '12.10', date '2020-01-01', date '2025-01-31'),
    ('KC-RANTAUPRAPAT', '12.10', date '2025-02-01', null);

insert into target_peserta_baru values
    ('KCP-AEKKANOPAN', '12.10', date '2025-01-01', 2),
    ('KC-RANTAUPRAPAT', '12.10', date '2025-02-01', 2),
    ('KC-RANTAUPRAPAT', '12.10', date '2025-03-01', 3);

-- 40% of 5 is exactly 2: the gap to target at an exact integer (no target for 2024, none for the provinsi)
insert into target_ucj values ('12.10', 2025, 40.00, 'Perbup uji');

insert into perjanjian_sponsor values
    ('APBD-1210-2025', 'Perlindungan guru honorer', 'Pemkab Labuhanbatu', 'APBD', '12.10', 1, ['JKK', 'JKM'],
     date '2025-01-01', date '2025-12-31', date '2024-12-20', 'berlaku', null),
    ('RENCANA-1210-DBH', 'Rencana pekerja sawit', 'Pemkab Labuhanbatu', 'DBH Sawit', '12.10', 40, ['JKK', 'JKM'],
     date '2025-07-01', date '2025-12-31', null, 'rencana', null);

insert into pekerja_wajib values
    ('12.10.01.1001', date '2024-01-01', 5, 'Pendataan uji 2024', date '2024-01-15'),
    ('12.10.01.1001', date '2025-03-15', 6, 'Pendataan uji 2025', date '2025-03-10'),
    ('12.10.07.2001', date '2024-01-01', 5, 'Pendataan uji 2024', date '2024-01-15'),
    ('12.10.07.2002', date '2024-01-01', 3, 'Pendataan uji 2024', date '2024-01-15');

-- peserta_id, nik_hash, kode_desa, segmen, kelompok_pekerja, sumber_dana, kode_perjanjian,
-- is_jkk, is_jkm, is_jht, is_jp, is_jkp, tanggal_daftar, aktif_sampai
insert into peserta (peserta_id, nik_hash, kode_desa, segmen, kelompok_pekerja, sumber_dana, kode_perjanjian,
                     is_jkk, is_jkm, is_jht, is_jp, is_jkp, tanggal_daftar, aktif_sampai) values
    (1, repeat('1', 64), '12.10.01.1001', 'PU', 'karyawan_swasta', 'pemberi kerja', null,
     true, true, true, true, true, date '2024-06-01', null),
    (2, repeat('2', 64), '12.10.01.1001', 'BPU', 'guru_honorer', 'APBD', 'APBD-1210-2025',
     true, true, false, false, false, date '2025-02-15', null),
    (3, repeat('3', 64), '12.10.01.1001', 'BPU', 'ojek', 'mandiri', null,
     true, true, true, false, false, date '2024-10-01', date '2025-02-28'),
    (4, repeat('4', 64), '12.10.07.2001', 'BPU', 'petani', 'mandiri', null,
     true, true, false, false, false, date '2024-11-20', date '2025-01-15'),
    (5, repeat('5', 64), '12.10.07.2001', 'PU', 'pekerja_sawit', 'pemberi kerja', null,
     true, true, true, true, false, date '2025-01-31', null),
    (6, repeat('6', 64), '12.10.07.2002', 'Jakon', 'pekerja_konstruksi', 'pemberi kerja', null,
     true, true, false, false, false, date '2024-12-01', date '2025-03-31'),
    (7, repeat('7', 64), '12.10.07.2002', 'BPU', 'nelayan', 'mandiri', null,
     true, true, false, false, false, date '2025-03-31', null),
    (8, repeat('8', 64), '12.10.07.2003', 'BPU', 'pedagang', 'mandiri', null,
     true, true, false, false, false, date '2024-12-10', null),
    (9, repeat('9', 64), '12.10.07.2001', 'PMI', 'pekerja_migran', 'mandiri', null,
     true, true, true, false, false, date '2025-03-10', date '2025-03-10');

-- klaim_id, peserta_id, kode_desa, manfaat, tanggal_kejadian, tanggal_bayar, jumlah_idr
-- paid on the day before, the first day, the last day and the day after the range 2025-01-01 .. 2025-02-28
insert into klaim (klaim_id, peserta_id, kode_desa, manfaat, tanggal_kejadian, tanggal_bayar, jumlah_idr) values
    (1, 1, '12.10.01.1001', 'JHT', date '2024-12-20', date '2024-12-31', 10000000),
    (2, 1, '12.10.01.1001', 'JKK', date '2024-12-28', date '2025-01-01', 2500000),
    (3, 5, '12.10.07.2001', 'JKK', date '2025-02-10', date '2025-02-28', 1750000),
    (4, 3, '12.10.01.1001', 'JKM', date '2025-02-27', date '2025-03-01', 42000000),
    (5, 6, '12.10.07.2002', 'JKK', date '2025-03-05', date '2025-03-31', 3000000);

insert into impor_log values
    (1, 'guru_honorer', 'daftar_guru.xlsx', repeat('c', 64), 'Penguji', timestamp '2025-02-28 10:00:00', 3, 2, '{}'),
    (2, 'kader_desa', 'daftar_kader.csv', repeat('d', 64), 'Penguji', timestamp '2025-01-31 10:00:00', 1, 0, '{}');

-- anggota_id, nik_hash, kode_desa, kelompok_pekerja, sumber, tanggal_data, impor_id
insert into anggota_kelompok values
    (1, repeat('2', 64), '12.10.01.1001', 'guru_honorer', 'Dinas Pendidikan', date '2025-02-28', 1),
    (2, repeat('a', 64), '12.10.01.1001', 'guru_honorer', 'Dinas Pendidikan', date '2025-02-28', 1),
    (3, repeat('b', 64), '12.10.07.2001', 'guru_honorer', 'Dinas Pendidikan', date '2025-02-28', 1),
    (4, repeat('3', 64), '12.10.01.1001', 'kader_desa', 'Pemerintah desa', date '2025-01-31', 2);
