-- Parsing a cell of a loaded extract (every cell arrives as text). Temporary macros: they live as long as the
-- connection that loads, and never in the warehouse file.

-- A cell's text: non-breaking spaces as spaces, ="..." (how some exports keep digits as text) and a leading
-- apostrophe unwrapped, trimmed; empty is null.
create or replace temp macro sel(x) as
    nullif(trim(regexp_replace(regexp_replace(replace(x, chr(160), ' '), '^\s*="(.*)"\s*$', '\1'), '^\s*''', '')), '');

-- A date written TTTT-BB-HH, HH/BB/TTTT, HH-BB-TTTT, HH.BB.TTTT or TTTT/BB/HH, with or without a time;
-- null when unreadable or not on the calendar (31/02/2025).
create or replace temp macro tanggal(x) as cast(try_strptime(sel(x), [
    '%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y', '%Y/%m/%d',
    '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%d/%m/%Y %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f']) as date);

-- A month written TTTT-BB, TTTT-BB-HH, BB/TTTT, BB-TTTT or TTTTBB: its first day.
create or replace temp macro bulan(x) as cast(date_trunc('month', coalesce(
    try_strptime(sel(x) || '-01', '%Y-%m-%d'),
    try_strptime(sel(x), ['%Y-%m-%d', '%m/%Y', '%m-%Y', '%Y%m', '%Y-%m-%d %H:%M:%S']))) as date);

-- A whole number as offices write it: 1250000, 1.250.000, 1,250,000, Rp 1.250.000,00; null when unreadable.
create or replace temp macro angka_teks(x) as regexp_replace(upper(sel(x)), '^RP\.?|\s', '', 'g');
create or replace temp macro angka(x) as case
    when regexp_full_match(angka_teks(x), '-?\d+') then try_cast(angka_teks(x) as bigint)
    when regexp_full_match(angka_teks(x), '-?\d{1,3}(\.\d{3})+(,0+)?')
        then try_cast(replace(regexp_replace(angka_teks(x), ',0+$', ''), '.', '') as bigint)
    when regexp_full_match(angka_teks(x), '-?\d{1,3}(,\d{3})+(\.0+)?')
        then try_cast(replace(regexp_replace(angka_teks(x), '\.0+$', ''), ',', '') as bigint)
    when regexp_full_match(angka_teks(x), '-?\d+[.,]0+') then try_cast(regexp_replace(angka_teks(x), '[.,]0+$', '') as bigint)
end;

-- A count (of participants, workers, a target): a whole number that fits an integer column; null otherwise, so
-- that 3.000.000.000 is unreadable rather than a failed load.
create or replace temp macro hitungan(x) as try_cast(angka(x) as integer);

-- A percentage: 35,5 or 35.5 or 35,5%.
create or replace temp macro persen(x) as try_cast(replace(replace(sel(x), '%', ''), ',', '.') as decimal(9, 2));

-- A Kemendagri code with or without its dots: 3302012001 -> 33.02.01.2001.
create or replace temp macro kode_rapat(x) as regexp_replace(sel(x), '\s', '', 'g');
create or replace temp macro kode_baku(x) as case
    when regexp_full_match(kode_rapat(x), '\d{4}|\d{6}|\d{10}')
        then concat_ws('.', substr(kode_rapat(x), 1, 2), nullif(substr(kode_rapat(x), 3, 2), ''),
                       nullif(substr(kode_rapat(x), 5, 2), ''), nullif(substr(kode_rapat(x), 7, 4), ''))
    else kode_rapat(x)
end;

create or replace temp macro huruf(x) as regexp_replace(lower(sel(x)), '[^a-z]', '', 'g');

create or replace temp macro segmen_baku(x) as case huruf(x)
    when 'pu' then 'PU' when 'ppu' then 'PU' when 'penerimaupah' then 'PU' when 'pesertapenerimaupah' then 'PU'
    when 'bpu' then 'BPU' when 'pbpu' then 'BPU' when 'bukanpenerimaupah' then 'BPU'
    when 'pesertabukanpenerimaupah' then 'BPU'
    when 'jakon' then 'Jakon' when 'jasakonstruksi' then 'Jakon' when 'konstruksi' then 'Jakon'
    when 'pmi' then 'PMI' when 'pekerjamigran' then 'PMI' when 'pekerjamigranindonesia' then 'PMI'
end;

create or replace temp macro manfaat_baku(x) as case huruf(x)
    when 'jkk' then 'JKK' when 'jaminankecelakaankerja' then 'JKK'
    when 'jkm' then 'JKM' when 'jaminankematian' then 'JKM'
    when 'jht' then 'JHT' when 'jaminanharitua' then 'JHT'
    when 'jp' then 'JP' when 'jaminanpensiun' then 'JP'
    when 'jkp' then 'JKP' when 'jaminankehilanganpekerjaan' then 'JKP'
    when 'beasiswa' then 'beasiswa' when 'beasiswapendidikan' then 'beasiswa' when 'beasiswaanak' then 'beasiswa'
