"""The lint rules, one module each; importing this package registers them in this order."""

# isort: off
from fzdata.lint.rules import structure  # noqa: F401
from fzdata.lint.rules import numbering  # noqa: F401
from fzdata.lint.rules import punctuation  # noqa: F401
from fzdata.lint.rules import approx_number  # noqa: F401
from fzdata.lint.rules import wording  # noqa: F401
from fzdata.lint.rules import data_mismatch  # noqa: F401

# isort: on
