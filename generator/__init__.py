"""Science-careers site generator: editors' sources in, an MkDocs (Material) site out.

Stages, one module each: load -> validate -> plan -> render; `plugin` hands the result to MkDocs.
"""