end;

-- 'JKK, JKM' / 'JKK+JKM' / 'jkk;jkm' -> ['JKK', 'JKM']; null for an empty cell.
create or replace temp macro program_daftar(x) as
    nullif(list_filter(regexp_split_to_array(upper(sel(x)), '[^A-Z]+'), lambda p: p <> ''), []);

create or replace temp macro program_asing(daftar) as
    len(list_filter(daftar, lambda p: p not in ('JKK', 'JKM', 'JHT', 'JP', 'JKP'))) > 0;

-- The programmes a segment holds when the extract does not say: the ones it must hold (PP 44/2015, 45/2015,
-- 46/2015; for PMI JKK and JKM, JHT being its own choice, Permenaker 4/2023). JKP is left out: it depends on
-- the employer's registration and the worker's age, which an extract without the column does not say.
create or replace temp macro program_wajib(segmen) as case segmen
    when 'PU' then ['JKK', 'JKM', 'JHT', 'JP']
    else ['JKK', 'JKM']
end;

-- A BPJS Ketenagakerjaan office's kind: a kantor cabang, or a kantor cabang pratama (formerly perintis, KCP).
create or replace temp macro jenis_kantor(x) as case regexp_replace(lower(sel(x)), '[^a-z]', '', 'g')
    when 'cabang' then 'cabang' when 'kantorcabang' then 'cabang' when 'kc' then 'cabang'
    when 'pratama' then 'pratama' when 'kantorcabangpratama' then 'pratama' when 'kcpratama' then 'pratama'
    when 'kcpr' then 'pratama' when 'kcp' then 'pratama' when 'perintis' then 'pratama'
    when 'kantorcabangperintis' then 'pratama'
end;

create or replace temp macro sumber_dana_baku(x) as case huruf(x)
    when 'mandiri' then 'mandiri' when 'pemberikerja' then 'pemberi kerja' when 'perusahaan' then 'pemberi kerja'
    when 'apbd' then 'APBD' when 'apbdes' then 'APBDes' when 'danadesa' then 'APBDes'
    when 'dbhsawit' then 'DBH Sawit' when 'csr' then 'CSR' when 'sertakan' then 'SERTAKAN'
end;

-- The NIK's digits once the dirt people type around them is gone ('NIK: 3302.0145 0190-0001').
create or replace temp macro nik_teks(x) as
    regexp_replace(regexp_replace(sel(x), '^NIK\s*:?\s*', '', 'i'), '[\s.\-'']', '', 'g');

create or replace temp macro nik_hari(n) as
    try_cast(substr(n, 7, 2) as integer) - case when try_cast(substr(n, 7, 2) as integer) > 40 then 40 else 0 end;

-- Digits 7-12 are the birth date (women's day + 40), in 19YY or 20YY. A day and month are a date of 19YY or of
-- 20YY exactly when they are one of 20YY (2000 is a leap year, and 19YY and 20YY are otherwise leap together).
create or replace temp macro nik_tanggal_sah(n) as
    try(make_date(2000 + cast(substr(n, 11, 2) as integer), cast(substr(n, 9, 2) as integer), nik_hari(n))) is not null;

-- What is wrong with a NIK cell, or null (the same checks as ucj.ingest.checks.check_nik for rosters): `teks` the
-- cell's text (sel), `angka` its digits once the dirt is gone (nik_teks), each computed once per row by the caller.
create or replace temp macro nik_alasan(teks, angka) as case
    when teks is null then 'nik_kosong'
    -- the scientific form Excel writes for a long number: the last digit is gone for good
    when regexp_full_match(replace(teks, ' ', ''), '\d+([.,]\d+)?[eE]\+?\d+') then 'nik_rusak_excel'
    when not regexp_full_match(angka, '[0-9]+') then 'nik_bukan_angka'
    when length(angka) <> 16 then 'nik_panjang_salah'
    when not nik_tanggal_sah(angka) then 'nik_tanggal_lahir_salah'
    when substr(angka, 13, 4) = '0000' then 'nik_nomor_urut_nol'
end;

-- A date that cannot be: after today, or before the programme existed (Astek, 1977).
create or replace temp macro tanggal_mustahil(d, hari_ini) as case
    when d > hari_ini then 'tanggal_di_masa_depan'
    when d < date '1977-01-01' then 'tanggal_terlalu_lama'
end;

-- What is wrong with a region code that must be at one of `tingkat` (a list), or null.
create or replace temp macro wilayah_alasan(teks, ditemukan, tingkat_ditemukan, tingkat) as case
    when sel(teks) is null then 'teks_kosong'
    when ditemukan is null then 'wilayah_tidak_dikenal'
    when not list_contains(tingkat, tingkat_ditemukan) then 'wilayah_tingkat_salah'
end;

-- A row's reasons, each once, sorted: the same row gives the same list on every run.
create or replace temp macro alasan(daftar) as list_sort(list_distinct(list_filter(daftar, lambda r: r is not null)));
