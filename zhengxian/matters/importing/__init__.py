"""Excel import of visits (走访), all rows or none, written by a background job.

`visit_import_start` reads and checks the whole upload on the page (the scope's units and
people loaded once into dicts); a file with any problem starts no job. The job
(`zhengxian.matters.jobs_import`) writes the checked rows with bulk inserts in one
transaction and one audit entry for the whole file.
"""

from __future__ import annotations
