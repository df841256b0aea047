"""The lint rules, one module each; importing this package registers them in this order."""

from fzdata.lint.rules import (  # noqa: F401
    approx_number,
    data_mismatch,
    numbering,
    punctuation,
    structure,
    wording,
)
