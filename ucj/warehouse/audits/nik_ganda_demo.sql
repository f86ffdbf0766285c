-- one person (NIK) as two participants
-- scope: demo (a real extract may hold one person under two KPJ numbers, say a wage earner who also enrols as BPU;
-- each KPJ is counted as a participant, as BPJS Ketenagakerjaan counts them)
select nik_hash, count(*) as peserta
from peserta
group by nik_hash
having count(*) > 1
