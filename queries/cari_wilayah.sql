-- cari_wilayah: one row per region found, at most 20: those whose name holds the words of $teks in their order
-- (or whose code starts with it), best first: the name itself, then names and codes starting with it, then the
-- rest; higher levels before lower, then by name. With the names of the kecamatan, kabupaten/kota and provinsi each
-- lies in, for the sidebar's finder (ui/filters.py). Only regions the account may open: inside $lingkup and no
-- deeper than $tingkat_terdalam.
-- The patterns are made from the text by ucj.region_search.patterns: its '%', '_' and '\' escaped, so they match
-- only themselves; words in their order, apart or together ('rantau prapat' finds Rantauprapat); 'Sungai' and 'Sei'
-- one word ('sungai berombang' finds Sei Berombang). Every name is read as stored: bound patterns over one scan.
-- $teks: the text typed, its spaces collapsed (ucj.region_search.clean): a name equal to it comes first
-- $pola, $pola_lain: ILIKE patterns of the words (the second with Sungai/Sei swapped); $awalan: of a name's or
-- code's start
-- $lingkup: list of the region codes the account may open (ucj.access.openable_regions); [] for all Indonesia
-- $tingkat_terdalam: parts of the deepest code the account may open (ucj.access.deepest): 4 desa, 3 kecamatan
-- region: none
-- counts: none
with
cocok as (
    select
        w.kode, w.nama, w.tingkat, w.kode_kecamatan, w.kode_kabupaten, w.kode_provinsi,
        case
            when lower(w.nama) = lower($teks) then 0
            when w.nama ilike $awalan escape '\' or w.kode like $awalan escape '\' then 1
            else 2
        end as peringkat,
        case when w.tingkat = 'nasional' then 0 else len(string_split(w.kode, '.')) end as kedalaman
    from wilayah as w
    where (w.nama ilike $pola escape '\' or w.nama ilike $pola_lain escape '\' or w.kode like $awalan escape '\')
      and (len(cast($lingkup as varchar[])) = 0
           or len(list_filter(cast($lingkup as varchar[]), lambda own: di_dalam(w.kode, own))) > 0)
),

terbaik as (
    select *
    from cocok
    where kedalaman <= $tingkat_terdalam
    order by peringkat, kedalaman, nama, kode
    limit 20
),

-- the kecamatan, kabupaten/kota and provinsi of the results, read in one pass over the reference
induk as (
    select kode, nama
    from wilayah
    where kode in (select kode_kecamatan from terbaik union select kode_kabupaten from terbaik
                   union select kode_provinsi from terbaik)
)

select
    t.kode,
    t.nama,
    t.tingkat,
    kec.nama as nama_kecamatan,
    kab.nama as nama_kabupaten,
    prov.nama as nama_provinsi
from terbaik as t
left join induk as kec on kec.kode = t.kode_kecamatan and t.tingkat = 'desa_kelurahan'
left join induk as kab on kab.kode = t.kode_kabupaten and t.tingkat in ('kecamatan', 'desa_kelurahan')
left join induk as prov on prov.kode = t.kode_provinsi and t.tingkat <> 'provinsi'
order by t.peringkat, t.kedalaman, t.nama, t.kode
