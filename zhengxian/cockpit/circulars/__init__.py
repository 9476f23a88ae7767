"""The circular (通报) of a published period: the facts it states (``figures``), its text
(``wording``), and the two files the office hands out, the Word circular laid out per
GB/T 9704-2012 (``word``) and the Excel workbook (``excel``). Every part honours the
campaign's publication mode (full ranking, tiers only, red and black lists only).
"""
