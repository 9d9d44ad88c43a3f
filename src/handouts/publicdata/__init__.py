"""Public data into handouts: O*NET drafts, and BLS projections and wages in a local store.

The stage reads files an office downloads (an O*NET text release, the BLS
Employment Projections occupation.xlsx, OEWS wage files), always by column
meaning rather than position, and refuses a file that is not in the
documented layout naming the file and the column. It writes only into the
office's data folder: draft role files and their source entry
(`drafting.import_onet`), and ``public-data.sqlite`` (`loading.import_wages`,
`loading.import_projections`), which `store.Store` answers questions from
(``wages(soc, area)``, ``projection(soc)``, ``find_area(text)``).

Modules, in the order data flows: `tables` and `release` (O*NET text files),
`onet` (occupations), `drafts` and `yamltext` (role YAML), `sourcesfile`,
`drafting` (the O*NET import); `xlsx`, `headers`, `projections`, `wages`
(BLS files), `records` (typed answers), `store` (queries), `loading` (imports).
"""
