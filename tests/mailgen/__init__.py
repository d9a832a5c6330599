"""Seeded generator of realistic nomination mail ("điển hình tiên tiến") with ground truth.

    .venv/bin/python -m tests.mailgen --seed 7 --count 120 --out /tmp/gen7

Writes NNN.eml + NNN.json (the corpus README's ground-truth schema plus ``layout`` per message and
``review`` per record) and index.json. Everything comes from the module's own vocabulary pools and
layout grammar; output is byte-identical for a given seed and count.

Modules:
  util, pools_people, pools_places, pools_work, contacts   vocabulary and small helpers
  nominee                                                  who is nominated and which items the mail lacks
  doc, labels, profile_layouts, official, cv_forms,        abstract documents: key/value, tables,
  prose, registration                                      statutory reports, CVs, prose, registration lists
  docx_writer, legacy, pdf_writer, scan, images,           renderers: DOCX (TCVN3/VNI/NFD), PDF, scans,
  xlsx_writer                                              photos/certificates, XLSX
  dossier                                                  portraits, evidence files and links, decoys
  draft, mime, envelope, bodies                            mail assembly (clients, encodings, bodies)
  layouts_profile, layouts_multi, forward, threads,        message builders per layout class and category
  other_mail, malformed
  truth, ctx, plan, __main__                               ground truth, schedule, CLI
"""

from .plan import generate, write

__all__ = ["generate", "write"]
