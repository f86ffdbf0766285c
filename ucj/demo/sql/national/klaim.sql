-- klaim of the national demo: one row per claim paid, each of a participant drawn by hash.
-- The benefit follows the claimant's segment and programmes (JHT and JP for wage earners, JKK and JKM for
-- everyone, beasiswa under JKK); the event falls within the claimant's cover and the data, and the payment
-- 1 to 7 weeks after it, never after the data's last day. JHT is claimed when cover ends, where it has ended.
-- JKM pays the Rp42 juta santunan kematian; the other amounts are spread evenly on a log scale.
-- $seed, $peserta (participants), $id_awal, $data_start, $data_end; `potongan_klaim` (awal, akhir): the claim
-- numbers, 0 to the count asked minus 1, in slices of one Arrow batch each, so that the generation runs on every
-- thread (a range() is read by one).
with
picks as (
    select
        i + 1 as klaim_id,
        cast(hash(hash(i, $seed, 101)) % $peserta as bigint) + $id_awal as peserta_id,
        (hash(hash(i, $seed, 102)) >> 11) / 9007199254740992.0 as u_manfaat,
        (hash(hash(i, $seed, 103)) >> 11) / 9007199254740992.0 as u_kejadian,
        (hash(hash(i, $seed, 104)) >> 11) / 9007199254740992.0 as u_bayar,
        (hash(hash(i, $seed, 105)) >> 11) / 9007199254740992.0 as u_jumlah
    from (select unnest(range(awal, akhir)) as i from potongan_klaim)
),

claimed as (
    select
        k.*,
        p.kode_desa,
        case p.segmen
            when 'PU' then case when u_manfaat < 0.78 then 'JHT'
                                when u_manfaat < 0.87 then case when p.is_jp then 'JP' else 'JHT' end
                                when u_manfaat < 0.95 then 'JKK' when u_manfaat < 0.98 then 'JKM' else 'beasiswa' end
            when 'BPU' then case when u_manfaat < 0.05 and p.is_jht then 'JHT' when u_manfaat < 0.60 then 'JKK'
                                 when u_manfaat < 0.90 then 'JKM' else 'beasiswa' end
            when 'Jakon' then case when u_manfaat < 0.75 then 'JKK' when u_manfaat < 0.95 then 'JKM'
                                   else 'beasiswa' end
            else case when u_manfaat < 0.2 and p.is_jht then 'JHT' when u_manfaat < 0.7 then 'JKK' else 'JKM' end
        end as manfaat,
        greatest(p.tanggal_daftar, cast($data_start as date)) as awal,
        least(coalesce(p.aktif_sampai, cast($data_end as date)), cast($data_end as date)) as akhir,
        p.aktif_sampai
    from picks as k
    join peserta as p using (peserta_id)
),

dated as (
    select
        *,
        case when manfaat = 'JHT' and aktif_sampai is not null then akhir
             else awal + cast(floor(u_kejadian * (date_diff('day', awal, akhir) + 1)) as integer)
        end as tanggal_kejadian
    from claimed
)

select
    klaim_id,
    peserta_id,
    kode_desa,
    manfaat,
    tanggal_kejadian,
    least(tanggal_kejadian + 7 + cast(floor(u_bayar * 43) as integer), cast($data_end as date)) as tanggal_bayar,
    case manfaat
        when 'JKM' then 42000000
        when 'JHT' then cast(round(exp(ln(2000000) + u_jumlah * ln(60)), -3) as bigint)
        when 'JKK' then cast(round(exp(ln(1000000) + u_jumlah * ln(80)), -3) as bigint)
        when 'JP' then cast(round(exp(ln(3000000) + u_jumlah * ln(13)), -3) as bigint)
        else cast(round(exp(ln(1500000) + u_jumlah * ln(8)), -3) as bigint)
    end as jumlah_idr
from dated
