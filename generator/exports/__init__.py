"""Open data downloads: every answer as CSV and JSON, described by a published schema.

The whole log is long, one row per council and question: every council that replied to a
question set has one row for every question and sub-question of that set, in the set's
order, including the questions it left unanswered (outcome `no_answer`), with every
column. A question set's own CSV file is wide, for a spreadsheet: one row per reply, the
reply's columns, then for each question a group of columns (`<question id>_outcome`,
`_sections`, `_words`, `_value_text`, `_common_value`, `_common_unit`) whose cells are
the long rows' (wide.py). Rows come in a fixed order (question set id, then council
short name ignoring case, then question order) and the files carry no timestamps, so the
same content always gives byte-identical files.

Files, as paths under the site's docs folder (see links.py):

- `data/answers.csv.gz`, `data/answers.json.gz`: every question set, long,
  gzip-compressed (the only JSON download: see write/downloads.py for why);
- `data/question-sets/<set id>.csv`: one question set, wide, uncompressed (in a folder
  of its own, so that no question set id can clash with the files above);
- `data/datapackage.json`: a Frictionless Data Package describing every file, with a
  Table Schema for each CSV file (each set's names and describes its questions' columns);
- `data/answers.schema.json`: a JSON Schema (draft 2020-12) for the JSON files.

CSV files are UTF-8 with a byte-order mark (without one, Excel reads them in the system's
legacy code page and shows £ as Â£), comma-separated, with a header row, fields
quoted only where needed, and lines ending in LF (`\\n`). RFC 4180 prefers CRLF, but the
site's writer compares files as text, where CRLF reads back as LF: CRLF files would be
rewritten on every build, and `mkdocs serve` would rebuild in a loop. For the same reason
line breaks inside text cells are written as LF. Every common CSV reader accepts LF.

Council text is untrusted. In the CSV files a text cell that would begin with `=`, `+`,
`-`, `@`, a tab or a carriage return, even after spaces or line breaks, which a
spreadsheet program may run as a formula, is prefixed with an apostrophe. The JSON file keeps the exact text; number, date and
true/false cells are never altered.

Re-use: there is no single licence. Each row, long or wide, carries its council's terms
(`reuse_terms`, `restricted`, `reuse_wording`, `reuse_attribution`), and the register's
CC BY 4.0 attribution covers the council columns. Named officers' direct email addresses
and phone numbers are left out of the `contacts` column (in the whole log only) unless
the site publishes them, as on the site's pages; in the council's own words they are
withheld as the file is read (personal.py), so every download shows the words the pages
show.

Modules: columns.py (the columns and the notes describing the files), tables.py (CSV
cells), jsonfile.py (JSON text), runs.py and rows.py (the rows, as the pieces the files are
written from), wide.py (a set's file: its columns, cells and Table Schema), schema.py and datapackage.py (the descriptions), sets.py (the order of the
question sets and the tasks' runs of them), links.py (where the files are). Nothing here
writes a file: write/downloads.py streams these pieces into the docs folder.
"""
