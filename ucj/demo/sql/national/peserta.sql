-- peserta of the national demo: one row per participant, `rencana_desa.peserta` of them in each desa.
-- Every draw is a hash of (participant number n, $seed, draw number), hashed again, read as a uniform in [0, 1):
-- the same seed gives the same rows, with no Python per row. Hashed twice because DuckDB combines the hashes of
-- several arguments by a last XOR, so hash(n, seed, 2) and hash(n, seed, 4) alone correlate (0,52 measured).
-- A desa's first `aktif_anchor` participants are covered on $anchor (the national calibration day), the rest
-- ended before it or registered after it, so the participants active on $anchor are exactly the plan's.
-- $seed, $anchor, $data_start, $data_end, $id_awal (peserta_id of participant 0), $ipad, $opad (the NIK key's
-- HMAC-SHA256 pads, so the synthetic NIK is hashed as ucj.ingest.nik.hash_nik would).
with
people as (
    select kode_desa, kode_kecamatan_angka, awal_kecamatan, awal + j as n, j < aktif_anchor as is_aktif_anchor
    from (select *, unnest(range(peserta)) as j from rencana_desa where peserta > 0)
),

draws as (
    select
        *,
        (hash(hash(n, $seed, 1)) >> 11) / 9007199254740992.0 as u_daftar,
        (hash(hash(n, $seed, 2)) >> 11) / 9007199254740992.0 as u_nasib,
        (hash(hash(n, $seed, 3)) >> 11) / 9007199254740992.0 as u_sampai,
        (hash(hash(n, $seed, 4)) >> 11) / 9007199254740992.0 as u_segmen,
        (hash(hash(n, $seed, 5)) >> 11) / 9007199254740992.0 as u_kelompok,
        (hash(hash(n, $seed, 6)) >> 11) / 9007199254740992.0 as u_dana,
        (hash(hash(n, $seed, 7)) >> 11) / 9007199254740992.0 as u_program,
        (hash(hash(n, $seed, 8)) >> 11) / 9007199254740992.0 as u_nik
    from people
),

registered as (
    select
        *,
        case
            -- covered on the anchor day: registered on it or before, most of them in recent years
            when is_aktif_anchor then cast($anchor as date) - cast(floor(pow(u_daftar, 1.6) * 5800) as integer)
            -- ended before the anchor day; so are those who would register after it when the data end on it
            -- (a last month of April 2025): nobody registers after the data's last day
            when u_nasib < 0.45 or cast($data_end as date) <= cast($anchor as date) then cast($anchor as date) - 1 - cast(floor(pow(u_daftar, 1.3) * 5800) as integer)
            -- registered after it, up to the data's last day
            else cast($anchor as date) + 1
                 + cast(floor(u_daftar * date_diff('day', cast($anchor as date), cast($data_end as date))) as integer)
        end as tanggal_daftar
    from draws
),

ended as (
    select
        *,
        case
            when is_aktif_anchor then
                case when u_nasib < 0.12 then cast($anchor as date) + 1
                     + cast(floor(u_sampai * date_diff('day', cast($anchor as date), cast($data_end as date))) as integer)
                end
            when tanggal_daftar < cast($anchor as date) then
                -- ended between the later of registration and the data's first day, and the day before the anchor
                greatest(tanggal_daftar, cast($data_start as date))
                + cast(floor(u_sampai * (date_diff('day', greatest(tanggal_daftar, cast($data_start as date)),
                                                   cast($anchor as date)))) as integer)
            when u_nasib > 0.88 then tanggal_daftar
                 + cast(floor(u_sampai * (date_diff('day', tanggal_daftar, cast($data_end as date)) + 1)) as integer)
        end as aktif_sampai,
        -- PU, BPU, Jakon and PMI in the national proportions of 2023 (25 : 9,19 : 7,36 million, PMI few)
        case when u_segmen < 0.595 then 'PU' when u_segmen < 0.813 then 'BPU'
             when u_segmen < 0.988 then 'Jakon' else 'PMI' end as segmen
    from registered
),

grouped as (
    select
        *,
        case segmen
            when 'PU' then case when u_kelompok < 0.80 then 'karyawan_swasta'
                                when u_kelompok < 0.92 then 'pegawai_non_asn' else 'pekerja_sawit' end
            when 'BPU' then case when u_kelompok < 0.24 then 'petani' when u_kelompok < 0.43 then 'pedagang'
                                 when u_kelompok < 0.51 then 'nelayan' when u_kelompok < 0.61 then 'ojek'
                                 when u_kelompok < 0.69 then 'tukang' when u_kelompok < 0.80 then 'buruh_harian'
                                 when u_kelompok < 0.88 then 'umkm' when u_kelompok < 0.91 then 'guru_honorer'
                                 when u_kelompok < 0.94 then 'kader_desa' when u_kelompok < 0.96 then 'kader_posyandu'
                                 when u_kelompok < 0.975 then 'perangkat_desa'
                                 when u_kelompok < 0.985 then 'kepala_lingkungan' else 'pekerja_rentan' end
            when 'Jakon' then 'pekerja_konstruksi'
            else 'pekerja_migran'
        end as kelompok_pekerja
    from ended
)

select
    n + $id_awal as peserta_id,
    -- HMAC-SHA256 of a well-formed synthetic NIK: issuing kecamatan, birth date (women: day + 40), serial.
    -- Unique within the kecamatan by construction: the participant's place k in its kecamatan picks the
    -- birth date (a stride through 17.532 days, 1958 to 2005) and the serial (k div 17.532, from 0001).
    sha256($opad || unhex(sha256($ipad || encode(
        kode_kecamatan_angka
        || lpad(cast(day(lahir) + case when u_nik < 0.5 then 40 else 0 end as varchar), 2, '0')
        || strftime(lahir, '%m%y')
        || lpad(cast(1 + (n - awal_kecamatan) // 17532 as varchar), 4, '0'))))) as nik_hash,
    kode_desa,
    segmen,
    kelompok_pekerja,
    case
        when segmen in ('PU', 'Jakon') then 'pemberi kerja'
        when segmen = 'PMI' then 'mandiri'
        when kelompok_pekerja in ('guru_honorer', 'kader_desa', 'kader_posyandu', 'perangkat_desa',
                                  'kepala_lingkungan', 'pekerja_rentan')
            then case when u_dana < 0.6 then 'APBD' else 'APBDes' end
        when u_dana < 0.92 then 'mandiri'
        when u_dana < 0.97 then 'CSR'
        else 'SERTAKAN'
    end as sumber_dana,
    cast(null as varchar) as kode_perjanjian,
    true as is_jkk,
    true as is_jkm,
    segmen = 'PU' or (segmen = 'BPU' and u_program < 0.2) or (segmen = 'PMI' and u_program < 0.5) as is_jht,
    segmen = 'PU' and u_program < 0.8 as is_jp,
    segmen = 'PU' and u_program < 0.7 as is_jkp,
    tanggal_daftar,
    aktif_sampai
from (
    select *, cast(date '1958-01-01' + cast(((n - awal_kecamatan) * 7919) % 17532 as integer) as date) as lahir
    from grouped
)
