-- claims under a programme the participant does not hold (JKP and JP are for wage earners)
-- scope: demo (a participant extract without a programme column gets its segment's usual programmes, which a
-- real claim may contradict; the claim is what BPJS Ketenagakerjaan paid)
select k.klaim_id, k.manfaat, p.segmen
from klaim as k
join peserta as p using (peserta_id)
where (k.manfaat = 'JHT' and not p.is_jht)
   or (k.manfaat = 'JP' and not (p.is_jp and p.segmen = 'PU'))
   or (k.manfaat = 'JKP' and not (p.is_jkp and p.segmen = 'PU'))
   or (k.manfaat in ('JKK', 'beasiswa') and not p.is_jkk)
   or (k.manfaat = 'JKM' and not p.is_jkm)
