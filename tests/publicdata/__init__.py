"""Public data: O*NET, BLS projections and OEWS wages imported into drafts and a local store."""
