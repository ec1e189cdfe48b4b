"""Investigation pages (事故调查): team, findings, measures, 四不放过, report, reply."""
