"""The documents the office signs: the accountability report, the organisation ranking, the
Công văn đôn đốc (reminder letter) and the yêu cầu giải trình (request for an explanation).

Each is rendered from a Word template with Jinja tags (docxtpl). The shipped templates
(``shipped/*.docx``, built by ``builder.py`` in the Nghị định 30/2020 layout) can be replaced by an
administrator from the admin (upload, preview with real data, back to the shipped one).
"""
