"""`stele docs`: a static, deterministic catalogue site of a contract project (docs/catalogue.md).

`build_site` turns a loaded workspace, the measured sizes and the generated artifacts into a
mapping of site-relative paths to bytes; the command writes it as one transaction.
"""
